#include "core/editing/TrackNavigation.h"

#include "core/analysis/TrackComparison.h"

#include <algorithm>

namespace kinemark {

namespace {
std::optional<SampleSpan> firstStartingAfter(const std::vector<SampleSpan>& spans, int64_t sample)
{
    auto it = std::upper_bound(spans.begin(), spans.end(), sample,
                               [](int64_t s, const SampleSpan& span) { return s < span.start; });
    if (it == spans.end())
        return std::nullopt;
    return *it;
}

std::optional<SampleSpan> lastStartingBefore(const std::vector<SampleSpan>& spans, int64_t sample)
{
    auto it = std::lower_bound(spans.begin(), spans.end(), sample,
                               [](const SampleSpan& span, int64_t s) { return span.start < s; });
    if (it == spans.begin())
        return std::nullopt;
    return *(it - 1);
}

std::vector<SampleSpan> spansOf(const AnnotationTrack& track)
{
    std::vector<SampleSpan> spans;
    spans.reserve(track.size());
    for (const Segment& s : track.segments())
        spans.push_back({s.start, s.end});
    return spans;
}
} // namespace

std::optional<SampleSpan> TrackNavigation::nextSegment(const AnnotationTrack& track, int64_t sample)
{
    const auto& segs = track.segments();
    auto it = std::upper_bound(segs.begin(), segs.end(), sample,
                               [](int64_t s, const Segment& seg) { return s < seg.start; });
    if (it == segs.end())
        return std::nullopt;
    return SampleSpan{it->start, it->end};
}

std::optional<SampleSpan> TrackNavigation::previousSegment(const AnnotationTrack& track,
                                                           int64_t sample)
{
    const auto& segs = track.segments();
    auto it = std::lower_bound(segs.begin(), segs.end(), sample,
                               [](const Segment& seg, int64_t s) { return seg.start < s; });
    if (it == segs.begin())
        return std::nullopt;
    --it;
    return SampleSpan{it->start, it->end};
}

std::vector<SampleSpan> TrackNavigation::gaps(const AnnotationTrack& track, int64_t sampleCount)
{
    std::vector<SampleSpan> out;
    int64_t at = 0;
    for (const Segment& s : track.segments()) {
        if (s.start >= sampleCount)
            break;
        if (s.start > at)
            out.push_back({at, s.start});
        at = std::max(at, s.end);
    }
    if (at < sampleCount)
        out.push_back({at, sampleCount});
    return out;
}

std::optional<SampleSpan> TrackNavigation::nextGap(const AnnotationTrack& track, int64_t sample,
                                                   int64_t sampleCount)
{
    return firstStartingAfter(gaps(track, sampleCount), sample);
}

std::optional<SampleSpan> TrackNavigation::previousGap(const AnnotationTrack& track, int64_t sample,
                                                       int64_t sampleCount)
{
    return lastStartingBefore(gaps(track, sampleCount), sample);
}

std::optional<SampleSpan> TrackNavigation::nextDisagreement(const AnnotationTrack& a,
                                                            const AnnotationTrack& b,
                                                            int64_t sample)
{
    return firstStartingAfter(spansOf(TrackComparison::disagreement(a, b)), sample);
}

std::optional<SampleSpan> TrackNavigation::previousDisagreement(const AnnotationTrack& a,
                                                                const AnnotationTrack& b,
                                                                int64_t sample)
{
    return lastStartingBefore(spansOf(TrackComparison::disagreement(a, b)), sample);
}

std::vector<SampleSpan> TrackNavigation::lowConfidenceRuns(const ConfidenceSeries& confidence,
                                                           float threshold)
{
    std::vector<SampleSpan> out;
    if (confidence.isEmpty())
        return out;
    const size_t n = confidence.values.size();
    size_t i = 0;
    while (i < n) {
        // NaN counts as confident: a missing value is not a reason to stop there.
        if (!(confidence.values[i] < threshold)) {
            ++i;
            continue;
        }
        size_t j = i + 1;
        while (j < n && confidence.values[j] < threshold)
            ++j;
        out.push_back({confidence.startSample + int64_t(i) * confidence.step,
                       confidence.startSample + int64_t(j) * confidence.step});
        i = j;
    }
    return out;
}

std::optional<SampleSpan> TrackNavigation::nextLowConfidence(const ConfidenceSeries& confidence,
                                                             float threshold, int64_t sample)
{
    return firstStartingAfter(lowConfidenceRuns(confidence, threshold), sample);
}

std::optional<SampleSpan> TrackNavigation::previousLowConfidence(const ConfidenceSeries& confidence,
                                                                 float threshold, int64_t sample)
{
    return lastStartingBefore(lowConfidenceRuns(confidence, threshold), sample);
}

ConfidenceSeries TrackNavigation::firstPredictionConfidence(const Recording& recording)
{
    ConfidenceSeries series;
    for (const AnnotationTrack& t : recording.tracks) {
        const auto p = recording.probabilities.constFind(t.name());
        if (t.kind() != AnnotationTrack::Kind::Prediction ||
            p == recording.probabilities.constEnd() || p->isEmpty())
            continue;
        series.startSample = p->start;
        series.step = p->step;
        series.values.reserve(p->rowCount());
        for (size_t row = 0; row < p->rowCount(); ++row)
            series.values.push_back(p->confidence(row));
        break;
    }
    return series;
}

} // namespace kinemark
