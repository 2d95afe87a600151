#pragma once

#include "app/gui/jobs/PanelJobs.h"
#include "core/model/Project.h"
#include "models/TrainingRequest.h"
#include "models/inference/ModelPredictor.h"
#include "models/training/SelfPabPretrainer.h"

#include <QObject>
#include <QPointer>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <utility>
#include <vector>

class QMenu;
class QWidget;

namespace kinemark {

class JobsPanel;
class ModelFile;
class RecordingSession;

// The Models menu: train a model in the background (progress, live curves and
// cancel in the Jobs panel), store it in the project, predict with it for the
// shown recording or all of them, export and import .kmodel files.
//
// Jobs work on a snapshot of the project (the recordings are shared, not
// copied), so opening another project while one runs is safe: its results
// then go nowhere. Results come back to the GUI thread, which alone changes
// the project.
class ModelController : public QObject
{
    Q_OBJECT
public:
    ModelController(Project* project, RecordingSession* session, JobsPanel* jobs,
                    QWidget* dialogParent);
    ~ModelController() override;

    void addActionsTo(QMenu* menu);
    // Call when the window's project was replaced: running jobs are cancelled.
    void projectReplaced();
    // True while a training job is still reading the ground truth (edits must wait).
    bool isReadingTracks() const { return m_readingTracks > 0; }
    int runningJobs() const { return m_jobs.running(); }

    // Asks for the settings, then startTraining().
    void train();
    // Starts a training job; returns its id in the Jobs panel.
    int startTraining(const TrainingRequest& request);
    // Asks for the settings, then startPretraining().
    void pretrain();
    // Starts a SelfPAB pre-training job (reconstruction loss per epoch in the
    // Jobs panel, cancel) that stores the encoder in the project (kind
    // selfpab-pretrain), where the Train dialog offers it for selfpab; returns
    // its id in the Jobs panel.
    int startPretraining(const PretrainingRequest& request);
    void predict(bool allRecordings);
    void exportModel();
    void importModel();
    // Asks for the trusted-keys folder (the setting models/trustedKeysDirectory).
    void chooseTrustedKeys();

Q_SIGNALS:
    // The project changed (a model stored, prediction tracks added).
    void projectChanged();
    // Prediction tracks of these recordings changed; lanes need rebuilding.
    void tracksChanged();
    void message(const QString& text);

private:
    // False, after saying so in a message box titled `title`, when the project
    // has no recordings to train on.
    bool hasRecordings(const QString& title) const;
    void finishJob(int id, bool ok, const QString& message);
    // The end of a training or pre-training job that made `model`: stored in
    // the project (returns its id there), or why not. `described` words the
    // Jobs panel's line for a stored model.
    void finishTraining(int id, quint64 generation, const JobOutcome& outcome,
                        const std::shared_ptr<ModelFile>& model,
                        const std::function<QString(const QString& storedId)>& described);
    // Puts finished predictions into their recordings (replacing tracks of the same name).
    void storePredictions(std::vector<std::pair<std::shared_ptr<Recording>, Prediction>>& results);
    // Stores a trained model in the project; returns its id there.
    QString store(const ModelFile& model);
    // The model to predict with or export: the only one, or the one the user
    // picks (for prediction, among the classifiers). Null when none.
    const StoredModel* chooseStoredModel(bool classifiersOnly);
    // The chosen model read (null when none, or when it cannot be read: said in a message box).
    std::unique_ptr<ModelFile> chooseModel(bool classifiersOnly);

    Project* m_project;
    RecordingSession* m_session;
    QWidget* m_dialogParent;
    quint64 m_generation = 0;
    int m_readingTracks = 0;
    PanelJobs m_jobs;
};

} // namespace kinemark
