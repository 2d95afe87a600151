#include "widgets/analysis/RocCurveView.h"

#include "widgets/plot/DeferredReplot.h"

#include "widgets/plot/PlotExport.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

namespace kinemark {

RocCurveView::RocCurveView(QWidget* parent)
    : QWidget(parent), m_plot(new QCustomPlot(this)), m_replot(new DeferredReplot(m_plot))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setMinimumSize(320, 280);
    m_plot->xAxis->setLabel(tr("false-positive rate"));
    m_plot->yAxis->setLabel(tr("true-positive rate"));
    m_plot->xAxis->setRange(0, 1);
    m_plot->yAxis->setRange(0, 1.02);
    m_plot->legend->setVisible(true);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    m_plot->legend->setFont(small);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
}

void RocCurveView::setCurves(const std::vector<RocCurve>& curves, const QStringList& classNames,
                             const QVector<QColor>& classColours)
{
    m_curves = curves;
    m_classNames = classNames;
    m_plot->clearPlottables();
    auto* chance = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
    chance->setData({0, 1}, {0, 1});
    chance->setPen(QPen(Qt::gray, 1, Qt::DashLine));
    chance->setName(tr("chance"));
    for (size_t c = 0; c < curves.size(); ++c) {
        const RocCurve& roc = curves[c];
        if (!roc.isDefined())
            continue;
        auto* curve = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
        curve->setData(QVector<double>(roc.falsePositiveRate.begin(), roc.falsePositiveRate.end()),
                       QVector<double>(roc.truePositiveRate.begin(), roc.truePositiveRate.end()));
        const QColor colour =
            int(c) < classColours.size() ? classColours[int(c)] : PlotExport::groupColour(int(c));
        curve->setPen(QPen(colour, 2));
        const QString name = int(c) < classNames.size() ? classNames[int(c)] : QString::number(c);
        curve->setName(tr("%1 (AUC %2)").arg(name).arg(roc.auc, 0, 'f', 3));
    }
    m_replot->request();
}

int RocCurveView::curveCount() const
{
    return std::max(0, m_plot->plottableCount() - 1);
}

QString RocCurveView::toCsv() const
{
    QString csv = QStringLiteral("class,auc,positives,negatives\n");
    for (size_t c = 0; c < m_curves.size(); ++c) {
        const RocCurve& roc = m_curves[c];
        csv += QStringLiteral("%1,%2,%3,%4\n")
                   .arg(PlotExport::csvField(int(c) < m_classNames.size() ? m_classNames[int(c)]
                                                                          : QString::number(c)),
                        roc.isDefined() ? QString::number(roc.auc, 'g', 10) : QString())
                   .arg(roc.positives)
                   .arg(roc.negatives);
    }
    return csv;
}

} // namespace kinemark
