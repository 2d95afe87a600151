#pragma once

// Internal to models/: includes LibTorch.
#include "core/base/JobControl.h"
#include "models/internal/objectives/TrainingObjective.h"
#include "models/training/TrainingObserver.h"

#include <QJsonObject>

namespace kinemark {

class ChannelNormalisation;
class WindowSet;

// Seed 002's use of its diffusion model: "pretrain the classifier on
// class-balanced synthetic data, fine-tune on real". A usad-diffusion model
// is trained on the classifier's own training windows (never the validation
// subjects'), `synthetic_per_class` windows of every class are sampled, and
// the classifier trains on them alone for `pretrain_epochs` epochs with its
// own objective and a fresh Adam; WindowModelTrainer's ordinary epochs on the real
// windows that follow are the fine-tuning.
//
// The diffusion model's settings come from the classifier's hyperparameters
// diffusion_epochs, diffusion_steps, diffusion_sampling_steps,
// diffusion_width, diffusion_blocks, diffusion_lr (usad-diffusion's defaults
// where absent). Progress is reported per batch with a message (no epoch
// ends: the training curves stay those of the real epochs).
class SyntheticPretraining
{
public:
    // Whether the hyperparameters ask for it (synthetic_per_class > 0).
    static bool wanted(const QVariantMap& hyperparameters);

    // The usad-diffusion hyperparameters of the diffusion model it trains
    // for windows of `windowLength` samples (the Train dialog's calibration
    // times that model's steps).
    static QVariantMap diffusionSettings(const QVariantMap& hyperparameters, int windowLength);

    // Returns what was done (synthetic windows per class, diffusion loss,
    // pretraining loss) for the model file's training data.
    static QJsonObject run(WindowNetwork& network, TrainingObjective& objective,
                           const WindowSet& training, const ChannelNormalisation& normalisation,
                           const QVariantMap& hyperparameters, uint64_t seed,
                           const TrainingObserver& observer, const JobControl* job);
};

} // namespace kinemark
