#include "core/model/AnnotationTrack.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace kinemark {

AnnotationTrack::AnnotationTrack(QString name, Kind kind, QString labelSetId)
    : m_name(std::move(name)), m_kind(kind), m_labelSetId(std::move(labelSetId))
{}

long AnnotationTrack::indexAt(int64_t sample) const
{
    // First segment whose end is beyond the sample; it contains the sample if it starts at or
    // before.
    auto it = std::upper_bound(m_segments.begin(), m_segments.end(), sample,
                               [](int64_t s, const Segment& seg) { return s < seg.end; });
    if (it == m_segments.end() || it->start > sample)
        return -1;
    return long(it - m_segments.begin());
}

int32_t AnnotationTrack::classAt(int64_t sample) const
{
    const long i = indexAt(sample);
    return i < 0 ? kUnlabelled : m_segments[size_t(i)].classId;
}

void AnnotationTrack::assign(int64_t start, int64_t end, int32_t classId, const QString& author,
                             int64_t editedMs)
{
    if (start < 0 || end <= start)
        throw std::invalid_argument("AnnotationTrack::assign: empty or negative span");

    // Segments overlapping [start, end) lie in [first, last).
    auto first = std::upper_bound(m_segments.begin(), m_segments.end(), start,
                                  [](int64_t s, const Segment& seg) { return s < seg.end; });
    auto last = std::lower_bound(first, m_segments.end(), end,
                                 [](const Segment& seg, int64_t e) { return seg.start < e; });

    std::vector<Segment> replacement;
    replacement.reserve(3);
    if (first != last && first->start < start) {
        Segment head = *first;
        head.end = start;
        replacement.push_back(head);
    }
    if (classId != kUnlabelled)
        replacement.push_back(Segment{start, end, classId, author, editedMs});
    if (first != last) {
        const Segment& lastCovered = *(last - 1);
        if (lastCovered.end > end) {
            Segment tail = lastCovered;
            tail.start = end;
            replacement.push_back(tail);
        }
    }
    const auto pos = first - m_segments.begin();
    m_segments.erase(first, last);
    m_segments.insert(m_segments.begin() + pos, replacement.begin(), replacement.end());
}

std::pair<size_t, size_t> AnnotationTrack::overlapping(int64_t from, int64_t to) const
{
    auto first = std::upper_bound(m_segments.begin(), m_segments.end(), from,
                                  [](int64_t s, const Segment& seg) { return s < seg.end; });
    auto last = std::lower_bound(first, m_segments.end(), to,
                                 [](const Segment& seg, int64_t e) { return seg.start < e; });
    return {size_t(first - m_segments.begin()), size_t(last - m_segments.begin())};
}

void AnnotationTrack::replaceSpan(int64_t from, int64_t to, const std::vector<Segment>& segments)
{
    if (to < from)
        throw std::invalid_argument("AnnotationTrack::replaceSpan: negative span");
    const auto [first, last] = overlapping(from, to);
    if (first < last && (m_segments[first].start < from || m_segments[last - 1].end > to))
        throw std::invalid_argument(
            "AnnotationTrack::replaceSpan: a segment crosses the edge of the span");
    const QString problem = checkInvariant(segments);
    if (!problem.isEmpty())
        throw std::invalid_argument(("AnnotationTrack::replaceSpan: " + problem).toStdString());
    if (!segments.empty() && (segments.front().start < from || segments.back().end > to))
        throw std::invalid_argument(
            "AnnotationTrack::replaceSpan: a new segment lies outside the span");
    m_segments.erase(m_segments.begin() + long(first), m_segments.begin() + long(last));
    m_segments.insert(m_segments.begin() + long(first), segments.begin(), segments.end());
}

void AnnotationTrack::append(const Segment& segment)
{
    if (segment.end <= segment.start || segment.start < 0)
        throw std::invalid_argument("AnnotationTrack::append: empty or negative segment");
    if (!m_segments.empty() && segment.start < m_segments.back().end)
        throw std::invalid_argument("AnnotationTrack::append: segment overlaps the previous one");
    m_segments.push_back(segment);
}

void AnnotationTrack::setSegments(std::vector<Segment> segments)
{
    const QString problem = checkInvariant(segments);
    if (!problem.isEmpty())
        throw std::invalid_argument(problem.toStdString());
    m_segments = std::move(segments);
}

QString AnnotationTrack::checkInvariant(const std::vector<Segment>& segments)
{
    for (size_t i = 0; i < segments.size(); ++i) {
        const Segment& s = segments[i];
        if (s.start < 0 || s.end <= s.start)
            return QStringLiteral("segment %1 [%2, %3) is empty or negative")
                .arg(i)
                .arg(s.start)
                .arg(s.end);
        if (i > 0 && s.start < segments[i - 1].end)
            return QStringLiteral("segment %1 [%2, %3) overlaps or precedes segment %4 [%5, %6)")
                .arg(i)
                .arg(s.start)
                .arg(s.end)
                .arg(i - 1)
                .arg(segments[i - 1].start)
                .arg(segments[i - 1].end);
    }
    return QString();
}

AnnotationTrack AnnotationTrack::fromSampleLabels(const int32_t* labels, size_t count, QString name,
                                                  Kind kind, QString labelSetId)
{
    AnnotationTrack track(std::move(name), kind, std::move(labelSetId));
    size_t i = 0;
    while (i < count) {
        const int32_t c = labels[i];
        size_t j = i + 1;
        while (j < count && labels[j] == c)
            ++j;
        if (c != kUnlabelled)
            track.m_segments.push_back(Segment{int64_t(i), int64_t(j), c, QString(), 0});
        i = j;
    }
    return track;
}

std::vector<int32_t> AnnotationTrack::toSampleLabels(size_t count) const
{
    std::vector<int32_t> labels(count, kUnlabelled);
    for (const Segment& s : m_segments) {
        if (s.start >= int64_t(count))
            break;
        const int64_t end = std::min<int64_t>(s.end, int64_t(count));
        std::fill(labels.begin() + s.start, labels.begin() + end, s.classId);
    }
    return labels;
}

std::vector<std::pair<int32_t, int64_t>> AnnotationTrack::labelledSampleCounts(int64_t count) const
{
    std::map<int32_t, int64_t> counts;
    for (const Segment& s : m_segments) {
        if (s.start >= count)
            break;
        counts[s.classId] += std::min(s.end, count) - s.start;
    }
    return {counts.begin(), counts.end()};
}

int64_t AnnotationTrack::labelledSampleCount() const
{
    int64_t n = 0;
    for (const Segment& s : m_segments)
        n += s.length();
    return n;
}

QString AnnotationTrack::kindName(Kind kind)
{
    switch (kind) {
    case Kind::GroundTruth:
        return QStringLiteral("ground-truth");
    case Kind::Annotation:
        return QStringLiteral("annotation");
    case Kind::Prediction:
        return QStringLiteral("prediction");
    }
    return QString();
}

bool AnnotationTrack::kindFromName(const QString& name, Kind* kind)
{
    for (Kind k : {Kind::GroundTruth, Kind::Annotation, Kind::Prediction}) {
        if (kindName(k) == name) {
            *kind = k;
            return true;
        }
    }
    return false;
}

} // namespace kinemark
