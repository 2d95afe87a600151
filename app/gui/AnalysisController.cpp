#include "AnalysisController.h"

#include "AnalysisNavigator.h"
#include "AnalysisPanel.h"
#include "JobsPanel.h"
#include "PredictionItems.h"
#include "RecordingSession.h"
#include "TimeAxisState.h"

#include <QInputDialog>
#include <QMenu>
#include <QMetaObject>
#include <QtConcurrent>
#include <algorithm>
#include <cmath>
#include <set>

namespace kinemark {

AnalysisController::AnalysisController(Project* project, RecordingSession* session, JobsPanel* jobs,
                                       QWidget* dialogParent)
    : QObject(dialogParent), m_project(project), m_session(session), m_jobs(jobs),
      m_dialogParent(dialogParent), m_panel(new AnalysisPanel(dialogParent)),
      m_navigator(new AnalysisNavigator(session->timeAxis(), this))
{
    connect(m_panel, &AnalysisPanel::itemActivated, m_navigator, &AnalysisNavigator::show);
    if (m_jobs)
        connect(m_jobs, &JobsPanel::cancelRequested, this, [this](int) {
            // Only one analysis job runs at a time; its flag is the current one.
            if (m_cancel)
                m_cancel->store(true);
        });
}

AnalysisController::~AnalysisController()
{
    if (m_cancel)
        m_cancel->store(true);
}

void AnalysisController::addActionsTo(QMenu* menu)
{
    QAction* compare = menu->addAction(tr("&Compare Prediction with Ground Truth…"));
    compare->setStatusTip(tr("Confusion matrix, per-class report, ROC and t-SNE map of a "
                             "prediction track over all recordings; clicks lead to the recording"));
    connect(compare, &QAction::triggered, this, &AnalysisController::comparePrediction);
}

void AnalysisController::setRecordingSelector(std::function<bool(const QString&)> selector)
{
    m_navigator->setRecordingSelector(std::move(selector));
}

void AnalysisController::projectReplaced()
{
    ++m_generation;
    if (m_cancel)
        m_cancel->store(true);
    m_panel->setEvaluation({}, {}, {}, {}, {});
    m_panel->setEmbedding({}, {}, {});
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
    // Classes: every labelled class of the truth and of the prediction.
    std::set<int32_t> ids;
    std::vector<std::shared_ptr<const Recording>> recordings;
    double rate = 50;
    for (const auto& recording : m_project->recordings) {
        const AnnotationTrack* truth = recording->groundTruth();
        const AnnotationTrack* prediction = recording->track(predictionTrack);
        if (!truth || !prediction)
            continue;
        recordings.push_back(recording);
        rate = recording->sampleRateHz;
        for (const AnnotationTrack* track : {truth, prediction})
            for (const Segment& s : track->segments())
                if (s.classId != kUnlabelled)
                    ids.insert(s.classId);
    }
    if (recordings.empty() || ids.empty()) {
        Q_EMIT message(tr("No recording has both ground truth and '%1'").arg(predictionTrack));
        return -1;
    }
    std::vector<int32_t> classIds(ids.begin(), ids.end());
    // A model's own classes when its probabilities are stored: windows of
    // classes it was not trained on can be neither right nor wrong, and the
    // ROC curves and the map need a probability for every class.
    const auto stored = recordings.front()->probabilities.constFind(predictionTrack);
    if (stored != recordings.front()->probabilities.constEnd() && !stored->classIds.empty())
        classIds = stored->classIds;
    const PredictionItems items = PredictionItems::fromTracks(
        recordings, predictionTrack, classIds, std::max<int64_t>(1, std::llround(2 * rate)));
    QStringList names;
    QVector<QColor> colours;
    const LabelSet* labels = m_project->labelSet(recordings.front()->labelSetId);
    for (int32_t id : classIds) {
        const LabelClass* c = labels ? labels->find(id) : nullptr;
        names << (c ? c->name : QString::number(id));
        colours << (c && !c->colour.isEmpty() ? QColor(c->colour) : QColor());
    }
    if (std::any_of(colours.begin(), colours.end(), [](const QColor& c) { return !c.isValid(); }))
        colours.clear(); // the views' own palette rather than a mix
    m_panel->setEvaluation(names, colours, items.truth, items.predicted, items.origins,
                           items.probabilities);
    m_panel->setEmbedding({}, {}, {});
    Q_EMIT panelRequested();
    Q_EMIT message(
        tr("%1: %n window(s) of 2 s compared", nullptr, int(items.size())).arg(predictionTrack));
    if (items.probabilities.empty() || items.size() < 10 || !m_jobs)
        return -1;

    // Evenly spaced items, so that the map of a week stays interactive.
    const size_t k = classIds.size();
    const size_t stride = (items.size() + kMaximumMapItems - 1) / kMaximumMapItems;
    auto rows = std::make_shared<std::vector<float>>();
    auto classes = std::make_shared<std::vector<int32_t>>();
    auto origins = std::make_shared<QVector<ItemOrigin>>();
    for (size_t i = 0; i < items.size(); i += stride) {
        rows->insert(rows->end(), items.probabilities.begin() + long(i * k),
                     items.probabilities.begin() + long((i + 1) * k));
        classes->push_back(items.truth[i]);
        origins->push_back(items.origins[int(i)]);
    }
    TsneOptions tsne = options;
    tsne.perplexity = std::min(tsne.perplexity, std::max(1.0, double(classes->size() - 1) / 3));

    if (m_cancel)
        m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const int id = m_jobs->addJob(
        tr("t-SNE of '%1' (%n window(s))", nullptr, int(classes->size())).arg(predictionTrack));
    const quint64 generation = m_generation;
    QPointer<AnalysisController> self(this);
    auto cancel = m_cancel;
    (void)QtConcurrent::run([self, rows, classes, origins, tsne, k, cancel, id, generation] {
        JobControl job;
        job.cancelRequested = cancel.get();
        job.progress = [self, id](double fraction, const QString& what) {
            QMetaObject::invokeMethod(
                self,
                [self, id, fraction, what] {
                    if (self && self->m_jobs)
                        self->m_jobs->setProgress(id, fraction, what);
                },
                Qt::QueuedConnection);
        };
        auto result = std::make_shared<TsneResult>();
        QString error;
        try {
            *result = TsneEmbedding::compute(rows->data(), classes->size(), k, tsne, &job);
        } catch (const Cancelled&) {
            error = tr("cancelled");
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(
            self,
            [self, result, classes, origins, error, id, generation] {
                if (!self)
                    return;
                if (self->m_jobs)
                    self->m_jobs->finishJob(
                        id, error.isEmpty(),
                        error.isEmpty()
                            ? tr("KL divergence %1").arg(result->klDivergence, 0, 'f', 3)
                            : error);
                if (!error.isEmpty() || generation != self->m_generation)
                    return;
                self->m_panel->setEmbedding(result->positions, *classes, *origins);
                Q_EMIT self->embeddingReady();
            },
            Qt::QueuedConnection);
    });
    return id;
}

} // namespace kinemark
