#pragma once

#include "app/gui/jobs/BackgroundJob.h"
#include "app/gui/jobs/JobCancelFlags.h"

#include <QPointer>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

class QObject;

namespace kinemark {

class JobsPanel;

// The background jobs of one GUI controller as rows of the Jobs panel: add()
// makes the row and its cancel flag (the panel's Cancel button sets it),
// run() works on a worker thread and hands the outcome back on the GUI thread
// with the flag forgotten, progress() and finish() fill the row. A controller
// owns one, with itself as `context`: results for a controller that is gone
// are dropped, and so are its jobs' flags (set, so that the workers stop).
class PanelJobs
{
public:
    // `panel` may be null (no Jobs panel: rows are not shown).
    PanelJobs(JobsPanel* panel, QObject* context);

    JobsPanel* panel() const;
    // A new row titled `title` with `cancel` (or a new flag) as its cancel
    // flag; `showDock` shows the panel's dock. The panel must exist.
    int add(const QString& title, std::shared_ptr<std::atomic<bool>> cancel = nullptr,
            bool showDock = true);
    // Runs `work` on a worker thread with row `id`'s cancel flag; `finished`
    // follows on the GUI thread (unless the controller is gone).
    void run(int id, BackgroundJob::Work work, BackgroundJob::Finished finished);
    // A progress callback that reports to row `id`: made on the GUI thread,
    // called from any (it is what a worker's JobControl::progress gets).
    std::function<void(double, const QString&)> progressOf(int id) const;
    // A function a worker's observer calls to show something in the Jobs
    // panel: it runs `show` on the GUI thread, and not at all once the
    // controller or the panel is gone. Made on the GUI thread, called from any.
    using ToPanel = std::function<void(std::function<void(JobsPanel&)> show)>;
    ToPanel toPanel() const;
    // Ends row `id` (when the panel is still there).
    void finish(int id, bool ok, const QString& text);
    void cancelAll() { m_flags.cancelAll(); }
    int running() const { return m_flags.running(); }

private:
    QPointer<JobsPanel> m_panel;
    QObject* m_context;
    JobCancelFlags m_flags;
};

} // namespace kinemark
