#pragma once

#include "core/base/JobControl.h"
#include "core/model/Project.h"
#include "models/TrainingRequest.h"
#include "models/file/ModelFile.h"
#include "models/training/TrainingObserver.h"

namespace kinemark {

class FineTuning;

// Trains a registered model on a project's ground truth: the one entry the
// GUI, the CLI and cross-validation call. It only dispatches by the model's
// kind, to WindowModelTrainer, SequenceModelTrainer, SelfPabTrainer or
// DiffusionTrainer, which share TrainingSelection, EpochProgress,
// EpochSelection and TrainedModelFile and never call back here.
//
// Threading: train() runs on the calling thread and blocks until done; call it
// from a worker (the GUI's JobRunner / a QThread), never the GUI thread. The
// observer is called on that same thread after every batch and epoch; forward
// to the GUI with a queued call. The project is only read (keep its recordings
// alive and unchanged while training), so cancelling or failing leaves it and
// its stored models exactly as they were.
//
// Deterministic for a seed and a thread count. Keeps the weights of the epoch
// with the best validation macro F1 (the last epoch without validation
// subjects); stops early after `patience` epochs without improvement.
class ModelTrainer
{
public:
    using Observer = TrainingObserver;

    // Throws TrainingError (no windows, NaN/Inf loss, ...), std::invalid_argument
    // (unknown model, hyperparameter or subject) or Cancelled. A request with
    // an initial model fine-tunes it (FineTuning): the model file then
    // records its parent.
    static ModelFile train(const Project& project, const TrainingRequest& request,
                           const Observer& observer = {}, const JobControl* job = nullptr);

    // The class ids a request trains on: its own, or every class of the
    // recordings' label set with labelled samples in them.
    static std::vector<int32_t> resolveClasses(const Project& project,
                                               const TrainingRequest& request);
    // The request's training subjects, or every subject not held out for
    // validation; throws std::invalid_argument for an unknown subject or one in both.
    static QStringList resolveTrainingSubjects(const Project& project,
                                               const TrainingRequest& request);

private:
    // The family's trainer, starting from `fineTuning`'s parent when there is one.
    static ModelFile dispatch(const Project& project, const TrainingRequest& request,
                              const Observer& observer, const JobControl* job,
                              const FineTuning* fineTuning);
};

} // namespace kinemark
