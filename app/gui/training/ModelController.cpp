#include "app/gui/training/ModelController.h"

#include "app/gui/training/PretrainDialog.h"
#include "app/gui/training/TrainDialog.h"
#include "core/base/FormatError.h"
#include "core/base/UserMessage.h"
#include "models/TrainingError.h"
#include "models/file/ModelFile.h"
#include "models/file/ModelSignature.h"
#include "models/inference/ModelPredictor.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/ModelTrainer.h"
#include "widgets/jobs/JobView.h"
#include "widgets/jobs/JobsPanel.h"
#include "widgets/recording/RecordingSession.h"

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QInputDialog>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <algorithm>
#include <chrono>
#include <cmath>

namespace kinemark {

namespace {

// The Jobs panel's line for a training batch.
QString batchStatus(const TrainingProgress& p)
{
    return ModelController::tr("epoch %1/%2, batch %3/%4")
        .arg(p.epoch)
        .arg(p.epochs)
        .arg(p.batch)
        .arg(p.batches);
}

// The public keys in the trusted-keys directory (a setting); none when a key
// file there cannot be read, which `problem` then says.
std::vector<ModelSignature::Key> trustedKeys(QString* problem)
{
    try {
        return ModelSignature::readTrustedKeys(ModelSignature::trustedKeysDirectory());
    } catch (const std::exception& e) {
        *problem = UserMessage::of(e);
        return {};
    }
}

// "signed: LAB (fingerprint)", "signed by an unknown key (...)", "unsigned" or
// "signature invalid ...": who vouches for a stored model.
QString signatureOf(const QByteArray& modelFile, const std::vector<ModelSignature::Key>& trusted)
{
    try {
        return ModelSignature::inspect(modelFile, trusted, QString()).describe();
    } catch (const std::exception&) {
        return ModelController::tr("signature unreadable");
    }
}

} // namespace

ModelController::ModelController(Project* project, RecordingSession* session, JobsPanel* jobs,
                                 QWidget* dialogParent)
    : QObject(dialogParent), m_project(project), m_session(session), m_dialogParent(dialogParent),
      m_jobs(jobs, this)
{}

ModelController::~ModelController() = default;

void ModelController::addActionsTo(QMenu* menu)
{
    menu->addAction(tr("&Train Model..."), QKeySequence(Qt::CTRL | Qt::Key_T), this,
                    &ModelController::train);
    QAction* pretrain =
        menu->addAction(tr("Pre-train &Encoder..."), this, &ModelController::pretrain);
    pretrain->setStatusTip(
        tr("Pre-train SelfPAB's spectrogram transformer on the project's recordings "
           "(labels are not used) and store the encoder for training selfpab"));
    menu->addAction(tr("&Predict Shown Recording"), QKeySequence(Qt::CTRL | Qt::Key_P), this,
                    [this] { predict(false); });
    menu->addAction(tr("Predict &All Recordings"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
                    this, [this] { predict(true); });
    menu->addSeparator();
    menu->addAction(tr("&Export Model..."), this, &ModelController::exportModel);
    menu->addAction(tr("&Import Model..."), this, &ModelController::importModel);
    QAction* keys =
        menu->addAction(tr("Trusted &Keys Folder..."), this, &ModelController::chooseTrustedKeys);
    keys->setStatusTip(tr("The folder of public keys (*.public) whose signatures on model files "
                          "Kinemark trusts"));
}

void ModelController::chooseTrustedKeys()
{
    const QString folder = QFileDialog::getExistingDirectory(
        m_dialogParent, tr("Trusted Keys Folder"), ModelSignature::trustedKeysDirectory());
    if (folder.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("models/trustedKeysDirectory"), folder);
    QString problem;
    const size_t count = trustedKeys(&problem).size();
    Q_EMIT message(problem.isEmpty()
                       ? tr("Trusting the %n key(s) in %1", nullptr, int(count)).arg(folder)
                       : problem);
}

void ModelController::projectReplaced()
{
    ++m_generation;
    m_jobs.cancelAll();
    m_readingTracks = 0;
}

void ModelController::finishJob(int id, bool ok, const QString& text)
{
    m_jobs.finish(id, ok, text);
    Q_EMIT message(text);
}

void ModelController::finishTraining(int id, quint64 generation, const JobOutcome& outcome,
                                     const std::shared_ptr<ModelFile>& model,
                                     const std::function<QString(const QString&)>& described)
{
    const QString why =
        outcome.whyNotUsed(generation != m_generation, tr("cancelled; the project is as it was"),
                           tr("finished, but another project is open now: not stored"));
    if (!why.isEmpty())
        return finishJob(id, false, why); // cancelled, failed or stale
    finishJob(id, true, described(store(*model)));
}

bool ModelController::hasRecordings(const QString& title) const
{
    if (m_project->recordings.empty())
        QMessageBox::information(m_dialogParent, title, tr("The project has no recordings."));
    return !m_project->recordings.empty();
}

void ModelController::train()
{
    if (!hasRecordings(tr("Train a Model")))
        return;
    TrainDialog dialog(*m_project, m_dialogParent);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const int id = startTraining(dialog.request());
    // The dialog's calibrated estimate stands until the first epoch is measured.
    if (JobView* view = m_jobs.panel() ? m_jobs.panel()->job(id) : nullptr)
        view->setRemainingEstimate(dialog.estimatedSeconds());
}

int ModelController::startTraining(const TrainingRequest& request)
{
    const int id = m_jobs.add(tr("Train %1").arg(request.model));
    const Project snapshot = *m_project; // shares the recordings
    const quint64 generation = m_generation;
    QPointer<ModelController> self(this);
    ++m_readingTracks;
    auto readingDone = std::make_shared<std::atomic<bool>>(false);
    // When the last epoch ended (or the first batch did), on the worker's
    // clock: the Jobs panel's time left comes from measured epochs.
    auto lastEpochEnd = std::make_shared<std::chrono::steady_clock::time_point>();
    // Observer calls come from the worker: forward them as queued calls, and
    // at most one progress update per batch reaches the GUI.
    auto observer = [self, id, readingDone, lastEpochEnd](const TrainingProgress& p) {
        const bool first = !readingDone->exchange(true);
        const auto now = std::chrono::steady_clock::now();
        // Epoch 1 is timed from its first batch: what comes before it (usad's
        // diffusion model, sampling and pre-training, each reported as batches
        // of "epoch 1") is in the dialog's estimate, not in an epoch's time.
        if (first || (p.epoch == 1 && p.batch == 1 && !p.epochEnd))
            *lastEpochEnd = now;
        double epochSeconds = -1;
        if (p.epochEnd) {
            epochSeconds = std::chrono::duration<double>(now - *lastEpochEnd).count();
            *lastEpochEnd = now;
        }
        BackgroundJob::post(self, [self, id, p, first, epochSeconds] {
            if (first)
                self->m_readingTracks = std::max(0, self->m_readingTracks - 1);
            JobsPanel* panel = self->m_jobs.panel();
            if (!panel)
                return;
            panel->setProgress(id, p.fraction(), p.message.isEmpty() ? batchStatus(p) : p.message);
            if (p.epochEnd) {
                for (auto it = p.losses.begin(); it != p.losses.end(); ++it)
                    panel->addPoint(id, it.key(), p.epoch, it.value());
                if (std::isfinite(p.validationMacroF1))
                    panel->addPoint(id, tr("validation macro F1"), p.epoch, p.validationMacroF1);
                if (JobView* view = panel->job(id))
                    view->epochFinished(p.epoch, p.epochs, epochSeconds);
            }
        });
    };
    auto model = std::make_shared<ModelFile>();
    m_jobs.run(
        id,
        [snapshot, request, observer, model](JobControl& job) {
            *model = ModelTrainer::train(snapshot, request, observer, &job);
        },
        [this, id, generation, model, readingDone](const JobOutcome& outcome) {
            if (!readingDone->load()) // failed before the first batch
                m_readingTracks = std::max(0, m_readingTracks - 1);
            finishTraining(id, generation, outcome, model, [model](const QString& storedId) {
                const double f1 = model->validation.value(QStringLiteral("macro_f1")).toDouble(-1);
                return f1 >= 0 ? tr("stored as '%1'; validation macro F1 %2")
                                     .arg(storedId)
                                     .arg(f1, 0, 'f', 3)
                               : tr("stored as '%1'").arg(storedId);
            });
        });
    return id;
}

QString ModelController::store(const ModelFile& model)
{
    StoredModel stored;
    stored.kind = model.kind;
    stored.id = QStringLiteral("%1 %2").arg(model.kind, model.created);
    // Two runs finishing within the same second must not share an id.
    const QString base = stored.id;
    for (int n = 2; std::any_of(m_project->models.begin(), m_project->models.end(),
                                [&](const StoredModel& m) { return m.id == stored.id; });
         ++n)
        stored.id = QStringLiteral("%1 (%2)").arg(base).arg(n);
    stored.summary = model.summary();
    stored.data = model.toBytes();
    m_project->models.push_back(stored);
    Q_EMIT projectChanged();
    return stored.id;
}

void ModelController::pretrain()
{
    if (!hasRecordings(tr("Pre-train an Encoder")))
        return;
    PretrainDialog dialog(*m_project, m_dialogParent);
    if (dialog.exec() == QDialog::Accepted)
        startPretraining(dialog.request());
}

int ModelController::startPretraining(const PretrainingRequest& request)
{
    const int id = m_jobs.add(tr("Pre-train selfpab encoder"));
    const Project snapshot = *m_project; // shares the recordings
    const quint64 generation = m_generation;
    // Every batch's progress, the reconstruction loss's epoch mean as a curve.
    auto observer = [toPanel = m_jobs.toPanel(), id](const TrainingProgress& p) {
        toPanel([id, p](JobsPanel& panel) {
            const double l1 = p.losses.value(QStringLiteral("reconstruction L1"), -1);
            QString status = batchStatus(p);
            if (l1 >= 0)
                status += tr(", reconstruction L1 %1").arg(l1, 0, 'f', 4);
            panel.setProgress(id, p.fraction(), p.message.isEmpty() ? status : p.message);
            if (p.epochEnd && l1 >= 0)
                panel.addPoint(id, tr("reconstruction L1"), p.epoch, l1);
        });
    };
    auto model = std::make_shared<ModelFile>();
    m_jobs.run(
        id,
        [snapshot, request, observer, model](JobControl& job) {
            *model = SelfPabPretrainer::pretrain(snapshot, request, observer, &job);
        },
        [this, id, generation, model](const JobOutcome& outcome) {
            finishTraining(id, generation, outcome, model, [model](const QString& storedId) {
                return tr("stored as '%1' (%n window(s)); choose it in Train Model for selfpab",
                          nullptr, model->trainingData.value(QStringLiteral("windows")).toInt())
                    .arg(storedId);
            });
        });
    return id;
}

const StoredModel* ModelController::chooseStoredModel(bool classifiersOnly)
{
    // Prediction needs a classifier: pre-trained encoders and window generators
    // are stored too, but only export offers them.
    std::vector<const StoredModel*> models;
    for (const StoredModel& m : m_project->models) {
        const ModelInfo* info = ModelRegistry::find(m.kind);
        if (!classifiersOnly || !info || info->classifier())
            models.push_back(&m);
    }
    if (models.empty()) {
        QMessageBox::information(
            m_dialogParent, tr("Predict"),
            tr("The project has no trained model yet: train one (Models > Train Model) or "
               "import a .kmodel file."));
        return nullptr;
    }
    int index = int(models.size()) - 1;
    if (models.size() > 1) {
        // Each model with who signed it.
        QString problem;
        const std::vector<ModelSignature::Key> trusted = trustedKeys(&problem);
        QStringList names;
        for (const StoredModel* m : models) {
            QString name = QStringLiteral("%1   [%2]").arg(m->id, signatureOf(m->data, trusted));
            // A fine-tuned model says which model it grew from (ModelFile::Parent).
            const QString parentId = m->summary.value(QStringLiteral("parent"))
                                         .toObject()
                                         .value(QStringLiteral("id"))
                                         .toString();
            if (!parentId.isEmpty())
                name += QLatin1Char(' ') + tr("(fine-tuned from %1)").arg(parentId);
            names << name;
        }
        bool ok = false;
        const QString chosen = QInputDialog::getItem(m_dialogParent, tr("Predict"), tr("Model:"),
                                                     names, int(models.size()) - 1, false, &ok);
        if (!ok)
            return nullptr;
        index = int(names.indexOf(chosen));
    }
    return models[size_t(index)];
}

std::unique_ptr<ModelFile> ModelController::chooseModel(bool classifiersOnly)
{
    const StoredModel* stored = chooseStoredModel(classifiersOnly);
    if (!stored)
        return nullptr;
    try {
        return std::make_unique<ModelFile>(ModelFile::fromBytes(stored->data, stored->id));
    } catch (const FormatError& e) {
        QMessageBox::warning(m_dialogParent, tr("Predict"), UserMessage::of(e));
        return nullptr;
    }
}

void ModelController::predict(bool allRecordings)
{
    if (m_readingTracks > 0) {
        Q_EMIT message(
            tr("A training run is reading the ground truth; predict again in a moment."));
        return;
    }
    std::vector<std::shared_ptr<Recording>> targets;
    if (allRecordings) {
        targets = m_project->recordings;
    } else if (m_session->recording()) {
        if (auto r = m_project->recording(m_session->recording()->id))
            targets.push_back(r);
    }
    if (targets.empty())
        return;
    std::unique_ptr<ModelFile> chosen = chooseModel(true);
    if (!chosen)
        return;
    std::shared_ptr<const ModelFile> model(std::move(chosen));
    const int id = m_jobs.add(tr("Predict with %1").arg(model->kind));
    const quint64 generation = m_generation;
    auto results =
        std::make_shared<std::vector<std::pair<std::shared_ptr<Recording>, Prediction>>>();
    auto skipped = std::make_shared<QStringList>();
    m_jobs.run(
        id,
        [model, targets, results, skipped, progress = m_jobs.progressOf(id)](JobControl& job) {
            const ModelPredictor predictor(*model);
            for (size_t i = 0; i < targets.size(); ++i) {
                throwIfCancelled(&job);
                const QStringList problems = model->incompatibilities(*targets[i]);
                if (!problems.isEmpty()) {
                    *skipped << QStringLiteral("%1 (%2)").arg(targets[i]->id,
                                                              problems.join(QStringLiteral("; ")));
                    continue;
                }
                results->emplace_back(targets[i],
                                      predictor.predict(*targets[i], model->kind, &job));
                progress(double(i + 1) / double(targets.size()),
                         tr("%1 of %2 recordings").arg(i + 1).arg(targets.size()));
            }
        },
        [this, results, skipped, id, generation](const JobOutcome& outcome) {
            const QString why = outcome.whyNotUsed(generation != m_generation,
                                                   tr("cancelled; no prediction was stored"),
                                                   tr("another project is open now: not stored"));
            if (!why.isEmpty())
                return finishJob(id, false, why); // cancelled, failed or stale
            storePredictions(*results);
            QString text = tr("predicted %n recording(s)", nullptr, int(results->size()));
            if (!skipped->isEmpty())
                text += tr("; skipped: %1").arg(skipped->join(QStringLiteral(", ")));
            finishJob(id, !results->empty(), text);
        });
}

void ModelController::storePredictions(
    std::vector<std::pair<std::shared_ptr<Recording>, Prediction>>& results)
{
    // On the GUI thread: replace each recording's track of that name.
    for (auto& [recording, prediction] : results) {
        const QString name = prediction.track.name();
        auto& tracks = recording->tracks;
        tracks.erase(std::remove_if(tracks.begin(), tracks.end(),
                                    [&](const AnnotationTrack& t) { return t.name() == name; }),
                     tracks.end());
        tracks.push_back(std::move(prediction.track));
        recording->probabilities[name] = std::move(prediction.probabilities);
    }
    if (!results.empty()) {
        Q_EMIT tracksChanged();
        Q_EMIT projectChanged();
    }
}

void ModelController::exportModel()
{
    // The stored bytes as they are: a signature stays valid, and a model of an
    // older format (which Kinemark no longer loads) can be exported for
    // `kinemark-cli model convert` and imported again.
    const StoredModel* model = chooseStoredModel(false);
    if (!model)
        return;
    QSettings settings;
    const QString path = QFileDialog::getSaveFileName(
        m_dialogParent, tr("Export Model"),
        settings.value(QStringLiteral("models/lastFolder")).toString() +
            QStringLiteral("/%1.kmodel").arg(model->kind),
        tr("Kinemark models (*.kmodel)"));
    if (path.isEmpty())
        return;
    try {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(model->data) != model->data.size() ||
            !file.commit())
            throw FormatError(path, tr("cannot write: %1").arg(file.errorString()));
        settings.setValue(QStringLiteral("models/lastFolder"), QFileInfo(path).absolutePath());
        Q_EMIT message(tr("Exported %1").arg(path));
    } catch (const std::exception& e) {
        QMessageBox::warning(m_dialogParent, tr("Export Model"), UserMessage::of(e));
    }
}

void ModelController::importModel()
{
    QSettings settings;
    const QString path =
        QFileDialog::getOpenFileName(m_dialogParent, tr("Import Model"),
                                     settings.value(QStringLiteral("models/lastFolder")).toString(),
                                     tr("Kinemark models (*.kmodel)"));
    if (path.isEmpty())
        return;
    try {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            throw FormatError(path, tr("cannot open: %1").arg(file.errorString()));
        // The file's own bytes are stored (checked by reading them): a signature stays valid.
        const QByteArray bytes = file.readAll();
        const ModelFile model = ModelFile::fromBytes(bytes, path);
        // Says what does not fit the shown recording before the user tries to predict.
        if (m_session->recording()) {
            const QStringList problems = model.incompatibilities(*m_session->recording());
            if (!problems.isEmpty())
                QMessageBox::information(
                    m_dialogParent, tr("Import Model"),
                    tr("The model was imported, but it cannot read the shown recording:\n%1")
                        .arg(problems.join(QLatin1Char('\n'))));
        }
        StoredModel stored;
        stored.kind = model.kind;
        stored.id = QStringLiteral("%1 %2").arg(model.kind, model.created);
        for (const StoredModel& m : m_project->models)
            if (m.id == stored.id)
                stored.id += QStringLiteral(" (%1)").arg(QFileInfo(path).baseName());
        stored.summary = model.summary();
        stored.data = bytes;
        m_project->models.push_back(stored);
        settings.setValue(QStringLiteral("models/lastFolder"), QFileInfo(path).absolutePath());
        Q_EMIT projectChanged();
        QString problem;
        Q_EMIT message(tr("Imported %1 as '%2' (%3)")
                           .arg(path, stored.id, signatureOf(stored.data, trustedKeys(&problem))));
    } catch (const std::exception& e) {
        QMessageBox::warning(m_dialogParent, tr("Import Model"), UserMessage::of(e));
    }
}

} // namespace kinemark
