#include "models/training/WindowModelTrainer.h"

#include "core/analysis/ClassificationMetrics.h"
#include "core/base/SeededRandom.h"
#include "core/learning/ChannelNormalisation.h"
#include "core/learning/WindowSet.h"
#include "models/TrainingError.h"
#include "models/distributed/ProcessGroup.h"
#include "models/internal/TorchRngState.h"
#include "models/internal/distributed/DataParallelRank.h"
#include "models/internal/nn/ModuleTensors.h"
#include "models/internal/nn/window/WindowNetwork.h"
#include "models/internal/objectives/CenterLossObjective.h"
#include "models/internal/objectives/SyntheticPretraining.h"
#include "models/internal/objectives/TrainingObjective.h"
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

QJsonObject describeWindows(const WindowSet& set, const QStringList& subjects)
{
    QJsonObject o;
    o[QStringLiteral("subjects")] = QJsonArray::fromStringList(subjects);
    o[QStringLiteral("recordings")] = int(set.recordings().size());
    o[QStringLiteral("windows")] = qint64(set.size());
    o[QStringLiteral("windows_per_class")] =
        TrainedModelFile::perClass(set.classIds(), set.classCounts());
    return o;
}

// Subject index per window (in order of first appearance), for the contrastive objective.
std::vector<int64_t> subjectIndices(const WindowSet& set)
{
    std::vector<int64_t> subjectOfWindow(set.size());
    QStringList seen;
    for (size_t i = 0; i < set.size(); ++i) {
        const QString& s = set.subjectOf(i);
        int index = int(seen.indexOf(s));
        if (index < 0) {
            index = int(seen.size());
            seen << s;
        }
        subjectOfWindow[i] = index;
    }
    return subjectOfWindow;
}

std::vector<size_t> iota(size_t n)
{
    std::vector<size_t> v(n);
    for (size_t i = 0; i < n; ++i)
        v[i] = i;
    return v;
}

// The windows a run learns from and is judged on.
struct WindowData
{
    TrainingSelection selection;
    WindowingOptions windowing;
    WindowSet training;
    WindowSet validation;
    ChannelNormalisation normalisation;
};

WindowData prepareData(const Project& project, const TrainingRequest& request, const QVariantMap& h,
                       const JobControl* job, const FineTuning* fineTuning)
{
    TrainingSelection selection = TrainingSelection::resolve(project, request);
    const WindowingOptions windowing = WindowModelTrainer::windowing(h);
    reportProgress(job, 0.0, QStringLiteral("cutting windows"));
    WindowSet training = WindowSet::build(selection.recordings, windowing, selection.classIds, job);
    if (training.size() == 0)
        throw TrainingError("the training subjects have no labelled windows of the chosen classes");
    WindowSet validation =
        WindowSet::build(TrainingSelection::labelledRecordings(project, request.validationSubjects),
                         windowing, selection.classIds, job);
    // A fine-tuned network reads its input scaled as its parent learnt it.
    ChannelNormalisation normalisation = fineTuning
                                             ? fineTuning->parent().normalisation
                                             : ChannelNormalisation::fit(selection.recordings, job);
    return {std::move(selection), windowing, std::move(training), std::move(validation),
            std::move(normalisation)};
}

