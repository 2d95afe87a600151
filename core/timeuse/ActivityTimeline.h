#pragma once

#include "core/model/AnnotationTrack.h"
#include "core/model/LabelSet.h"

#include <utility>
#include <vector>

namespace kinemark {

// What one stretch of a recording was, as the summaries and the day view see
// it: a (canonical) class, unlabelled, or non-wear.
struct ActivitySpan
{
    int64_t start = 0; // samples, [start, end)
    int64_t end = 0;
    int32_t classId =
        kUnlabelled; // canonical id (merges applied); kUnlabelled for gaps and non-wear
    bool nonWear = false;
    bool operator==(const ActivitySpan& o) const
    {
        return start == o.start && end == o.end && classId == o.classId && nonWear == o.nonWear;
    }
};

class ActivityTimeline
{
public:
    // Spans covering [0, sampleCount) without gaps: the track's segments (with
    // the label set's merges; adjacent spans of one class joined), unlabelled
    // stretches between them, and the non-wear spans over both (non-wear wins:
    // a label in time the sensor was not worn says nothing about the patient).
    static std::vector<ActivitySpan> build(const AnnotationTrack* track, int64_t sampleCount,
                                           const LabelSet* labelSet,
                                           const std::vector<std::pair<int64_t, int64_t>>& nonWear);
};

} // namespace kinemark
