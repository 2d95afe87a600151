#include "core/editing/TrackEdits.h"

#include <algorithm>

namespace kinemark {

namespace {
std::optional<TrackPatch> unlessNoOp(TrackPatch patch)
{
    if (patch.isNoOp())
        return std::nullopt;
    return patch;
}

Segment stamped(Segment s, const EditStamp& stamp)
{
    s.author = stamp.author;
    s.editedMs = stamp.ms;
    return s;
}

bool validIndex(const AnnotationTrack& track, long index)
{
    return index >= 0 && size_t(index) < track.size();
}
} // namespace

std::optional<TrackPatch> TrackEdits::relabel(const AnnotationTrack& track, long index,
                                              int32_t classId, const EditStamp& stamp)
{
    if (!validIndex(track, index) || classId == kUnlabelled)
        return std::nullopt;
    const Segment& s = track.segments()[size_t(index)];
    if (s.classId == classId)
        return std::nullopt;
    Segment changed = stamped(s, stamp);
    changed.classId = classId;
    return TrackPatch{s.start, s.end, {s}, {changed}};
}

std::optional<TrackPatch> TrackEdits::moveBoundary(const AnnotationTrack& track, int64_t boundary,
                                                   int64_t position, int64_t sampleCount,
                                                   const EditStamp& stamp, int64_t* movedTo)
{
    const auto& segs = track.segments();
    // The segment ending at the boundary (left) and the one starting there (right).
    auto rightIt = std::lower_bound(segs.begin(), segs.end(), boundary,
                                    [](const Segment& s, int64_t b) { return s.start < b; });
    const long right =
        (rightIt != segs.end() && rightIt->start == boundary) ? long(rightIt - segs.begin()) : -1;
    const long leftCandidate = long(rightIt - segs.begin()) - 1;
    const long left =
        (leftCandidate >= 0 && segs[size_t(leftCandidate)].end == boundary) ? leftCandidate : -1;
    if (left < 0 && right < 0)
        return std::nullopt;

    // How far the boundary may go: never emptying a side, never into another segment.
    int64_t lower, upper;
    if (left >= 0)
        lower = segs[size_t(left)].start + 1;
    else
        lower = leftCandidate >= 0 ? segs[size_t(leftCandidate)].end : 0;
    if (right >= 0)
        upper = segs[size_t(right)].end - 1;
    else
        upper = size_t(left + 1) < segs.size() ? segs[size_t(left + 1)].start
                                               : std::max(sampleCount, boundary);
    position = std::clamp(position, lower, std::max(lower, upper));
    if (movedTo)
        *movedTo = position;
    if (position == boundary)
        return std::nullopt;

    const int64_t from = left >= 0 ? segs[size_t(left)].start : std::min(boundary, position);
    const int64_t to = right >= 0 ? segs[size_t(right)].end : std::max(boundary, position);
    TrackPatch patch{from, to, {}, {}};
    if (left >= 0) {
        patch.before.push_back(segs[size_t(left)]);
        Segment s = stamped(segs[size_t(left)], stamp);
        s.end = position;
        patch.after.push_back(s);
    }
    if (right >= 0) {
        patch.before.push_back(segs[size_t(right)]);
        Segment s = stamped(segs[size_t(right)], stamp);
        s.start = position;
        patch.after.push_back(s);
    }
    return patch;
}

std::optional<TrackPatch> TrackEdits::split(const AnnotationTrack& track, int64_t sample,
                                            const EditStamp& stamp)
{
    const long i = track.indexAt(sample);
    if (i < 0)
        return std::nullopt;
    const Segment& s = track.segments()[size_t(i)];
    if (sample <= s.start)
        return std::nullopt;
    Segment head = stamped(s, stamp), tail = stamped(s, stamp);
    head.end = sample;
    tail.start = sample;
    return TrackPatch{s.start, s.end, {s}, {head, tail}};
}

std::optional<TrackPatch> TrackEdits::merge(const AnnotationTrack& track, long index,
                                            Direction with, const EditStamp& stamp)
{
    const long other = with == Direction::Previous ? index - 1 : index + 1;
    if (!validIndex(track, index) || !validIndex(track, other))
        return std::nullopt;
    const Segment& a = track.segments()[size_t(std::min(index, other))];
    const Segment& b = track.segments()[size_t(std::max(index, other))];
    Segment joined = stamped(track.segments()[size_t(index)], stamp);
    joined.start = a.start;
    joined.end = b.end;
    joined.note = joinNotes(a.note, b.note);
    joined.unsure = a.unsure || b.unsure;
    return TrackPatch{a.start, b.end, {a, b}, {joined}};
}

std::optional<TrackPatch> TrackEdits::setNote(const AnnotationTrack& track, long index,
                                              const QString& note)
{
    if (!validIndex(track, index))
        return std::nullopt;
    const Segment& s = track.segments()[size_t(index)];
    if (s.note == note)
        return std::nullopt;
    Segment changed = s;
    changed.note = note;
    return TrackPatch{s.start, s.end, {s}, {changed}};
}

std::optional<TrackPatch> TrackEdits::setUnsure(const AnnotationTrack& track, long index,
                                                bool unsure)
{
    if (!validIndex(track, index))
        return std::nullopt;
    const Segment& s = track.segments()[size_t(index)];
    if (s.unsure == unsure)
        return std::nullopt;
    Segment changed = s;
    changed.unsure = unsure;
    return TrackPatch{s.start, s.end, {s}, {changed}};
}

QString TrackEdits::joinNotes(const QString& first, const QString& second)
{
    if (second.isEmpty() || first == second)
        return first;
    if (first.isEmpty())
        return second;
    return first + QStringLiteral("; ") + second;
}

std::optional<TrackPatch> TrackEdits::erase(const AnnotationTrack& track, long index)
{
    if (!validIndex(track, index))
        return std::nullopt;
    const Segment& s = track.segments()[size_t(index)];
    return TrackPatch{s.start, s.end, {s}, {}};
}

std::optional<TrackPatch> TrackEdits::paint(const AnnotationTrack& track, int64_t start,
                                            int64_t end, int32_t classId, const EditStamp& stamp)
{
    if (start < 0 || end <= start)
        return std::nullopt;
    return unlessNoOp(TrackPatch::make(track, start, end, [&](AnnotationTrack& scratch) {
        scratch.assign(start, end, classId, stamp.author, stamp.ms);
    }));
}

std::optional<TrackPatch> TrackEdits::acceptPrediction(const AnnotationTrack& truth,
                                                       const AnnotationTrack& prediction,
                                                       int64_t start, int64_t end,
                                                       const EditStamp& stamp)
{
    if (start < 0 || end <= start)
        return std::nullopt;
    // Not a structured binding: C++17 lambdas cannot capture those (clang refuses).
    const auto overlap = prediction.overlapping(start, end);
    const size_t first = overlap.first;
    const size_t last = overlap.second;
    auto patch = TrackPatch::make(truth, start, end, [&](AnnotationTrack& scratch) {
        scratch.clear(start, end);
        for (size_t i = first; i < last; ++i) {
            const Segment& p = prediction.segments()[i];
            scratch.assign(std::max(p.start, start), std::min(p.end, end), p.classId, stamp.author,
                           stamp.ms);
        }
    });
    // Accepting what is already there changes only stamps: not worth an undo step.
    const bool sameLabels =
        std::equal(patch.before.begin(), patch.before.end(), patch.after.begin(), patch.after.end(),
                   [](const Segment& x, const Segment& y) {
                       return x.start == y.start && x.end == y.end && x.classId == y.classId;
                   });
    if (sameLabels)
        return std::nullopt;
    return patch;
}

std::optional<TrackPatch> TrackEdits::replaceClass(const AnnotationTrack& track, int32_t from,
                                                   int32_t to, const EditStamp& stamp)
{
    if (track.isEmpty() || from == to)
        return std::nullopt;
    TrackPatch patch{track.segments().front().start, track.segments().back().end, track.segments(),
                     track.segments()};
    for (Segment& s : patch.after)
        if (s.classId == from) {
            s.classId = to;
            s = stamped(s, stamp);
        }
    return unlessNoOp(std::move(patch));
}

std::optional<TrackPatch> TrackEdits::paintSpans(const AnnotationTrack& track,
                                                 std::vector<SampleSpan> spans, int32_t classId,
                                                 const EditStamp& stamp)
{
    spans.erase(std::remove_if(spans.begin(), spans.end(),
                               [](const SampleSpan& s) { return s.end <= s.start; }),
                spans.end());
    if (spans.empty())
        return std::nullopt;
    std::sort(spans.begin(), spans.end(),
              [](const SampleSpan& a, const SampleSpan& b) { return a.start < b.start; });
    int64_t to = spans.front().end;
    for (const SampleSpan& s : spans)
        to = std::max(to, s.end);
    return unlessNoOp(
        TrackPatch::make(track, spans.front().start, to, [&](AnnotationTrack& scratch) {
            // Whole segments (what a segment list selects) are changed in one pass over a
            // copy: thousands of them stay one linear step instead of one insertion each.
            std::vector<Segment> segs = scratch.segments();
            std::vector<char> drop(segs.size(), 0);
            bool whole = true;
            for (const SampleSpan& span : spans) {
                const long i = scratch.indexAt(span.start);
                if (i < 0 || segs[size_t(i)].start != span.start ||
                    segs[size_t(i)].end != span.end) {
                    whole = false;
                    break;
                }
                Segment& s = segs[size_t(i)];
                if (classId == kUnlabelled)
                    drop[size_t(i)] = 1;
                else if (s.classId != classId) {
                    s = stamped(s, stamp);
                    s.classId = classId;
                }
            }
            if (whole) {
                std::vector<Segment> kept;
                kept.reserve(segs.size());
                for (size_t i = 0; i < segs.size(); ++i)
                    if (!drop[i])
                        kept.push_back(std::move(segs[i]));
                scratch.setSegments(std::move(kept));
                return;
            }
            for (const SampleSpan& span : spans)
                scratch.assign(span.start, span.end, classId, stamp.author, stamp.ms);
        }));
}

std::optional<TrackPatch> TrackEdits::replaceAll(const AnnotationTrack& track,
                                                 const std::vector<Segment>& segments)
{
    int64_t from = 0, to = 0;
    for (const auto* list : {&track.segments(), &segments})
        if (!list->empty()) {
            from = std::min(from, list->front().start);
            to = std::max(to, list->back().end);
        }
    return unlessNoOp(TrackPatch{from, to, track.segments(), segments});
}

} // namespace kinemark
