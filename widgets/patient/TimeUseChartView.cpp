#include "widgets/patient/TimeUseChartView.h"

#include "widgets/report/TimeUseCharts.h"

#include <QPainter>

namespace kinemark {

TimeUseChartView::TimeUseChartView(Chart chart, QWidget* parent) : QWidget(parent), m_chart(chart)
{
    setMinimumSize(240, 160);
}

void TimeUseChartView::setSummary(std::shared_ptr<const TimeUseSummary> summary)
{
    m_summary = std::move(summary);
    update();
}

void TimeUseChartView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    if (!m_summary)
        return;
    const QRectF area = QRectF(rect()).adjusted(6, 4, -6, -4);
    if (m_chart == Chart::DailyBars)
        TimeUseCharts::paintDailyBars(painter, area, *m_summary);
    else
        TimeUseCharts::paintHourlyHeatMap(painter, area, *m_summary);
}

} // namespace kinemark
