#pragma once

#include "models/internal/nn/usad/SpatialAttention.h"
#include "models/internal/nn/usad/UsadBranch.h"
#include "models/internal/nn/window/WindowNetwork.h"

namespace kinemark {

// Seed 002's classifier: spatial attention over the input's sensor axes, then
// parallel residual branches with kernels 3, 5 and 7 (UsadBranch: split
// attention, spatial and temporal attention), cross-branch fusion, global
// average pooling and a linear classifier.
//
// Fusion (the notes say "cross-branch fusion; residual concat"): the branch
// outputs are concatenated, mixed across branches by a 1x1 convolution + BN +
// ReLU, and the concatenation is added back (residual). The pooled fused
// features (3 x width) are the embedding.
//
// Hyperparameters: width, blocks, cardinality, radix, attention (false: the
// ablation's plain multi-branch backbone), dropout.
class UsadNetwork : public WindowNetwork
{
public:
    UsadNetwork(int channels, int classes, const QVariantMap& hyperparameters);
    WindowNetworkOutput forward(const torch::Tensor& windows) override;

private:
    SpatialAttention m_inputAttention{nullptr};
    std::vector<UsadBranch> m_branches;
    torch::nn::Conv1d m_fusion{nullptr};
    torch::nn::BatchNorm1d m_fusionBn{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
    torch::nn::Linear m_classifier{nullptr};
};

} // namespace kinemark
