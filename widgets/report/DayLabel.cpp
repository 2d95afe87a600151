#include "widgets/report/DayLabel.h"

#include <QLocale>

namespace kinemark {

QString DayLabel::of(const TimeUseSummary& summary, int day, Length length)
{
    if (day < 0 || day >= int(summary.days.size()))
        return QString();
    if (!hasDates(summary)) {
        // Counted from the recording's first (partial) day, as a clinician
        // numbers the days of a wear protocol.
        const QDate first = summary.days.front().date;
        const qint64 n = summary.days[size_t(day)].date.toJulianDay() - first.toJulianDay() + 1;
        return length == Length::Long ? tr("Day %1").arg(n) : QString::number(n);
    }
    const QDate date = summary.days[size_t(day)].date;
    switch (length) {
    case Length::Short:
        return QLocale().toString(date, QStringLiteral("ddd d"));
    case Length::Number:
        return QLocale().toString(date, QStringLiteral("d"));
    case Length::Long:
        break;
    }
    return QLocale().toString(date, QStringLiteral("ddd d MMM"));
}

} // namespace kinemark
