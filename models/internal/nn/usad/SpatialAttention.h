#pragma once

// Internal to models/: includes LibTorch.
#include "models/internal/LibTorch.h"

namespace kinemark {

// Seed 002's spatial attention: a weight per channel (sensor axis at the
// input, feature channel inside a branch) from average and maximum pooling
// over time, a small convolution across neighbouring channels and a sigmoid.
// CBAM's spatial attention turned on the channel axis: in a window the
// "space" is the set of sensors and their axes.
class SpatialAttentionImpl : public torch::nn::Module
{
public:
    explicit SpatialAttentionImpl(int kernel = 3);
    // [B, C, L] -> the input scaled by its map [B, C, 1].
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor map(const torch::Tensor& x);

private:
    torch::nn::Conv1d m_conv{nullptr};
};
TORCH_MODULE(SpatialAttention);

} // namespace kinemark
