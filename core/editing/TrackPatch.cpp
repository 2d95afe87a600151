#include "core/editing/TrackPatch.h"

#include <algorithm>
#include <stdexcept>

namespace kinemark {

namespace {
// [from, to) widened so that no segment of `track` crosses its edges.
std::pair<int64_t, int64_t> widen(const AnnotationTrack& track, int64_t from, int64_t to)
{
    const auto [first, last] = track.overlapping(from, to);
    if (first < last) {
        from = std::min(from, track.segments()[first].start);
        to = std::max(to, track.segments()[last - 1].end);
    }
    return {from, to};
}

std::vector<Segment> segmentsIn(const AnnotationTrack& track, int64_t from, int64_t to)
{
    const auto [first, last] = track.overlapping(from, to);
    return {track.segments().begin() + long(first), track.segments().begin() + long(last)};
}
} // namespace

TrackPatch TrackPatch::make(const AnnotationTrack& track, int64_t from, int64_t to,
                            const std::function<void(AnnotationTrack&)>& edit)
{
    std::tie(from, to) = widen(track, from, to);
    TrackPatch patch;
    patch.from = from;
    patch.to = to;
    patch.before = segmentsIn(track, from, to);
    AnnotationTrack scratch;
    scratch.setSegments(patch.before);
    edit(scratch);
    patch.after = scratch.segments();
    if (!patch.after.empty() && (patch.after.front().start < from || patch.after.back().end > to))
        throw std::logic_error("TrackPatch::make: the edit reaches outside its span");
    return patch;
}

TrackPatch TrackPatch::compose(const TrackPatch& first, const TrackPatch& second,
                               const AnnotationTrack& current)
{
    // Outside both spans the track did not change, so the union widened over the
    // current track has whole segments in every state in between as well.
    int64_t from = std::min(first.from, second.from);
    int64_t to = std::max(first.to, second.to);
    std::tie(from, to) = widen(current, from, to);
    TrackPatch patch;
    patch.from = from;
    patch.to = to;
    patch.after = segmentsIn(current, from, to);
    AnnotationTrack scratch;
    scratch.setSegments(patch.after);
    second.revert(scratch);
    first.revert(scratch);
    patch.before = scratch.segments();
    return patch;
}

} // namespace kinemark
