#include "app/gui/jobs/JobOutcome.h"

#include "core/base/JobControl.h"
#include "core/base/UserMessage.h"

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
        return failed(UserMessage::of(e));
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
