#include "core/analysis/TrackComparison.h"

#include <algorithm>

namespace kinemark {

AnnotationTrack TrackComparison::disagreement(const AnnotationTrack& a, const AnnotationTrack& b)
{
    AnnotationTrack out(QStringLiteral("disagreement"), AnnotationTrack::Kind::Annotation);
    const auto& sa = a.segments();
    const auto& sb = b.segments();
    size_t i = 0, j = 0;
    // Merge walk over both sorted lists: O(|a| + |b|).
    while (i < sa.size() && j < sb.size()) {
        const int64_t start = std::max(sa[i].start, sb[j].start);
        const int64_t end = std::min(sa[i].end, sb[j].end);
        if (start < end && sa[i].classId != sb[j].classId) {
            const auto& segs = out.segments();
            if (!segs.empty() && segs.back().end == start)
                out.assign(segs.back().start, end, 1); // extend the previous span
            else
                out.append(Segment{start, end, 1, QString(), 0});
        }
        if (sa[i].end < sb[j].end)
            ++i;
        else
            ++j;
    }
    return out;
}

} // namespace kinemark
