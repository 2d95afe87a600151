#include "core/analysis/TrackAgreement.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace kinemark {

void TrackAgreement::addConfusion(const AnnotationTrack& a, const AnnotationTrack& b,
                                  int64_t sampleCount, Confusion& confusion, int64_t* onlyInA,
                                  int64_t* onlyInB)
{
    // Merge walk over the change points of both tracks: O(|a| + |b|), no per-sample work.
    std::vector<int64_t> cuts{0, sampleCount};
    for (const AnnotationTrack* t : {&a, &b})
        for (const Segment& s : t->segments()) {
            if (s.start < sampleCount)
                cuts.push_back(s.start);
            if (s.end < sampleCount)
                cuts.push_back(s.end);
        }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    size_t ia = 0, ib = 0;
    for (size_t k = 0; k + 1 < cuts.size(); ++k) {
        const int64_t from = cuts[k], to = cuts[k + 1];
        while (ia < a.size() && a.segments()[ia].end <= from)
            ++ia;
        while (ib < b.size() && b.segments()[ib].end <= from)
            ++ib;
        const int32_t ca = ia < a.size() && a.segments()[ia].start <= from
                               ? a.segments()[ia].classId
                               : kUnlabelled;
        const int32_t cb = ib < b.size() && b.segments()[ib].start <= from
                               ? b.segments()[ib].classId
                               : kUnlabelled;
        if (ca != kUnlabelled && cb != kUnlabelled)
            confusion[{ca, cb}] += to - from;
        else if (ca != kUnlabelled && onlyInA)
            *onlyInA += to - from;
        else if (cb != kUnlabelled && onlyInB)
            *onlyInB += to - from;
    }
}

TrackAgreement TrackAgreement::fromConfusion(const Confusion& confusion)
{
    TrackAgreement r;
    r.confusion = confusion;
    std::map<int32_t, int64_t> rows, cols, diagonal;
    std::set<int32_t> ids;
    for (const auto& [key, n] : confusion) {
        rows[key.first] += n;
        cols[key.second] += n;
        if (key.first == key.second)
            diagonal[key.first] += n;
        ids.insert(key.first);
        ids.insert(key.second);
        r.comparedSamples += n;
    }
    if (r.comparedSamples == 0) {
        r.kappa = std::numeric_limits<double>::quiet_NaN();
        return r;
    }
    const double total = double(r.comparedSamples);
    double agree = 0, expected = 0;
    for (int32_t id : ids) {
        agree += double(diagonal[id]);
        expected += (double(rows[id]) / total) * (double(cols[id]) / total);
    }
    r.observedAgreement = agree / total;
    r.expectedAgreement = expected;
    // With one class only, chance agreement is 1 and kappa is 0/0: call perfect agreement 1.
    r.kappa = expected >= 1.0 ? (r.observedAgreement >= 1.0 ? 1.0 : 0.0)
                              : (r.observedAgreement - expected) / (1.0 - expected);
    double f1Sum = 0;
    for (int32_t id : ids) {
        ClassScore c;
        c.classId = id;
        c.truePositives = diagonal[id];
        c.falsePositives = cols[id] - diagonal[id];
        c.falseNegatives = rows[id] - diagonal[id];
        c.support = rows[id];
        c.precision = cols[id] ? double(c.truePositives) / double(cols[id]) : 0;
        c.recall = rows[id] ? double(c.truePositives) / double(rows[id]) : 0;
        c.f1 =
            c.precision + c.recall > 0 ? 2 * c.precision * c.recall / (c.precision + c.recall) : 0;
        f1Sum += c.f1;
        r.classes.push_back(c);
    }
    r.macroF1 = f1Sum / double(ids.size());
    return r;
}

std::vector<int64_t> TrackAgreement::boundaryPositions(const AnnotationTrack& track,
                                                       int64_t sampleCount)
{
    std::vector<int64_t> out;
    const auto& segs = track.segments();
    for (size_t i = 0; i < segs.size(); ++i) {
        const Segment& s = segs[i];
        if (s.start >= sampleCount)
            break;
        const bool joinsPrevious =
            i > 0 && segs[i - 1].end == s.start && segs[i - 1].classId == s.classId;
        if (s.start > 0 && !joinsPrevious && (out.empty() || out.back() != s.start))
            out.push_back(s.start);
        const bool joinsNext =
            i + 1 < segs.size() && segs[i + 1].start == s.end && segs[i + 1].classId == s.classId;
        if (s.end < sampleCount && !joinsNext)
            out.push_back(s.end);
    }
    return out;
}

TrackAgreement TrackAgreement::compare(const AnnotationTrack& a, const AnnotationTrack& b,
                                       int64_t sampleCount, double sampleRateHz,
                                       double toleranceSeconds)
{
    Confusion confusion;
    int64_t onlyA = 0, onlyB = 0;
    addConfusion(a, b, sampleCount, confusion, &onlyA, &onlyB);
    TrackAgreement r = fromConfusion(confusion);
    r.onlyInA = onlyA;
    r.onlyInB = onlyB;

    // Boundaries: each of a's, in order, takes the nearest unmatched one of b within the tolerance.
    const std::vector<int64_t> ba = boundaryPositions(a, sampleCount);
    const std::vector<int64_t> bb = boundaryPositions(b, sampleCount);
    const int64_t tolerance = int64_t(std::llround(toleranceSeconds * sampleRateHz));
    std::vector<bool> used(bb.size(), false);
    std::vector<double> absOffsets;
    for (int64_t p : ba) {
        auto it = std::lower_bound(bb.begin(), bb.end(), p - tolerance);
        long best = -1;
        for (; it != bb.end() && *it <= p + tolerance; ++it) {
            const long k = long(it - bb.begin());
            if (!used[size_t(k)] &&
                (best < 0 || std::llabs(*it - p) < std::llabs(bb[size_t(best)] - p)))
                best = k;
        }
        if (best < 0) {
            ++r.boundaries.onlyInA;
            continue;
        }
        used[size_t(best)] = true;
        const double offset = double(bb[size_t(best)] - p) / sampleRateHz;
        r.boundaries.offsetsSeconds.push_back(offset);
        absOffsets.push_back(std::fabs(offset));
    }
    r.boundaries.matched = int64_t(absOffsets.size());
    r.boundaries.onlyInB = int64_t(std::count(used.begin(), used.end(), false));
    if (!absOffsets.empty()) {
        double sum = 0;
        for (double v : absOffsets)
            sum += v;
        r.boundaries.meanAbsSeconds = sum / double(absOffsets.size());
        r.boundaries.maxAbsSeconds = *std::max_element(absOffsets.begin(), absOffsets.end());
        std::sort(absOffsets.begin(), absOffsets.end());
        const size_t m = absOffsets.size();
        r.boundaries.medianAbsSeconds =
            m % 2 ? absOffsets[m / 2] : (absOffsets[m / 2 - 1] + absOffsets[m / 2]) / 2;
    }
    return r;
}

} // namespace kinemark
