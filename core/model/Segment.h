#pragma once

#include <QString>
#include <cstdint>
#include <utility>

namespace kinemark {

// Class id of samples that no segment covers. Unlabelled gaps are first-class:
// they are simply the spans between segments, never a segment of their own.
constexpr int32_t kUnlabelled = -1;

// A labelled span [start, end) in sample indices of its recording.
struct Segment
{
    // A constructor rather than aggregate initialisation, so that the fields added
    // later (note, unsure) need not be spelled out by every caller, and -Wextra does
    // not warn about the ones left out.
    Segment() = default;
    Segment(int64_t start_, int64_t end_, int32_t classId_ = kUnlabelled, QString author_ = {},
            int64_t editedMs_ = 0, QString note_ = {}, bool unsure_ = false)
        : start(start_), end(end_), classId(classId_), author(std::move(author_)),
          editedMs(editedMs_), note(std::move(note_)), unsure(unsure_)
    {}

    int64_t start = 0;
    int64_t end = 0;
    int32_t classId = kUnlabelled;
    QString author;       // who made or last changed it ("" for imported ground truth)
    int64_t editedMs = 0; // when, in ms since the Unix epoch (0 = unknown)
    // The annotator's free-text remark on this span ("" = none). Travels with the
    // segment through trims and splits, so a remark is never lost by editing around it.
    QString note;
    // The annotator is not sure of the class: kept apart from the class so that
    // metrics and exports still see a label, and reviewers can find what to check.
    bool unsure = false;

    int64_t length() const { return end - start; }
    bool contains(int64_t sample) const { return sample >= start && sample < end; }
    bool operator==(const Segment& o) const
    {
        return start == o.start && end == o.end && classId == o.classId && author == o.author &&
               editedMs == o.editedMs && note == o.note && unsure == o.unsure;
    }
    bool operator!=(const Segment& o) const { return !(*this == o); }
};

} // namespace kinemark