// One run's network, objective and optimiser, and its epochs over the windows.
class WindowRun
{
public:
    WindowRun(const TrainingRequest& request, const QVariantMap& h, const WindowData& data,
              const TrainingObserver& observer, const JobControl* job, const FineTuning* fineTuning,
              const DataParallelRank& parallel)
        : m_h(h), m_data(data), m_observer(observer), m_job(job), m_fineTuning(fineTuning),
          m_parallel(parallel), m_rng(request.seed), m_classes(int(data.selection.classIds.size())),
          m_network(startingNetwork(request, h, data, m_classes, fineTuning)),
          m_objective(makeTrainingObjective(request.model, h, m_classes)),
          m_lr(h.value(QStringLiteral("lr")).toDouble()),
          // Seed 002 (usad): pretraining on class-balanced synthetic windows; the epochs fine-tune.
          m_pretraining(SyntheticPretraining::wanted(h)
                            ? SyntheticPretraining::run(*m_network, *m_objective, data.training,
                                                        data.normalisation, h, request.seed,
                                                        observer, job)
                            : QJsonObject()),
          m_optimizer(FusedAdam::fromHyperparameters(m_network->parameters(), h)),
          m_subjectOfWindow(subjectIndices(data.training)),
          m_epochs(h.value(QStringLiteral("epochs")).toInt()),
          m_batchSize(std::max(2, h.value(QStringLiteral("batch")).toInt())),
          m_nanAtStep(h.value(QStringLiteral("debug_nan_at_step"), -1).toLongLong()),
          m_order(iota(data.training.size())),
          // Batches of one window break BatchNorm: the last short batch joins the one before.
          m_batches(std::max<int>(1, int(data.training.size() / size_t(m_batchSize)))),
          m_selection(m_epochs, h.value(QStringLiteral("patience")).toInt())
    {
        // Data parallel: every rank starts from rank 0's weights, and the
        // centers move by the whole batch's embeddings, as in one process.
        m_parallel.broadcastModule(*m_network);
        if (auto* center = dynamic_cast<CenterLossObjective*>(m_objective.get());
            center && m_parallel.isDistributed())
            center->setRankSum([this](std::vector<torch::Tensor>& t) { m_parallel.sum(t); });
    }

    // Trains until the last epoch or an early stop.
    void run()
    {
        std::function<ClassificationMetrics()> validation;
        if (m_data.validation.size() > 0)
            validation = [&] { return validate(); };
        m_selection.run([&](int epoch) { return runEpoch(epoch); }, validation,
                        [&] { return saveWeights(*m_network); }, m_observer);
    }

    ModelFile modelFile(const Project& project, const TrainingRequest& request) const
    {
        const TrainingSelection& s = m_data.selection;
        ModelFile model = TrainedModelFile::start(project, request.model, m_h, s.classIds,
                                                  *s.recordings.front(), request.seed);
        model.hyperparameters.remove(QStringLiteral("debug_nan_at_step"));
        model.windowing = m_data.windowing;
        model.normalisation = m_data.normalisation;
        model.trainingData = describeWindows(m_data.training, s.subjects);
        if (!m_pretraining.isEmpty())
            model.trainingData[QStringLiteral("synthetic_pretraining")] = m_pretraining;
        if (m_data.validation.size() > 0) {
            QJsonObject v = m_selection.validationSummary(s.classIds, request.validationSubjects);
            v[QStringLiteral("windows")] = qint64(m_data.validation.size());
            model.validation = v;
        }
        model.weights = m_selection.bestWeights();
        return model;
    }

private:
    // A fresh network, or the parent's weights in one grown for the new classes.
    static std::shared_ptr<WindowNetwork> startingNetwork(const TrainingRequest& request,
                                                          const QVariantMap& h,
                                                          const WindowData& data, int classes,
                                                          const FineTuning* fineTuning)
    {
        std::shared_ptr<WindowNetwork> network = makeWindowNetwork(
            request.model, h, data.training.channelCount(), data.windowing.length, classes);
        if (fineTuning)
            loadWeightsGrowingClasses(*network, fineTuning->parent().weights, fineTuning->source(),
                                      fineTuning->parentClassCount(), classes);
        return network;
    }

    // The debug_parent_loss test hook: the parent's loss on `batch` through a
    // network of its own, built and loaded as a predictor loads it, on input
    // scaled by the parent's normalisation, with the random numbers (dropout)
    // the run's step will draw. A fine-tuning run whose first step's loss is
    // not this one did not start where its parent stopped.
    double parentLoss(const std::vector<size_t>& batch)
    {
        const ModelFile& parent = m_fineTuning->parent();
        const TorchRngState before;
        const int classes = m_fineTuning->parentClassCount();
        const int64_t n = int64_t(batch.size()), c = int64_t(parent.channelNames.size()),
                      l = m_data.windowing.length;
        std::shared_ptr<WindowNetwork> network =
            makeWindowNetwork(parent.kind, parent.hyperparameters, int(c), int(l), classes);
        loadWeights(*network, parent.weights, m_fineTuning->source());
        network->train();
        std::unique_ptr<TrainingObjective> objective =
            makeTrainingObjective(parent.kind, parent.hyperparameters, classes);
        std::vector<float> buffer(batch.size() * size_t(c * l));
        m_data.training.gather(batch, buffer.data(), &parent.normalisation);
        const torch::Tensor x = torch::from_blob(buffer.data(), {n, c, l});
        const torch::Tensor y = torch::from_blob(m_labels.data(), {n}, torch::kLong);
        const torch::Tensor u = torch::from_blob(m_subjects.data(), {n}, torch::kLong);
        before.restore(); // the draws the run's own step is about to make
        const double loss = objective->losses(*network, x, y, u).front().second.item<double>();
        before.restore();
        return loss;
    }

