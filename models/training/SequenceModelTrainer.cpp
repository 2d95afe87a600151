#include "models/training/SequenceModelTrainer.h"
#include "models/training/BatchSlice.h"

#include "core/analysis/ClassificationMetrics.h"
#include "core/base/SeededRandom.h"
#include "core/learning/ChannelNormalisation.h"
#include "core/learning/SequenceSet.h"
#include "models/TrainingError.h"
#include "models/internal/TorchRngState.h"
#include "models/internal/nn/ModuleTensors.h"
#include "models/internal/nn/mstcn/MsTcnNetwork.h"
#include "models/internal/nn/window/WindowNetwork.h"
#include "models/internal/objectives/MsTcnObjective.h"
#include "models/internal/optim/FusedAdam.h"
#include "models/registry/ModelRegistry.h"
#include "models/runtime/TorchRuntime.h"
#include "models/training/EpochProgress.h"
#include "models/training/EpochSelection.h"
#include "models/training/FineTuning.h"
#include "models/training/TrainedModelFile.h"
#include "models/training/TrainingSelection.h"

#include <QJsonArray>
#include <cmath>
#include <random>

namespace kinemark {

namespace {

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

// The chunks a run learns from (the first cut) and the sequences it is judged on.
struct SequenceData
{
    TrainingSelection selection;
    int64_t chunkLength;
    SequenceSet firstCut;
    SequenceSet validation;
    ChannelNormalisation normalisation;
};

SequenceData prepareData(const Project& project, const TrainingRequest& request,
                         const QVariantMap& h, const JobControl* job, const FineTuning* fineTuning)
{
    TrainingSelection selection = TrainingSelection::resolve(project, request);
    const int64_t chunkLength = std::max(16, h.value(QStringLiteral("chunk_length")).toInt());
    reportProgress(job, 0.0, QStringLiteral("cutting chunks"));
    SequenceSet firstCut = SequenceSet::build(selection.recordings, chunkLength, chunkLength,
                                              selection.classIds, 0, job);
    if (firstCut.size() == 0)
        throw TrainingError("the training subjects have no labelled samples of the chosen classes");
    SequenceSet validation = SequenceSet::build(
        TrainingSelection::labelledRecordings(project, request.validationSubjects), chunkLength,
        chunkLength, selection.classIds, 0, job);
    // A fine-tuned network reads its input scaled as its parent learnt it.
    ChannelNormalisation normalisation = fineTuning
                                             ? fineTuning->parent().normalisation
                                             : ChannelNormalisation::fit(selection.recordings, job);
    return {std::move(selection), chunkLength, std::move(firstCut), std::move(validation),
            std::move(normalisation)};
}

// One run's network, objective and optimiser, and its epochs over the chunks.
class SequenceRun
{
public:
    SequenceRun(const TrainingRequest& request, const QVariantMap& h, const SequenceData& data,
                const TrainingObserver& observer, const JobControl* job,
                const FineTuning* fineTuning)
        : m_data(data), m_observer(observer), m_job(job), m_fineTuning(fineTuning),
          m_seed(request.seed), m_rng(request.seed), m_classes(int(data.selection.classIds.size())),
          m_network(int(data.firstCut.channelCount()), m_classes, h),
          m_objective(h, m_classes, request.seed), m_lr(h.value(QStringLiteral("lr")).toDouble()),
          m_optimizer(FusedAdam::fromHyperparameters(m_network.parameters(), h)),
          m_epochs(h.value(QStringLiteral("epochs")).toInt()),
          m_batchSize(std::max(1, h.value(QStringLiteral("batch")).toInt())),
          m_nanAtStep(h.value(QStringLiteral("debug_nan_at_step"), -1).toLongLong()),
          m_selection(m_epochs, h.value(QStringLiteral("patience")).toInt()),
          m_parentLossHook(fineTuning && fineTuning->newClasses().empty() &&
                           h.value(QStringLiteral("debug_parent_loss")).toBool())
    {
        // The parent's weights, the stages grown for new classes (the optimiser
        // holds the same tensors, which are overwritten in place).
        if (fineTuning)
            loadWeightsGrowingClasses(m_network, fineTuning->parent().weights, fineTuning->source(),
                                      fineTuning->parentClassCount(), m_classes);
    }

    // Trains until the last epoch or an early stop.
    void run()
    {
        std::function<ClassificationMetrics()> validation;
        if (m_data.validation.size() > 0)
            validation = [&] {
                return validate(m_network, m_data.validation, m_data.normalisation, m_classes);
            };
        m_network.train();
        m_selection.run([&](int epoch) { return runEpoch(epoch); }, validation,
                        [&] { return saveWeights(m_network); }, m_observer);
    }

