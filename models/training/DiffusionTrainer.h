#pragma once

#include "core/base/JobControl.h"
#include "core/model/Project.h"
#include "models/TrainingRequest.h"
#include "models/file/ModelFile.h"
#include "models/generation/WindowDiffusion.h"
#include "models/training/TrainingObserver.h"

namespace kinemark {

class ChannelNormalisation;
class WindowSet;

// Trains usad-diffusion (seed 002's label-conditioned DDPM, WindowDiffusion)
// on the training subjects' windows, with the trainers' contract: seeded,
// progress per batch and epoch (the weighted noise MSE as "total"), cancel
// through the JobControl, the project only read. The result is a ModelFile of
// kind usad-diffusion: it makes windows, it does not classify recordings.
class DiffusionTrainer
{
public:
    static ModelFile train(const Project& project, const TrainingRequest& request,
                           const TrainingObserver& observer = {}, const JobControl* job = nullptr);

    // The diffusion model stored in `model` (kind usad-diffusion); throws
    // FormatError when the weights do not fit, std::invalid_argument for another kind.
    static std::unique_ptr<WindowDiffusion> load(const ModelFile& model);

    // Every window of `set`, normalised, as [count][channels][length]; their class indices into
    // `labels`.
    static std::vector<float> gatherAll(const WindowSet& set,
                                        const ChannelNormalisation& normalisation,
                                        std::vector<int32_t>* labels);
};

} // namespace kinemark
