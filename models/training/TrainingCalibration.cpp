#include "models/training/TrainingCalibration.h"

#include "core/learning/SpectrogramDataset.h"
#include "models/generation/WindowDiffusion.h"
#include "models/internal/nn/selfpab/SelfPabNetwork.h"
#include "models/internal/objectives/SyntheticPretraining.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/TrainingStepBenchmark.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

namespace kinemark {

namespace {
// A calibration batch is at most this many examples and samples: a larger
// batch's step time grows in proportion, and a calibration must take seconds
// at most even for resnet-supcon's 256 windows or mstcn's 32 chunks of 2048
// samples (a step of those took over ten seconds on a busy machine). A step
// cannot be interrupted: the cancel check comes between steps.
constexpr int kMaxCalibrationBatch = 128;
constexpr int kMaxCalibrationSamples = 8192;
// A sequence model is measured on chunks this long at most: its layers cost
// the same per sample whatever the chunk's length (mstcn: 2 stages of 10
// dilated convolutions, 2048-sample chunks took 40 s for four steps on a
// busy machine), and the time per chunk is scaled back up.
constexpr int kMaxCalibrationChunk = 256;
constexpr int kCalibrationChunks = 4;
// selfpab's windows are 599 frames of (axes x 26 bins) features through a
// transformer: a full step took 0.34 s of CPU per window (default encoder,
// one thread), so two windows a batch keep its three kinds of steps, four
// each, to a few seconds. Its time per window does not depend on the batch.
constexpr int kMaxCalibrationSpectrogramWindows = 2;

double median(std::vector<double> v)
{
    if (v.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
} // namespace

namespace {
// Random normalised windows [n][channels][length].
std::vector<float> randomWindows(int n, int channels, int length, std::mt19937& random)
{
    std::normal_distribution<float> value;
    std::vector<float> windows(size_t(n) * size_t(channels) * size_t(length));
    for (float& x : windows)
        x = value(random);
    return windows;
}

// usad's diffusion model (SyntheticPretraining's settings): the seconds per
// window of a training step and of a reverse step, into `costs`. The
// diffusion model is the one SyntheticPretraining trains (WindowDiffusion),
// fitted for 1 + `steps` one-batch epochs, each epoch's end timed.
void measureDiffusion(const QVariantMap& h, int channels, int length, int classes, int steps,
                      const std::function<bool()>& cancelled, TrainingCalibration::Costs& costs)
{
    QVariantMap dh = SyntheticPretraining::diffusionSettings(h, length);
    const int batch = std::clamp(
        dh.value(QStringLiteral("batch")).toInt(), 1,
        std::clamp(kMaxCalibrationSamples / std::max(1, length), 2, kMaxCalibrationBatch));
    dh[QStringLiteral("batch")] = batch;
    dh[QStringLiteral("epochs")] = 1 + steps;
    std::mt19937 random(2);
    const std::vector<float> windows = randomWindows(batch, channels, length, random);
    std::vector<int32_t> labels(size_t(batch), 0);
    for (int i = 0; i < batch; ++i)
        labels[size_t(i)] = i % classes;
    WindowDiffusion diffusion(channels, length, classes, dh);
    std::vector<double> seconds;
    auto last = std::chrono::steady_clock::now();
    int ends = 0;
    try {
        diffusion.fit(windows, labels, 1, [&](const TrainingProgress& p) {
            if (!p.epochEnd)
                return;
            const auto now = std::chrono::steady_clock::now();
            if (ends++ > 0) // the first epoch is the warm-up (and fits the conditioning)
                seconds.push_back(std::chrono::duration<double>(now - last).count());
            last = now;
            if (cancelled && cancelled())
                throw Cancelled();
        });
    } catch (const Cancelled&) {
        return;
    }
    costs.diffusionStep = median(seconds) / batch;

    // Reverse steps from the noisiest timestep, as sampling begins.
    const int index = int(diffusion.samplingTimesteps().size()) - 1;
    std::vector<double> reverse;
    for (int i = 0; i < 1 + steps && !(cancelled && cancelled()); ++i) {
        const auto start = std::chrono::steady_clock::now();
        const std::vector<float> next = diffusion.denoiseStep(windows, labels, index, uint64_t(i));
        if (i > 0)
            reverse.push_back(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    if (int(reverse.size()) == steps)
        costs.samplingStep = median(reverse) / batch;
}

// A recording of `windows` spectrogram windows of random samples, one after
// the other, and its windows as SelfPabTrainer cuts them.
SpectrogramDataset randomSpectrograms(int channels, int windows, SpectrogramWindowing windowing)
{
    windowing.strideFrames = windowing.windowFrames;
    auto recording = std::make_shared<Recording>();
    Sensor sensor;
    sensor.name = QStringLiteral("calibration");
    std::mt19937 random(3);
    std::normal_distribution<float> value;
    const size_t samples = size_t(windowing.windowSamples()) * size_t(windows);
    for (int c = 0; c < channels; ++c) {
        Channel channel;
        channel.name = QString::number(c);
        channel.samples.resize(samples);
        for (float& x : channel.samples)
            x = value(random);
        sensor.channels.push_back(std::move(channel));
    }
    recording->sensors.push_back(std::move(sensor));
    return SpectrogramDataset::build({recording}, windowing);
}
} // namespace

bool TrainingCalibration::supports(const QString& model)
{
    return model == QLatin1String("cnn-center") || model == QLatin1String("resnet-supcon") ||
           model == QLatin1String("mstcn") || model == QLatin1String("usad") ||
           model == QLatin1String("selfpab");
}

TrainingCalibration::Costs TrainingCalibration::measure(const QString& model,
                                                        const QVariantMap& hyperparameters,
                                                        int channels, int classes, int threads,
                                                        int steps,
                                                        const std::function<bool()>& cancelled)
{
    Costs costs;
    if (model == QLatin1String("selfpab")) {
        if (channels < 1 || classes < 2)
            throw std::invalid_argument("selfpab calibration: needs channels and two classes");
        const QVariantMap h = ModelRegistry::resolve(model, hyperparameters);
        const int windows = std::clamp(h.value(QStringLiteral("batch")).toInt(), 1,
                                       kMaxCalibrationSpectrogramWindows);
        const SpectrogramDataset data = randomSpectrograms(channels, windows, selfPabWindowing(h));
        using Step = TrainingStepBenchmark::SpectrogramStep;
        const auto perWindow = [&](Step step) {
            const std::vector<double> seconds = TrainingStepBenchmark::runSpectrogram(
                hyperparameters, data, windows, classes, step, 1, steps, 1, threads, cancelled);
            return int(seconds.size()) < steps ? std::numeric_limits<double>::quiet_NaN()
                                               : median(seconds) / windows;
        };
        costs.forward = perWindow(Step::Forward);
        costs.frozenStep = perWindow(Step::Frozen);
        const double full = perWindow(Step::Full);
        if (!(cancelled && cancelled()))
            costs.step = full;
        return costs;
    }
    costs.step =
        secondsPerExample(model, hyperparameters, channels, classes, threads, steps, cancelled);
    if (model == QLatin1String("usad") && std::isfinite(costs.step)) {
        const QVariantMap h = ModelRegistry::resolve(model, hyperparameters);
        if (SyntheticPretraining::wanted(h))
            measureDiffusion(h, channels, h.value(QStringLiteral("window_length")).toInt(), classes,
                             steps, cancelled, costs);
        if (cancelled && cancelled())
            costs.step = std::numeric_limits<double>::quiet_NaN();
    }
    return costs;
}

double TrainingCalibration::secondsPerExample(const QString& model,
                                              const QVariantMap& hyperparameters, int channels,
                                              int classes, int threads, int steps,
                                              const std::function<bool()>& cancelled)
{
    if (!supports(model) || model == QLatin1String("selfpab"))
        throw std::invalid_argument(
            QStringLiteral("no calibration for model '%1'").arg(model).toStdString());
    const QVariantMap h = ModelRegistry::resolve(model, hyperparameters);
    const bool sequence = model == QLatin1String("mstcn");
    // As SequenceModelTrainer: chunks of at least 16 samples.
    const int length = sequence ? std::max(16, h.value(QStringLiteral("chunk_length")).toInt())
                                : h.value(QStringLiteral("window_length")).toInt();
    const int measured = sequence ? std::min(length, kMaxCalibrationChunk) : length;
    const int batch =
        sequence ? std::clamp(h.value(QStringLiteral("batch")).toInt(), 1, kCalibrationChunks)
                 : std::clamp(h.value(QStringLiteral("batch")).toInt(), 2,
                              std::clamp(kMaxCalibrationSamples / std::max(1, length), 2,
                                         kMaxCalibrationBatch));
    QVariantMap overrides = hyperparameters;
    overrides[QStringLiteral("batch")] = batch;
    if (sequence)
        overrides[QStringLiteral("chunk_length")] = measured;
    std::mt19937 random(1);
    std::normal_distribution<float> value;
    std::uniform_int_distribution<int64_t> label(0, classes - 1);
    std::vector<double> seconds;
    if (sequence) {
        TrainingStepBenchmark::SequenceBatch b;
        b.chunks.resize(size_t(batch) * size_t(channels) * size_t(measured));
        b.labels.resize(size_t(batch) * size_t(measured));
        for (float& x : b.chunks)
            x = value(random);
        for (int64_t& y : b.labels)
            y = label(random);
        seconds = TrainingStepBenchmark::runSequence(model, overrides, channels, classes, {b}, 1,
                                                     steps, 1, threads, cancelled);
    } else {
        TrainingStepBenchmark::Batch b;
        b.windows.resize(size_t(batch) * size_t(channels) * size_t(length));
        for (float& x : b.windows)
            x = value(random);
        for (int i = 0; i < batch; ++i) {
            b.labels.push_back(label(random));
            b.subjects.push_back(i % 2); // the contrastive objective's positives from another user
        }
        seconds = TrainingStepBenchmark::run(model, overrides, channels, classes, {b}, 1, steps, 1,
                                             threads, cancelled);
    }
    if ((cancelled && cancelled()) || int(seconds.size()) < steps)
        return std::numeric_limits<double>::quiet_NaN();
    // Per window, or per chunk of the run's length.
    return median(seconds) / batch * (double(length) / measured);
}

double TrainingCalibration::runSeconds(double secondsPerExample, int64_t trainingExamples,
                                       int64_t validationExamples, int epochs)
{
    if (!std::isfinite(secondsPerExample) || secondsPerExample < 0)
        return std::numeric_limits<double>::quiet_NaN();
    const double perEpoch =
        secondsPerExample * (double(trainingExamples) + double(validationExamples) / 3.0);
    return perEpoch * std::max(0, epochs);
}

double TrainingCalibration::runSeconds(const QString& model, const QVariantMap& hyperparameters,
                                       const Costs& costs, const RunSize& run)
{
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    const QVariantMap h = ModelRegistry::resolve(model, hyperparameters);
    const auto number = [&](const char* key) { return h.value(QLatin1String(key)).toDouble(); };
    const double epochs = std::max(0, run.epochs);
    if (model == QLatin1String("selfpab")) {
        // Frozen steps only with a pre-trained encoder (a random one would stay random).
        const double frozen = run.pretrainedEncoder ? number("frozen_fraction") : 0.0;
        const double perTraining =
            frozen > 0 ? frozen * costs.frozenStep + (1 - frozen) * costs.step : costs.step;
        const double seconds =
            epochs * (perTraining * double(run.training) +
                      (run.validation > 0 ? costs.forward * double(run.validation) : 0.0));
        return std::isfinite(seconds) && seconds >= 0 ? seconds : kNaN;
    }
    double seconds = runSeconds(costs.step, run.training, run.validation, run.epochs);
    if (model == QLatin1String("usad") && SyntheticPretraining::wanted(h)) {
        const QVariantMap dh = SyntheticPretraining::diffusionSettings(
            h, h.value(QStringLiteral("window_length")).toInt());
        // As SyntheticPretraining: synthetic_per_class windows of every class.
        const double synthetic = number("synthetic_per_class") * std::max(0, run.classes);
        const double reverseSteps =
            std::min(dh.value(QStringLiteral("sampling_steps")).toDouble(),
                     dh.value(QStringLiteral("diffusion_steps")).toDouble());
        seconds += costs.diffusionStep * double(run.training) *
                       dh.value(QStringLiteral("epochs")).toDouble() +
                   costs.samplingStep * synthetic * reverseSteps +
                   costs.step * synthetic * number("pretrain_epochs");
    }
    return std::isfinite(seconds) && seconds >= 0 ? seconds : kNaN;
}

} // namespace kinemark
