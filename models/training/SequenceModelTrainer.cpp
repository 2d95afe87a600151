#include "models/training/SequenceModelTrainer.h"

#include "core/learning/ChannelNormalisation.h"
#include "core/analysis/ClassificationMetrics.h"
#include "models/internal/optim/FusedAdam.h"
#include "models/registry/ModelRegistry.h"
#include "models/internal/nn/mstcn/MsTcnNetwork.h"
#include "models/internal/objectives/MsTcnObjective.h"
#include "core/learning/SequenceSet.h"
#include "models/runtime/TorchRuntime.h"
#include "models/TrainingError.h"
#include "models/internal/nn/window/WindowNetwork.h"

#include <QDateTime>
#include <QJsonArray>
#include <cmath>
#include <random>

namespace kinemark {

namespace {

std::vector<std::shared_ptr<const Recording>> recordingsOf(const Project& project,
                                                           const QStringList& subjects)
{
    std::vector<std::shared_ptr<const Recording>> out;
    for (const auto& r : project.recordings)
        if (subjects.contains(r->subjectId) && r->groundTruth())
            out.push_back(r);
    return out;
}

void shuffle(std::vector<size_t>& v, std::mt19937_64& rng)
{
    for (size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[size_t(rng() % i)]);
}

// Truth and argmax prediction (class indices) of every labelled validation sample.
ClassificationMetrics validate(MsTcnNetwork& network, const SequenceSet& validation,
                               const ChannelNormalisation& normalisation, int classes)
{
    std::vector<int32_t> truth, predicted;
    for (size_t r = 0; r < validation.recordings().size(); ++r) {
        const std::vector<float> p =
            predictSequence(network, *validation.recordings()[r], normalisation, classes);
        const std::vector<int16_t>& labels = validation.labelsOf(r);
        for (size_t t = 0; t < labels.size(); ++t) {
            if (labels[t] < 0)
                continue;
            const float* row = p.data() + t * size_t(classes);
            truth.push_back(labels[t]);
            predicted.push_back(int32_t(std::max_element(row, row + classes) - row));
        }
    }
    network.train();
    return ClassificationMetrics::compute(truth, predicted, classes);
}

} // namespace

ModelFile SequenceModelTrainer::train(const Project& project, const TrainingRequest& request,
                                      const ModelTrainer::Observer& observer, const JobControl* job)
{
    const QVariantMap h = ModelRegistry::resolve(request.model, request.hyperparameters);
    TorchRuntime::setThreadCount(request.threads);
    torch::manual_seed(request.seed);
    std::mt19937_64 rng(request.seed);
    const QStringList trainingSubjects = ModelTrainer::resolveTrainingSubjects(project, request);
    const std::vector<int32_t> classIds = ModelTrainer::resolveClasses(project, request);
    if (classIds.size() < 2)
        throw TrainingError("training needs at least two classes with labelled samples");
    const auto trainingRecordings = recordingsOf(project, trainingSubjects);
    if (trainingRecordings.empty())
        throw TrainingError("no recording with ground truth among the training subjects");
    const int64_t chunkLength = std::max(16, h.value(QStringLiteral("chunk_length")).toInt());
    reportProgress(job, 0.0, QStringLiteral("cutting chunks"));
    const SequenceSet firstCut =
        SequenceSet::build(trainingRecordings, chunkLength, chunkLength, classIds, 0, job);
    if (firstCut.size() == 0)
        throw TrainingError("the training subjects have no labelled samples of the chosen classes");
    const SequenceSet validation =
        SequenceSet::build(recordingsOf(project, request.validationSubjects), chunkLength,
                           chunkLength, classIds, 0, job);
    const ChannelNormalisation normalisation = ChannelNormalisation::fit(trainingRecordings, job);

    const int classes = int(classIds.size());
    const int64_t c = firstCut.channelCount();
    MsTcnNetwork network(int(c), classes, h);
    MsTcnObjective objective(h, classes, request.seed);
    const double lr = h.value(QStringLiteral("lr")).toDouble();
    FusedAdam optimizer = FusedAdam::fromHyperparameters(network.parameters(), h);

    const int epochs = h.value(QStringLiteral("epochs")).toInt();
    const int batchSize = std::max(1, h.value(QStringLiteral("batch")).toInt());
    const int patience = h.value(QStringLiteral("patience")).toInt();
    const int64_t nanAtStep = h.value(QStringLiteral("debug_nan_at_step"), -1).toLongLong();
    const bool validating = validation.size() > 0;
    std::vector<float> buffer;
    std::vector<int64_t> labels;

    QByteArray bestWeights;
    double bestF1 = -1;
    ClassificationMetrics bestMetrics;
    int bestEpoch = 0, sinceBest = 0;
    int64_t step = 0;
    QString stopMessage;
    network.train();
    for (int epoch = 1; epoch <= epochs; ++epoch) {
        // A new cut every epoch (seeded offset), so chunk borders move.
        const SequenceSet training =
            epoch == 1 ? firstCut
                       : SequenceSet::build(trainingRecordings, chunkLength, chunkLength, classIds,
                                            int64_t(rng() % uint64_t(chunkLength)), job);
        std::vector<size_t> order(training.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        shuffle(order, rng);
        const int batches = int((order.size() + size_t(batchSize) - 1) / size_t(batchSize));
        QMap<QString, double> sums;
        for (int b = 0; b < batches; ++b) {
            throwIfCancelled(job);
            const size_t first = size_t(b) * size_t(batchSize);
            const std::vector<size_t> batch(
                order.begin() + long(first),
                order.begin() + long(std::min(order.size(), first + size_t(batchSize))));
            const int64_t n = int64_t(batch.size());
            buffer.resize(size_t(n * c * chunkLength));
            labels.resize(size_t(n * chunkLength));
            training.gather(batch, buffer.data(), labels.data(), &normalisation);
            const torch::Tensor x = torch::from_blob(buffer.data(), {n, c, chunkLength});
            const torch::Tensor y = torch::from_blob(labels.data(), {n, chunkLength}, torch::kLong);
            const MsTcnObjective::Terms terms = objective.losses(network, x, y);
            torch::Tensor total = terms.front().second;
            if (step == nanAtStep) // test hook: what a diverging run looks like
                total = total * std::numeric_limits<float>::quiet_NaN();
            ++step;
            const double totalValue = total.item<double>();
            if (!std::isfinite(totalValue)) {
                QStringList parts;
                for (const auto& [name, value] : terms)
                    parts << QStringLiteral("%1 %2").arg(name).arg(value.item<double>());
                throw TrainingError(
                    QStringLiteral(
                        "training stopped at epoch %1, batch %2: the loss became %3 (%4). "
                        "Try a lower learning rate (lr, now %5).")
                        .arg(epoch)
                        .arg(b + 1)
                        .arg(std::isnan(totalValue) ? QStringLiteral("NaN")
                                                    : QStringLiteral("infinite"))
                        .arg(parts.join(QStringLiteral(", ")))
                        .arg(lr)
                        .toStdString());
            }
            total.backward();
            optimizer.step(); // also zeroes the gradients for the next backward
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
            end.losses[it.key()] = it.value() / std::max(1, batches);
        bool improved = true; // without validation the latest weights are the best we know
        if (validating) {
            const ClassificationMetrics m = validate(network, validation, normalisation, classes);
            end.validationMacroF1 = m.macroF1;
            improved = m.macroF1 > bestF1;
            if (improved) {
                bestF1 = m.macroF1;
                bestMetrics = m;
            }
        }
        if (improved) {
            bestWeights = saveWeights(network);
            bestEpoch = epoch;
            sinceBest = 0;
        } else {
            ++sinceBest;
        }
        end.bestValidationMacroF1 = bestF1 >= 0 ? bestF1 : std::numeric_limits<double>::quiet_NaN();
        if (patience > 0 && sinceBest >= patience && epoch < epochs) {
            stopMessage =
                QStringLiteral(
                    "early stop after epoch %1: no better validation macro F1 for %2 epochs")
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
    // A sequence model labels every sample: its "windows" are single samples.
    model.windowing.length = 1;
    model.windowing.stride = 1;
    model.normalisation = normalisation;
    QJsonObject data;
    data[QStringLiteral("subjects")] = QJsonArray::fromStringList(trainingSubjects);
    data[QStringLiteral("recordings")] = int(trainingRecordings.size());
    data[QStringLiteral("chunks")] = qint64(firstCut.size());
    data[QStringLiteral("chunk_length")] = qint64(chunkLength);
    QJsonObject perClass;
    const auto counts = firstCut.labelledSamplesPerClass();
    for (size_t i = 0; i < counts.size(); ++i)
        perClass[QString::number(classIds[i])] = qint64(counts[i]);
    data[QStringLiteral("samples_per_class")] = perClass;
    model.trainingData = data;
    if (validating) {
        QJsonObject v = bestMetrics.toJson(classIds);
        v[QStringLiteral("subjects")] = QJsonArray::fromStringList(request.validationSubjects);
        v[QStringLiteral("level")] = QStringLiteral("sample");
        v[QStringLiteral("best_epoch")] = bestEpoch;
        model.validation = v;
    }
    model.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    model.seed = request.seed;
    model.weights = bestWeights;
    return model;
}

} // namespace kinemark
