#pragma once

#include "core/base/JobControl.h"
#include "core/model/Project.h"
#include "models/file/ModelFile.h"
#include "models/training/TrainingObserver.h"

namespace kinemark {

// What a SelfPAB pre-training run needs besides the project.
struct PretrainingRequest
{
    QVariantMap hyperparameters; // overrides of the "selfpab-pretrain" registry defaults
    QStringList recordingIds;    // empty: every recording of the project (labelled or not)
    uint64_t seed = 1;
    int threads = 0; // LibTorch intra-op threads; <= 0: all cores
    // Where checkpoints go (after every epoch and when cancelled); empty: none.
    QString checkpointPath;
    // Continue the run saved at checkpointPath (same hyperparameters, recordings and seed).
    bool resume = false;
};

// SelfPAB's upstream task (seed 003): a transformer encoder learns to
// reconstruct masked stacked spectrograms (SpectrogramMasking) of unlabelled
// 5-minute windows; L1 on the altered cells; AdamW (betas 0.9 / beta2, weight
// decay) with a linear warm-up over the first `warmup` of the steps and a
// linear decay to final_lr.
//
// Runs on the calling thread (a worker), reports every batch and epoch to the
// observer, and stops with Cancelled when the job is cancelled; with a
// checkpoint path it first saves where it stopped, and a run resumed from a
// checkpoint ends with exactly the weights of an uninterrupted run (every
// step's shuffling, masks and dropout are seeded by the seed and the step).
// The result is a model file of kind "selfpab-pretrain": the encoder and the
// reconstruction head, the spectrogram windowing and the per-feature
// statistics of the pre-training corpus.
class SelfPabPretrainer
{
public:
    // Throws TrainingError (no windows, NaN loss, a checkpoint that does not
    // match), std::invalid_argument (unknown recording or hyperparameter),
    // FormatError (unreadable checkpoint) or Cancelled.
    static ModelFile pretrain(const Project& project, const PretrainingRequest& request,
                              const TrainingObserver& observer = {},
                              const JobControl* job = nullptr);
};

} // namespace kinemark
