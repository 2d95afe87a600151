#include "widgets/jobs/JobView.h"

#include "widgets/jobs/DurationText.h"

#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>
#include <QResizeEvent>
#include <QToolButton>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace kinemark {

namespace {
bool isScore(const QString& curve)
{
    return curve.startsWith(QLatin1String("val"), Qt::CaseInsensitive) ||
           curve.endsWith(QLatin1String("F1"), Qt::CaseInsensitive) ||
           curve.contains(QLatin1String("accuracy"), Qt::CaseInsensitive);
}

bool isWeight(const QString& curve)
{
    return curve.startsWith(QLatin1String("weight "), Qt::CaseInsensitive);
}
} // namespace

JobView::JobView(const QString& title, QWidget* parent)
    : QWidget(parent), m_title(new QLabel(title, this)), m_progress(new QProgressBar(this)),
      m_status(new QLabel(this)), m_cancel(new QToolButton(this)), m_plot(new QCustomPlot(this)),
      m_eta(new QLabel(this)), m_remaining(std::numeric_limits<double>::quiet_NaN())
{
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop this job; the project and earlier models stay as they are"));
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_status->setText(tr("Cancelling…"));
        Q_EMIT cancelRequested();
    });
    m_status->setWordWrap(true);
    m_plot->setMinimumHeight(kMinimumPlotHeight);
    // The legend is a row of its own above the curves: inside the data area it
    // covered them in a dock-sized plot.
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(0, 0.001);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setBrush(Qt::NoBrush);
    m_plot->legend->setMargins(QMargins(4, 2, 4, 0));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    m_plot->legend->setFont(small);
    m_plot->legend->setIconSize(18, 8); // compact: up to ten curves in a dock
    m_plot->legend->setRowSpacing(0);
    m_plot->legend->setColumnSpacing(8);
    // Epochs are whole numbers: a tick per epoch, or per 2, 5, 10... on long runs.
    QSharedPointer<QCPAxisTickerFixed> epochTicks(new QCPAxisTickerFixed);
    epochTicks->setTickStep(1);
    epochTicks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(epochTicks);
    m_plot->xAxis->setRange(0.9, 1.1);
    m_plot->xAxis->setLabel(tr("epoch"));
    m_plot->yAxis->setLabel(tr("loss"));
    m_plot->yAxis2->setLabel(tr("score"));
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setRange(0, 1);
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis, m_plot->yAxis2}) {
        axis->setLabelFont(small);
        axis->setTickLabelFont(small);
    }
    m_plot->setVisible(false); // until the first point
    // The legend's columns follow the plot's own width, known once the
    // layout has placed it (beside or under the text).
    m_plot->installEventFilter(this);

    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_eta->setObjectName(QStringLiteral("remainingTime"));
    m_eta->setAlignment(Qt::AlignRight | Qt::AlignTop);
    layout->addWidget(m_title, 0, 0);
    layout->addWidget(m_cancel, 0, 1);
    layout->addWidget(m_progress, 1, 0, 1, 2);
    layout->addWidget(m_status, 2, 0);
    layout->addWidget(m_eta, 2, 1);
    layout->addWidget(m_plot, 3, 0, 1, 2);
    layout->setRowStretch(3, 1); // a taller view gives its height to the curves
}

void JobView::arrange(bool wide)
{
    // A job without curves (a prediction, a t-SNE map) keeps its progress bar
    // the view's width.
    wide = wide && !m_graphs.isEmpty();
    if (wide == m_wide)
        return;
    m_wide = wide;
    auto* grid = static_cast<QGridLayout*>(layout());
    grid->removeWidget(m_plot);
    if (wide) {
        // Text in a column of its own on the left, the curves the view's
        // whole height on the right: under the text they got what was left
        // of a short dock and needed scrolling.
        grid->addWidget(m_plot, 0, 2, 4, 1);
        grid->setRowStretch(3, 1);
        grid->setColumnMinimumWidth(0, 220);
        grid->setColumnStretch(0, 1);
        grid->setColumnStretch(2, 3);
    } else {
        grid->addWidget(m_plot, 3, 0, 1, 2);
        grid->setRowStretch(3, 1);
        grid->setColumnMinimumWidth(0, 0);
        grid->setColumnStretch(0, 0);
        grid->setColumnStretch(2, 0);
    }
    fitPlotHeight();
}

