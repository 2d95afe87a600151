#pragma once

// Internal to models/: includes LibTorch.
#include "models/internal/nn/usad/SpatialAttention.h"
#include "models/internal/nn/usad/SplitAttentionConv.h"
#include "models/internal/nn/usad/TemporalAttention.h"

#include <vector>

namespace kinemark {

// One of seed 002's parallel branches: a stem convolution of its kernel size,
// then residual blocks (split-attention convolution -> 1x1 conv + BN, added to
// the block's input, ReLU, max-pool 2), then spatial and temporal attention.
// Without attention (the ablation's backbone) the split-attention
// convolution is a plain convolution + BN + ReLU and the attention maps are
// left out.
class UsadBranchImpl : public torch::nn::Module
{
public:
    UsadBranchImpl(int channels, int width, int kernel, int blocks, int cardinality, int radix,
                   bool attention);
    torch::Tensor forward(const torch::Tensor& windows);

private:
    struct Block
    {
        SplitAttentionConv split{nullptr};
        torch::nn::Conv1d plain{nullptr};
        torch::nn::BatchNorm1d plainBn{nullptr};
        torch::nn::Conv1d mix{nullptr};
        torch::nn::BatchNorm1d mixBn{nullptr};
    };
    torch::nn::Conv1d m_stem{nullptr};
    torch::nn::BatchNorm1d m_stemBn{nullptr};
    std::vector<Block> m_blocks;
    SpatialAttention m_spatial{nullptr};
    TemporalAttention m_temporal{nullptr};
};
TORCH_MODULE(UsadBranch);

} // namespace kinemark
