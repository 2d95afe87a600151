#include "models/training/CrossValidation.h"

#include "core/analysis/ClassificationMetrics.h"
#include "core/analysis/CrossValidationSummary.h"
#include "core/learning/SubjectSplit.h"
#include "models/inference/ModelEvaluator.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/ModelTrainer.h"
#include "models/training/TrainingSelection.h"

#include <QJsonArray>
#include <stdexcept>

namespace kinemark {

namespace {

// Shares of a fold's time: evaluating a fold is one pass of inference over
// its subjects, short beside the training epochs.
constexpr double kTrainingShare = 0.9;

QJsonObject foldMetrics(const QJsonObject& evaluation, const QString& level)
{
    QJsonObject metrics;
    const QJsonObject overall =
        evaluation.value(level).toObject().value(QStringLiteral("overall")).toObject();
    for (auto it = overall.constBegin(); it != overall.constEnd(); ++it)
        if (it.value().isDouble())
            metrics.insert(it.key(), it.value());
    const QJsonObject segmentation = evaluation.value(QStringLiteral("segmentation"))
                                         .toObject()
                                         .value(QStringLiteral("overall"))
                                         .toObject();
    for (const char* name : {"fm", "jaccard", "edit"})
        metrics.insert(QStringLiteral("segmentation_") + QLatin1String(name),
                       segmentation.value(QLatin1String(name)).toDouble());
    return metrics;
}

// The metrics of all held-out items together, from the folds' confusion
// matrices (every fold has the same classes in the same order).
QJsonObject pooledMetrics(const QJsonArray& evaluations, const QString& level,
                          const std::vector<int32_t>& classIds)
{
    const size_t k = classIds.size();
    std::vector<int64_t> confusion(k * k, 0);
    for (const QJsonValue& e : evaluations) {
        const QJsonArray rows = e.toObject()
                                    .value(level)
                                    .toObject()
                                    .value(QStringLiteral("overall"))
                                    .toObject()
                                    .value(QStringLiteral("confusion"))
                                    .toArray();
        for (size_t t = 0; t < size_t(rows.size()) && t < k; ++t) {
            const QJsonArray row = rows[qsizetype(t)].toArray();
            for (size_t p = 0; p < size_t(row.size()) && p < k; ++p)
                confusion[t * k + p] += row[qsizetype(p)].toInteger();
        }
    }
    // ClassificationMetrics counts pairs; one pair per counted item rebuilds them.
    std::vector<int32_t> truth, predicted;
    for (size_t t = 0; t < k; ++t)
        for (size_t p = 0; p < k; ++p) {
            truth.insert(truth.end(), size_t(confusion[t * k + p]), int32_t(t));
            predicted.insert(predicted.end(), size_t(confusion[t * k + p]), int32_t(p));
        }
    return ClassificationMetrics::compute(truth, predicted, int(k)).toJson(classIds);
}

// Throws std::invalid_argument unless `model` is a registered classifier: only
// a classifier has predictions to score (a generator makes windows and a
// pre-training run learns without labels).
void requireClassifier(const QString& model)
{
    const ModelInfo* info = ModelRegistry::find(model);
    if (!info)
        throw std::invalid_argument(QStringLiteral("unknown model '%1' (models: %2)")
                                        .arg(model, ModelRegistry::ids().join(QStringLiteral(", ")))
                                        .toStdString());
    if (!info->classifier())
        throw std::invalid_argument(
            QStringLiteral("'%1' is %2, not a classifier: cross-validation needs a classifier "
                           "(%3)")
                .arg(model,
                     info->generative ? QStringLiteral("a window generator")
                                      : QStringLiteral("an unlabelled pre-training run"),
                     ModelRegistry::ids(ModelInfo::Purpose::Classifier).join(QStringLiteral(", ")))
                .toStdString());
}

// Trains fold `f` of `n` on its training subjects and returns the evaluation
// of that model on the fold's held-out subjects.
QJsonObject runFold(const Project& project, const TrainingRequest& base, const SubjectSplit& split,
                    int f, int n, const CrossValidation::Observer& observer, const JobControl* job)
{
    TrainingRequest training = base;
    training.trainingSubjects = split.training;
    const auto notify = [&](double foldFraction, const QString& what, const TrainingProgress& p,
                            bool evaluating) {
        if (!observer)
            return;
        CrossValidationProgress progress;
        progress.fold = f + 1;
        progress.folds = n;
        progress.fraction = (f + foldFraction) / n;
        progress.what = QStringLiteral("fold %1/%2: %3").arg(f + 1).arg(n).arg(what);
        progress.training = p;
        progress.evaluating = evaluating;
        observer(progress);
    };
    const ModelFile model = ModelTrainer::train(
        project, training,
        [&](const TrainingProgress& p) {
            notify(kTrainingShare * p.fraction(),
                   QStringLiteral("epoch %1/%2").arg(p.epoch).arg(p.epochs), p, false);
        },
        job);
    JobControl evaluationJob;
    if (job)
        evaluationJob.cancelRequested = job->cancelRequested;
    evaluationJob.progress = [&](double fraction, const QString&) {
        notify(kTrainingShare + (1 - kTrainingShare) * fraction, QStringLiteral("evaluating"), {},
               true);
    };
    return ModelEvaluator::evaluate(model, project, split.validation, &evaluationJob);
}

QJsonObject foldEntry(int f, const SubjectSplit& split, const QJsonObject& metrics,
                      const QJsonObject& evaluation)
{
    QJsonObject fold;
    fold.insert(QStringLiteral("fold"), f + 1);
    fold.insert(QStringLiteral("training_subjects"), QJsonArray::fromStringList(split.training));
    fold.insert(QStringLiteral("validation_subjects"),
                QJsonArray::fromStringList(split.validation));
    fold.insert(QStringLiteral("metrics"), metrics);
    fold.insert(QStringLiteral("evaluation"), evaluation);
    return fold;
}

} // namespace

QStringList CrossValidation::resolveSubjects(const Project& project,
                                             const CrossValidationRequest& request)
{
    QStringList labelled;
    for (const auto& r : project.recordings) {
        const AnnotationTrack* truth = r->groundTruth();
        if (!truth || labelled.contains(r->subjectId))
            continue;
        for (const Segment& s : truth->segments())
            if (s.classId != kUnlabelled) {
                labelled << r->subjectId;
                break;
            }
    }
    if (request.subjects.isEmpty())
        return labelled;
    for (const QString& s : request.subjects)
        if (!labelled.contains(s))
            throw std::invalid_argument(
                QStringLiteral("subject '%1' has no recording with labelled ground truth")
                    .arg(s)
                    .toStdString());
    return request.subjects;
}

QJsonObject CrossValidation::run(const Project& project, const CrossValidationRequest& request,
                                 const Observer& observer, const JobControl* job)
{
    requireClassifier(request.training.model);
    const QStringList subjects = resolveSubjects(project, request);
    if (subjects.size() < 2)
        throw std::invalid_argument(
            QStringLiteral("cross-validation needs at least two subjects with ground "
                           "truth; there are %1")
                .arg(subjects.size())
                .toStdString());
    const bool loso = request.folds <= 0;
    const std::vector<SubjectSplit> splits =
        loso ? SubjectSplit::leaveOneSubjectOut(subjects)
             : SubjectSplit::folds(subjects, request.folds, request.training.seed);

    // The same classes in every fold, so that folds are comparable and poolable.
    TrainingRequest base = request.training;
    base.classIds = TrainingSelection::classes(project, base);
    base.validationSubjects.clear();
    const QVariantMap hyperparameters = ModelRegistry::resolve(base.model, base.hyperparameters);

    const int n = int(splits.size());
    QJsonArray folds, metrics, evaluations;
    QString level;
    QJsonObject result;
    for (int f = 0; f < n; ++f) {
        throwIfCancelled(job);
        const SubjectSplit& split = splits[size_t(f)];
        const QJsonObject evaluation = runFold(project, base, split, f, n, observer, job);
        if (level.isEmpty()) {
            level = evaluation.contains(QStringLiteral("window_level")) ? QStringLiteral("window")
                                                                        : QStringLiteral("sample");
            result.insert(QStringLiteral("classes"), evaluation.value(QStringLiteral("classes")));
            result.insert(QStringLiteral("class_ids"),
                          evaluation.value(QStringLiteral("class_ids")));
        }
        const QJsonObject m = foldMetrics(evaluation, level + QStringLiteral("_level"));
        folds.append(foldEntry(f, split, m, evaluation));
        metrics.append(m);
        evaluations.append(evaluation);
    }

    result.insert(QStringLiteral("model"), base.model);
    result.insert(QStringLiteral("scheme"),
                  loso ? QStringLiteral("loso") : QStringLiteral("k-fold"));
    result.insert(QStringLiteral("fold_count"), n);
    result.insert(QStringLiteral("seed"), QString::number(base.seed));
    result.insert(QStringLiteral("level"), level);
    result.insert(QStringLiteral("subjects"), QJsonArray::fromStringList(subjects));
    result.insert(QStringLiteral("hyperparameters"), QJsonObject::fromVariantMap(hyperparameters));
    result.insert(QStringLiteral("folds"), folds);
    result.insert(QStringLiteral("summary"), CrossValidationSummary::aggregate(metrics));
    result.insert(QStringLiteral("pooled"),
                  pooledMetrics(evaluations, level + QStringLiteral("_level"), base.classIds));
    return result;
}

} // namespace kinemark
