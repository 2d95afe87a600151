#include "app/gui/jobs/JobOutcome.h"

#include "core/base/JobControl.h"

#include <exception>

namespace kinemark {

JobOutcome JobOutcome::of(const std::function<void()>& work)
{
    try {
        work();
        return done();
    } catch (const Cancelled&) {
        return cancelled();
    } catch (const std::exception& e) {
        return failed(QString::fromUtf8(e.what()));
    }
}

QString JobOutcome::whyNotUsed(bool stale, const QString& whenCancelled,
                               const QString& whenStale) const
{
    if (isCancelled())
        return whenCancelled;
    if (isFailed())
        return m_message;
    return stale ? whenStale : QString();
}

} // namespace kinemark
