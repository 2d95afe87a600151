#pragma once

#include "core/analysis/RocCurve.h"

#include <QColor>
#include <QStringList>
#include <QWidget>
#include <vector>

class QCustomPlot;

namespace kinemark {

class DeferredReplot;

// One-vs-rest ROC curves, one per class that has both positives and
// negatives, each named with its AUC, over the chance diagonal.
class RocCurveView : public QWidget
{
    Q_OBJECT
public:
    explicit RocCurveView(QWidget* parent = nullptr);

    // classColours optional (one per class).
    void setCurves(const std::vector<RocCurve>& curves, const QStringList& classNames,
                   const QVector<QColor>& classColours = {});
    // Number of curves drawn (undefined ones are left out).
    int curveCount() const;
    // class, auc, positives, negatives per class; empty AUC when undefined.
    QString toCsv() const;
    QCustomPlot* plot() const { return m_plot; }

private:
    QCustomPlot* m_plot;
    DeferredReplot* m_replot;
    std::vector<RocCurve> m_curves;
    QStringList m_classNames;
};

} // namespace kinemark
