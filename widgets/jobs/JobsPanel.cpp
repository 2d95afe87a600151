#include "widgets/jobs/JobsPanel.h"

#include "widgets/jobs/JobView.h"

#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace kinemark {

JobsPanel::JobsPanel(QWidget* parent) : QWidget(parent)
{
    auto* content = new QWidget;
    m_list = new QVBoxLayout(content);
    m_list->setContentsMargins(0, 0, 0, 0);
    m_list->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);
    auto* clear = new QPushButton(tr("Clear Finished"), this);
    connect(clear, &QPushButton::clicked, this, &JobsPanel::clearFinished);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(scroll, 1);
    layout->addWidget(clear, 0, Qt::AlignRight);
}

int JobsPanel::addJob(const QString& title)
{
    const int id = m_nextId++;
    auto* view = new JobView(title, this);
    connect(view, &JobView::cancelRequested, this, [this, id] { Q_EMIT cancelRequested(id); });
    m_list->insertWidget(0, view);
    m_jobs.insert(id, view);
    Q_EMIT runningCountChanged(runningCount());
    return id;
}

void JobsPanel::setProgress(int id, double fraction, const QString& status)
{
    if (JobView* v = m_jobs.value(id))
        v->setProgress(fraction, status);
}

void JobsPanel::addPoint(int id, const QString& curve, double x, double y)
{
    if (JobView* v = m_jobs.value(id)) {
        v->addPoint(curve, x, y);
        // A job with curves takes the height the panel has (a view of text
        // only keeps its own): its plot grows instead of leaving space below.
        // Against the list's trailing stretch of 1, which keeps views of text
        // at the top when no job has curves.
        m_list->setStretchFactor(v, 1000);
    }
}

void JobsPanel::finishJob(int id, bool ok, const QString& message)
{
    if (JobView* v = m_jobs.value(id)) {
        v->finish(ok, message);
        Q_EMIT runningCountChanged(runningCount());
    }
}

void JobsPanel::clearFinished()
{
    for (auto it = m_jobs.begin(); it != m_jobs.end();) {
        if (!it.value()->isRunning()) {
            it.value()->deleteLater();
            it = m_jobs.erase(it);
        } else {
            ++it;
        }
    }
}

int JobsPanel::runningCount() const
{
    int n = 0;
    for (const JobView* v : m_jobs)
        n += v->isRunning() ? 1 : 0;
    return n;
}

} // namespace kinemark
