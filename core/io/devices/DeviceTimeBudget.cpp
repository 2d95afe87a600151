#include "core/io/devices/DeviceTimeBudget.h"

#include "core/io/RecordingSizeLimit.h"
#include "core/io/devices/DeviceFileSupport.h"

#include <algorithm>
#include <cmath>

namespace kinemark {

double DeviceTimeBudget::allowedSpanS(double samples, double rateHz)
{
    return kSpanFactor * (rateHz > 0 ? samples / rateHz : 0) + kAllowanceS;
}

QString DeviceTimeBudget::Walker::take(const Stamp& stamp)
{
    const double t = stamp.timeS;
    if (!std::isfinite(t))
        return QStringLiteral("its time stamp is not a number");
    if (!m_any) {
        m_any = true;
        m_min = m_max = m_previous = t;
        return QString();
    }
    if (t < m_previous - kMaxBackS)
        return QStringLiteral("its time stamp %1 is %2 before the previous %3's (%4); a "
                              "device's clock does not go back by more than %5")
            .arg(DeviceFileSupport::formatSeconds(t),
                 RecordingSizeLimit::formatDuration(m_previous - t), m_unit,
                 DeviceFileSupport::formatSeconds(m_previous),
                 RecordingSizeLimit::formatDuration(kMaxBackS));
    const double lo = std::min(m_min, t), hi = std::max(m_max, t);
    if (hi - lo > m_allowed)
        return QStringLiteral("its time stamp %1 would make the file span %2 (from %3 to %4), "
                              "more than its samples allow: at most %5 (%6 times the time its "
                              "samples take, plus %7)")
            .arg(DeviceFileSupport::formatSeconds(t), RecordingSizeLimit::formatDuration(hi - lo),
                 DeviceFileSupport::formatSeconds(lo), DeviceFileSupport::formatSeconds(hi),
                 RecordingSizeLimit::formatDuration(m_allowed))
            .arg(kSpanFactor)
            .arg(RecordingSizeLimit::formatDuration(kAllowanceS));

    m_min = lo;
    m_max = hi;
    m_previous = t;
    return QString();
}

void DeviceTimeBudget::check(const std::vector<Stamp>& stamps, double samples, double rateHz,
                             const QString& unit, const Refuse& refuse)
{
    Walker walker(allowedSpanS(samples, rateHz), unit);
    for (const Stamp& s : stamps) {
        const QString why = walker.take(s);
        if (!why.isEmpty())
            refuse(s, why);
    }
}

} // namespace kinemark
