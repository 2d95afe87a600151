#include "core/labels/LabelTrackBuilder.h"

#include <algorithm>

namespace kinemark {

LabelTrackBuilder::LabelTrackBuilder(QString file, int64_t sampleCount, bool clip)
    : m_file(std::move(file)), m_sampleCount(sampleCount), m_clip(clip)
{}

void LabelTrackBuilder::add(const Segment& segment, qint64 line)
{
    m_segments.push_back({segment, line});
}

AnnotationTrack LabelTrackBuilder::build(const QString& name, AnnotationTrack::Kind kind,
                                         const QString& labelSetId) const
{
    std::vector<Located> located = m_segments;
    // Files need not be in order; overlaps are judged in start order.
    std::stable_sort(located.begin(), located.end(), [](const Located& a, const Located& b) {
        return a.segment.start < b.segment.start;
    });
    m_clipped = 0;
    std::vector<Segment> out;
    out.reserve(located.size());
    for (const Located& l : located) {
        Segment s = l.segment;
        if (s.end <= s.start)
            throw FormatError(m_file,
                              QStringLiteral("segment [%1, %2) is empty or ends before it starts")
                                  .arg(s.start)
                                  .arg(s.end),
                              l.line);
        if (s.start < 0 || s.end > m_sampleCount) {
            if (!m_clip)
                throw LabelRangeError(
                    m_file,
                    QStringLiteral("segment [%1, %2) lies outside the recording (%3 samples)")
                        .arg(s.start)
                        .arg(s.end)
                        .arg(m_sampleCount),
                    l.line);
            s.start = std::max<int64_t>(s.start, 0);
            s.end = std::min(s.end, m_sampleCount);
            ++m_clipped;
        }
        if (!out.empty() && s.start < out.back().end) {
            if (!m_clip)
                throw LabelRangeError(
                    m_file,
                    QStringLiteral("segment [%1, %2) overlaps the segment [%3, %4) before it")
                        .arg(s.start)
                        .arg(s.end)
                        .arg(out.back().start)
                        .arg(out.back().end),
                    l.line);
            s.start = out.back().end;
            ++m_clipped;
        }
        if (s.end > s.start)
            out.push_back(s);
    }
    AnnotationTrack track(name, kind, labelSetId);
    track.setSegments(std::move(out));
    return track;
}

} // namespace kinemark
