#include "core/analysis/CorrectionEffort.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

namespace kinemark {

namespace {

using Op = CorrectionEffort::Operation;
using Ops = CorrectionEffort::Operations;

struct Span
{
    int64_t start = 0, end = 0;
    int32_t classId = kUnlabelled;
};

// A segment of the corrected track as it was, and with its boundaries moved onto
// the truth boundaries within the tolerance.
struct Snapped
{
    Span original, snapped;
    bool kept() const { return snapped.start < snapped.end; }
};

std::vector<Span> clippedSpans(const AnnotationTrack& track, int64_t n)
{
    std::vector<Span> out;
    for (const Segment& s : track.segments()) {
        const int64_t start = std::max<int64_t>(s.start, 0), end = std::min(s.end, n);
        if (start < end)
            out.push_back({start, end, s.classId});
    }
    return out;
}

// The nearest of the sorted `bounds` within `tolerance` of x, else x.
int64_t snap(const std::vector<int64_t>& bounds, int64_t x, int64_t tolerance)
{
    const auto it = std::lower_bound(bounds.begin(), bounds.end(), x);
    int64_t best = x, distance = tolerance + 1;
    if (it != bounds.end() && *it - x < distance) {
        best = *it;
        distance = *it - x;
    }
    if (it != bounds.begin() && x - *(it - 1) < distance)
        best = *(it - 1);
    return best;
}

// The five ways of treating one truth segment: corrected from the pieces inside it,
// with or without giving its first (df) or last (dl) piece to the neighbour by a drag
// of the boundary next to it, or repainted.
enum Mode
{
    Keep,
    DropLast,
    DropFirst,
    DropBoth,
    Repaint,
    kModes
};
bool dropsFirst(int m)
{
    return m == DropFirst || m == DropBoth;
}
bool dropsLast(int m)
{
    return m == DropLast || m == DropBoth;
}

constexpr int64_t kInvalid = std::numeric_limits<int64_t>::max() / 4;

} // namespace

int64_t CorrectionEffort::Operations::total() const
{
    int64_t t = 0;
    for (int64_t c : count)
        t += c;
    return t;
}

CorrectionEffort::Operations& CorrectionEffort::Operations::operator+=(const Operations& o)
{
    for (int i = 0; i < kOperationCount; ++i)
        count[i] += o.count[i];
    return *this;
}

double CorrectionEffort::ratio() const
{
    return truthSegments > 0 ? double(operations.total()) / double(truthSegments)
                             : std::numeric_limits<double>::quiet_NaN();
}

QString CorrectionEffort::operationName(Operation op)
{
    switch (op) {
    case Operation::Relabel:
        return QStringLiteral("relabel");
    case Operation::Drag:
        return QStringLiteral("drag");
    case Operation::Split:
        return QStringLiteral("split");
    case Operation::Merge:
        return QStringLiteral("merge");
    case Operation::Paint:
        return QStringLiteral("paint");
    case Operation::Delete:
        return QStringLiteral("delete");
    }
    return QString();
}

CorrectionEffort CorrectionEffort::measure(const AnnotationTrack& truthTrack,
                                           const AnnotationTrack& track, int64_t n,
                                           double sampleRateHz, double toleranceSeconds)
{
    CorrectionEffort result;
    n = std::max<int64_t>(n, 0);
    const int64_t tolerance =
        std::max<int64_t>(0, std::llround(std::max(0.0, toleranceSeconds) * sampleRateHz));
    const std::vector<Span> truth = clippedSpans(truthTrack, n);
    result.truthSegments = int64_t(truth.size());

    std::vector<int64_t> bounds;
    for (const Span& t : truth) {
        bounds.push_back(t.start);
        bounds.push_back(t.end);
    }
    std::sort(bounds.begin(), bounds.end());
    bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());

    // 1. Boundaries within the tolerance lie on the truth's. The nearest-point map is
    // monotone, so the kept segments stay sorted and apart.
    std::vector<Snapped> all;
    std::vector<Span> pred; // the kept, snapped segments
    for (const Span& p : clippedSpans(track, n)) {
        Snapped s{p, {snap(bounds, p.start, tolerance), snap(bounds, p.end, tolerance), p.classId}};
        all.push_back(s);
        if (s.kept())
            pred.push_back(s.snapped);
    }
    // Index of the first kept segment ending after `sample`.
    const auto firstEndingAfter = [&](int64_t sample) {
        return size_t(std::upper_bound(pred.begin(), pred.end(), sample,
                                       [](int64_t v, const Span& s) { return v < s.end; }) -
                      pred.begin());
    };
    // True when one kept segment runs across `b`.
    const auto spanned = [&](int64_t b) {
        const size_t i = firstEndingAfter(b);
        return i < pred.size() && pred[i].start < b;
    };
    // The kept segments inside [from, to), clipped to it.
    const auto piecesIn = [&](int64_t from, int64_t to) {
        std::vector<Span> out;
        for (size_t i = firstEndingAfter(from); i < pred.size() && pred[i].start < to; ++i)
            out.push_back(
                {std::max(pred[i].start, from), std::min(pred[i].end, to), pred[i].classId});
        return out;
    };

