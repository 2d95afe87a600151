#pragma once

#include "core/timeuse/TimeUseSummary.h"

#include <QWidget>
#include <memory>

class QLabel;
class QTableWidget;

namespace kinemark {

class TimeUseChartView;

// Beside the day view: the daily time-use table (days with too little wear
// flagged, means over valid days), hours per activity per day as stacked
// bars, and the hourly profile as a heat map.
class TimeUseSummaryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TimeUseSummaryPanel(QWidget* parent = nullptr);
    void setSummary(std::shared_ptr<const TimeUseSummary> summary);
    QTableWidget* table() const { return m_table; }

private:
    QLabel* m_note = nullptr;
    QTableWidget* m_table = nullptr;
    TimeUseChartView* m_bars = nullptr;
    TimeUseChartView* m_heatMap = nullptr;
};

} // namespace kinemark
