#pragma once

#include <array>
#include <cstdint>

// Included by the demo's sources only, which all keep a*b+c unfused (see
// DeterministicMath.h).
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace kinemark::demo {

// The demo generator's random numbers: xoshiro256** (Blackman & Vigna) seeded
// by SeededRandom's splitmix64, with our own normal deviates (Box-Muller on the
// deterministic log and sine) and a cheap approximate one for per-sample
// noise, so that a seed gives the same demo on every machine. The per-sample
// draws stay inline: the renderer makes several for every sample.
class DemoRandom
{
public:
    explicit DemoRandom(uint64_t seed);

    uint64_t next()
    {
        const uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    double uniform() { return double(next() >> 11) * 0x1.0p-53; } // [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    int index(int n);
    bool chance(double p) { return uniform() < p; }
    double normal();
    double normal(double mean, double sd) { return mean + sd * normal(); }
    // Irwin-Hall sum of four 16-bit uniforms, scaled to unit variance: one
    // generator call per deviate, bounded at ±3.46, plenty for sensor noise.
    double fastNormal()
    {
        const uint64_t r = next();
        const int64_t sum = int64_t(r & 0xffff) + int64_t((r >> 16) & 0xffff) +
                            int64_t((r >> 32) & 0xffff) + int64_t(r >> 48);
        return double(sum - 131070) * m_irwinHallScale;
    }
    // Log-normal duration with the given median, clamped to [lo, hi].
    double duration(double median, double sigma, double lo, double hi);
    // Exponential with the given mean.
    double exponential(double mean);

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::array<uint64_t, 4> m_s{};
    double m_spare = 0;
    bool m_hasSpare = false;
    const double m_irwinHallScale;
};

} // namespace kinemark::demo