    // One pass over the shuffled training windows; returns the epoch's end report.
    TrainingProgress runEpoch(int epoch)
    {
        seededShuffle(m_order, m_rng);
        m_network->train();
        EpochProgress progress(epoch, m_epochs, m_batches);
        int64_t correct = 0, counted = 0; // training accuracy, when the objective shows its logits
        for (int b = 0; b < m_batches; ++b) {
            throwIfCancelled(m_job);
            const size_t first = size_t(b) * size_t(m_batchSize);
            const size_t last = b == m_batches - 1 ? m_order.size() : first + size_t(m_batchSize);
            const std::vector<size_t> batch(m_order.begin() + long(first),
                                            m_order.begin() + long(last));
            trainBatch(progress, b, batch, correct, counted);
        }
        m_parallel.sum(correct, counted);
        TrainingProgress end = progress.end();
        const double trainingAccuracy = counted > 0 ? double(correct) / double(counted)
                                                    : std::numeric_limits<double>::quiet_NaN();
        if (counted > 0)
            end.losses[QStringLiteral("training accuracy")] = trainingAccuracy;
        m_objective->afterEpoch(trainingAccuracy);
        const QMap<QString, double> report = m_objective->epochReport();
        for (auto it = report.begin(); it != report.end(); ++it)
            end.losses[it.key()] = it.value();
        return end;
    }

    // One optimiser step on the windows `globalBatch` (this rank's share of
    // them when data parallel); counts its correct training predictions.
    void trainBatch(EpochProgress& progress, int b, const std::vector<size_t>& globalBatch,
                    int64_t& correct, int64_t& counted)
    {
        const auto [first, last] = m_parallel.share(globalBatch.size());
        const std::vector<size_t> batch(globalBatch.begin() + long(first),
                                        globalBatch.begin() + long(last));
        const double scale = m_parallel.lossScale(batch.size(), globalBatch.size());
        const int64_t n = int64_t(batch.size()), c = m_data.training.channelCount(),
                      l = m_data.windowing.length;
        m_buffer.resize(batch.size() * size_t(c * l));
        m_labels.resize(batch.size());
        m_subjects.resize(batch.size());
        m_data.training.gather(batch, m_buffer.data(), &m_data.normalisation);
        for (size_t i = 0; i < batch.size(); ++i) {
            m_labels[i] = m_data.training.windows()[batch[i]].classIndex;
            m_subjects[i] = m_subjectOfWindow[batch[i]];
        }
        const torch::Tensor x = torch::from_blob(m_buffer.data(), {n, c, l});
        const torch::Tensor y = torch::from_blob(m_labels.data(), {n}, torch::kLong);
        const torch::Tensor u = torch::from_blob(m_subjects.data(), {n}, torch::kLong);
        const bool hook = m_step == 0 && m_fineTuning && m_fineTuning->newClasses().empty() &&
                          m_h.value(QStringLiteral("debug_parent_loss")).toBool();
        const double parent = hook ? parentLoss(batch) : 0;
        const TrainingObjective::Terms terms = m_objective->losses(*m_network, x, y, u);
        EpochProgress::Terms values;
        const double total =
            progress.stepLoss(m_parallel.isDistributed() ? batchTerms(terms, scale) : terms, b + 1,
                              m_lr, m_step++ == m_nanAtStep, values);
        if (hook)
            values.emplace_back(QStringLiteral("parent loss"), parent);
        if (m_parallel.isDistributed())
            (terms.front().second * scale).backward();
        else
            terms.front().second.backward();
        m_parallel.sumGradients(*m_network);
        m_optimizer.step(); // also zeroes the gradients for the next backward
        m_objective->afterStep();
        if (const torch::Tensor logits = m_objective->lastLogits(); logits.defined()) {
            correct += logits.argmax(1).eq(y).sum().item<int64_t>();
            counted += n;
        }
        progress.batch(b + 1, values, total, m_observer, m_job);
    }

