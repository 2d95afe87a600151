#pragma once

#include <QString>
#include <cstdint>

namespace kinemark {

// Class id of samples that no segment covers. Unlabelled gaps are first-class:
// they are simply the spans between segments, never a segment of their own.
constexpr int32_t kUnlabelled = -1;

// A labelled span [start, end) in sample indices of its recording.
struct Segment
{
    int64_t start = 0;
    int64_t end = 0;
    int32_t classId = kUnlabelled;
    QString author;       // who made or last changed it ("" for imported ground truth)
    int64_t editedMs = 0; // when, in ms since the Unix epoch (0 = unknown)

    int64_t length() const { return end - start; }
    bool contains(int64_t sample) const { return sample >= start && sample < end; }
    bool operator==(const Segment& o) const
    {
        return start == o.start && end == o.end && classId == o.classId && author == o.author &&
               editedMs == o.editedMs;
    }
    bool operator!=(const Segment& o) const { return !(*this == o); }
};

} // namespace kinemark
