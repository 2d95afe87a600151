#pragma once

// Internal to models/: includes LibTorch.
#include "models/internal/LibTorch.h"

namespace kinemark {

// Seed 002's temporal attention: a weight per time step from average and
// maximum pooling over the channels, a convolution along time and a sigmoid
// (CBAM's spatial attention on the time axis), so the network can stress the
// part of a window where a short activity (a transition) happens.
class TemporalAttentionImpl : public torch::nn::Module
{
public:
    explicit TemporalAttentionImpl(int kernel = 7);
    // [B, C, L] -> the input scaled by its map [B, 1, L].
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor map(const torch::Tensor& x);

private:
    torch::nn::Conv1d m_conv{nullptr};
};
TORCH_MODULE(TemporalAttention);

} // namespace kinemark