    // The whole batch's loss terms on every rank: each rank's means scaled by
    // its share, summed (one all-reduce), so reports and the NaN check agree.
    TrainingObjective::Terms batchTerms(const TrainingObjective::Terms& terms, double scale) const
    {
        std::vector<torch::Tensor> values;
        for (const auto& term : terms)
            values.push_back(term.second.detach().reshape({1}) * scale);
        std::vector<torch::Tensor> sums{torch::cat(values)};
        m_parallel.sum(sums);
        TrainingObjective::Terms summed;
        for (size_t i = 0; i < terms.size(); ++i)
            summed.emplace_back(terms[i].first, sums.front()[long(i)]);
        return summed;
    }

    // Data parallel: rank 0 alone runs the network and sends its predictions,
    // so every rank's metrics, and so its early stop, are rank 0's.
    ClassificationMetrics validate()
    {
        const WindowSet& validation = m_data.validation;
        std::vector<int32_t> truth(validation.size()), predicted(validation.size());
        for (size_t i = 0; i < validation.size(); ++i)
            truth[i] = validation.windows()[i].classIndex;
        if (m_parallel.rank() == 0) {
            const std::vector<float> p = classifyWindows(
                *m_network, validation, iota(validation.size()), m_data.normalisation);
            for (size_t i = 0; i < validation.size(); ++i) {
                const auto row = p.begin() + long(i * size_t(m_classes));
                predicted[i] = int32_t(std::max_element(row, row + m_classes) - row);
            }
        }
        m_parallel.broadcast(predicted);
        return ClassificationMetrics::compute(truth, predicted, m_classes);
    }

    const QVariantMap& m_h;
    const WindowData& m_data;
    const TrainingObserver& m_observer;
    const JobControl* m_job;
    const FineTuning* m_fineTuning;
    const DataParallelRank& m_parallel;
    std::mt19937_64 m_rng;
    int m_classes;
    std::shared_ptr<WindowNetwork> m_network;
    std::unique_ptr<TrainingObjective> m_objective;
    double m_lr;
    QJsonObject m_pretraining;
    FusedAdam m_optimizer;
    std::vector<int64_t> m_subjectOfWindow;
    int m_epochs;
    int m_batchSize;
    int64_t m_nanAtStep;
    std::vector<size_t> m_order;
    int m_batches;
    EpochSelection m_selection;
    int64_t m_step = 0;
    std::vector<float> m_buffer;
    std::vector<int64_t> m_labels;
    std::vector<int64_t> m_subjects;
};

} // namespace

WindowingOptions WindowModelTrainer::windowing(const QVariantMap& h)
{
    WindowingOptions windowing;
    windowing.length = h.value(QStringLiteral("window_length")).toInt();
    windowing.stride = h.value(QStringLiteral("stride")).toInt();
    windowing.maxUnlabelledFraction = h.value(QStringLiteral("max_unlabelled")).toDouble();
    return windowing;
}

ModelFile WindowModelTrainer::train(const Project& project, const TrainingRequest& request,
                                    const TrainingObserver& observer, const JobControl* job,
                                    const FineTuning* fineTuning)
{
    const QVariantMap h = ModelRegistry::resolve(request.model, request.hyperparameters);
    TorchRuntime::setThreadCount(request.threads);
    torch::manual_seed(request.seed);
    const DataParallelRank parallel(ProcessGroup::ofThisProcess());
    if (parallel.isDistributed() && h.value(QStringLiteral("batch")).toInt() < parallel.worldSize())
        throw TrainingError(
            QStringLiteral("a batch of %1 windows cannot be shared by %2 ranks: raise batch")
                .arg(h.value(QStringLiteral("batch")).toInt())
                .arg(parallel.worldSize())
                .toStdString());
    WindowData data = prepareData(project, request, h, job, fineTuning);
    data.normalisation = parallel.broadcast(data.normalisation);
    WindowRun run(request, h, data, observer, job, fineTuning, parallel);
    run.run();
    return run.modelFile(project, request);
}

} // namespace kinemark
