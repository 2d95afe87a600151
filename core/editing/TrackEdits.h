#pragma once

#include "core/editing/TrackNavigation.h"
#include "core/editing/TrackPatch.h"

#include <optional>

namespace kinemark {

// Who made an edit and when (ms since the Unix epoch); stamped on every
// segment the edit creates or changes.
struct EditStamp
{
    QString author;
    int64_t ms = 0;
};

// The annotation edits as pure functions: each looks at a track and returns
// the patch that performs it (std::nullopt when there is nothing to do, e.g.
// splitting at a boundary). None of them changes the track; the caller applies
// the patch, keeps it for undo and writes it to the journal.
class TrackEdits
{
public:
    enum class Direction
    {
        Previous,
        Next
    };

    // Gives segment `index` the class `classId`.
    static std::optional<TrackPatch> relabel(const AnnotationTrack& track, long index,
                                             int32_t classId, const EditStamp& stamp);

    // Moves the boundary at sample `boundary` (a segment's start or end) to
    // `position`. A neighbour that shares the boundary follows, so the track stays
    // contiguous; neither side may become empty, and a boundary next to a gap
    // moves at most to the next segment (or to [0, sampleCount]). The position is
    // clamped to what is allowed.
    static std::optional<TrackPatch> moveBoundary(const AnnotationTrack& track, int64_t boundary,
                                                  int64_t position, int64_t sampleCount,
                                                  const EditStamp& stamp,
                                                  int64_t* movedTo = nullptr);

    // Splits the segment containing `sample` into [start, sample) and [sample, end).
    // Both parts keep the note and the unsure flag: the remark was about the whole
    // span, and the annotator decides afterwards which half it still applies to.
    static std::optional<TrackPatch> split(const AnnotationTrack& track, int64_t sample,
                                           const EditStamp& stamp);

    // Joins segment `index` with its previous or next segment into one segment of
    // the class of `index`; a gap between them is filled. Distinct notes are joined
    // with "; " in time order (none is lost), and the result is unsure when either was.
    static std::optional<TrackPatch> merge(const AnnotationTrack& track, long index, Direction with,
                                           const EditStamp& stamp);

    // Sets the note of segment `index` (empty removes it). Not stamped: a note
    // is a remark about the label, not a change of it.
    static std::optional<TrackPatch> setNote(const AnnotationTrack& track, long index,
                                             const QString& note);

    // Sets or clears the unsure flag of segment `index`. Not stamped, like setNote.
    static std::optional<TrackPatch> setUnsure(const AnnotationTrack& track, long index,
                                               bool unsure);

    // The note of two joined segments: the distinct non-empty notes, "; "-separated.
    static QString joinNotes(const QString& first, const QString& second);

    // Removes segment `index`: its span becomes unlabelled.
    static std::optional<TrackPatch> erase(const AnnotationTrack& track, long index);

    // Labels [start, end) with `classId` (kUnlabelled clears), trimming what it covers.
    static std::optional<TrackPatch> paint(const AnnotationTrack& track, int64_t start, int64_t end,
                                           int32_t classId, const EditStamp& stamp);

    // Copies the prediction's segments within [start, end) into `truth`; where the
    // prediction is unlabelled, so becomes the truth.
    static std::optional<TrackPatch> acceptPrediction(const AnnotationTrack& truth,
                                                      const AnnotationTrack& prediction,
                                                      int64_t start, int64_t end,
                                                      const EditStamp& stamp);

    // Gives every segment of class `from` the class `to` (merging two classes).
    static std::optional<TrackPatch> replaceClass(const AnnotationTrack& track, int32_t from,
                                                  int32_t to, const EditStamp& stamp);

    // Labels each of `spans` with `classId` (kUnlabelled clears them) as one patch, for a
    // multi-selection in a segment list. A span that is exactly one segment keeps that
    // segment's other fields (a relabel); any other span is painted. Spans may come in
    // any order but must not overlap.
    static std::optional<TrackPatch> paintSpans(const AnnotationTrack& track,
                                                std::vector<SampleSpan> spans, int32_t classId,
                                                const EditStamp& stamp);

    // Replaces the whole track by `segments` (importing labels into an existing track).
    static std::optional<TrackPatch> replaceAll(const AnnotationTrack& track,
                                                const std::vector<Segment>& segments);
};

} // namespace kinemark
