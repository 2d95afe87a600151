#include "app/gui/analysis/AnalysisController.h"

#include "app/gui/training/CrossValidationDialog.h"
#include "core/analysis/CrossValidationSummary.h"
#include "core/analysis/PredictionItems.h"
#include "core/learning/WindowSet.h"
#include "models/inference/TsneMapBuilder.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/CrossValidation.h"
#include "widgets/analysis/AnalysisNavigator.h"
#include "widgets/analysis/AnalysisPanel.h"
#include "widgets/analysis/TsneScatterView.h"
#include "widgets/jobs/JobsPanel.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"

#include <QDateTime>
#include <QEvent>
#include <QInputDialog>
#include <QJsonArray>
#include <QMenu>
#include <QMessageBox>
#include <QMetaObject>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <set>

namespace kinemark {

AnalysisController::AnalysisController(Project* project, RecordingSession* session, JobsPanel* jobs,
                                       QWidget* dialogParent)
    : QObject(dialogParent), m_project(project), m_session(session), m_dialogParent(dialogParent),
      m_panel(new AnalysisPanel(dialogParent)),
      m_navigator(new AnalysisNavigator(session->timeAxis(), this)), m_jobs(jobs, this),
      m_refresh(new QTimer(this))
{
    connect(m_panel, &AnalysisPanel::itemActivated, m_navigator, &AnalysisNavigator::show);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(kRefreshDelayMs);
    connect(m_refresh, &QTimer::timeout, this, &AnalysisController::refreshEvaluation);
    m_panel->installEventFilter(this);
}

bool AnalysisController::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_panel && event->type() == QEvent::Show && m_stale)
        m_refresh->start();
    return QObject::eventFilter(watched, event);
}

void AnalysisController::tracksEdited()
{
    if (!m_comparedTrack.isEmpty())
        m_refresh->start(); // restarts: one comparison after a burst of edits
}

bool AnalysisController::isRefreshPending() const
{
    return m_refresh->isActive();
}

void AnalysisController::refreshEvaluation()
{
    // Comparing a week of windows takes a moment: not for a panel nobody sees.
    m_stale = !m_panel->isVisible();
    if (m_stale || m_comparedTrack.isEmpty())
        return;
    std::vector<std::shared_ptr<const Recording>> recordings;
    const PredictionItems items =
        PredictionItems::ofProject(*m_project, m_comparedTrack, 2.0, &recordings);
    if (items.classIds.empty())
        return; // the track or the ground truth went: the last comparison stays
    QStringList names;
    QVector<QColor> colours;
    describeClasses(items.classIds, recordings.front()->labelSetId, &names, &colours);
    // Setting the evaluation shows its first tab; the user stays where they were.
    auto* tabs = m_panel->findChild<QTabWidget*>();
    const int tab = tabs ? tabs->currentIndex() : -1;
    m_panel->setEvaluation(names, colours, items.truth, items.predicted, items.origins,
                           items.probabilities);
    if (tab >= 0)
        m_panel->setCurrentTab(AnalysisPanel::Tab(tab));
}

AnalysisController::~AnalysisController() = default;

void AnalysisController::addActionsTo(QMenu* menu)
{
    QAction* compare = menu->addAction(tr("&Compare Prediction with Ground Truth…"));
    compare->setStatusTip(tr("Confusion matrix, per-class report, ROC and t-SNE map of a "
                             "prediction track over all recordings; clicks lead to the recording"));
    connect(compare, &QAction::triggered, this, &AnalysisController::comparePrediction);
    QAction* crossValidate = menu->addAction(tr("Cross-&validate…"));
    crossValidate->setStatusTip(
        tr("Train and evaluate a model once per subject fold in the background; "
           "per-fold metrics and mean ± std in the Analysis panel"));
    connect(crossValidate, &QAction::triggered, this, &AnalysisController::crossValidate);
    QAction* results = menu->addAction(tr("&Stored Results"));
    results->setStatusTip(
        tr("Compare every evaluation and cross-validation stored in the project"));
    connect(results, &QAction::triggered, this, [this] {
        showStoredResults();
        m_panel->setCurrentTab(AnalysisPanel::ComparisonTab);
        Q_EMIT panelRequested();
    });
}

