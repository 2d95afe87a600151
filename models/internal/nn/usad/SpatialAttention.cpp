#include "models/internal/nn/usad/SpatialAttention.h"

namespace kinemark {

SpatialAttentionImpl::SpatialAttentionImpl(int kernel)
{
    m_conv = register_module(
        "conv", torch::nn::Conv1d(torch::nn::Conv1dOptions(2, 1, kernel).padding(kernel / 2)));
}

torch::Tensor SpatialAttentionImpl::map(const torch::Tensor& x)
{
    // Channels become the sequence the convolution slides along: [B, 2, C].
    const torch::Tensor pooled = torch::stack({x.mean(2), std::get<0>(x.max(2))}, 1);
    return torch::sigmoid(m_conv->forward(pooled)).transpose(1, 2); // [B, C, 1]
}

torch::Tensor SpatialAttentionImpl::forward(const torch::Tensor& x)
{
    return x * map(x);
}

} // namespace kinemark
