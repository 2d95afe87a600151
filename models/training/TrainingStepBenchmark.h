#pragma once

#include <QString>
#include <QVariantMap>
#include <cstdint>
#include <functional>
#include <vector>

namespace kinemark {

class SpectrogramDataset;

// The pure training step of a registry model, timed without windowing,
// gathering or progress reporting: for bench/bench_training.cpp, which
// compares it with the same step in PyTorch-Python. Kept here because the
// network, objective and optimiser are LibTorch types that public headers
// must not show.
class TrainingStepBenchmark
{
public:
    // One prepared batch: normalised windows [n][channels][length], class
    // indices and subject indices (n each).
    struct Batch
    {
        std::vector<float> windows;
        std::vector<int64_t> labels;
        std::vector<int64_t> subjects;
    };

    // Builds the network, objective and optimiser of `kind` as ModelTrainer
    // does (registry defaults with `overrides`), runs `warmup` untimed steps,
    // then `steps` timed ones, cycling through `batches`. A step is what the
    // trainer does per batch besides gathering it: forward and loss terms,
    // the total's value (the trainer checks it for NaN), zero_grad,
    // backward, optimiser step, the objective's afterStep(). Returns the
    // seconds of each timed step. Throws std::invalid_argument on bad input.
    // `cancelled`, asked before every step, ends the run early (the Train
    // dialog's calibration stops when the dialog closes); the steps timed so
    // far are returned.
    static std::vector<double> run(const QString& kind, const QVariantMap& overrides, int channels,
                                   int classes, const std::vector<Batch>& batches, int warmup,
                                   int steps, uint64_t seed, int threads,
                                   const std::function<bool()>& cancelled = {});

    // One prepared batch of a sequence model (mstcn): normalised chunks
    // [n][channels][chunk_length] and class indices of their samples
    // [n][chunk_length], -1 where the loss ignores a sample.
    struct SequenceBatch
    {
        std::vector<float> chunks;
        std::vector<int64_t> labels;
    };

    // The same for a sequence model, as SequenceModelTrainer builds and steps
    // it: forward and loss terms (hard-example sampling included), the
    // total's value, backward, optimiser step.
    static std::vector<double> runSequence(const QString& kind, const QVariantMap& overrides,
                                           int channels, int classes,
                                           const std::vector<SequenceBatch>& batches, int warmup,
                                           int steps, uint64_t seed, int threads,
                                           const std::function<bool()>& cancelled = {});

    // What a spectrogram step of selfpab does per batch, as SelfPabTrainer
    // does it: Full, forward and backward through the encoder and head;
    // Frozen, the encoder without gradients and the head trained (the first
    // frozen_fraction of the steps with a pre-trained encoder); Forward, the
    // validation's pass (no gradients, no optimiser).
    enum class SpectrogramStep
    {
        Full,
        Frozen,
        Forward
    };

    // The same for selfpab on windows `windows` of `data` (cycled through,
    // `windows` at a time): every step gathers its windows' spectrograms
    // (the trainer computes them per batch), z-scores them, and runs the
    // SelfPabClassifier the trainer builds (an encoder of `data`'s features
    // with the hyperparameters' sizes, paper_size applied), cross-entropy on
    // random frame labels. Returns the seconds of each timed step.
    static std::vector<double> runSpectrogram(const QVariantMap& overrides,
                                              const SpectrogramDataset& data, int windows,
                                              int classes, SpectrogramStep step, int warmup,
                                              int steps, uint64_t seed, int threads,
                                              const std::function<bool()>& cancelled = {});
};

} // namespace kinemark
