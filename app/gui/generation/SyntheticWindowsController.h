#pragma once

#include "app/gui/jobs/PanelJobs.h"
#include "core/model/Project.h"

#include <QObject>
#include <QPointer>
#include <atomic>
#include <map>
#include <memory>

class QMenu;
class QWidget;

namespace kinemark {

class JobsPanel;
class SyntheticGalleryView;
struct SyntheticWindowSample;

// Analysis › Synthetic Windows…: picks a stored usad-diffusion model and a
// class, samples windows in the background (progress and cancel in the Jobs
// panel) and opens a window with the synthetic-vs-real gallery, so that a
// researcher can judge seed 002's augmentation by eye before relying on it.
//
// The job reads a snapshot of the project and changes nothing in it; opening
// another project while it runs cancels it.
class SyntheticWindowsController : public QObject
{
    Q_OBJECT
public:
    SyntheticWindowsController(Project* project, JobsPanel* jobs, QWidget* dialogParent);
    ~SyntheticWindowsController() override;

    void addActionTo(QMenu* menu);
    // Call when the window's project is replaced: running jobs are cancelled.
    void projectReplaced();
    int runningJobs() const { return m_jobs.running(); }

    // Says how to train a diffusion model when the project has none; otherwise
    // asks for the model, class and count, then startSampling().
    void showDialog();
    // Starts a sampling job for the stored model `modelId`; returns its
    // Jobs-panel id, or -1 when there is no such usad-diffusion model.
    int startSampling(const QString& modelId, int32_t classId, int count, quint64 seed);

    // The last gallery opened (null before the first or once it was closed).
    SyntheticGalleryView* gallery() const;
    QWidget* galleryWindow() const;

Q_SIGNALS:
    // A gallery window was opened (or refilled) with a finished job's windows.
    void galleryOpened();
    void message(const QString& text);

private:
    void finishJob(int id, bool ok, const QString& text);
    // The name of class `classId` as the stored model's summary gives it.
    static QString classNameOf(const StoredModel& stored, int32_t classId);
    // Fills the gallery window (opening it the first time) with a finished sample.
    void showGallery(const SyntheticWindowSample& sample, const QString& modelId, quint64 seed);
    void createGalleryWindow();

    Project* m_project;
    QWidget* m_dialogParent;
    QPointer<QWidget> m_window;
    QPointer<SyntheticGalleryView> m_gallery;
    quint64 m_generation = 0;
    PanelJobs m_jobs;
};

} // namespace kinemark
