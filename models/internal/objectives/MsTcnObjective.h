#pragma once

// Internal to models/: includes LibTorch.
#include "models/internal/nn/mstcn/MsTcnNetwork.h"
#include "models/training/HardExampleSampler.h"

#include <QString>
#include <random>
#include <utility>

namespace kinemark {

// Seed 000's loss, summed over the stages: sample-wise cross-entropy (samples
// labelled -1 ignored) + smoothing x the MS-TCN smoothing term (squared
// difference of neighbouring log-probabilities, the earlier one detached,
// clamped at 16, over pairs of labelled neighbours) + contrast_lambda x the
// multi-level contrastive loss: per-sample projections picked by the hybrid
// hard-example sampler and the mean projection of every ground-truth segment
// in the chunk, L2-normalised, in one supervised contrastive loss (positives:
// the same class; all other examples in the denominator).
//
// Every part can be switched off through the hyperparameters (smoothing 0,
// contrast_lambda 0, sample_contrast / segment_contrast false), which is how
// the paper's ablation variants are made.
class MsTcnObjective
{
public:
    using Terms = std::vector<std::pair<QString, torch::Tensor>>;

    MsTcnObjective(const QVariantMap& hyperparameters, int classes, uint64_t seed);
    // `x` [B, C, T] normalised, `labels` [B, T] class indices or -1. The first term is the total.
    Terms losses(MsTcnNetwork& network, const torch::Tensor& x, const torch::Tensor& labels);

    // Plain supervised contrast over unit vectors `z` [N, D] with `labels` [N]:
    // mean over anchors with a positive of -log(exp(s_ip) / sum_{a != i} exp(s_ia)), averaged over
    // positives.
    static torch::Tensor supervisedContrastive(const torch::Tensor& z, const torch::Tensor& labels,
                                               double temperature);

private:
    torch::Tensor contrast(MsTcnNetwork& network, size_t stage, const torch::Tensor& features,
                           const torch::Tensor& logits, const std::vector<int64_t>& truth,
                           const std::vector<uint8_t>& nearBoundary, int64_t length);

    int m_classes;
    double m_smoothing, m_lambda, m_temperature;
    bool m_sampleContrast, m_segmentContrast;
    int64_t m_boundaryRadius;
    HardExampleSampler m_sampler;
    std::mt19937_64 m_rng;
};

} // namespace kinemark
