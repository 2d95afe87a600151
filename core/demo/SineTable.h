#pragma once

#include "core/demo/DeterministicMath.h"

#include <array>
#include <cstddef>
#include <cstdint>

// Included by the demo's sources only, which all keep a*b+c unfused (see
// DeterministicMath.h); the interpolation below must give the same bits everywhere.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace kinemark::demo {

// sin and cos of a phase in cycles (1 cycle = 2 pi) by linear interpolation in
// a 4096-entry table: error below 3e-7, far under the float output's
// resolution, and a few times cheaper than a call to sin. The demo's renderer
// calls it several times per sample, so it stays inline.
class SineTable
{
public:
    static constexpr int kSize = 4096;

    // The one table, built on first use from the deterministic sine.
    static const SineTable& instance();

    double sinCycles(double cycles) const
    {
        const double t = cycles * kSize;
        int64_t i = int64_t(t);
        if (t < double(i))
            --i; // floor for negative phases
        const double frac = t - double(i);
        const size_t k = size_t(i & (kSize - 1));
        return m_table[k] + frac * (m_table[k + 1] - m_table[k]);
    }
    double cosCycles(double cycles) const { return sinCycles(cycles + 0.25); }
    double sinRad(double radians) const { return sinCycles(radians * (1 / kTwoPi)); }
    double cosRad(double radians) const { return sinCycles(radians * (1 / kTwoPi) + 0.25); }

private:
    SineTable();

    std::array<double, kSize + 1> m_table;
};

} // namespace kinemark::demo
