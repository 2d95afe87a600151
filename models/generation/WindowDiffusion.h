#pragma once

#include "core/base/JobControl.h"
#include "models/TrainingProgress.h"
#include "models/generation/CosineNoiseSchedule.h"

#include <QByteArray>
#include <QVariantMap>
#include <functional>
#include <memory>
#include <vector>

namespace kinemark {

// Seed 002's diffusion augmentation: a label-conditioned DDPM on windows
// (DiffusionDenoiser, CosineNoiseSchedule). Windows are given and returned
// z-scored per channel ([count][channels][length] floats), as the classifiers
// see them.
//
// Training: x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps with t
// uniform in 1..T; the loss is the noise MSE of each window weighted by its
// class's weight (inverse frequency), so rare classes are learnt as well as
// common ones. Sampling: ancestral DDPM steps over the respaced timesteps
// (sampling_steps of them), the predicted clean window clipped to +-clip
// before the posterior mean, posterior variance beta-tilde, no noise in the
// last step.
//
// Hyperparameters (usad-diffusion's in the registry): diffusion_steps (T),
// sampling_steps, width, blocks, dropout, epochs, batch, lr, clip.
// Deterministic for a seed and a thread count. Not for concurrent use.
class WindowDiffusion
{
public:
    using Observer = std::function<void(const TrainingProgress&)>;

    WindowDiffusion(int channels, int length, int classes, const QVariantMap& hyperparameters);
    ~WindowDiffusion();

    int channels() const;
    int length() const;
    int classes() const;
    const CosineNoiseSchedule& schedule() const;
    // The timesteps a sampling run visits, ascending.
    const std::vector<int>& samplingTimesteps() const;

    // Fits the conditioning (prototypes, statistics, class weights) and trains
    // the denoiser for the hyperparameters' epochs. Reports the weighted noise
    // MSE per batch and epoch ("total"). Throws Cancelled, or TrainingError on
    // a non-finite loss.
    void fit(const std::vector<float>& windows, const std::vector<int32_t>& labels, uint64_t seed,
             const Observer& observer = {}, const JobControl* job = nullptr);

    // New windows of classes `labels` (class indices), from pure noise.
    std::vector<float> sample(const std::vector<int32_t>& labels, uint64_t seed,
                              const JobControl* job = nullptr);
    // `perClass` windows of every class (class-balanced), grouped by class; their labels into
    // `labels`.
    std::vector<float> sampleBalanced(int perClass, uint64_t seed, std::vector<int32_t>* labels,
                                      const JobControl* job = nullptr);
    // One reverse step of a sampling run: from samplingTimesteps()[index] to
    // the one before (0 after the first), on windows `noisy` of classes
    // `labels`, with statistics and noise drawn from `seed`.
    std::vector<float> denoiseStep(const std::vector<float>& noisy,
                                   const std::vector<int32_t>& labels, int index, uint64_t seed);

    QByteArray weights() const;
    // Throws FormatError naming `source` when the weights do not fit.
    void loadWeights(const QByteArray& weights, const QString& source);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace kinemark
