#include "app/gui/jobs/PanelJobs.h"

#include "widgets/jobs/JobsPanel.h"

namespace kinemark {

PanelJobs::PanelJobs(JobsPanel* panel, QObject* context)
    : m_panel(panel), m_context(context), m_flags(panel, context)
{}

JobsPanel* PanelJobs::panel() const
{
    return m_panel;
}

int PanelJobs::add(const QString& title, std::shared_ptr<std::atomic<bool>> cancel, bool showDock)
{
    const int id = m_panel->addJob(title);
    if (cancel)
        m_flags.add(id, std::move(cancel));
    else
        m_flags.add(id);
    if (QWidget* dock = m_panel->parentWidget(); dock && showDock)
        dock->show(); // the Jobs panel's dock
    return id;
}

void PanelJobs::run(int id, BackgroundJob::Work work, BackgroundJob::Finished finished)
{
    // `this` lives as long as the context that guards the call.
    (void)BackgroundJob::start(m_context, m_flags.flag(id), std::move(work),
                               [this, id, finished = std::move(finished)](const JobOutcome& o) {
                                   m_flags.finished(id);
                                   finished(o);
                               });
}

PanelJobs::ToPanel PanelJobs::toPanel() const
{
    // Copies only: the worker may outlive this object.
    return [context = QPointer<QObject>(m_context),
            panel = m_panel](std::function<void(JobsPanel&)> show) {
        BackgroundJob::post(context, [panel, show = std::move(show)] {
            if (panel)
                show(*panel);
        });
    };
}

std::function<void(double, const QString&)> PanelJobs::progressOf(int id) const
{
    return [toPanel = toPanel(), id](double fraction, const QString& what) {
        toPanel([id, fraction, what](JobsPanel& panel) { panel.setProgress(id, fraction, what); });
    };
}

void PanelJobs::finish(int id, bool ok, const QString& text)
{
    if (m_panel)
        m_panel->finishJob(id, ok, text);
}

} // namespace kinemark
