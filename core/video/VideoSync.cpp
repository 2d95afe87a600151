#include "core/video/VideoSync.h"

#include "core/video/VideoAttachment.h"

#include <cmath>

namespace kinemark {

namespace {
VideoSync::Result refused(const QString& why)
{
    VideoSync::Result r;
    r.refusal = why;
    return r;
}

VideoSync::Result checkedResult(double offsetS, double rate, double rms, int pairs)
{
    const double driftPpm = (rate - 1.0) * 1e6;
    if (!std::isfinite(offsetS) || !std::isfinite(driftPpm))
        return refused(QStringLiteral("the pairs give no finite offset and drift"));
    if (std::abs(driftPpm) > VideoAttachment::kMaxDriftPpm)
        return refused(
            QStringLiteral("the pairs give a drift of %1 ppm (the video clock %2 %3 %), "
                           "beyond +-%4 ppm: are the pairs marked at the same events "
                           "in the video and in the signal?")
                .arg(driftPpm, 0, 'f', 0)
                .arg(driftPpm > 0 ? QStringLiteral("slower by") : QStringLiteral("faster by"))
                .arg(std::abs(driftPpm) * 1e-4, 0, 'f', 2)
                .arg(VideoAttachment::kMaxDriftPpm, 0, 'f', 0));
    if (std::abs(offsetS) > VideoAttachment::kMaxOffsetS)
        return refused(QStringLiteral("the pairs give an offset of %1 s, beyond +-%2 s")
                           .arg(offsetS, 0, 'f', 1)
                           .arg(VideoAttachment::kMaxOffsetS, 0, 'f', 0));
    VideoSync::Result r;
    r.ok = true;
    r.offsetS = offsetS;
    r.driftPpm = driftPpm;
    r.rmsResidualS = rms;
    r.pairCount = pairs;
    return r;
}
} // namespace

VideoSync::Result VideoSync::fromPairs(const std::vector<Pair>& pairs, double currentDriftPpm)
{
    if (pairs.empty())
        return refused(QStringLiteral("no sync pair: mark the same event in the video and in the "
                                      "signal"));
    for (size_t i = 0; i < pairs.size(); ++i)
        if (!std::isfinite(pairs[i].videoTimeS) || !std::isfinite(pairs[i].recordingTimeS))
            return refused(
                QStringLiteral("sync pair %1 has a time that is not a finite number").arg(i + 1));
    if (!std::isfinite(currentDriftPpm) ||
        std::abs(currentDriftPpm) > VideoAttachment::kMaxDriftPpm)
        return refused(
            QStringLiteral("the current drift (%1 ppm) is not valid").arg(currentDriftPpm));

    if (pairs.size() == 1) {
        const double rate = 1.0 + currentDriftPpm * 1e-6;
        return checkedResult(pairs[0].recordingTimeS - pairs[0].videoTimeS * rate, rate, 0, 1);
    }

    // Least squares of recording = offset + rate * video, on centred times so
    // that hours-long recordings do not lose the drift to cancellation.
    const double n = double(pairs.size());
    double meanV = 0, meanR = 0;
    for (const Pair& p : pairs) {
        meanV += p.videoTimeS / n;
        meanR += p.recordingTimeS / n;
    }
    double svv = 0, svr = 0, minV = pairs[0].videoTimeS, maxV = minV;
    for (const Pair& p : pairs) {
        const double dv = p.videoTimeS - meanV, dr = p.recordingTimeS - meanR;
        svv += dv * dv;
        svr += dv * dr;
        minV = std::min(minV, p.videoTimeS);
        maxV = std::max(maxV, p.videoTimeS);
    }
    if (maxV - minV < kMinPairSpacingS)
        return refused(
            QStringLiteral("the sync pairs are at the same video time (%1 s apart; at least %2 s "
                           "are needed to measure drift): mark a second event later in the "
                           "video, or use one pair for the offset only")
                .arg(maxV - minV, 0, 'f', 3)
                .arg(kMinPairSpacingS, 0, 'f', 0));
    const double rate = svr / svv;
    const double offset = meanR - rate * meanV;
    double squares = 0;
    for (const Pair& p : pairs) {
        const double residual = p.recordingTimeS - (offset + rate * p.videoTimeS);
        squares += residual * residual;
    }
    return checkedResult(offset, rate, pairs.size() > 2 ? std::sqrt(squares / n) : 0.0,
                         int(pairs.size()));
}

} // namespace kinemark
