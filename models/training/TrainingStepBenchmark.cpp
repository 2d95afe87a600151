#include "models/training/TrainingStepBenchmark.h"

#include "models/internal/nn/mstcn/MsTcnNetwork.h"
#include "models/internal/nn/window/WindowNetwork.h"
#include "models/internal/objectives/MsTcnObjective.h"
#include "models/internal/objectives/TrainingObjective.h"
#include "models/internal/optim/FusedAdam.h"
#include "models/registry/ModelRegistry.h"
#include "models/runtime/TorchRuntime.h"

#include <chrono>
#include <stdexcept>

namespace kinemark {

std::vector<double> TrainingStepBenchmark::run(const QString& kind, const QVariantMap& overrides,
                                               int channels, int classes,
                                               const std::vector<Batch>& batches, int warmup,
                                               int steps, uint64_t seed, int threads,
                                               const std::function<bool()>& cancelled)
{
    if (batches.empty() || channels < 1 || classes < 2)
        throw std::invalid_argument("TrainingStepBenchmark: needs batches, channels and classes");
    const QVariantMap h = ModelRegistry::resolve(kind, overrides);
    const int64_t length = h.value(QStringLiteral("window_length")).toInt();
    for (const Batch& b : batches)
        if (b.labels.empty() || b.labels.size() != b.subjects.size() ||
            b.windows.size() != b.labels.size() * size_t(channels * length))
            throw std::invalid_argument("TrainingStepBenchmark: a batch does not match its shape");
    TorchRuntime::setThreadCount(threads);
    torch::manual_seed(seed);
    auto network = makeWindowNetwork(kind, h, channels, int(length), classes);
    auto objective = makeTrainingObjective(kind, h, classes);
    FusedAdam optimizer =
        FusedAdam::fromHyperparameters(network->parameters(), h); // as WindowModelTrainer
    network->train();

    std::vector<double> seconds;
    for (int i = 0; i < warmup + steps && !(cancelled && cancelled()); ++i) {
        const Batch& b = batches[size_t(i) % batches.size()];
        const int64_t n = int64_t(b.labels.size());
        // from_blob does not copy, as in the trainer; the batch stays const.
        float* windows = const_cast<float*>(b.windows.data());
        int64_t* labels = const_cast<int64_t*>(b.labels.data());
        int64_t* subjects = const_cast<int64_t*>(b.subjects.data());
        const auto start = std::chrono::steady_clock::now();
        const torch::Tensor x = torch::from_blob(windows, {n, channels, length});
        const torch::Tensor y = torch::from_blob(labels, {n}, torch::kLong);
        const torch::Tensor u = torch::from_blob(subjects, {n}, torch::kLong);
        TrainingObjective::Terms terms = objective->losses(*network, x, y, u);
        const double total = terms.front().second.item<double>();
        (void)total;
        terms.front().second.backward();
        optimizer.step();
        objective->afterStep();
        if (i >= warmup)
            seconds.push_back(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return seconds;
}

std::vector<double>
TrainingStepBenchmark::runSequence(const QString& kind, const QVariantMap& overrides, int channels,
                                   int classes, const std::vector<SequenceBatch>& batches,
                                   int warmup, int steps, uint64_t seed, int threads,
                                   const std::function<bool()>& cancelled)
{
    if (batches.empty() || channels < 1 || classes < 2)
        throw std::invalid_argument("TrainingStepBenchmark: needs batches, channels and classes");
    const QVariantMap h = ModelRegistry::resolve(kind, overrides);
    const int64_t length = std::max(16, h.value(QStringLiteral("chunk_length")).toInt());
    for (const SequenceBatch& b : batches)
        if (b.labels.empty() || b.labels.size() % size_t(length) != 0 ||
            b.chunks.size() != b.labels.size() * size_t(channels))
            throw std::invalid_argument("TrainingStepBenchmark: a batch does not match its shape");
    TorchRuntime::setThreadCount(threads);
    torch::manual_seed(seed);
    MsTcnNetwork network(channels, classes, h);
    MsTcnObjective objective(h, classes, seed);
    FusedAdam optimizer = FusedAdam::fromHyperparameters(network.parameters(), h); // as the trainer
    network.train();

    std::vector<double> seconds;
    for (int i = 0; i < warmup + steps && !(cancelled && cancelled()); ++i) {
        const SequenceBatch& b = batches[size_t(i) % batches.size()];
        const int64_t n = int64_t(b.labels.size()) / length;
        float* chunks = const_cast<float*>(b.chunks.data());
        int64_t* labels = const_cast<int64_t*>(b.labels.data());
        const auto start = std::chrono::steady_clock::now();
        const torch::Tensor x = torch::from_blob(chunks, {n, channels, length});
        const torch::Tensor y = torch::from_blob(labels, {n, length}, torch::kLong);
        const MsTcnObjective::Terms terms = objective.losses(network, x, y);
        const double total = terms.front().second.item<double>();
        (void)total;
        terms.front().second.backward();
        optimizer.step();
        if (i >= warmup)
            seconds.push_back(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return seconds;
}

} // namespace kinemark
