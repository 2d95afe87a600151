#pragma once

#include "core/timeuse/TimeUseSummary.h"

#include <QWidget>
#include <memory>

namespace kinemark {

// One of the summary charts (TimeUseCharts) as a widget.
class TimeUseChartView : public QWidget
{
    Q_OBJECT
public:
    enum class Chart
    {
        DailyBars,
        HourlyHeatMap
    };
    explicit TimeUseChartView(Chart chart, QWidget* parent = nullptr);
    void setSummary(std::shared_ptr<const TimeUseSummary> summary);
    QSize sizeHint() const override { return QSize(480, 240); }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    Chart m_chart;
    std::shared_ptr<const TimeUseSummary> m_summary;
};

} // namespace kinemark
