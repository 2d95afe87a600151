#include "widgets/recording/SegmentLane.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace kinemark {

SegmentLane::SegmentLane(QCPAxis* keyAxis, QCPAxis* valueAxis) : LanePlottable(keyAxis, valueAxis)
{}

void SegmentLane::setTrack(const AnnotationTrack* track, const LabelSet* labelSet,
                           double sampleRateHz)
{
    m_track = track;
    m_labelSet = labelSet;
    setSampleRate(sampleRateHz);
}

const Segment* SegmentLane::segmentAt(double seconds) const
{
    if (!m_track)
        return nullptr;
    const long i = m_track->indexAt(int64_t(std::floor(seconds * m_rate)));
    return i < 0 ? nullptr : &m_track->segments()[size_t(i)];
}

bool SegmentLane::showsSomethingAt(double seconds) const
{
    return segmentAt(seconds) != nullptr;
}

QCPRange SegmentLane::getKeyRange(bool& foundRange, QCP::SignDomain) const
{
    foundRange = m_track && !m_track->isEmpty();
    if (!foundRange)
        return QCPRange();
    return QCPRange(m_track->segments().front().start / m_rate,
                    m_track->segments().back().end / m_rate);
}

void SegmentLane::draw(QCPPainter* painter)
{
    if (!m_track || m_track->isEmpty() || !mKeyAxis || !mValueAxis)
        return;
    const QCPRange visible = mKeyAxis->range();
    const auto& segs = m_track->segments();
    const int64_t firstSample = int64_t(std::floor(visible.lower * m_rate));
    auto it = std::upper_bound(segs.begin(), segs.end(), firstSample,
                               [](int64_t s, const Segment& seg) { return s < seg.end; });
    const double top = mValueAxis->coordToPixel(1), bottom = mValueAxis->coordToPixel(0);
    // Colours parsed once per draw, not per segment (a week has tens of thousands).
    QHash<int32_t, QColor> colours;
    if (m_labelSet)
        for (const LabelClass& c : m_labelSet->classes)
            colours.insert(c.id, c.colour.isEmpty() ? m_fallback : QColor(c.colour));
    painter->setPen(Qt::NoPen);
    for (; it != segs.end(); ++it) {
        const double start = it->start / m_rate;
        if (start > visible.upper)
            break;
        double x0 = mKeyAxis->coordToPixel(start);
        double x1 = mKeyAxis->coordToPixel(it->end / m_rate);
        // At least one pixel. A short segment drawn after a long one in the same
        // pixel wins that pixel, which is what keeps short activities visible.
        if (x1 - x0 < 1.0) {
            x0 = std::floor(x0);
            x1 = x0 + 1.0;
            // Of several sub-pixel segments in one pixel only the last shows: skip the others.
            const auto next = it + 1;
            if (next != segs.end() && next->start == it->end &&
                mKeyAxis->coordToPixel(next->end / m_rate) < x1)
                continue;
        }
        painter->setBrush(m_uniform.isValid() ? m_uniform : colours.value(it->classId, m_fallback));
        painter->drawRect(QRectF(QPointF(x0, top), QPointF(x1, bottom)));
    }
}

void SegmentLane::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const
{
    painter->setBrush(m_fallback);
    painter->setPen(Qt::NoPen);
    painter->drawRect(rect);
}

} // namespace kinemark
