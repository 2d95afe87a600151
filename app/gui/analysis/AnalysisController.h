#pragma once

#include "app/gui/jobs/PanelJobs.h"
#include "core/analysis/tsne/TsneEmbedding.h"
#include "core/learning/ItemOrigin.h"
#include "core/model/Project.h"
#include "models/CrossValidationRequest.h"

#include <QColor>
#include <QObject>
#include <QPointer>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <vector>

class QMenu;
class QTimer;
class QWidget;

namespace kinemark {

class AnalysisNavigator;
class AnalysisPanel;
class JobsPanel;
class RecordingSession;
class TsneMapBuilder;
struct TsneMap;
struct PredictionItems;

// The Analysis menu: compares a prediction track with the ground truth over
// all recordings in the Analysis panel (confusion matrix, per-class report,
// ROC from the stored probabilities), computes a t-SNE map of the windows'
// class probabilities in the background (progress and cancel in the Jobs
// panel), and takes every click in the panel back to the recording. It also
// cross-validates a model subject-wise in the background (per-fold table and
// mean ± std in the panel, the result stored in the project) and keeps the
// panel's comparison of the project's stored results up to date.
//
// The jobs work on a copy of the items or a snapshot of the project; opening
// another project while one runs cancels it and its result goes nowhere.
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
    // Call when the window's project is about to be replaced: running jobs are
    // cancelled, and the new project's stored results are shown once it is there.
    void projectReplaced();

    // Asks for a prediction track, then analyse().
    void comparePrediction();
    // Asks for the model and folds, then startCrossValidation().
    void crossValidate();
    // Starts a cross-validation job; returns its Jobs-panel id, or -1 when it cannot start.
    int startCrossValidation(const CrossValidationRequest& request);
    // Shows the project's stored results (comparison table, last cross-validation).
    void showStoredResults();
    // Draws a stored t-SNE map (a StoredResult::kTsne result); false when it
    // lacks what drawing needs (maps stored before class names were kept).
    bool showStoredMap(const QJsonObject& map);
    // Fills the panel for `predictionTrack` (2 s windows) and starts the t-SNE
    // job when the track has probabilities; returns its Jobs-panel id, or -1.
    int analyse(const QString& predictionTrack, const TsneOptions& options = TsneOptions());
    // The most items a t-SNE map shows (evenly spaced over all windows).
    static constexpr size_t kMaximumMapItems = 5000;
    // The ground truth (or the prediction) was edited: the comparison shown (confusion matrix,
    // report, ROC) is computed again once the edits pause for
    // kRefreshDelayMs, keeping the tab; the t-SNE map, made from the model's
    // output, stays.
    void tracksEdited();
    static constexpr int kRefreshDelayMs = 300;
    bool isRefreshPending() const;

protected:
    // A hidden panel is compared again when it is shown, not after every edit.
    bool eventFilter(QObject* watched, QEvent* event) override;

Q_SIGNALS:
    void panelRequested(); // the panel should be made visible
    void embeddingReady();
    void crossValidationFinished(bool ok);
    // A result was stored in the project.
    void projectChanged();
    void message(const QString& text);

private:
    // Keeps a finished cross-validation in the project's results and shows
    // it; returns its id there.
    QString storeCrossValidation(const QString& model, const QJsonObject& result);
    // Ends a cross-validation job's row with `text`, says it, and signals.
    void finishCrossValidation(int id, bool ok, const QString& text);
    // The names and colours of `classIds` in label set `labelSetId` (no
    // colours when any class lacks one: the views' own palette then).
    void describeClasses(const std::vector<int32_t>& classIds, const QString& labelSetId,
                         QStringList* names, QVector<QColor>* colours) const;
    // Fills the panel's comparison of `predictionTrack` with the ground truth.
    void showEvaluation(const QString& predictionTrack, const PredictionItems& items,
                        const QStringList& names, const QVector<QColor>& colours);
    // Compares the shown prediction track with the edited ground truth again.
    void refreshEvaluation();
    // Starts the t-SNE job of the map (replacing a running one); returns its Jobs-panel id.
    int startMap(const QString& predictionTrack, const TsneOptions& options,
                 const TsneMapBuilder& builder,
                 const std::vector<std::shared_ptr<const Recording>>& recordings);
    // Keeps a finished t-SNE map in the project's results.
    void storeMap(const TsneMap& map);

    Project* m_project;
    RecordingSession* m_session;
    QWidget* m_dialogParent;
    AnalysisPanel* m_panel;
    AnalysisNavigator* m_navigator;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel; // of the running t-SNE job
    PanelJobs m_jobs;
    QString m_comparedTrack; // the prediction track the panel compares ("" before any)
    QTimer* m_refresh;
    bool m_stale = false; // edited while the panel was hidden
};

} // namespace kinemark
