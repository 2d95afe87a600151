#pragma once

#include "app/gui/jobs/JobOutcome.h"
#include "core/base/JobControl.h"

#include <QFuture>
#include <QObject>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

class QLabel;
class QProgressBar;
class QToolButton;

namespace kinemark {

// Runs one long piece of work (import, save, open) on a worker thread with a
// progress bar and a cancel button in the status bar. The work gets a
// JobControl; `finished` runs on the GUI thread with the outcome (done,
// cancelled, or failed with the error message).
class JobRunner : public QObject
{
    Q_OBJECT
public:
    JobRunner(QProgressBar* progress, QToolButton* cancelButton, QObject* parent = nullptr);

    bool isBusy() const { return m_busy; }
    // Returns false (and does nothing) while another job runs.
    bool run(const QString& what, std::function<void(const JobControl&)> work,
             std::function<void(const JobOutcome& outcome)> finished);
    void cancel();
    // Blocks until the running job is done (for screenshots and tests).
    void waitForDone();

Q_SIGNALS:
    void progress(double fraction, const QString& what);

private:
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    bool m_busy = false;
    std::shared_ptr<std::atomic<bool>> m_cancelFlag;
    QFuture<void> m_future;
};

} // namespace kinemark
