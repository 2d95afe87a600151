#include "core/base/ElapsedTime.h"

#include <QDateTime>
#include <algorithm>
#include <cmath>

namespace kinemark {

QString ElapsedTime::clock(double seconds, int decimals)
{
    if (!std::isfinite(seconds))
        return QString();
    decimals = std::clamp(decimals, 0, 3);
    const qint64 unitsPerSecond = qint64(std::pow(10, decimals));
    // Rounded once, in units of the last digit shown, so that 59.9996 s is
    // "0:01:00.000" rather than "0:00:60.000".
    const qint64 total = qint64(std::llround(std::abs(seconds) * double(unitsPerSecond)));
    const qint64 whole = total / unitsPerSecond;
    QString text = QStringLiteral("%1%2:%3:%4")
                       .arg(seconds < 0 && total > 0 ? QStringLiteral("-") : QString())
                       .arg(whole / 3600)
                       .arg((whole / 60) % 60, 2, 10, QLatin1Char('0'))
                       .arg(whole % 60, 2, 10, QLatin1Char('0'));
    if (decimals > 0)
        text += QStringLiteral(".%1").arg(total % unitsPerSecond, decimals, 10, QLatin1Char('0'));
    return text;
}

QString ElapsedTime::moment(int64_t startTimeUs, double seconds)
{
    if (startTimeUs == 0)
        return clock(seconds, 3);
    const qint64 ms = startTimeUs / 1000 + qint64(std::llround(seconds * 1000));
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

} // namespace kinemark
