#include "models/training/ModelTrainer.h"

#include "core/learning/ChannelNormalisation.h"
#include "core/analysis/ClassificationMetrics.h"
#include "models/training/DiffusionTrainer.h"
#include "models/internal/optim/FusedAdam.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/SelfPabTrainer.h"
#include "models/training/SequenceModelTrainer.h"
#include "core/learning/SubjectSplit.h"
#include "models/internal/objectives/SyntheticPretraining.h"
#include "models/runtime/TorchRuntime.h"
#include "models/TrainingError.h"
#include "models/internal/objectives/TrainingObjective.h"
#include "models/internal/nn/window/WindowNetwork.h"
#include "core/learning/WindowSet.h"

#include <QDateTime>
#include <QJsonArray>
#include <cmath>
#include <random>
#include <set>

namespace kinemark {

namespace {

std::vector<std::shared_ptr<const Recording>> recordingsOf(const Project& project, const QStringList& subjects)
{
    std::vector<std::shared_ptr<const Recording>> out;
    for (const auto& r : project.recordings)
        if (subjects.contains(r->subjectId) && r->groundTruth())
            out.push_back(r);
    return out;
}

// A seeded Fisher-Yates shuffle, the same on every standard library.
void shuffle(std::vector<size_t>& v, std::mt19937_64& rng)
{
    for (size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[size_t(rng() % i)]);
}

QJsonObject describeWindows(const WindowSet& set, const QStringList& subjects)
{
    QJsonObject o;
    o[QStringLiteral("subjects")] = QJsonArray::fromStringList(subjects);
    o[QStringLiteral("recordings")] = int(set.recordings().size());
    o[QStringLiteral("windows")] = qint64(set.size());
    QJsonObject perClass;
    const auto counts = set.classCounts();
    for (size_t i = 0; i < counts.size(); ++i)
        perClass[QString::number(set.classIds()[i])] = qint64(counts[i]);
    o[QStringLiteral("windows_per_class")] = perClass;
    return o;
}

} // namespace

std::vector<int32_t> ModelTrainer::resolveClasses(const Project& project, const TrainingRequest& request)
{
    if (!request.classIds.empty())
        return request.classIds;
    std::set<int32_t> present;
    QString labelSetId;
    for (const auto& r : project.recordings) {
        const AnnotationTrack* truth = r->groundTruth();
        if (!truth)
            continue;
        labelSetId = r->labelSetId;
        for (const Segment& s : truth->segments())
            present.insert(s.classId);
    }
    std::vector<int32_t> ids;
    if (const LabelSet* set = project.labelSet(labelSetId)) {
        for (const LabelClass& c : set->classes) // in the label set's order
            if (present.count(c.id))
                ids.push_back(c.id);
    } else {
        ids.assign(present.begin(), present.end());
    }
    return ids;
}

QStringList ModelTrainer::resolveTrainingSubjects(const Project& project, const TrainingRequest& request)
{
    // Validation as asked, training = the rest unless given.
    const QStringList allSubjects = project.subjectIds();
    for (const QString& s : request.validationSubjects + request.trainingSubjects)
        if (!allSubjects.contains(s))
            throw std::invalid_argument(
                QStringLiteral("no subject '%1' in the project (it has %2)").arg(s, allSubjects.join(QStringLiteral(", ")))
                    .toStdString());
    QStringList trainingSubjects = request.trainingSubjects;
    if (trainingSubjects.isEmpty())
        for (const QString& s : allSubjects)
            if (!request.validationSubjects.contains(s))
                trainingSubjects << s;
    for (const QString& s : request.validationSubjects)
        if (trainingSubjects.contains(s))
            throw std::invalid_argument(
                QStringLiteral("subject '%1' is in both training and validation").arg(s).toStdString());
    return trainingSubjects;
}

ModelFile ModelTrainer::train(const Project& project, const TrainingRequest& request, const Observer& observer,
                              const JobControl* job)
{
    const QVariantMap h = ModelRegistry::resolve(request.model, request.hyperparameters);
    if (ModelRegistry::find(request.model)->input == ModelInfo::Input::Sequences)
        return SequenceModelTrainer::train(project, request, observer, job);
    if (ModelRegistry::find(request.model)->input == ModelInfo::Input::Spectrograms) {
        if (ModelRegistry::find(request.model)->purpose == ModelInfo::Purpose::Pretraining)
            throw std::invalid_argument("selfpab-pretrain learns without labels: run it with "
                                        "`kinemark-cli pretrain` or Models > Pre-train Encoder "
                                        "(SelfPabPretrainer), then train selfpab with the "
                                        "encoder it writes");
        return SelfPabTrainer::train(project, request, observer, job);
    }
    if (ModelRegistry::find(request.model)->generative)
        return DiffusionTrainer::train(project, request, observer, job);
    TorchRuntime::setThreadCount(request.threads);
    torch::manual_seed(request.seed);
    std::mt19937_64 rng(request.seed);

    const QStringList trainingSubjects = resolveTrainingSubjects(project, request);

    const std::vector<int32_t> classIds = resolveClasses(project, request);
    if (classIds.size() < 2)
        throw TrainingError("training needs at least two classes with labelled samples");
    WindowingOptions windowing;
    windowing.length = h.value(QStringLiteral("window_length")).toInt();
    windowing.stride = h.value(QStringLiteral("stride")).toInt();
    windowing.maxUnlabelledFraction = h.value(QStringLiteral("max_unlabelled")).toDouble();

    const auto trainingRecordings = recordingsOf(project, trainingSubjects);
    if (trainingRecordings.empty())
        throw TrainingError("no recording with ground truth among the training subjects");
    reportProgress(job, 0.0, QStringLiteral("cutting windows"));
    const WindowSet training = WindowSet::build(trainingRecordings, windowing, classIds, job);
    if (training.size() == 0)
        throw TrainingError("the training subjects have no labelled windows of the chosen classes");
    const auto validationRecordings = recordingsOf(project, request.validationSubjects);
    const WindowSet validation = WindowSet::build(validationRecordings, windowing, classIds, job);
    const ChannelNormalisation normalisation = ChannelNormalisation::fit(trainingRecordings, job);

    const int classes = int(classIds.size());
    const int channels = training.channelCount();
    auto network = makeWindowNetwork(request.model, h, channels, windowing.length, classes);
    auto objective = makeTrainingObjective(request.model, h, classes);
    const double lr = h.value(QStringLiteral("lr")).toDouble();
    // Seed 002 (usad): pretraining on class-balanced synthetic windows; the epochs below fine-tune.
    const QJsonObject pretraining =
        SyntheticPretraining::wanted(h)
            ? SyntheticPretraining::run(*network, *objective, training, normalisation, h, request.seed, observer, job)
            : QJsonObject();
    FusedAdam optimizer = FusedAdam::fromHyperparameters(network->parameters(), h);

    // Subject index per window, for the contrastive objective.
    std::vector<int64_t> subjectOfWindow(training.size());
    {
        QStringList seen;
        for (size_t i = 0; i < training.size(); ++i) {
            const QString& s = training.subjectOf(i);
            int index = int(seen.indexOf(s));
            if (index < 0) {
                index = int(seen.size());
                seen << s;
            }
            subjectOfWindow[i] = index;
        }
    }
    std::vector<size_t> validationIndices(validation.size());
    for (size_t i = 0; i < validationIndices.size(); ++i)
        validationIndices[i] = i;
    std::vector<int32_t> validationTruth(validation.size());
    for (size_t i = 0; i < validation.size(); ++i)
        validationTruth[i] = validation.windows()[i].classIndex;

    const int epochs = h.value(QStringLiteral("epochs")).toInt();
    const int batchSize = std::max(2, h.value(QStringLiteral("batch")).toInt());
    const int patience = h.value(QStringLiteral("patience")).toInt();
    const int64_t nanAtStep = h.value(QStringLiteral("debug_nan_at_step"), -1).toLongLong();
    const int64_t c = channels, l = windowing.length;
    std::vector<size_t> order(training.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::vector<float> buffer(size_t(batchSize) * size_t(c * l));
    std::vector<int64_t> labels(static_cast<size_t>(batchSize));
    std::vector<int64_t> subjects(static_cast<size_t>(batchSize));
    std::vector<size_t> batch;
    // Batches of one window break BatchNorm: the last short batch joins the one before.
    const int batches = std::max<int>(1, int(training.size() / size_t(batchSize)));

    QByteArray bestWeights;
    double bestF1 = -1;
    ClassificationMetrics bestMetrics;
    int bestEpoch = 0, sinceBest = 0;
    int64_t step = 0;
    QString stopMessage;
    for (int epoch = 1; epoch <= epochs; ++epoch) {
        shuffle(order, rng);
        network->train();
        QMap<QString, double> sums;
        int64_t correct = 0, counted = 0; // training accuracy, when the objective shows its logits
        for (int b = 0; b < batches; ++b) {
            throwIfCancelled(job);
            const size_t first = size_t(b) * size_t(batchSize);
            const size_t last = b == batches - 1 ? order.size() : first + size_t(batchSize);
            batch.assign(order.begin() + long(first), order.begin() + long(last));
            buffer.resize(batch.size() * size_t(c * l));
            labels.resize(batch.size());
            subjects.resize(batch.size());
            training.gather(batch, buffer.data(), &normalisation);
            for (size_t i = 0; i < batch.size(); ++i) {
                labels[i] = training.windows()[batch[i]].classIndex;
                subjects[i] = subjectOfWindow[batch[i]];
            }
            const int64_t n = int64_t(batch.size());
            const torch::Tensor x = torch::from_blob(buffer.data(), {n, c, l});
            const torch::Tensor y = torch::from_blob(labels.data(), {n}, torch::kLong);
            const torch::Tensor u = torch::from_blob(subjects.data(), {n}, torch::kLong);
            TrainingObjective::Terms terms = objective->losses(*network, x, y, u);
            torch::Tensor total = terms.front().second;
            if (step == nanAtStep) // test hook: what a diverging run looks like
                total = total * std::numeric_limits<float>::quiet_NaN();
            ++step;
            const double totalValue = total.item<double>();
            if (!std::isfinite(totalValue)) {
                QStringList parts;
                for (const auto& [name, value] : terms)
                    parts << QStringLiteral("%1 %2").arg(name).arg(value.item<double>());
                throw TrainingError(QStringLiteral("training stopped at epoch %1, batch %2: the loss became %3 (%4). "
                                                   "Try a lower learning rate (lr, now %5).")
                                        .arg(epoch)
                                        .arg(b + 1)
                                        .arg(std::isnan(totalValue) ? QStringLiteral("NaN") : QStringLiteral("infinite"))
                                        .arg(parts.join(QStringLiteral(", ")))
                                        .arg(lr)
                                        .toStdString());
            }
            total.backward();
            optimizer.step(); // also zeroes the gradients for the next backward
            objective->afterStep();
            if (const torch::Tensor logits = objective->lastLogits(); logits.defined()) {
                correct += logits.argmax(1).eq(y).sum().item<int64_t>();
                counted += n;
            }
            TrainingProgress progress;
            progress.epoch = epoch;
            progress.epochs = epochs;
            progress.batch = b + 1;
            progress.batches = batches;
            for (const auto& [name, value] : terms) {
                const double v = name == terms.front().first ? totalValue : value.item<double>();
                progress.losses[name] = v;
                sums[name] += v;
            }
            if (observer)
                observer(progress);
            reportProgress(job, progress.fraction());
        }

        TrainingProgress end;
        end.epoch = epoch;
        end.epochs = epochs;
        end.batch = end.batches = batches;
        end.epochEnd = true;
        for (auto it = sums.begin(); it != sums.end(); ++it)
            end.losses[it.key()] = it.value() / batches;
        const double trainingAccuracy =
            counted > 0 ? double(correct) / double(counted) : std::numeric_limits<double>::quiet_NaN();
        if (counted > 0)
            end.losses[QStringLiteral("training accuracy")] = trainingAccuracy;
        objective->afterEpoch(trainingAccuracy);
        const QMap<QString, double> report = objective->epochReport();
        for (auto it = report.begin(); it != report.end(); ++it)
            end.losses[it.key()] = it.value();
        bool improved = false;
        if (validation.size() > 0) {
            const std::vector<float> p = classifyWindows(*network, validation, validationIndices, normalisation);
            std::vector<int32_t> predicted(validation.size());
            for (size_t i = 0; i < predicted.size(); ++i)
                predicted[i] = int32_t(std::max_element(p.begin() + long(i * classes), p.begin() + long((i + 1) * classes)) -
                                       (p.begin() + long(i * classes)));
            const ClassificationMetrics m = ClassificationMetrics::compute(validationTruth, predicted, classes);
            end.validationMacroF1 = m.macroF1;
            if (m.macroF1 > bestF1) {
                bestF1 = m.macroF1;
                bestMetrics = m;
                improved = true;
            }
        } else {
            improved = true; // without validation the latest weights are the best we know
        }
        if (improved) {
            bestWeights = saveWeights(*network);
            bestEpoch = epoch;
            sinceBest = 0;
        } else {
            ++sinceBest;
        }
        end.bestValidationMacroF1 = bestF1 >= 0 ? bestF1 : std::numeric_limits<double>::quiet_NaN();
        if (patience > 0 && sinceBest >= patience && epoch < epochs) {
            stopMessage = QStringLiteral("early stop after epoch %1: no better validation macro F1 for %2 epochs")
                              .arg(epoch)
                              .arg(patience);
            end.message = stopMessage;
        }
        if (observer)
            observer(end);
        if (!stopMessage.isEmpty())
            break;
    }

    ModelFile model;
    model.kind = request.model;
    model.hyperparameters = h;
    model.hyperparameters.remove(QStringLiteral("debug_nan_at_step"));
    model.classIds = classIds;
    const QString labelSetId = trainingRecordings.front()->labelSetId;
    const LabelSet* labelSet = project.labelSet(labelSetId);
    for (int32_t id : classIds) {
        const LabelClass* lc = labelSet ? labelSet->find(id) : nullptr;
        model.classNames << (lc ? lc->name : QString::number(id));
    }
    model.labelSetId = labelSetId;
    model.channelNames = trainingRecordings.front()->channelNames();
    model.sampleRateHz = trainingRecordings.front()->sampleRateHz;
    model.windowing = windowing;
    model.normalisation = normalisation;
    model.trainingData = describeWindows(training, trainingSubjects);
    if (!pretraining.isEmpty())
        model.trainingData[QStringLiteral("synthetic_pretraining")] = pretraining;
    if (validation.size() > 0) {
        QJsonObject v = bestMetrics.toJson(classIds);
        v[QStringLiteral("subjects")] = QJsonArray::fromStringList(request.validationSubjects);
        v[QStringLiteral("windows")] = qint64(validation.size());
        v[QStringLiteral("best_epoch")] = bestEpoch;
        model.validation = v;
    }
    model.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    model.seed = request.seed;
    model.weights = bestWeights;
    return model;
}

} // namespace kinemark
