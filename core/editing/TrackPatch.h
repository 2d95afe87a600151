#pragma once

#include "core/model/AnnotationTrack.h"

#include <functional>

namespace kinemark {

// One edit of one track as data: the segments of the span [from, to) before
// and after. Every segment that overlaps the span lies wholly inside it (the
// span is widened to whole segments when the patch is made), so applying and
// reverting are exact replacements. Undo, redo and journal replay all go
// through apply()/revert(), never through the operation that made the patch.
struct TrackPatch
{
    int64_t from = 0;
    int64_t to = 0;
    std::vector<Segment> before;
    std::vector<Segment> after;

    bool isNoOp() const { return before == after; }
    TrackPatch inverted() const { return TrackPatch{from, to, after, before}; }
    void apply(AnnotationTrack& track) const { track.replaceSpan(from, to, after); }
    void revert(AnnotationTrack& track) const { track.replaceSpan(from, to, before); }

    // Makes a patch by running `edit` on a scratch track that holds only the
    // segments overlapping [from, to) (widened to whole segments). `edit` must
    // not change anything outside [from, to); throws std::logic_error if it does.
    static TrackPatch make(const AnnotationTrack& track, int64_t from, int64_t to,
                           const std::function<void(AnnotationTrack& scratch)>& edit);

    // One patch with the effect of `first` then `second`; `current` is the track
    // after both. Used to merge a drag or quick nudges into one undo step.
    static TrackPatch compose(const TrackPatch& first, const TrackPatch& second,
                              const AnnotationTrack& current);

    bool operator==(const TrackPatch& o) const
    {
        return from == o.from && to == o.to && before == o.before && after == o.after;
    }
};

} // namespace kinemark
