#pragma once

#include "core/io/devices/DeviceSamples.h"

#include <vector>

namespace kinemark {

// When each sample of a device file was taken, from the file's sparse time
// anchors. Between two anchors whose spacing agrees with the nominal rate the
// samples are spaced evenly (the device's true rate, drift included). Where two
// anchors disagree by more than kBreakPeriods sample periods and kBreakFraction
// of their spacing (a skipped block, a clock change, a device that stopped),
// the samples after the first anchor continue at the last known rate and the
// second anchor starts a new run: the time in between is a gap, never bridged
// by stretching samples over it.
class DeviceTimeline
{
public:
    static constexpr double kBreakPeriods = 2.0;
    static constexpr double kBreakFraction = 0.02;

    // Samples [first, end) taken at t0 + (i - first) * period.
    struct Piece
    {
        int64_t first = 0;
        int64_t end = 0;
        double t0 = 0;
        double period = 0;
        bool joinsPrevious = false; // continues the previous piece without a gap
        double endTime() const { return t0 + double(end - first) * period; }
    };

    DeviceTimeline() = default;
    DeviceTimeline(const std::vector<DeviceSamples::TimeAnchor>& anchors, int64_t sampleCount,
                   double nominalRateHz);
    explicit DeviceTimeline(const DeviceSamples& samples)
        : DeviceTimeline(samples.anchors, int64_t(samples.sampleCount()), samples.nominalRateHz)
    {}

    const std::vector<Piece>& pieces() const { return m_pieces; }
    bool isEmpty() const { return m_pieces.empty(); }
    // Time of sample `sample` (seconds, device clock).
    double timeAt(int64_t sample) const;
    // The first sample taken at or after `timeS` (sampleCount when none).
    int64_t sampleAtOrAfter(double timeS) const;
    double startTime() const { return m_pieces.empty() ? 0 : m_pieces.front().t0; }
    // One period after the last sample.
    double endTime() const { return m_pieces.empty() ? 0 : m_pieces.back().endTime(); }
    // Number of runs that start without joining the previous one, minus one.
    int breakCount() const;

private:
    size_t pieceOf(int64_t sample) const;

    std::vector<Piece> m_pieces;
    int64_t m_sampleCount = 0;
};

} // namespace kinemark
