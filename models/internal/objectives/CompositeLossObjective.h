#pragma once

#include "models/internal/objectives/TrainingObjective.h"
#include "models/training/AdaptiveLossWeights.h"

namespace kinemark {

// Seed 002's composite loss: w_ce x cross-entropy + w_focal x focal loss
// (alpha (1 - p_y)^gamma (-log p_y)) + w_ls x label-smoothing loss
// ((1 - eps)(-log p_y) + eps x mean over classes of -log p_k).
//
// adaptive_loss true: the weights start uniform and follow AdaptiveLossWeights
// on the training accuracy of each epoch (step loss_step, clamped to
// [0.1, 0.8]). False: the fixed weights ce_weight, focal_weight,
// smoothing_weight (1, 0, 0 is plain cross-entropy, the ablation's baseline).
// The weights in use are reported at every epoch end ("weight ce", ...).
class CompositeLossObjective : public TrainingObjective
{
public:
    explicit CompositeLossObjective(const QVariantMap& hyperparameters);
    Terms losses(WindowNetwork& network, const torch::Tensor& windows, const torch::Tensor& labels,
                 const torch::Tensor& subjects) override;
    torch::Tensor lastLogits() const override { return m_lastLogits; }
    void afterEpoch(double trainingAccuracy) override;
    QMap<QString, double> epochReport() const override;

    const std::vector<double>& weights() const { return m_adaptive ? m_rule.weights() : m_fixed; }

    static torch::Tensor focal(const torch::Tensor& logProbabilities, const torch::Tensor& labels,
                               double gamma, double alpha);
    static torch::Tensor smoothed(const torch::Tensor& logProbabilities,
                                  const torch::Tensor& labels, double epsilon);

private:
    bool m_adaptive;
    AdaptiveLossWeights m_rule;
    std::vector<double> m_fixed;
    double m_gamma, m_alpha, m_epsilon;
    torch::Tensor m_lastLogits;
};

} // namespace kinemark