void JobView::fitPlotHeight()
{
    const int extraForWeights = m_weightPanel ? 40 : 0;
    m_plot->setMinimumHeight((m_wide ? kMinimumWidePlotHeight : kMinimumPlotHeight) +
                             extraForWeights);
}

void JobView::setProgress(double fraction, const QString& status)
{
    m_progress->setValue(int(std::clamp(fraction, 0.0, 1.0) * 1000));
    if (!status.isEmpty() && m_cancel->isEnabled())
        m_status->setText(status);
}

QCPGraph* JobView::graphFor(const QString& curve)
{
    if (QCPGraph* g = m_graphs.value(curve))
        return g;
    // Ten colours: a composite loss with its weights and scores has nine curves.
    static const QList<QColor> palette{QColor("#1f77b4"), QColor("#d62728"), QColor("#2ca02c"),
                                       QColor("#9467bd"), QColor("#ff7f0e"), QColor("#8c564b"),
                                       QColor("#e377c2"), QColor("#7f7f7f"), QColor("#bcbd22"),
                                       QColor("#17becf")};
    const bool score = isScore(curve);
    QCPGraph* g = nullptr;
    if (isWeight(curve)) {
        // Weights live in [0, 1] and move by a few hundredths an epoch: on the
        // loss axis they were flat lines among the losses.
        QCPAxisRect* panel = weightPanel();
        g = m_plot->addGraph(panel->axis(QCPAxis::atBottom), panel->axis(QCPAxis::atLeft));
        g->removeFromLegend(m_plot->legend);
        g->addToLegend(m_weightLegend);
    } else {
        g = m_plot->addGraph(m_plot->xAxis, score ? m_plot->yAxis2 : m_plot->yAxis);
    }
    g->setName(curve);
    QPen pen(palette[m_graphs.size() % palette.size()], 1.5);
    if (score)
        pen.setStyle(Qt::DashLine);
    g->setPen(pen);
    // A dot per epoch: after the first epoch a curve is one point, which a
    // line alone does not draw.
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, pen.color(), 4));
    m_graphs.insert(curve, g);
    m_plot->setVisible(true);
    arrange(width() >= kWideWidth);
    return g;
}

QCPAxisRect* JobView::weightPanel()
{
    if (m_weightPanel)
        return m_weightPanel;
    m_weightPanel = new QCPAxisRect(m_plot);
    const int row = m_plot->plotLayout()->rowCount(); // under the legend and the losses
    m_plot->plotLayout()->addElement(row, 0, m_weightPanel);
    m_plot->plotLayout()->setRowStretchFactor(row, 0.6);
    // The panels' plot areas line up, and the epochs are written once, underneath.
    auto* margins = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    m_weightPanel->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    m_plot->xAxis->setLabel(QString());
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    QCPAxis* epochs = m_weightPanel->axis(QCPAxis::atBottom);
    QCPAxis* weights = m_weightPanel->axis(QCPAxis::atLeft);
    epochs->setLabel(tr("epoch"));
    weights->setLabel(tr("loss weight"));
    for (QCPAxis* axis : {epochs, weights}) {
        axis->setLabelFont(small);
        axis->setTickLabelFont(small);
    }
    epochs->setTicker(m_plot->xAxis->ticker());
    epochs->setRange(m_plot->xAxis->range());
    connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), epochs,
            qOverload<const QCPRange&>(&QCPAxis::setRange));
    m_weightLegend = new QCPLegend;
    m_weightPanel->insetLayout()->addElement(m_weightLegend, Qt::AlignTop | Qt::AlignRight);
    m_weightLegend->setLayer(QStringLiteral("legend"));
    m_weightLegend->setFont(small);
    m_weightLegend->setBrush(m_plot->legend->brush());
    m_weightLegend->setIconSize(m_plot->legend->iconSize());
    m_weightLegend->setRowSpacing(0);
    fitPlotHeight();
    return m_weightPanel;
}

