#include "widgets/plot/WallClockTicker.h"

#include "core/base/ElapsedTime.h"

namespace kinemark {

QVector<double> WallClockTicker::createTickVector(double tickStep, const QCPRange& range)
{
    QVector<double> ticks = QCPAxisTickerDateTime::createTickVector(
        tickStep, QCPRange(range.lower + m_start, range.upper + m_start));
    for (double& t : ticks)
        t -= m_start;
    return ticks;
}

QString WallClockTicker::getTickLabel(double tick, const QLocale& locale, QChar formatChar,
                                      int precision)
{
    // A recording without an absolute start (0) is labelled with the time
    // from its start: "0:01:40", never a 1970 date or weekday.
    if (m_start == 0)
        return ElapsedTime::clock(tick, dateTimeFormat().contains(QLatin1String("zzz")) ? 3 : 0);
    return QCPAxisTickerDateTime::getTickLabel(tick + m_start, locale, formatChar, precision);
}

} // namespace kinemark
