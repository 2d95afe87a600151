#include "models/internal/nn/usad/TemporalAttention.h"

namespace kinemark {

TemporalAttentionImpl::TemporalAttentionImpl(int kernel)
{
    m_conv = register_module(
        "conv", torch::nn::Conv1d(torch::nn::Conv1dOptions(2, 1, kernel).padding(kernel / 2)));
}

torch::Tensor TemporalAttentionImpl::map(const torch::Tensor& x)
{
    const torch::Tensor pooled =
        torch::cat({x.mean(1, true), std::get<0>(x.max(1, true))}, 1); // [B, 2, L]
    return torch::sigmoid(m_conv->forward(pooled));
}

torch::Tensor TemporalAttentionImpl::forward(const torch::Tensor& x)
{
    return x * map(x);
}

} // namespace kinemark