void AnalysisController::setRecordingSelector(std::function<bool(const QString&)> selector)
{
    m_navigator->setRecordingSelector(std::move(selector));
}

void AnalysisController::projectReplaced()
{
    ++m_generation;
    m_jobs.cancelAll();
    m_comparedTrack.clear();
    m_refresh->stop();
    m_stale = false;
    m_panel->clear();
    // The window replaces its project after telling us: its results are there
    // once this call has returned.
    QMetaObject::invokeMethod(this, &AnalysisController::showStoredResults, Qt::QueuedConnection);
}

void AnalysisController::showStoredResults()
{
    m_panel->setResults(m_project->results);
    for (auto it = m_project->results.rbegin(); it != m_project->results.rend(); ++it)
        if (it->kind == QLatin1String(StoredResult::kCrossValidation)) {
            m_panel->setCrossValidation(it->result);
            break;
        }
    for (auto it = m_project->results.rbegin(); it != m_project->results.rend(); ++it)
        if (it->kind == QLatin1String(StoredResult::kTsne) && showStoredMap(it->result))
            break;
}

bool AnalysisController::showStoredMap(const QJsonObject& map)
{
    // Maps stored before their class names were kept cannot be coloured: skipped.
    const QJsonArray names = map.value(QStringLiteral("class_names")).toArray();
    const QJsonArray colours = map.value(QStringLiteral("class_colours")).toArray();
    const QJsonArray positions = map.value(QStringLiteral("positions")).toArray();
    const QJsonArray classes = map.value(QStringLiteral("classes")).toArray();
    const QJsonArray items = map.value(QStringLiteral("items")).toArray();
    if (names.isEmpty() || positions.size() != 2 * classes.size() || items.size() != classes.size())
        return false;
    QStringList classNames;
    QVector<QColor> classColours;
    for (int i = 0; i < names.size(); ++i) {
        classNames << names[i].toString();
        const QColor colour(colours.at(i).toString());
        if (colour.isValid())
            classColours << colour;
    }
    if (classColours.size() != classNames.size())
        classColours.clear(); // the view's own palette
    std::vector<float> xy;
    std::vector<int32_t> classIndex;
    QVector<ItemOrigin> origins;
    for (const QJsonValue& v : positions)
        xy.push_back(float(v.toDouble()));
    for (int i = 0; i < classes.size(); ++i) {
        const int c = classes[i].toInt(-1);
        const QJsonArray o = items[i].toArray();
        if (c < 0 || c >= classNames.size() || o.size() != 5)
            return false;
        classIndex.push_back(c);
        origins.push_back(ItemOrigin{o[0].toString(), o[1].toString(), o[2].toInteger(),
                                     o[3].toInteger(), o[4].toDouble()});
    }
    m_panel->setStoredEmbedding(classNames, classColours, xy, classIndex, origins);
    return true;
}

void AnalysisController::crossValidate()
{
    CrossValidationRequest probe;
    const QStringList subjects = CrossValidation::resolveSubjects(*m_project, probe);
    if (subjects.size() < 2) {
        QMessageBox::information(
            m_dialogParent, tr("Cross-validate"),
            tr("Cross-validation needs at least two subjects with ground truth; "
               "the project has %n.",
               nullptr, int(subjects.size())));
        return;
    }
    CrossValidationDialog dialog(subjects, m_dialogParent);
    if (dialog.exec() == QDialog::Accepted)
        startCrossValidation(dialog.request());
}

