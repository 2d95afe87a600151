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
    // Marks are drawn after the fills, so that a neighbour's fill never covers them.
    std::vector<std::pair<QRectF, const Segment*>> marked;
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
        const QRectF box(QPointF(x0, top), QPointF(x1, bottom));
        painter->drawRect(box);
        if ((it->unsure || !it->note.isEmpty()) && x1 - x0 >= 4)
            marked.emplace_back(box, &*it);
    }
    // The edited lane's frame, under the marks so that it never hides one:
    // black outside, white inside, so that it shows on any class colour (a
    // blue frame vanished on the blue of standing).
    if (m_edited) {
        // Filled bands, whole pixels: pens are rounded differently with and
        // without antialiasing.
        const auto band = [painter](const QRect& r, int width, const QColor& colour) {
            painter->fillRect(QRect(r.left(), r.top(), r.width(), width), colour);
            painter->fillRect(QRect(r.left(), r.bottom() - width + 1, r.width(), width), colour);
            painter->fillRect(QRect(r.left(), r.top(), width, r.height()), colour);
            painter->fillRect(QRect(r.right() - width + 1, r.top(), width, r.height()), colour);
        };
        const QRect frame = mKeyAxis->axisRect()->rect();
        band(frame, 2, frameOuterColour());
        band(frame.adjusted(2, 2, -2, -2), 2, frameInnerColour());
    }
    for (const auto& [box, s] : marked) {
        if (s->unsure) {
            // Hatched and outlined with dashes: "not sure" reads at any class colour.
            painter->setPen(Qt::NoPen);
            painter->setBrush(QBrush(QColor(255, 255, 255, 170), Qt::BDiagPattern));
            painter->drawRect(box);
            painter->setBrush(QBrush(QColor(0, 0, 0, 110), Qt::FDiagPattern));
            painter->drawRect(box);
            painter->setBrush(Qt::NoBrush);
            painter->setPen(QPen(QColor(30, 30, 30), 1.2, Qt::DashLine));
            painter->drawRect(box.adjusted(0.6, 0.6, -0.6, -0.6));
        }
        if (!s->note.isEmpty()) {
            // A folded corner at the top right, as notes look in document tools.
            const double size = std::min({7.0, box.width() - 1, box.height() - 1});
            const QPointF corner = box.topRight();
            const QPointF points[3] = {corner, corner + QPointF(-size, 0),
                                       corner + QPointF(0, size)};
            painter->setPen(QPen(Qt::white, 1));
            painter->setBrush(QColor(25, 25, 25));
            painter->drawPolygon(points, 3);
        }
    }
}

void SegmentLane::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const
{
    painter->setBrush(m_fallback);
    painter->setPen(Qt::NoPen);
    painter->drawRect(rect);
}

} // namespace kinemark
