#pragma once

#include "core/learning/ItemOrigin.h"

#include <QColor>
#include <QStringList>
#include <QWidget>
#include <cstdint>
#include <vector>

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QMouseEvent;

namespace kinemark {

class DeferredReplot;

// Heat map of a confusion matrix: rows are the true classes (top to bottom),
// columns the predicted ones, each cell labelled with its count or its share
// of the row, with a colour bar. Clicking a cell emits the spans of the
// recordings behind it, so that the timeline can jump to each.
class ConfusionMatrixView : public QWidget
{
    Q_OBJECT
public:
    explicit ConfusionMatrixView(QWidget* parent = nullptr);

    // truth and predicted are class indices 0..classNames.size()-1 per item;
    // origins (same length, or empty) say where each item came from.
    void setItems(const QStringList& classNames, const std::vector<int32_t>& truth,
                  const std::vector<int32_t>& predicted, const QVector<ItemOrigin>& origins);
    // Counts (false) or each row divided by its total (true).
    void setRowNormalised(bool normalised);
    bool isRowNormalised() const { return m_rowNormalised; }

    int classCount() const { return int(m_classNames.size()); }
    int64_t count(int truthClass, int predictedClass) const;
    // The merged spans of the items in a cell.
    QVector<ItemOrigin> spansInCell(int truthClass, int predictedClass) const;
    // Widget coordinates of a cell's centre (after the plot was laid out).
    QPoint cellCentre(int truthClass, int predictedClass) const;
    // The matrix as CSV: a header of predicted classes, one row per true class.
    QString toCsv() const;
    QCustomPlot* plot() const { return m_plot; }

Q_SIGNALS:
    void cellClicked(int truthClass, int predictedClass,
                     const QVector<kinemark::ItemOrigin>& spans);

private:
    // What each cell shows, k x k by true class: its count, or its share of the
    // row when row-normalised (the colour map and the cell labels agree).
    std::vector<double> cellValues() const;
    void rebuild();
    void onMousePress(QMouseEvent* event);

    QCustomPlot* m_plot;
    DeferredReplot* m_replot;
    QCPColorMap* m_map = nullptr;
    QCPColorScale* m_scale = nullptr;
    QStringList m_classNames;
    std::vector<int64_t> m_counts;                 // k x k
    std::vector<std::vector<int32_t>> m_cellItems; // item indices per cell
    QVector<ItemOrigin> m_origins;
    bool m_rowNormalised = false;
};

} // namespace kinemark