int AnalysisController::startCrossValidation(const CrossValidationRequest& request)
{
    if (!m_jobs.panel())
        return -1;
    const int id =
        m_jobs.add(tr("Cross-validate %1 (%2)")
                       .arg(request.training.model,
                            request.folds <= 0 ? tr("leave one subject out")
                                               : tr("%1 subject folds").arg(request.folds)));
    const Project snapshot = *m_project; // shares the recordings
    const quint64 generation = m_generation;
    // From the worker (after every batch, as training reports): progress, and
    // each fold's epoch losses as curves.
    auto observer = [toPanel = m_jobs.toPanel(), id](const CrossValidationProgress& p) {
        toPanel([id, p](JobsPanel& panel) {
            panel.setProgress(id, p.fraction, p.what);
            if (p.training.epochEnd)
                for (auto it = p.training.losses.begin(); it != p.training.losses.end(); ++it)
                    panel.addPoint(id, tr("fold %1: %2").arg(p.fold).arg(it.key()),
                                   p.training.epoch, it.value());
        });
    };
    auto result = std::make_shared<QJsonObject>();
    m_jobs.run(
        id,
        [snapshot, request, observer, result](JobControl& job) {
            *result = CrossValidation::run(snapshot, request, observer, &job);
        },
        [this, result, id, generation, model = request.training.model](const JobOutcome& outcome) {
            const QString why =
                outcome.whyNotUsed(generation != m_generation, tr("cancelled; nothing was stored"),
                                   tr("another project is open now: not stored"));
            if (!why.isEmpty())
                return finishCrossValidation(id, false, why); // cancelled, failed or stale
            const QString storedId = storeCrossValidation(model, *result);
            const QJsonObject f1 = result->value(QStringLiteral("summary"))
                                       .toObject()
                                       .value(QStringLiteral("macro_f1"))
                                       .toObject();
            finishCrossValidation(id, true,
                                  tr("%1: macro F1 %2 over %n fold(s); stored as '%3'", nullptr,
                                     result->value(QStringLiteral("fold_count")).toInt())
                                      .arg(model, CrossValidationSummary::format(f1), storedId));
        });
    return id;
}

QString AnalysisController::storeCrossValidation(const QString& model, const QJsonObject& result)
{
    StoredResult stored;
    stored.kind = QString::fromLatin1(StoredResult::kCrossValidation);
    stored.model = model;
    stored.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    stored.id = StoredResult::makeId(stored.kind, model, stored.created, m_project->resultIds());
    stored.result = result;
    m_project->results.push_back(stored);
    Q_EMIT projectChanged();
    m_panel->setCrossValidation(result);
    m_panel->setResults(m_project->results);
    m_panel->setCurrentTab(AnalysisPanel::CrossValidationTab);
    Q_EMIT panelRequested();
    return stored.id;
}

void AnalysisController::finishCrossValidation(int id, bool ok, const QString& text)
{
    m_jobs.finish(id, ok, text);
    Q_EMIT message(text);
    Q_EMIT crossValidationFinished(ok);
}

void AnalysisController::comparePrediction()
{
    QStringList names;
    for (const auto& recording : m_project->recordings)
        for (const AnnotationTrack& track : recording->tracks)
            if (track.kind() == AnnotationTrack::Kind::Prediction && !names.contains(track.name()))
                names << track.name();
    if (names.isEmpty()) {
        Q_EMIT message(tr("No prediction track to compare: predict with a model first"));
        return;
    }
    bool ok = names.size() == 1;
    QString name = names.front();
    if (!ok)
        name = QInputDialog::getItem(m_dialogParent, tr("Compare Prediction"),
                                     tr("Prediction track:"), names, 0, false, &ok);
    if (ok)
        analyse(name);
}

int AnalysisController::analyse(const QString& predictionTrack, const TsneOptions& options)
{
    std::vector<std::shared_ptr<const Recording>> recordings;
    const PredictionItems items =
        PredictionItems::ofProject(*m_project, predictionTrack, 2.0, &recordings);
    if (items.classIds.empty()) {
        Q_EMIT message(tr("No recording has both ground truth and '%1'").arg(predictionTrack));
        return -1;
    }
    QStringList names;
    QVector<QColor> colours;
    describeClasses(items.classIds, recordings.front()->labelSetId, &names, &colours);
    showEvaluation(predictionTrack, items, names, colours);
    m_comparedTrack = predictionTrack;
    // The map shows the model's own embedding (its windows, or an MS-TCN's
    // segments) when the track comes from a stored model with one (the space
    // its auxiliary loss shapes), otherwise the windows' class probabilities.
    TsneMapBuilder map(items, predictionTrack);
    map.chooseModel(*m_project, [this](const QString& error) { Q_EMIT message(error); });
    if (!m_jobs.panel() || (!map.hasModel() && (items.probabilities.empty() || items.size() < 10)))
        return -1;
    QStringList colourNames;
    for (const QColor& colour : colours)
        colourNames << colour.name();
    map.setClasses(names, colourNames);
    // Evenly spaced windows, so that the map of a week stays interactive.
    map.setMaximumItems(kMaximumMapItems);
    return startMap(predictionTrack, options, map, recordings);
}

