#include "widgets/jobs/DurationText.h"

#include <QCoreApplication>
#include <cmath>

namespace kinemark {

QString DurationText::approximate(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return QString();
    if (seconds < 45)
        return QCoreApplication::translate("DurationText", "under a minute");
    const int minutes = int(std::lround(seconds / 60));
    if (minutes < 90)
        return QCoreApplication::translate("DurationText", "about %n min", nullptr,
                                           std::max(1, minutes));
    // Beyond an hour and a half, ten minutes is as close as an estimate gets.
    const int tens = int(std::lround(seconds / 600));
    const int hours = tens / 6, rest = (tens % 6) * 10;
    return rest == 0 ? QCoreApplication::translate("DurationText", "about %n h", nullptr, hours)
                     : QCoreApplication::translate("DurationText", "about %1 h %2 min")
                           .arg(hours)
                           .arg(rest);
}

} // namespace kinemark
