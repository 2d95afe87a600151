#include "models/training/TrainingStepBenchmark.h"

#include "core/learning/SpectrogramDataset.h"
#include "models/internal/nn/mstcn/MsTcnNetwork.h"
#include "models/internal/nn/selfpab/SelfPabNetwork.h"
#include "models/internal/nn/window/WindowNetwork.h"
#include "models/internal/objectives/MsTcnObjective.h"
#include "models/internal/objectives/TrainingObjective.h"
#include "models/internal/optim/FusedAdam.h"
#include "models/registry/ModelRegistry.h"
#include "models/runtime/TorchRuntime.h"

#include <chrono>
#include <random>
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

std::vector<double> TrainingStepBenchmark::runSpectrogram(const QVariantMap& overrides,
                                                          const SpectrogramDataset& data,
                                                          int windows, int classes,
                                                          SpectrogramStep step, int warmup,
                                                          int steps, uint64_t seed, int threads,
                                                          const std::function<bool()>& cancelled)
{
    if (data.size() == 0 || windows < 1 || classes < 2)
        throw std::invalid_argument("TrainingStepBenchmark: needs spectrogram windows and classes");
    const QVariantMap h =
        selfPabEncoderSizes(ModelRegistry::resolve(QStringLiteral("selfpab"), overrides));
    TorchRuntime::setThreadCount(threads);
    torch::manual_seed(seed);
    const ChannelNormalisation normalisation = data.fitNormalisation();
    SelfPabClassifier network(SelfPabEncoder(data.featureCount(), h), classes, h);
    FusedAdam::Options options; // as SelfPabTrainer: Adam at lr
    options.lr = h.value(QStringLiteral("lr")).toDouble();
    FusedAdam optimizer(network->parameters(), options);
    network->train();

    const int64_t n = windows, frames = data.windowFrames(), features = data.featureCount();
    std::vector<float> input(size_t(n * frames * features));
    std::vector<int64_t> labels(size_t(n * frames));
    std::vector<uint8_t> valid(size_t(n * frames));
    std::mt19937 random{uint32_t(seed)};
    std::uniform_int_distribution<int64_t> label(-1, classes - 1); // -1: an unlabelled frame
    std::vector<double> seconds;
    for (int i = 0; i < warmup + steps && !(cancelled && cancelled()); ++i) {
        std::vector<size_t> batch;
        for (int64_t b = 0; b < n; ++b)
            batch.push_back(size_t(i * n + b) % data.size());
        for (int64_t& y : labels)
            y = label(random);
        const auto start = std::chrono::steady_clock::now();
        data.gather(batch, input.data(), nullptr, valid.data(), &normalisation);
        const torch::Tensor x = torch::from_blob(input.data(), {n, frames, features});
        const bool padded = std::find(valid.begin(), valid.end(), uint8_t(0)) != valid.end();
        const torch::Tensor padding =
            padded ? torch::from_blob(valid.data(), {n, frames}, torch::kUInt8).eq(0)
                   : torch::Tensor();
        if (step == SpectrogramStep::Forward) {
            torch::NoGradGuard noGrad;
            network->eval();
            const torch::Tensor p = torch::softmax(network->forward(x, padding), 2).contiguous();
            (void)p.data_ptr<float>();
        } else {
            torch::Tensor logits;
            if (step == SpectrogramStep::Frozen) {
                std::vector<torch::Tensor> layers;
                {
                    torch::NoGradGuard noGrad;
                    network->encoder->eval();
                    layers = network->encoder->forward(x, padding);
                }
                logits = network->head(layers);
            } else {
                network->train();
                logits = network->forward(x, padding);
            }
            logits = logits.reshape({n * frames, classes});
            const torch::Tensor y = torch::from_blob(labels.data(), {n * frames}, torch::kLong);
            const torch::Tensor loss = torch::nn::functional::cross_entropy(
                logits, y, torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-1));
            const double total = loss.item<double>();
            (void)total;
            loss.backward();
            optimizer.step();
        }
        if (i >= warmup)
            seconds.push_back(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return seconds;
}

} // namespace kinemark