void JobView::addPoint(const QString& curve, double x, double y)
{
    if (!std::isfinite(y))
        return;
    graphFor(curve)->addData(x, y);
    bool found = false;
    fitEpochAxis();
    QCPRange losses;
    bool any = false;
    for (QCPGraph* g : std::as_const(m_graphs)) {
        if (g->valueAxis() != m_plot->yAxis)
            continue;
        const QCPRange r = g->getValueRange(found);
        if (found) {
            losses =
                any ? QCPRange(std::min(losses.lower, r.lower), std::max(losses.upper, r.upper))
                    : r;
            any = true;
        }
    }
    if (any)
        m_plot->yAxis->setRange(std::min(0.0, losses.lower), losses.upper * 1.05 + 1e-9);
    if (m_weightPanel) {
        // Close around the weights, so that a step of the feedback rule shows.
        QCPAxis* axis = m_weightPanel->axis(QCPAxis::atLeft);
        double lowest = std::numeric_limits<double>::max(), highest = -lowest;
        for (QCPGraph* g : std::as_const(m_graphs)) {
            if (g->valueAxis() != axis)
                continue;
            const QCPRange r = g->getValueRange(found);
            if (found) {
                lowest = std::min(lowest, r.lower);
                highest = std::max(highest, r.upper);
            }
        }
        if (lowest <= highest)
            axis->setRange(lowest - 0.05, highest + 0.05);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void JobView::setEpochCount(int epochs)
{
    m_epochs = std::max(0, epochs);
    fitEpochAxis();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void JobView::fitEpochAxis()
{
    // From epoch 1 to the run's last (or the last seen): a one-point range was
    // refused by the axis, which then kept its default 0..5.
    double last = std::max(1, m_epochs);
    for (QCPGraph* g : std::as_const(m_graphs)) {
        bool found = false;
        const QCPRange keys = g->getKeyRange(found);
        if (found)
            last = std::max(last, keys.upper);
    }
    const double margin = std::max(0.1, (last - 1) * 0.03);
    m_plot->xAxis->setRange(1 - margin, last + margin);
}

void JobView::fitLegendColumns()
{
    // As many entries a row as fit (about 150 px each), at least one.
    const int columns = std::max(1, (m_plot->width() - 8) / 150);
    if (m_plot->legend->wrap() != columns) {
        m_plot->legend->setWrap(columns);
        m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

bool JobView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot && event->type() == QEvent::Resize)
        fitLegendColumns();
    return QWidget::eventFilter(watched, event);
}

void JobView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    arrange(width() >= kWideWidth);
}

int JobView::pointCount(const QString& curve) const
{
    const QCPGraph* g = m_graphs.value(curve);
    return g ? g->dataCount() : 0;
}

void JobView::setRemainingEstimate(double seconds)
{
    m_remaining = seconds;
    m_eta->setText(remainingText());
}

void JobView::epochFinished(int epoch, int epochs, double seconds)
{
    if (epochs != m_epochs)
        setEpochCount(epochs); // the epoch axis spans the run from its first epoch
    if (!std::isfinite(seconds) || seconds < 0)
        return;
    m_epochSeconds.append(seconds);
    while (m_epochSeconds.size() > 5)
        m_epochSeconds.removeFirst();
    double sum = 0;
    for (double s : std::as_const(m_epochSeconds))
        sum += s;
    setRemainingEstimate(sum / m_epochSeconds.size() * std::max(0, epochs - epoch));
}

QString JobView::remainingText() const
{
    const QString about = DurationText::approximate(m_remaining);
    return about.isEmpty() || !m_running ? QString() : tr("%1 left").arg(about);
}

void JobView::finish(bool ok, const QString& message)
{
    m_running = false;
    m_eta->clear();
    m_cancel->setVisible(false);
    if (ok)
        m_progress->setValue(m_progress->maximum());
    m_status->setText(message);
    QPalette p = m_status->palette();
    p.setColor(QPalette::WindowText,
               ok ? palette().color(QPalette::WindowText) : QColor("#b00020"));
    m_status->setPalette(p);
}

} // namespace kinemark
