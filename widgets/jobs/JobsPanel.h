#pragma once

#include <QMap>
#include <QWidget>

class QVBoxLayout;

namespace kinemark {

class JobView;

// The Jobs panel: one JobView per background job (training, evaluation,
// prediction), newest on top, with progress, live curves and cancel. Jobs are
// addressed by the id addJob() returns, so that workers can report through
// queued calls without holding widget pointers.
class JobsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit JobsPanel(QWidget* parent = nullptr);

    int addJob(const QString& title);
    void setProgress(int id, double fraction, const QString& status = QString());
    void addPoint(int id, const QString& curve, double x, double y);
    void finishJob(int id, bool ok, const QString& message);
    // Removes finished jobs from the panel.
    void clearFinished();

    int runningCount() const;
    JobView* job(int id) const { return m_jobs.value(id); }

Q_SIGNALS:
    void cancelRequested(int id);
    void runningCountChanged(int running);

private:
    QVBoxLayout* m_list;
    QMap<int, JobView*> m_jobs;
    int m_nextId = 1;
};

} // namespace kinemark
