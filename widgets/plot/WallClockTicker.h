#pragma once

#include <qcustomplot.h>

namespace kinemark {

// Date-time ticks for axes whose keys are seconds from a recording's start:
// ticks fall on round wall-clock times (whole hours, minutes, ...) and labels
// show wall-clock time, though the keys stay small and exact. Without a start
// (0: the recording has no absolute time) labels show the time from the start.
class WallClockTicker : public QCPAxisTickerDateTime
{
public:
    void setStartEpochSeconds(double start) { m_start = start; }
    double startEpochSeconds() const { return m_start; }

protected:
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override;
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar,
                         int precision) override;

private:
    double m_start = 0;
};

} // namespace kinemark
