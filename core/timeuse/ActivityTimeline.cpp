#include "core/timeuse/ActivityTimeline.h"

#include <algorithm>

namespace kinemark {

namespace {
void push(std::vector<ActivitySpan>& spans, int64_t start, int64_t end, int32_t classId,
          bool nonWear)
{
    if (start >= end)
        return;
    if (!spans.empty() && spans.back().end == start && spans.back().classId == classId &&
        spans.back().nonWear == nonWear) {
        spans.back().end = end;
        return;
    }
    spans.push_back(ActivitySpan{start, end, classId, nonWear});
}
} // namespace

std::vector<ActivitySpan>
ActivityTimeline::build(const AnnotationTrack* track, int64_t sampleCount, const LabelSet* labelSet,
                        const std::vector<std::pair<int64_t, int64_t>>& nonWear)
{
    // First the labels alone, gaps filled with unlabelled spans.
    std::vector<ActivitySpan> labels;
    int64_t cursor = 0;
    if (track) {
        for (const Segment& s : track->segments()) {
            const int64_t start = std::clamp<int64_t>(s.start, 0, sampleCount);
            const int64_t end = std::clamp<int64_t>(s.end, 0, sampleCount);
            if (start >= end)
                continue;
            push(labels, cursor, start, kUnlabelled, false);
            const int32_t id = labelSet ? labelSet->canonicalId(s.classId) : s.classId;
            push(labels, start, end, id, false);
            cursor = end;
        }
    }
    push(labels, cursor, sampleCount, kUnlabelled, false);

    // Then cut the non-wear spans in.
    std::vector<ActivitySpan> spans;
    size_t w = 0;
    for (const ActivitySpan& span : labels) {
        int64_t at = span.start;
        while (at < span.end) {
            while (w < nonWear.size() && nonWear[w].second <= at)
                ++w;
            if (w < nonWear.size() && nonWear[w].first <= at) {
                const int64_t end = std::min(span.end, nonWear[w].second);
                push(spans, at, end, kUnlabelled, true);
                at = end;
            } else {
                const int64_t end =
                    w < nonWear.size() ? std::min(span.end, nonWear[w].first) : span.end;
                push(spans, at, end, span.classId, false);
                at = end;
            }
        }
    }
    return spans;
}

} // namespace kinemark
