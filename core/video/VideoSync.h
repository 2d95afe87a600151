#pragma once

#include <QString>
#include <vector>

namespace kinemark {

// The offset and drift of a video from sync events seen in both clocks: a
// clap or jump marked at a frame of the video and at a sample of the
// recording. Studies record such events at the start and the end, because one
// pair fixes the offset only, while two far apart also measure how fast the
// camera's clock runs against the sensor's (drift).
class VideoSync
{
public:
    struct Pair
    {
        double videoTimeS;
        double recordingTimeS;
    };
    struct Result
    {
        bool ok = false;
        QString refusal; // why not, when !ok
        double offsetS = 0;
        double driftPpm = 0;
        // Added to the shared API: how well the pairs agree with the result.
        // Zero for one or two pairs (they are met exactly); for more, the
        // root mean square of the recording-time residuals of the fit.
        double rmsResidualS = 0;
        int pairCount = 0;
    };

    // One pair: the offset that maps its video time onto its recording time,
    // keeping `currentDriftPpm`. Two pairs: the offset and drift of the line
    // through both. More than two: the least-squares line through all of
    // them (a marked frame is only accurate to a frame, so extra pairs
    // average that out instead of being ignored). Refused, saying why: no
    // pairs, a time that is not finite, pairs at (nearly) the same video
    // time, or a drift beyond +-VideoAttachment::kMaxDriftPpm (pairs swapped
    // or marked at different events, not a clock error).
    static Result fromPairs(const std::vector<Pair>& pairs, double currentDriftPpm = 0);

    // Pairs closer than this in video time cannot measure drift: a frame's
    // uncertainty (~40 ms) over 10 ms of separation is any drift at all.
    static constexpr double kMinPairSpacingS = 1.0;
};

} // namespace kinemark