void AnalysisController::describeClasses(const std::vector<int32_t>& classIds,
                                         const QString& labelSetId, QStringList* names,
                                         QVector<QColor>* colours) const
{
    const LabelSet* labels = m_project->labelSet(labelSetId);
    for (int32_t id : classIds) {
        const LabelClass* c = labels ? labels->find(id) : nullptr;
        *names << (c ? c->name : QString::number(id));
        *colours << (c && !c->colour.isEmpty() ? QColor(c->colour) : QColor());
    }
    if (std::any_of(colours->begin(), colours->end(), [](const QColor& c) { return !c.isValid(); }))
        colours->clear(); // the views' own palette rather than a mix
}

void AnalysisController::showEvaluation(const QString& predictionTrack,
                                        const PredictionItems& items, const QStringList& names,
                                        const QVector<QColor>& colours)
{
    m_panel->setEvaluation(names, colours, items.truth, items.predicted, items.origins,
                           items.probabilities);
    m_panel->setEmbedding({}, {}, {});
    Q_EMIT panelRequested();
    Q_EMIT message(
        tr("%1: %n window(s) of 2 s compared", nullptr, int(items.size())).arg(predictionTrack));
}

int AnalysisController::startMap(const QString& predictionTrack, const TsneOptions& options,
                                 const TsneMapBuilder& builder,
                                 const std::vector<std::shared_ptr<const Recording>>& recordings)
{
    if (m_cancel)
        m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const int id =
        m_jobs.add(builder.hasModel() ? tr("t-SNE of the embedding of '%1'").arg(builder.modelId())
                                      : tr("t-SNE of '%1' (%n window(s))", nullptr,
                                           int(builder.probabilityItemCount()))
                                            .arg(predictionTrack),
                   m_cancel, false);
    const quint64 generation = m_generation;
    auto map = std::make_shared<TsneMap>();
    // The t-SNE tab says how far the map is instead of showing an empty plot.
    m_panel->tsne()->showComputing(-1);
    const auto toTab = [context = QPointer<AnalysisController>(this),
                        cancel = m_cancel](double fraction) {
        BackgroundJob::post(context, [context, cancel, fraction] {
            if (!cancel->load()) // a newer map's progress is shown, not this one's
                context->m_panel->tsne()->showComputing(fraction);
        });
    };
    m_jobs.run(
        id,
        [builder, recordings, options, map, forward = m_jobs.progressOf(id),
         toTab](JobControl& job) {
            job.progress = [forward, toTab](double fraction, const QString& what) {
                forward(fraction, what);
                toTab(fraction);
            };
            *map = builder.build(recordings, options, &job);
        },
        [this, map, id, generation, cancel = m_cancel](const JobOutcome& outcome) {
            m_jobs.finish(id, outcome.isDone(),
                          outcome.isDone()
                              ? tr("KL divergence %1").arg(map->result.klDivergence, 0, 'f', 3)
                          : outcome.isCancelled() ? tr("cancelled")
                                                  : outcome.message());
            if (generation != m_generation || cancel != m_cancel)
                return; // another project, or a newer map on its way
            if (!outcome.isDone()) {
                m_panel->tsne()->showFailure(
                    outcome.isCancelled() ? tr("computing it was cancelled") : outcome.message());
                return;
            }
            m_panel->setEmbedding(map->result.positions, map->classes, map->origins);
            storeMap(*map);
            Q_EMIT embeddingReady();
        });
    return id;
}

void AnalysisController::storeMap(const TsneMap& map)
{
    TsneMapBuilder::store(*m_project, map);
    Q_EMIT projectChanged();
}

} // namespace kinemark
