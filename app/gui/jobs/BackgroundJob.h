#pragma once

#include "app/gui/jobs/JobOutcome.h"
#include "core/base/JobControl.h"

#include <QFuture>
#include <QMetaObject>
#include <QPointer>
#include <atomic>
#include <functional>
#include <memory>

namespace kinemark {

// Runs one piece of work on a worker thread and brings its outcome back to the
// GUI thread: the one place where the GUI starts a worker. The work gets a
// JobControl that sees `cancel` (it sets job.progress itself when it reports);
// `finished` runs in `context`'s thread once the work has ended, and not at all
// when `context` is gone by then, so that a closed controller gets no results.
class BackgroundJob
{
public:
    using Work = std::function<void(JobControl& job)>;
    using Finished = std::function<void(const JobOutcome& outcome)>;

    // The future ends once `finished` is queued (waiting for it, then handling
    // events, delivers the outcome).
    static QFuture<void> start(QObject* context, std::shared_ptr<std::atomic<bool>> cancel,
                               Work work, Finished finished);
    // Calls `call` in `context`'s thread, later, unless `context` is gone by
    // then; safe from any thread (workers report progress through it) as long
    // as the pointer was taken on the context's thread.
    template <typename Context>
    static void post(const QPointer<Context>& context, std::function<void()> call)
    {
        // Checked again on delivery: a context destroyed between posting and
        // delivery drops the call.
        QMetaObject::invokeMethod(
            context.data(),
            [context, call = std::move(call)] {
                if (context)
                    call();
            },
            Qt::QueuedConnection);
    }
};

} // namespace kinemark
