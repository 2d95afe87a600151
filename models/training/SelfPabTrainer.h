#pragma once

#include "core/base/JobControl.h"
#include "core/model/Project.h"
#include "models/TrainingRequest.h"
#include "models/file/ModelFile.h"
#include "models/training/TrainingObserver.h"

namespace kinemark {

class FineTuning;

// Trains SelfPAB's downstream model (seed 003): an encoder, pre-trained
// (request.encoderPath or the project's request.encoderModel, frozen for the first frozen_fraction
// of the steps, then fine-tuned) or from random weights, and the MLP head, on frame labels
// (majority of each frame's samples) of the training subjects' 5-minute
// spectrogram windows. Adam with an exponential decay per epoch. Same
// contract as WindowModelTrainer: seeded, best weights by validation macro F1 over
// the validation subjects' labelled samples (each recording predicted whole
// and spread back to samples as the paper does), early stop after `patience`
// epochs without improvement (0: never), TrainingError on a NaN loss,
// Cancelled through the JobControl.
class SelfPabTrainer
{
public:
    // With `fineTuning`, the network starts from its parent's weights (the
    // head grown for new classes) and reads the input with its normalisation.
    static ModelFile train(const Project& project, const TrainingRequest& request,
                           const TrainingObserver& observer = {}, const JobControl* job = nullptr,
                           const FineTuning* fineTuning = nullptr);
};

} // namespace kinemark
