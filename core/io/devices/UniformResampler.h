#pragma once

#include "core/base/JobControl.h"
#include "core/io/devices/DeviceSamples.h"
#include "core/io/devices/DeviceTimeline.h"

#include <QStringList>
#include <vector>

namespace kinemark {

// Puts a device's irregularly timed samples onto a uniform grid
// t_k = gridStartS + k / rateHz (the recording's time base). The value at t_k
// comes from the raw samples around device time t_k - offsetS:
// - Linear (default): straight line between the two raw samples around it.
//   No anti-alias filter: downsampling 100 Hz to 50 Hz keeps 25-50 Hz content
//   folded in, which human movement barely has.
// - Nearest: the nearest raw sample (no new values, e.g. for counts).
// - Mean: the mean of the raw samples within half an output period either
//   side (a box filter; the gentler choice when downsampling a lot).
// Grid times that fall in no run of raw samples (before the start, after the
// end, in a gap between runs) are gaps: they are listed, never interpolated
// across, and hold the last value before them (the first after, at the start)
// so that views and models see no jump to zero. Raw samples the reader made up
// (DeviceSamples::filled) are listed too, by their grid indices.
class UniformResampler
{
public:
    enum class Method
    {
        Linear,
        Nearest,
        Mean
    };
    struct Span
    {
        int64_t start = 0;
        int64_t count = 0;
    };
    struct Result
    {
        std::vector<Channel> channels;
        std::vector<Span> gaps;
        std::vector<Span> filled;
    };

    static Result resample(const DeviceSamples& samples, const DeviceTimeline& timeline,
                           double gridStartS, int64_t gridCount, double rateHz,
                           Method method = Method::Linear, double offsetS = 0,
                           const JobControl* job = nullptr);

    static bool methodFromName(const QString& name, Method* method);
    static QString methodName(Method method);
    static QStringList methodNames();
};

} // namespace kinemark
