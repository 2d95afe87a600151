#include "widgets/analysis/ConfusionMatrixView.h"

#include "widgets/plot/DeferredReplot.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <stdexcept>

namespace kinemark {

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent)
    : QWidget(parent), m_plot(new QCustomPlot(this)), m_replot(new DeferredReplot(m_plot))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setMinimumSize(320, 280);
    m_plot->xAxis->setLabel(tr("predicted class"));
    m_plot->yAxis->setLabel(tr("true class"));
    m_plot->yAxis->setRangeReversed(true); // first class on top, as the matrix is read
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->yAxis->grid()->setVisible(false);
    m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_map->setInterpolate(false);
    m_scale = new QCPColorScale(m_plot);
    m_plot->plotLayout()->addElement(0, 1, m_scale);
    m_map->setColorScale(m_scale);
    QCPColorGradient gradient;
    gradient.setColorStopAt(0, QColor(247, 251, 255));
    gradient.setColorStopAt(0.5, QColor(107, 174, 214));
    gradient.setColorStopAt(1, QColor(8, 48, 107));
    m_map->setGradient(gradient);
    auto* margins = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    connect(m_plot, &QCustomPlot::mousePress, this, &ConfusionMatrixView::onMousePress);
}

void ConfusionMatrixView::setItems(const QStringList& classNames, const std::vector<int32_t>& truth,
                                   const std::vector<int32_t>& predicted,
                                   const QVector<ItemOrigin>& origins)
{
    if (truth.size() != predicted.size() ||
        (!origins.isEmpty() && size_t(origins.size()) != truth.size()))
        throw std::invalid_argument("ConfusionMatrixView: items differ in length");
    const int k = int(classNames.size());
    m_classNames = classNames;
    m_counts.assign(size_t(k * k), 0);
    m_cellItems.assign(size_t(k * k), {});
    for (size_t i = 0; i < truth.size(); ++i) {
        if (truth[i] < 0 || truth[i] >= k || predicted[i] < 0 || predicted[i] >= k)
            throw std::invalid_argument("ConfusionMatrixView: class index out of range");
        const size_t cell = size_t(truth[i]) * size_t(k) + size_t(predicted[i]);
        ++m_counts[cell];
        m_cellItems[cell].push_back(int32_t(i));
    }
    m_origins = origins;
    rebuild();
}

void ConfusionMatrixView::setRowNormalised(bool normalised)
{
    if (normalised == m_rowNormalised)
        return;
    m_rowNormalised = normalised;
    rebuild();
}

int64_t ConfusionMatrixView::count(int truthClass, int predictedClass) const
{
    return m_counts.at(size_t(truthClass) * size_t(classCount()) + size_t(predictedClass));
}

QVector<ItemOrigin> ConfusionMatrixView::spansInCell(int truthClass, int predictedClass) const
{
    if (m_origins.isEmpty() || truthClass < 0 || predictedClass < 0 || truthClass >= classCount() ||
        predictedClass >= classCount())
        return {};
    QVector<ItemOrigin> items;
    for (int32_t i :
         m_cellItems[size_t(truthClass) * size_t(classCount()) + size_t(predictedClass)])
        items.push_back(m_origins[i]);
    return ItemOrigin::mergedSpans(items);
}

QPoint ConfusionMatrixView::cellCentre(int truthClass, int predictedClass) const
{
    const QPointF inPlot(m_plot->xAxis->coordToPixel(predictedClass),
                         m_plot->yAxis->coordToPixel(truthClass));
    return m_plot->mapTo(this, inPlot.toPoint());
}

QString ConfusionMatrixView::toCsv() const
{
    auto quoted = [](QString s) { return '"' + s.replace('"', "\"\"") + '"'; };
    QString csv = quoted(tr("true \\ predicted"));
    for (const QString& name : m_classNames)
        csv += ',' + quoted(name);
    csv += '\n';
    for (int t = 0; t < classCount(); ++t) {
        csv += quoted(m_classNames[t]);
        for (int p = 0; p < classCount(); ++p)
            csv += ',' + QString::number(count(t, p));
        csv += '\n';
    }
    return csv;
}

std::vector<double> ConfusionMatrixView::cellValues() const
{
    const int k = classCount();
    std::vector<double> values(size_t(k) * size_t(k));
    for (int t = 0; t < k; ++t) {
        int64_t rowTotal = 0;
        for (int p = 0; p < k; ++p)
            rowTotal += count(t, p);
        for (int p = 0; p < k; ++p)
            values[size_t(t) * size_t(k) + size_t(p)] =
                m_rowNormalised ? (rowTotal > 0 ? double(count(t, p)) / double(rowTotal) : 0.0)
                                : double(count(t, p));
    }
    return values;
}

void ConfusionMatrixView::rebuild()
{
    const int k = classCount();
    m_plot->clearItems();
    m_map->data()->setSize(std::max(k, 1), std::max(k, 1));
    m_map->data()->setRange(QCPRange(0, std::max(k - 1, 0)), QCPRange(0, std::max(k - 1, 0)));
    double largest = 0;
    QFont cellFont = font();
    if (k > 10)
        cellFont.setPointSizeF(cellFont.pointSizeF() * 0.75);
    const std::vector<double> values = cellValues();
    for (int t = 0; t < k; ++t) {
        for (int p = 0; p < k; ++p) {
            const double value = values[size_t(t) * size_t(k) + size_t(p)];
            m_map->data()->setCell(p, t, value);
            largest = std::max(largest, value);
        }
    }
    const double top = m_rowNormalised ? 1.0 : std::max(largest, 1.0);
    m_map->setDataRange(QCPRange(0, top));
    m_scale->axis()->setLabel(m_rowNormalised ? tr("share of the true class") : tr("items"));
    for (int t = 0; t < k; ++t) {
        for (int p = 0; p < k; ++p) {
            const double value = values[size_t(t) * size_t(k) + size_t(p)];
            auto* text = new QCPItemText(m_plot);
            text->position->setCoords(p, t);
            text->setFont(cellFont);
            text->setText(m_rowNormalised ? QString::number(value, 'f', 2)
                                          : QString::number(count(t, p)));
            // Dark cells get white figures.
            text->setColor(value > 0.55 * top ? Qt::white : Qt::black);
            text->setClipToAxisRect(true);
        }
    }
    QSharedPointer<QCPAxisTickerText> xTicks(new QCPAxisTickerText);
    QSharedPointer<QCPAxisTickerText> yTicks(new QCPAxisTickerText);
    for (int c = 0; c < k; ++c) {
        xTicks->addTick(c, m_classNames[c]);
        yTicks->addTick(c, m_classNames[c]);
    }
    m_plot->xAxis->setTicker(xTicks);
    m_plot->yAxis->setTicker(yTicks);
    m_plot->xAxis->setTickLabelRotation(k > 4 ? 35 : 0);
    m_plot->xAxis->setRange(-0.5, k - 0.5);
    m_plot->yAxis->setRange(-0.5, k - 0.5);
    m_replot->request();
}

void ConfusionMatrixView::onMousePress(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || classCount() == 0)
        return;
    if (!m_plot->axisRect()->rect().contains(event->pos()))
        return;
    const int predicted = int(std::lround(m_plot->xAxis->pixelToCoord(event->pos().x())));
    const int truth = int(std::lround(m_plot->yAxis->pixelToCoord(event->pos().y())));
    if (truth < 0 || predicted < 0 || truth >= classCount() || predicted >= classCount())
        return;
    Q_EMIT cellClicked(truth, predicted, spansInCell(truth, predicted));
}

} // namespace kinemark
