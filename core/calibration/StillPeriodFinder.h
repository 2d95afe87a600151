#pragma once

#include "core/base/JobControl.h"

#include <array>
#include <cstddef>
#include <vector>

namespace kinemark {

// Finds the still periods of one three-axis accelerometer: non-overlapping
// windows (10 s in the reference method) in which no axis moves, so that the
// window's mean is gravity alone. One streaming pass over the columns computes
// every window's mean and SD (no copy of the signal: a week at 100 Hz is read
// once); the calibration fit then works on the few thousand still means only.
class StillPeriodFinder
{
public:
    struct Window
    {
        size_t start = 0; // first sample
        std::array<double, 3> mean{0.0, 0.0, 0.0};
        std::array<double, 3> sd{0.0, 0.0, 0.0};
        // False when a sample is NaN or infinite: such a window says nothing.
        bool finite = true;
        // True when every sample of every axis is the same value: no real
        // sensor is that quiet, so these are filled spans (a gap holding the
        // last value, ActiGraph's idle sleep) and would weigh one orientation
        // as many times as the gap is long.
        bool constant = false;
    };

    // Statistics of every whole window of `windowSamples` samples of the axes
    // x, y, z (`count` samples each). A trailing partial window is left out.
    static std::vector<Window> windows(const float* x, const float* y, const float* z, size_t count,
                                       size_t windowSamples, const JobControl* job = nullptr);
    // The still ones among `all`: finite, not constant, every axis' SD below
    // `maxSd` (in the values' unit). Their order is kept.
    static std::vector<Window> still(const std::vector<Window>& all, double maxSd);
};

} // namespace kinemark
