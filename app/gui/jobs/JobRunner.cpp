#include "app/gui/jobs/JobRunner.h"

#include "app/gui/jobs/BackgroundJob.h"

#include <QCoreApplication>
#include <QPointer>
#include <QProgressBar>
#include <QToolButton>

namespace kinemark {

JobRunner::JobRunner(QProgressBar* progress, QToolButton* cancelButton, QObject* parent)
    : QObject(parent), m_progress(progress), m_cancel(cancelButton)
{
    m_cancel->setVisible(false);
    connect(m_cancel, &QToolButton::clicked, this, &JobRunner::cancel);
}

bool JobRunner::run(const QString& what, std::function<void(const JobControl&)> work,
                    std::function<void(const JobOutcome&)> finished)
{
    if (m_busy)
        return false;
    m_busy = true;
    m_cancelFlag = std::make_shared<std::atomic<bool>>(false);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setFormat(what + QStringLiteral(" %p%"));
    m_progress->setVisible(true);
    m_cancel->setVisible(true);

    QPointer<JobRunner> self(this);
    auto onProgress = [self, what](double fraction, const QString&) {
        BackgroundJob::post(self, [self, fraction, what] {
            self->m_progress->setValue(int(fraction * 1000));
            Q_EMIT self->progress(fraction, what);
        });
    };
    m_future = BackgroundJob::start(
        this, m_cancelFlag,
        [work, onProgress](JobControl& job) {
            job.progress = onProgress;
            work(job);
        },
        [this, finished](const JobOutcome& outcome) {
            m_future = QFuture<void>();
            m_busy = false;
            m_progress->setVisible(false);
            m_cancel->setVisible(false);
            finished(outcome);
        });
    return true;
}

void JobRunner::cancel()
{
    if (m_cancelFlag)
        m_cancelFlag->store(true);
}

void JobRunner::waitForDone()
{
    while (m_busy) {
        m_future.waitForFinished();
        QCoreApplication::processEvents();
    }
}

} // namespace kinemark
