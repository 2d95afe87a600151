#pragma once

#include "models/registry/ModelRegistry.h"

#include <cstdint>

namespace kinemark {

// The epochs the Train dialog starts a classifier with: enough optimiser
// steps to reach a good result on a dataset of the project's size, rather
// than the paper's maximum (cnn-center's 300 epochs were sized for UCI HAR's
// 7352 windows at a time when nobody waited for a laptop).
//
// The rule: about kOptimiserSteps steps, i.e. ceil(kOptimiserSteps /
// batches per epoch) epochs, never fewer than kMinimumEpochs (however large
// the dataset, the epoch kept is chosen among several validated ones, and
// the schedules that warm up or decay over the epochs keep their shape) nor
// more than the paper's default. A larger dataset thus gets fewer epochs,
// never more. Early stopping (the model's patience, on the validation macro
// F1) is the safety net for a run that has learned what it can sooner, and
// the user may set any epochs in the registry's range.
//
// The measurement behind kOptimiserSteps: kinemark-cli train of cnn-center
// (its defaults: windows of 128 samples every 64, batch 32, Adam 0.001) on
// HAPT's 21 training users (../shared/data/hapt, 12 classes), users 5, 11,
// 21 and 27 held out for validation: about 6800 training windows, 214 steps
// an epoch; 26 epochs, patience 0, seed 1. Validation macro F1 by epoch:
// 0.63 (1), 0.70 (2), 0.72 (4), 0.80 (6), 0.83 (7, about 1500 steps, the
// best), then 0.74-0.80 up to epoch 26 (training loss still falling:
// over-fitting, no later epoch better). The good result comes at about 1500
// steps; 3000 steps (15 epochs here) leave a margin of two, where the
// paper's 300 epochs would take twenty times as long for nothing.
class SuggestedEpochs
{
public:
    static constexpr int kOptimiserSteps = 3000;
    static constexpr int kMinimumEpochs = 10;

    // The suggestion for `model` learning from `trainingExamples` windows (or
    // chunks, for a sequence model) in batches of `batch`. The paper's
    // default when the examples are unknown (0), for a spectrogram model
    // (selfpab: the rule was measured on windows, and its encoder's frozen
    // steps and learning-rate decay are fractions of its epochs) or when the
    // model is not a classifier (a generator has no validation to stop it).
    static int of(const ModelInfo& model, int64_t trainingExamples, int batch);
};

} // namespace kinemark
