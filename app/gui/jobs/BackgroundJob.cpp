#include "app/gui/jobs/BackgroundJob.h"

#include <QtConcurrent/QtConcurrentRun>

namespace kinemark {

QFuture<void> BackgroundJob::start(QObject* context, std::shared_ptr<std::atomic<bool>> cancel,
                                   Work work, Finished finished)
{
    QPointer<QObject> guard(context);
    return QtConcurrent::run(
        [guard, cancel, work = std::move(work), finished = std::move(finished)] {
            JobControl job;
            job.cancelRequested = cancel.get();
            const JobOutcome outcome = JobOutcome::of([&] { work(job); });
            post(guard, [finished, outcome] { finished(outcome); });
        });
}

} // namespace kinemark
