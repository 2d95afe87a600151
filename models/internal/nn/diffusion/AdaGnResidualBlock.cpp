#include "models/internal/nn/diffusion/AdaGnResidualBlock.h"

namespace kinemark {

namespace nn = torch::nn;

AdaGnResidualBlockImpl::AdaGnResidualBlockImpl(int width, int conditionSize, int dilation,
                                               int groups, double dropout)
{
    m_norm1 = register_module("norm1", nn::GroupNorm(groups, width));
    m_conv1 = register_module(
        "conv1",
        nn::Conv1d(nn::Conv1dOptions(width, width, 3).padding(dilation).dilation(dilation)));
    m_scaleShift = register_module("scale_shift", nn::Linear(conditionSize, 2 * width));
    // AdaGN supplies the affine part.
    m_norm2 =
        register_module("norm2", nn::GroupNorm(nn::GroupNormOptions(groups, width).affine(false)));
    m_dropout = register_module("dropout", nn::Dropout(dropout));
    m_conv2 = register_module(
        "conv2",
        nn::Conv1d(nn::Conv1dOptions(width, width, 3).padding(dilation).dilation(dilation)));
    torch::NoGradGuard noGrad;
    m_conv2->weight.zero_();
    m_conv2->bias.zero_();
}

torch::Tensor AdaGnResidualBlockImpl::forward(const torch::Tensor& x,
                                              const torch::Tensor& condition)
{
    torch::Tensor h = m_conv1->forward(torch::silu(m_norm1->forward(x)));
    const auto scaleShift = m_scaleShift->forward(torch::silu(condition)).unsqueeze(2).chunk(2, 1);
    h = m_norm2->forward(h) * (1 + scaleShift[0]) + scaleShift[1];
    return x + m_conv2->forward(m_dropout->forward(torch::silu(h)));
}

} // namespace kinemark
