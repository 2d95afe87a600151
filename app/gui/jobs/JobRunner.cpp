#include "app/gui/jobs/JobRunner.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QPointer>
#include <QProgressBar>
#include <QToolButton>
#include <QtConcurrent/QtConcurrentRun>

namespace kinemark {

JobRunner::JobRunner(QProgressBar* progress, QToolButton* cancelButton, QObject* parent)
    : QObject(parent), m_progress(progress), m_cancel(cancelButton)
{
    m_cancel->setVisible(false);
    connect(m_cancel, &QToolButton::clicked, this, &JobRunner::cancel);
}

bool JobRunner::run(const QString& what, std::function<void(const JobControl&)> work,
                    std::function<void(const QString&)> finished)
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

    auto flag = m_cancelFlag;
    QPointer<JobRunner> self(this);
    auto* watcher = new QFutureWatcher<QString>(this);
    m_watcher = watcher;
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, finished] {
        const QString error = watcher->result();
        watcher->deleteLater();
        m_watcher = nullptr;
        m_busy = false;
        m_progress->setVisible(false);
        m_cancel->setVisible(false);
        finished(error);
    });
    watcher->setFuture(QtConcurrent::run([work, flag, self, what]() -> QString {
        JobControl job;
        job.cancelRequested = flag.get();
        job.progress = [self, what](double fraction, const QString&) {
            QMetaObject::invokeMethod(
                self, [self, fraction, what] {
                    if (!self)
                        return;
                    self->m_progress->setValue(int(fraction * 1000));
                    Q_EMIT self->progress(fraction, what);
                },
                Qt::QueuedConnection);
        };
        try {
            work(job);
            return QString();
        } catch (const Cancelled&) {
            return QStringLiteral("cancelled");
        } catch (const std::exception& e) {
            return QString::fromStdString(e.what());
        }
    }));
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
        if (m_watcher)
            m_watcher->waitForFinished();
        QCoreApplication::processEvents();
    }
}

} // namespace kinemark
