#pragma once

#include "core/timeuse/TimeUseSummary.h"

#include <QCoreApplication>
#include <QRectF>

class QPainter;

namespace kinemark {

// The summary charts, painted on any QPainter (panel and PDF alike):
// hours per activity per day as stacked bars, and the hourly profile (mean
// minutes of each activity in each hour of the day) as a heat map.
class TimeUseCharts
{
    Q_DECLARE_TR_FUNCTIONS(TimeUseCharts)
public:
    static void paintDailyBars(QPainter& painter, const QRectF& area, const TimeUseSummary& s);
    static void paintHourlyHeatMap(QPainter& painter, const QRectF& area, const TimeUseSummary& s);
    // Hours between the heat map's hour labels when an hour is `hourWidth`
    // wide and a label needs `labelWidth`: labels never overlap.
    static int hourLabelStep(double hourWidth, double labelWidth);
};

} // namespace kinemark
