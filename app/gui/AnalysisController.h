#pragma once

#include "Project.h"
#include "TsneEmbedding.h"

#include <QObject>
#include <QPointer>
#include <atomic>
#include <functional>
#include <memory>

class QMenu;
class QWidget;

namespace kinemark {

class AnalysisNavigator;
class AnalysisPanel;
class JobsPanel;
class RecordingSession;

// The Analysis menu: compares a prediction track with the ground truth over
// all recordings in the Analysis panel (confusion matrix, per-class report,
// ROC from the stored probabilities), computes a t-SNE map of the windows'
// class probabilities in the background (progress and cancel in the Jobs
// panel), and takes every click in the panel back to the recording.
//
// The t-SNE job works on a copy of the items; opening another project while it
// runs cancels it and its result goes nowhere.
class AnalysisController : public QObject
{
    Q_OBJECT
public:
    AnalysisController(Project* project, RecordingSession* session, JobsPanel* jobs,
                       QWidget* dialogParent);
    ~AnalysisController() override;

    void addActionsTo(QMenu* menu);
    AnalysisPanel* panel() const { return m_panel; }
    // How the main window shows a recording by id (false: it cannot).
    void setRecordingSelector(std::function<bool(const QString&)> selector);
    void projectReplaced();

    // Asks for a prediction track, then analyse().
    void comparePrediction();
    // Fills the panel for `predictionTrack` (2 s windows) and starts the t-SNE
    // job when the track has probabilities; returns its Jobs-panel id, or -1.
    int analyse(const QString& predictionTrack, const TsneOptions& options = TsneOptions());
    // The most items a t-SNE map shows (evenly spaced over all windows).
    static constexpr size_t kMaximumMapItems = 5000;

Q_SIGNALS:
    void panelRequested(); // the panel should be made visible
    void embeddingReady();
    void message(const QString& text);

private:
    Project* m_project;
    RecordingSession* m_session;
    QPointer<JobsPanel> m_jobs;
    QWidget* m_dialogParent;
    AnalysisPanel* m_panel;
    AnalysisNavigator* m_navigator;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

} // namespace kinemark
