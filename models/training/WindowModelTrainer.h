#pragma once

#include "core/base/JobControl.h"
#include "core/learning/WindowingOptions.h"
#include "core/model/Project.h"
#include "models/TrainingRequest.h"
#include "models/file/ModelFile.h"
#include "models/training/TrainingObserver.h"

namespace kinemark {

class FineTuning;

// Trains a window model (cnn-center, resnet-supcon, usad) on fixed-length
// labelled windows of the training subjects' recordings, optionally after
// pretraining on synthetic windows (SyntheticPretraining), with ModelTrainer's
// contract: seeded, best weights by validation macro F1 over the validation
// subjects' windows, early stop after `patience` epochs, a NaN/Inf loss stops
// with TrainingError, cancel through the JobControl.
class WindowModelTrainer
{
public:
    // With `fineTuning`, the network starts from its parent's weights (the
    // head grown for new classes) and reads the input with its normalisation.
    static ModelFile train(const Project& project, const TrainingRequest& request,
                           const TrainingObserver& observer = {}, const JobControl* job = nullptr,
                           const FineTuning* fineTuning = nullptr);

    // The windows a window model (or usad-diffusion) reads: window_length,
    // stride and max_unlabelled of its resolved hyperparameters.
    static WindowingOptions windowing(const QVariantMap& hyperparameters);
};

} // namespace kinemark