    ModelFile modelFile(const Project& project, const TrainingRequest& request,
                        const QVariantMap& h) const
    {
        const TrainingSelection& s = m_data.selection;
        ModelFile model = TrainedModelFile::start(project, request.model, h, s.classIds,
                                                  *s.recordings.front(), request.seed);
        model.hyperparameters.remove(QStringLiteral("debug_nan_at_step"));
        // A sequence model labels every sample: its "windows" are single samples.
        model.windowing.length = 1;
        model.windowing.stride = 1;
        model.normalisation = m_data.normalisation;
        QJsonObject data;
        data[QStringLiteral("subjects")] = QJsonArray::fromStringList(s.subjects);
        data[QStringLiteral("recordings")] = int(s.recordings.size());
        data[QStringLiteral("chunks")] = qint64(m_data.firstCut.size());
        data[QStringLiteral("chunk_length")] = qint64(m_data.chunkLength);
        data[QStringLiteral("samples_per_class")] =
            TrainedModelFile::perClass(s.classIds, m_data.firstCut.labelledSamplesPerClass());
        model.trainingData = data;
        if (m_data.validation.size() > 0) {
            QJsonObject v = m_selection.validationSummary(s.classIds, request.validationSubjects);
            v[QStringLiteral("level")] = QStringLiteral("sample");
            model.validation = v;
        }
        model.weights = m_selection.bestWeights();
        return model;
    }

private:
    // The debug_parent_loss test hook: the parent's loss on the chunks
    // `batch` through a network of its own, loaded as a predictor loads it,
    // on input scaled by the parent's normalisation, with the random numbers
    // (dropout) the run's step will draw.
    double parentLoss(const SequenceSet& training, const std::vector<size_t>& batch)
    {
        const ModelFile& parent = m_fineTuning->parent();
        const TorchRngState before;
        const int classes = m_fineTuning->parentClassCount();
        MsTcnNetwork network(int(parent.channelNames.size()), classes, parent.hyperparameters);
        loadWeights(network, parent.weights, m_fineTuning->source());
        network.train();
        MsTcnObjective objective(parent.hyperparameters, classes, m_seed);
        const int64_t n = int64_t(batch.size()), c = int64_t(parent.channelNames.size()),
                      length = m_data.chunkLength;
        std::vector<float> buffer(size_t(n * c * length));
        std::vector<int64_t> labels(size_t(n * length));
        training.gather(batch, buffer.data(), labels.data(), &parent.normalisation);
        const torch::Tensor x = torch::from_blob(buffer.data(), {n, c, length});
        const torch::Tensor y = torch::from_blob(labels.data(), {n, length}, torch::kLong);
        before.restore(); // the draws the run's own step is about to make
        const double loss = objective.losses(network, x, y).front().second.item<double>();
        before.restore();
        return loss;
    }

    // One pass over a new cut of the training recordings; returns the epoch's end report.
    TrainingProgress runEpoch(int epoch)
    {
        // A new cut every epoch (seeded offset), so chunk borders move.
        const TrainingSelection& s = m_data.selection;
        const int64_t chunkLength = m_data.chunkLength;
        const SequenceSet training =
            epoch == 1 ? m_data.firstCut
                       : SequenceSet::build(s.recordings, chunkLength, chunkLength, s.classIds,
                                            int64_t(m_rng() % uint64_t(chunkLength)), m_job);
        std::vector<size_t> order(training.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        seededShuffle(order, m_rng);
        const int batches = int((order.size() + size_t(m_batchSize) - 1) / size_t(m_batchSize));
        EpochProgress progress(epoch, m_epochs, batches);
        for (int b = 0; b < batches; ++b) {
            throwIfCancelled(m_job);
            const std::vector<size_t> batch = batchSlice(order, size_t(b), size_t(m_batchSize));
            trainBatch(progress, b, training, batch);
        }
        return progress.end();
    }

    // One optimiser step on the chunks `batch` of `training`.
    void trainBatch(EpochProgress& progress, int b, const SequenceSet& training,
                    const std::vector<size_t>& batch)
    {
        const int64_t n = int64_t(batch.size()), c = m_data.firstCut.channelCount(),
                      length = m_data.chunkLength;
        m_buffer.resize(size_t(n * c * length));
        m_labels.resize(size_t(n * length));
        training.gather(batch, m_buffer.data(), m_labels.data(), &m_data.normalisation);
        const torch::Tensor x = torch::from_blob(m_buffer.data(), {n, c, length});
        const torch::Tensor y = torch::from_blob(m_labels.data(), {n, length}, torch::kLong);
        const bool hook = m_step == 0 && m_parentLossHook;
        const double parent = hook ? parentLoss(training, batch) : 0;
        const MsTcnObjective::Terms terms = m_objective.losses(m_network, x, y);
        EpochProgress::Terms values;
        const double total = progress.stepLoss(terms, b + 1, m_lr, m_step++ == m_nanAtStep, values);
        if (hook)
            values.emplace_back(QStringLiteral("parent loss"), parent);
        terms.front().second.backward();
        m_optimizer.step(); // also zeroes the gradients for the next backward
        progress.batch(b + 1, values, total, m_observer, m_job);
    }

    const SequenceData& m_data;
    const TrainingObserver& m_observer;
    const JobControl* m_job;
    const FineTuning* m_fineTuning;
    uint64_t m_seed;
    std::mt19937_64 m_rng;
    int m_classes;
    MsTcnNetwork m_network;
    MsTcnObjective m_objective;
    double m_lr;
    FusedAdam m_optimizer;
    int m_epochs;
    int m_batchSize;
    int64_t m_nanAtStep;
    EpochSelection m_selection;
    bool m_parentLossHook;
    int64_t m_step = 0;
    std::vector<float> m_buffer;
    std::vector<int64_t> m_labels;
};

} // namespace

ModelFile SequenceModelTrainer::train(const Project& project, const TrainingRequest& request,
                                      const TrainingObserver& observer, const JobControl* job,
                                      const FineTuning* fineTuning)
{
    const QVariantMap h = ModelRegistry::resolve(request.model, request.hyperparameters);
    TorchRuntime::setThreadCount(request.threads);
    torch::manual_seed(request.seed);
    const SequenceData data = prepareData(project, request, h, job, fineTuning);
    SequenceRun run(request, h, data, observer, job, fineTuning);
    run.run();
    return run.modelFile(project, request, h);
}

} // namespace kinemark