    // 3. Truth segments: the cost of each mode, then the cheapest combination along the
    // track (boundary costs depend only on the two neighbours' modes).
    const size_t m = truth.size();
    std::vector<std::array<std::optional<Ops>, kModes>> modeOps(m);
    std::vector<char> crossed(m, 0); // boundary before segment k: touching and spanned
    for (size_t k = 0; k < m; ++k) {
        const Span& t = truth[k];
        const std::vector<Span> pieces = piecesIn(t.start, t.end);
        const size_t count = pieces.size();
        crossed[k] = k > 0 && truth[k - 1].end == t.start && spanned(t.start);
        const bool crossedRight = k + 1 < m && truth[k + 1].start == t.end && spanned(t.end);
        Ops repaint;
        repaint[Op::Paint] = 1;
        repaint[Op::Delete] = count > 0 ? 1 : 0;
        modeOps[k][Repaint] = repaint;
        for (int mode = Keep; mode < Repaint; ++mode) {
            const bool df = dropsFirst(mode), dl = dropsLast(mode);
            // A piece can be handed over only by dragging the boundary it shares with
            // the next piece inside: the truth boundary must be crossed.
            if (df && !(crossed[k] && count >= 2 && pieces[0].end == pieces[1].start))
                continue;
            if (dl &&
                !(crossedRight && count >= 2 && pieces[count - 2].end == pieces[count - 1].start))
                continue;
            const size_t first = df ? 1 : 0, last = count - (dl ? 1 : 0); // [first, last)
            if (count == 0 || first >= last)
                continue;
            Ops ops;
            ops[Op::Merge] = int64_t(last - first) - 1;
            bool hasClass = false;
            for (size_t i = first; i < last; ++i)
                hasClass = hasClass || pieces[i].classId == t.classId;
            ops[Op::Relabel] = hasClass ? 0 : 1;
            ops[Op::Drag] = (!df && pieces[first].start > t.start ? 1 : 0) +
                            (!dl && pieces[last - 1].end < t.end ? 1 : 0);
            modeOps[k][mode] = ops;
        }
    }
    // What the boundary between two touching truth segments needs, by their modes, when
    // one segment of the track runs across it: nothing when a neighbour is repainted (its
    // delete cuts the segment there), else a split, or the drag that hands a piece over.
    struct Crossing
    {
        bool fits = true;
        std::optional<Op> op;
    };
    const auto crossing = [](int prev, int cur) -> Crossing {
        if (prev == Repaint || cur == Repaint)
            return {!dropsFirst(cur) && !dropsLast(prev), std::nullopt};
        if (dropsLast(prev) && dropsFirst(cur))
            return {false, std::nullopt};
        return {true, dropsLast(prev) || dropsFirst(cur) ? Op::Drag : Op::Split};
    };
    std::vector<std::array<int64_t, kModes>> best(m);
    std::vector<std::array<int, kModes>> from(m);
    for (size_t k = 0; k < m; ++k)
        for (int mode = 0; mode < kModes; ++mode) {
            best[k][mode] = kInvalid;
            from[k][mode] = -1;
            if (!modeOps[k][mode])
                continue;
            const int64_t own = modeOps[k][mode]->total();
            if (k == 0) {
                if (!dropsFirst(mode))
                    best[k][mode] = own;
                continue;
            }
            for (int prev = 0; prev < kModes; ++prev) {
                if (best[k - 1][prev] >= kInvalid)
                    continue;
                int64_t edge = 0;
                if (crossed[k]) {
                    const Crossing c = crossing(prev, mode);
                    if (!c.fits)
                        continue;
                    edge = c.op ? 1 : 0;
                } else if (dropsLast(prev) || dropsFirst(mode)) {
                    continue;
                }
                if (best[k - 1][prev] + own + edge < best[k][mode]) {
                    best[k][mode] = best[k - 1][prev] + own + edge;
                    from[k][mode] = prev;
                }
            }
        }
    std::vector<int> modes(m, Keep);
    if (m > 0) {
        int mode = -1;
        for (int candidate = 0; candidate < kModes; ++candidate)
            if (!dropsLast(candidate) && best[m - 1][candidate] < kInvalid &&
                (mode < 0 || best[m - 1][candidate] < best[m - 1][mode]))
                mode = candidate;
        for (size_t k = m; k-- > 0;) {
            modes[k] = mode;
            result.operations += *modeOps[k][mode];
            const int prev = from[k][mode];
            if (k > 0 && crossed[k]) {
                if (const std::optional<Op> op = crossing(prev, mode).op)
                    ++result.operations[*op];
            }
            mode = prev;
        }
    }

