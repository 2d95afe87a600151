#pragma once

// Internal to models/: includes LibTorch.
#include "models/internal/LibTorch.h"

namespace kinemark {

// A residual block of the diffusion denoiser with adaptive group
// normalisation (AdaGN, improved DDPM's "scale-shift norm"):
//   h = conv1(SiLU(GroupNorm(x)))
//   h = GroupNorm(h) * (1 + scale) + shift, (scale, shift) = Linear(SiLU(condition))
//   out = x + conv2(dropout(SiLU(h)))
// `condition` is the sum of the time, label and statistics embeddings. Both
// convolutions have kernel 3 and the block's dilation (the denoiser grows
// them 1, 2, 4, ... to see a whole window). conv2 starts at zero, so every
// block starts as the identity.
class AdaGnResidualBlockImpl : public torch::nn::Module
{
public:
    AdaGnResidualBlockImpl(int width, int conditionSize, int dilation, int groups, double dropout);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& condition);

private:
    torch::nn::GroupNorm m_norm1{nullptr}, m_norm2{nullptr};
    torch::nn::Conv1d m_conv1{nullptr}, m_conv2{nullptr};
    torch::nn::Linear m_scaleShift{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
};
TORCH_MODULE(AdaGnResidualBlock);

} // namespace kinemark
