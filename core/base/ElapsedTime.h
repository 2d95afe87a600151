#pragma once

#include <QString>
#include <cstdint>

namespace kinemark {

// Durations and times from a recording's start as a clock shows them:
// "1:02:03" (hours always, minutes and seconds two digits). One rounding for
// every place that shows them (the Recordings tree, `kinemark-cli info`,
// tooltips of recordings without an absolute start), so that the same
// recording never reads differently by a second in two places.
class ElapsedTime
{
public:
    // "H:MM:SS" rounded to the nearest second, or with `decimals` (1 to 3)
    // digits of the second, rounded to the last one: "0:01:41.250". Hours run
    // past 24 ("26:00:00"); a negative time gets a leading "-".
    static QString clock(double seconds, int decimals = 0);
    // A moment of a recording for tooltips and readouts: its wall-clock time
    // "yyyy-MM-dd HH:mm:ss.zzz" (UTC) when the start is known, else the time
    // from the start, clock(seconds, 3). A recording without an absolute start
    // (startTimeUs == 0, see Recording) never shows a 1970 date.
    static QString moment(int64_t startTimeUs, double seconds);
};

} // namespace kinemark
