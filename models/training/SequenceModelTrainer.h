#pragma once

#include "core/base/JobControl.h"
#include "core/model/Project.h"
#include "models/TrainingRequest.h"
#include "models/file/ModelFile.h"
#include "models/training/TrainingObserver.h"

namespace kinemark {

class FineTuning;

// Trains a sequence model (MS-TCN) on long labelled chunks of the training
// subjects' recordings (SequenceSet), with the same contract as WindowModelTrainer:
// seeded, best weights by validation macro F1 over the validation subjects'
// labelled samples (each recording predicted whole), early stopping after
// `patience` epochs, a NaN/Inf loss stops with TrainingError, cancel through
// the JobControl. Chunk starts move by a seeded offset every epoch, so the
// network does not always see the same cut points.
class SequenceModelTrainer
{
public:
    // With `fineTuning`, the network starts from its parent's weights (the
    // head grown for new classes) and reads the input with its normalisation.
    static ModelFile train(const Project& project, const TrainingRequest& request,
                           const TrainingObserver& observer = {}, const JobControl* job = nullptr,
                           const FineTuning* fineTuning = nullptr);
};

} // namespace kinemark
