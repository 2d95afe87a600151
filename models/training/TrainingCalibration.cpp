#include "models/training/TrainingCalibration.h"

#include "models/registry/ModelRegistry.h"
#include "models/training/TrainingStepBenchmark.h"

#include <algorithm>
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

double median(std::vector<double> v)
{
    if (v.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
} // namespace

bool TrainingCalibration::supports(const QString& model)
{
    return model == QLatin1String("cnn-center") || model == QLatin1String("resnet-supcon") ||
           model == QLatin1String("mstcn");
}

double TrainingCalibration::secondsPerExample(const QString& model,
                                              const QVariantMap& hyperparameters, int channels,
                                              int classes, int threads, int steps,
                                              const std::function<bool()>& cancelled)
{
    if (!supports(model))
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

} // namespace kinemark
