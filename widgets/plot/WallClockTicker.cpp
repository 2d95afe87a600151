#include "widgets/plot/WallClockTicker.h"

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
    return QCPAxisTickerDateTime::getTickLabel(tick + m_start, locale, formatChar, precision);
}

} // namespace kinemark
