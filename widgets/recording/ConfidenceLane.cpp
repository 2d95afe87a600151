#include "widgets/recording/ConfidenceLane.h"

#include <cmath>

namespace kinemark {

ConfidenceLane::ConfidenceLane(QCPAxis* keyAxis, QCPAxis* valueAxis)
    : LanePlottable(keyAxis, valueAxis)
{}

void ConfidenceLane::setProbabilities(const ClassProbabilities* probabilities, double sampleRateHz)
{
    m_probabilities = probabilities;
    setSampleRate(sampleRateHz);
}

double ConfidenceLane::confidenceAt(double seconds) const
{
    if (!m_probabilities)
        return std::nan("");
    const long row = m_probabilities->rowAt(int64_t(std::floor(seconds * m_rate)));
    return row < 0 ? std::nan("") : double(m_probabilities->confidence(size_t(row)));
}

bool ConfidenceLane::showsSomethingAt(double seconds) const
{
    return !std::isnan(confidenceAt(seconds));
}

QCPRange ConfidenceLane::getKeyRange(bool& foundRange, QCP::SignDomain) const
{
    foundRange = m_probabilities && !m_probabilities->isEmpty();
    if (!foundRange)
        return QCPRange();
    const double start = m_probabilities->start / m_rate;
    return QCPRange(start,
                    start + double(m_probabilities->rowCount() * m_probabilities->step) / m_rate);
}

void ConfidenceLane::draw(QCPPainter* painter)
{
    if (!m_probabilities || m_probabilities->isEmpty() || !mKeyAxis || !mValueAxis)
        return;
    const QRect area = mKeyAxis->axisRect()->rect();
    const int columns = std::max(1, area.width());
    m_columns.resize(size_t(columns));
    const QCPRange visible = mKeyAxis->range();
    m_probabilities->minimumConfidence(visible.lower * m_rate, visible.upper * m_rate, columns,
                                       m_columns.data());
    const double bottom = mValueAxis->coordToPixel(0);
    const QColor sure(QStringLiteral("#7f8c9a")), doubtful(QStringLiteral("#e6550d"));
    painter->setPen(Qt::NoPen);
    for (int x = 0; x < columns; ++x) {
        const float c = m_columns[size_t(x)];
        if (std::isnan(c))
            continue;
        const double top = mValueAxis->coordToPixel(c);
        painter->setBrush(c < m_threshold ? doubtful : sure);
        painter->drawRect(
            QRectF(QPointF(area.left() + x, top), QPointF(area.left() + x + 1, bottom)));
    }
    // The threshold as a faint line, so that bars read against it.
    painter->setPen(QPen(QColor(0, 0, 0, 60), 1, Qt::DotLine));
    const double y = mValueAxis->coordToPixel(m_threshold);
    painter->drawLine(QLineF(area.left(), y, area.right(), y));
}

void ConfidenceLane::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const
{
    painter->setBrush(QColor(QStringLiteral("#7f8c9a")));
    painter->setPen(Qt::NoPen);
    painter->drawRect(rect);
}

} // namespace kinemark
