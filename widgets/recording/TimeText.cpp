#include "widgets/recording/TimeText.h"

#include "core/base/ElapsedTime.h"

#include <QDateTime>
#include <QRegularExpression>
#include <cmath>

namespace kinemark {

QString TimeText::relative(double seconds)
{
    // ElapsedTime's clock to the hundredth (one rounding: 59.999 is 1:00.00, never 0:60.00),
    // without the hours and the minutes' leading zero under an hour: "1:02.50", "0:05.00".
    const QString clock = ElapsedTime::clock(std::max(0.0, seconds), 2);
    if (clock.startsWith(QLatin1String("0:0")))
        return clock.mid(3);
    return clock.startsWith(QLatin1String("0:")) ? clock.mid(2) : clock;
}

QString TimeText::wallClock(int64_t startTimeUs, double seconds)
{
    if (startTimeUs == 0)
        return QString();
    const qint64 ms = startTimeUs / 1000 + qint64(std::llround(seconds * 1000));
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-dd hh:mm:ss.zzz"));
}

std::optional<double> TimeText::parse(const QString& input, double durationSeconds,
                                      int64_t startTimeUs, QString* error)
{
    auto fail = [error](const QString& why) -> std::optional<double> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QString text = input.trimmed();
    if (text.isEmpty())
        return fail(tr("Enter a time"));
    std::optional<double> seconds;
    static const QRegularExpression plain(QStringLiteral("^\\d+(\\.\\d*)?$"));
    static const QRegularExpression clock(
        QStringLiteral("^(?:(\\d+):)?(\\d{1,2}):(\\d{1,2}(?:\\.\\d*)?)$"));
    static const QRegularExpression date(QStringLiteral(
        "^(\\d{4})-(\\d{2})-(\\d{2})[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}(?:\\.\\d{1,3})?))?$"));
    if (plain.match(text).hasMatch()) {
        seconds = text.toDouble();
    } else if (const auto m = clock.match(text); m.hasMatch()) {
        const double h = m.captured(1).isEmpty() ? 0 : m.captured(1).toDouble();
        const double min = m.captured(2).toDouble(), sec = m.captured(3).toDouble();
        // Minutes and seconds stay below 60 when a larger unit is given: "1:75" is a typo.
        if (sec >= 60 || (!m.captured(1).isEmpty() && min >= 60))
            return fail(tr("Minutes and seconds run from 0 to 59"));
        seconds = h * 3600 + min * 60 + sec;
    } else if (const auto m = date.match(text); m.hasMatch()) {
        if (startTimeUs == 0)
            return fail(tr("This recording has no date and time of day; enter a time from its "
                           "start, e.g. 1:02:03"));
        const QDate d(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
        const double sec = m.captured(6).isEmpty() ? 0 : m.captured(6).toDouble();
        const QTime t(m.captured(4).toInt(), m.captured(5).toInt(), int(sec));
        if (!d.isValid() || !t.isValid())
            return fail(tr("%1 is not a valid date and time").arg(text));
        const QDateTime at(d, t, Qt::UTC);
        const double fromStart =
            (at.toMSecsSinceEpoch() - double(startTimeUs) / 1000.0) / 1000.0 + (sec - int(sec));
        seconds = fromStart;
    } else {
        return fail(startTimeUs != 0
                        ? tr("Enter h:mm:ss from the start, seconds, or a date and time "
                             "yyyy-MM-dd hh:mm:ss (UTC)")
                        : tr("Enter h:mm:ss from the start, or seconds"));
    }
    if (*seconds < 0)
        return fail(tr("%1 is before the recording starts").arg(text));
    if (*seconds > durationSeconds)
        return fail(tr("%1 is after the recording ends (at %2)")
                        .arg(text, startTimeUs != 0 ? wallClock(startTimeUs, durationSeconds)
                                                    : relative(durationSeconds)));
    return seconds;
}

} // namespace kinemark
