#include "models/training/ModelTrainer.h"

#include "models/TrainingError.h"
#include "models/distributed/ProcessGroup.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/DiffusionTrainer.h"
#include "models/training/FineTuning.h"
#include "models/training/SelfPabTrainer.h"
#include "models/training/SequenceModelTrainer.h"
#include "models/training/TrainingSelection.h"
#include "models/training/WindowModelTrainer.h"

#include <stdexcept>

namespace kinemark {

std::vector<int32_t> ModelTrainer::resolveClasses(const Project& project,
                                                  const TrainingRequest& request)
{
    return TrainingSelection::classes(project, request);
}

QStringList ModelTrainer::resolveTrainingSubjects(const Project& project,
                                                  const TrainingRequest& request)
{
    return TrainingSelection::trainingSubjects(project, request);
}

ModelFile ModelTrainer::train(const Project& project, const TrainingRequest& request,
                              const Observer& observer, const JobControl* job)
{
    if (FineTuning::wanted(request)) {
        const FineTuning fineTuning = FineTuning::prepare(project, request);
        ModelFile model = dispatch(project, fineTuning.request(), observer, job, &fineTuning);
        fineTuning.describeIn(model);
        return model;
    }
    return dispatch(project, request, observer, job, nullptr);
}

ModelFile ModelTrainer::dispatch(const Project& project, const TrainingRequest& request,
                                 const Observer& observer, const JobControl* job,
                                 const FineTuning* fineTuning)
{
    ModelRegistry::resolve(request.model, request.hyperparameters); // throws for an unknown model
    if (ProcessGroup::ofThisProcess() && request.model != QLatin1String("cnn-center"))
        throw TrainingError(
            ("data-parallel training (several ranks) supports cnn-center so far; train " +
             request.model + " in one process (no launcher's RANK/WORLD_SIZE)")
                .toStdString());
    const ModelInfo* info = ModelRegistry::find(request.model);
    if (info->input == ModelInfo::Input::Sequences)
        return SequenceModelTrainer::train(project, request, observer, job, fineTuning);
    if (info->input == ModelInfo::Input::Spectrograms) {
        if (info->purpose == ModelInfo::Purpose::Pretraining)
            throw std::invalid_argument("selfpab-pretrain learns without labels: run it with "
                                        "`kinemark-cli pretrain` or Models > Pre-train Encoder "
                                        "(SelfPabPretrainer), then train selfpab with the "
                                        "encoder it writes");
        return SelfPabTrainer::train(project, request, observer, job, fineTuning);
    }
    if (info->generative)
        return DiffusionTrainer::train(project, request, observer, job);
    return WindowModelTrainer::train(project, request, observer, job, fineTuning);
}

} // namespace kinemark
