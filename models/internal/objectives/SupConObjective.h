#pragma once

#include "models/internal/objectives/TrainingObjective.h"

namespace kinemark {

// Seed 001: cross-entropy on the raw windows + lambda * supervised contrastive
// loss on two augmented views through the projection head. For an anchor the
// positives are views of the same activity from other users and the negatives
// views of other activities from the same user; the denominator holds only
// those (the paper's user-aware variant). Anchors without a positive in the
// batch do not contribute.
//
// Augmentations (on normalised windows): jitter (Gaussian noise, always),
// then each with probability p: scaling (per channel, factor ~ N(1, sigma)),
// channel shuffle, sign inversion ("rotation", per channel), and permutation
// of equal segments in time.
class SupConObjective : public TrainingObjective
{
public:
    explicit SupConObjective(const QVariantMap& hyperparameters);
    Terms losses(WindowNetwork& network, const torch::Tensor& windows, const torch::Tensor& labels,
                 const torch::Tensor& subjects) override;

    torch::Tensor augment(const torch::Tensor& windows);
    static torch::Tensor supervisedContrastive(const torch::Tensor& projections,
                                               const torch::Tensor& labels,
                                               const torch::Tensor& subjects, double temperature);

private:
    double m_lambda, m_temperature, m_p, m_jitter, m_scale;
    int m_segments;
};

} // namespace kinemark
