#pragma once

#include <QString>
#include <QVariantMap>
#include <cstdint>
#include <functional>

namespace kinemark {

// How long a training run will take on this machine, measured before it
// starts: the Train dialog's "about 4 min on this machine". A few optimiser
// steps of the run's network on random batches of the run's shape (the step
// benchmark: values do not change the time of a dense network's step) give
// the seconds per training example; a run's time is then that figure times
// the examples of its epochs, so that a change of epochs or batch size scales
// the estimate without measuring again.
class TrainingCalibration
{
public:
    // Whether `model` can be measured: the classifiers whose run is its epochs
    // alone (cnn-center, resnet-supcon and the sequence model mstcn). usad
    // first trains a diffusion model and pre-trains on its windows, selfpab
    // learns from spectrograms: the step benchmark times neither.
    static bool supports(const QString& model);

    // Seconds per training example (a window, or a chunk for a sequence
    // model) of one optimiser step of `model` with `hyperparameters` (the
    // registry's defaults overridden; the batch size and window or chunk
    // length matter), on `channels` channels and `classes` classes, with
    // `threads` LibTorch threads (0: all cores). Runs one untimed and
    // `steps` timed steps on a batch of at most 128 windows and 8192
    // samples, or 4 chunks of at most 256 samples (seconds, not minutes, for
    // the largest default network), and takes their median. NaN when
    // `cancelled` stopped it; throws std::invalid_argument for a model it
    // does not support or a shape the network refuses.
    static double secondsPerExample(const QString& model, const QVariantMap& hyperparameters,
                                    int channels, int classes, int threads, int steps = 3,
                                    const std::function<bool()>& cancelled = {});

    // The run's seconds: `epochs` passes over `trainingExamples`, each
    // followed by a forward pass over `validationExamples` (a forward pass
    // costs about a third of a training step: no backward, no optimiser).
    static double runSeconds(double secondsPerExample, int64_t trainingExamples,
                             int64_t validationExamples, int epochs);
};

} // namespace kinemark