    // 2. Truth gaps (before, between and after the segments) that still hold labels.
    struct Item
    {
        int64_t start = 0;
        bool exact = false; // set by the script (repainted, or cleared by a delete)
    };
    std::vector<Item> items;
    const auto clearGap = [&](int64_t g0, int64_t g1) {
        if (g0 >= g1)
            return;
        items.push_back({g0, false});
        const size_t i = firstEndingAfter(g0);
        if (i >= pred.size() || pred[i].start >= g1)
            return;
        const Span& p = pred[i];
        const bool alone = i + 1 >= pred.size() || pred[i + 1].start >= g1;
        // The end of one segment sticking out from a neighbour is dragged back, unless
        // its boundary is shared with the next segment (a drag would move that too).
        const bool fromLeft = alone && p.start < g0 && p.end < g1;
        const bool fromRight =
            alone && p.end > g1 && p.start > g0 && (i == 0 || pred[i - 1].end < p.start);
        ++result.gapOperations;
        if (fromLeft || fromRight) {
            ++result.operations[Op::Drag];
        } else {
            ++result.operations[Op::Delete];
            items.back().exact = true;
        }
    };
    int64_t position = 0;
    for (size_t k = 0; k < m; ++k) {
        clearGap(position, truth[k].start);
        items.push_back({truth[k].start, modes[k] == Repaint});
        position = truth[k].end;
    }
    clearGap(position, n);

    // The corrected track: the truth, except where a boundary the tolerance accepted
    // stays as the track had it (only in stretches the script did not redo).
    std::vector<int32_t> truthLabels(size_t(n), kUnlabelled);
    for (const Span& t : truth)
        std::fill(truthLabels.begin() + t.start, truthLabels.begin() + t.end, t.classId);
    std::vector<int32_t> labels = truthLabels;
    const auto truthAt = [&](int64_t i) { return i >= 0 && i < n ? truthLabels[i] : kUnlabelled; };
    const auto exactAt = [&](int64_t sample) {
        const auto it =
            std::upper_bound(items.begin(), items.end(), sample,
                             [](int64_t v, const Item& item) { return v < item.start; });
        return it != items.begin() && (it - 1)->exact;
    };
    const auto zone = [&](int64_t a, int64_t b, int32_t classId) {
        if (a < b && !exactAt(a))
            std::fill(labels.begin() + a, labels.begin() + b, classId);
    };
    for (size_t i = 0; i < all.size(); ++i) {
        const Span& o = all[i].original;
        const Span& s = all[i].snapped;
        if (!all[i].kept())
            continue;
        const bool touchesPrevious = i > 0 && all[i - 1].original.end == o.start;
        const bool touchesNext = i + 1 < all.size() && all[i + 1].original.start == o.end;
        if (o.start < s.start)
            zone(o.start, s.start, truthAt(s.start)); // the segment, as it is corrected
        else if (o.start > s.start && !touchesPrevious)
            zone(s.start, o.start, kUnlabelled);
        if (o.end > s.end)
            zone(s.end, o.end, truthAt(s.end - 1));
        else if (o.end < s.end && !touchesNext)
            zone(o.end, s.end, kUnlabelled);
    }
    for (const Snapped& s : all)
        if (!s.kept()) {
            zone(s.original.start, s.snapped.start, s.original.classId);
            zone(s.snapped.start, s.original.end, s.original.classId);
        }
    result.corrected = AnnotationTrack::fromSampleLabels(labels.data(), labels.size(), track.name(),
                                                         track.kind(), track.labelSetId());
    result.agreement =
        TrackAgreement::compare(truthTrack, result.corrected, n, sampleRateHz, toleranceSeconds);
    return result;
}

} // namespace kinemark
