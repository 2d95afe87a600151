#pragma once

#include <QString>
#include <QVariantMap>
#include <cstdint>
#include <functional>
#include <limits>

namespace kinemark {

// How long a training run will take on this machine, measured before it
// starts: the Train dialog's "about 4 min on this machine". A few optimiser
// steps of the run's network on random batches of the run's shape (the step
// benchmark: values do not change the time of a dense network's step) give
// the seconds per training example; a run's time is then that figure times
// the examples of its epochs, so that a change of epochs or batch size scales
// the estimate without measuring again.
//
// usad and selfpab run more than their epochs' steps, and each kind of step
// is measured (Costs): usad trains its diffusion model, samples synthetic
// windows with it and pre-trains on them before its epochs; selfpab computes
// each batch's spectrograms, freezes a pre-trained encoder for most steps and
// predicts the validation recordings whole every epoch. Checked against
// kinemark-cli train on HAPT (../shared/data/hapt, validation users 5, 11,
// 21, 27, --threads 1, nice, on a 2-core machine shared with other builds,
// where the run got 12-15 % of a core; the estimate was measured in the same
// conditions, and its CPU-time equivalent is its seconds times the CPU share
// of the calibration):
//   usad, classes 1,4,6, --epochs 2 --set diffusion_epochs=2 --set
//   pretrain_epochs=2 --set synthetic_per_class=100 (3179 training windows):
//   estimate 533 s (77 s of CPU), run 579 s (82 s of CPU): 1.09x (1.07x);
//   the first epoch ended at 453 s, estimated 428 s.
//   selfpab from scratch, classes 1-6, --epochs 3 (70 spectrogram windows,
//   as the trainer's count): estimate 524 s (77 s of CPU), run 731 s (89 s
//   of CPU): 1.39x (1.16x).
//   selfpab with an encoder pre-trained for 1 epoch, classes 1-6, --epochs
//   4 (27 of 36 steps frozen): estimate 61 s of CPU, run 75 s of CPU
//   (1.23x; the wall times, 204 and 548 s, were taken under different loads:
//   30 % and 14 % of a core). The runs' CPU seconds also hold what no step
//   shows: reading the project, cutting windows, the normalisation.
class TrainingCalibration
{
public:
    // Whether `model` can be measured: every classifier of the registry
    // (cnn-center, resnet-supcon, mstcn, usad, selfpab); not the generator
    // usad-diffusion nor selfpab-pretrain, which the Train dialog does not run.
    static bool supports(const QString& model);

    // What a calibration measures: seconds per example of each kind of step
    // a run of the model takes, once per network shape; runSeconds() scales
    // them by a run's sizes. NaN where the model has no such step.
    struct Costs
    {
        static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
        // A training step of the classifier, per window, chunk (mstcn) or
        // spectrogram window (selfpab, the encoder trained too).
        double step = kNone;
        // selfpab: a step with the encoder frozen (no backward through it),
        // and the validation's forward pass, per spectrogram window. Both
        // include the window's spectrogram: the trainer computes it per batch.
        double frozenStep = kNone;
        double forward = kNone;
        // usad's diffusion augmentation: a training step of its diffusion
        // model per real window, and one reverse (denoising) step per
        // synthetic window (a window takes diffusion_sampling_steps of them).
        double diffusionStep = kNone;
        double samplingStep = kNone;
    };

    // Measures every step `model`'s run takes (see secondsPerExample for the
    // arguments and the batch caps): usad's classifier, and, when it asks for
    // synthetic pretraining, its diffusion model's training and sampling
    // steps; selfpab's full, frozen and forward steps on random spectrogram
    // windows (1 untimed and `steps` timed each, at most 2 windows a batch).
    // Costs::step is NaN when `cancelled` stopped it; throws
    // std::invalid_argument for a model it does not support or a shape the
    // network refuses.
    static Costs measure(const QString& model, const QVariantMap& hyperparameters, int channels,
                         int classes, int threads, int steps = 3,
                         const std::function<bool()>& cancelled = {});

    // Seconds per training example (a window, or a chunk for a sequence
    // model) of one optimiser step of `model` with `hyperparameters` (the
    // registry's defaults overridden; the batch size and window or chunk
    // length matter), on `channels` channels and `classes` classes, with
    // `threads` LibTorch threads (0: all cores). Runs one untimed and
    // `steps` timed steps on a batch of at most 128 windows and 8192
    // samples, or 4 chunks of at most 256 samples (seconds, not minutes, for
    // the largest default network), and takes their median. NaN when
    // `cancelled` stopped it; throws std::invalid_argument for a model it
    // does not support (selfpab's steps are not a window's: measure() them)
    // or a shape the network refuses.
    static double secondsPerExample(const QString& model, const QVariantMap& hyperparameters,
                                    int channels, int classes, int threads, int steps = 3,
                                    const std::function<bool()>& cancelled = {});

    // The run's seconds: `epochs` passes over `trainingExamples`, each
    // followed by a forward pass over `validationExamples` (a forward pass
    // costs about a third of a training step: no backward, no optimiser).
    static double runSeconds(double secondsPerExample, int64_t trainingExamples,
                             int64_t validationExamples, int epochs);

    // What a run's time depends on besides the costs.
    struct RunSize
    {
        int64_t training = 0;   // examples per epoch (TrainingSetSize)
        int64_t validation = 0; // examples the validation judges per epoch
        int epochs = 0;
        int classes = 0;                // usad: synthetic windows are made for each
        bool pretrainedEncoder = false; // selfpab: frozen for frozen_fraction of the steps
    };

    // The run's seconds with every phase `model` runs with `hyperparameters`
    // (the registry's defaults overridden): the epochs as above; for usad
    // before them diffusion_epochs of its diffusion model over the training
    // windows, sampling classes x synthetic_per_class windows and
    // pretrain_epochs over those; for selfpab its epochs over spectrogram
    // windows (frozen steps for frozen_fraction of them with a pre-trained
    // encoder) and a forward pass over the validation windows per epoch.
    // NaN when a cost it needs is missing.
    static double runSeconds(const QString& model, const QVariantMap& hyperparameters,
                             const Costs& costs, const RunSize& run);
};

} // namespace kinemark
