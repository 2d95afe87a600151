#pragma once

#include <cstdint>
#include <cstring>

namespace kinemark {

// 20 * log10(x) for positive finite x, within 0.0013 dB: the exponent from the
// float's bits plus a degree-4 polynomial for log2 of the mantissa (a
// Chebyshev fit on [1, 2), monotone). The spectrogram view converts ~200k
// magnitudes per refresh; std::log10 alone took a third of the frame budget.
inline float fastDecibels(float x)
{
    uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    const float exponent = float(int32_t(bits >> 23) - 127);
    bits = (bits & 0x007FFFFFu) | 0x3F800000u;
    float m;
    std::memcpy(&m, &bits, sizeof m);
    const float log2Mantissa =
        -2.4967666f + m * (4.0283551f + m * (-2.0810447f + m * (0.62880993f + m * -0.079149582f)));
    constexpr float kDecibelsPerOctave = 6.0205999f; // 20 * log10(2)
    return (exponent + log2Mantissa) * kDecibelsPerOctave;
}

} // namespace kinemark
