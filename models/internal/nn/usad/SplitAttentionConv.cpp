#include "models/internal/nn/usad/SplitAttentionConv.h"

#include <stdexcept>
#include <string>

namespace kinemark {

namespace nn = torch::nn;

SplitAttentionConvImpl::SplitAttentionConvImpl(int in, int out, int kernel, int cardinality,
                                               int radix)
    : m_out(out), m_cardinality(cardinality), m_radix(radix)
{
    const int groups = cardinality * radix;
    if (cardinality < 1 || radix < 1 || in % groups != 0 || out % groups != 0)
        throw std::invalid_argument(
            "split attention needs widths divisible by cardinality x radix (" + std::to_string(in) +
            ", " + std::to_string(out) + " by " + std::to_string(cardinality) + " x " +
            std::to_string(radix) + ")");
    // Odd kernels keep the length ('same' padding).
    m_conv = register_module("conv", nn::Conv1d(nn::Conv1dOptions(in, out * radix, kernel)
                                                    .padding(kernel / 2)
                                                    .groups(groups)
                                                    .bias(false)));
    m_bn = register_module("bn", nn::BatchNorm1d(out * radix));
    // ResNeSt's bottleneck of the attention: a quarter of the split width, at
    // least 16 channels, a multiple of the cardinality (grouped layers).
    int inner = std::max(16, out * radix / 4);
    inner += (cardinality - inner % cardinality) % cardinality;
    m_squeeze = register_module("squeeze",
                                nn::Conv1d(nn::Conv1dOptions(out, inner, 1).groups(cardinality)));
    m_squeezeBn = register_module("squeeze_bn", nn::BatchNorm1d(inner));
    m_excite = register_module(
        "excite", nn::Conv1d(nn::Conv1dOptions(inner, out * radix, 1).groups(cardinality)));
}

torch::Tensor SplitAttentionConvImpl::forward(const torch::Tensor& x)
{
    const int64_t b = x.size(0);
    const torch::Tensor y = torch::relu(m_bn->forward(m_conv->forward(x)));
    const int64_t length = y.size(2);
    // [B, radix, out, L]: split r holds channels r*out .. (r+1)*out - 1.
    const torch::Tensor splits = y.view({b, m_radix, m_out, length});
    const torch::Tensor pooled = splits.sum(1).mean(2, true); // [B, out, 1]
    const torch::Tensor scores = m_excite->forward(
        torch::relu(m_squeezeBn->forward(m_squeeze->forward(pooled)))); // [B, radix*out, 1]
    torch::Tensor weights;
    if (m_radix > 1) {
        // The excite layer's output is grouped by cardinal group: [B, cardinality, radix,
        // out/cardinality]. Softmax across the splits, then back to split-major order.
        weights = torch::softmax(scores.view({b, m_cardinality, m_radix, -1}), 2)
                      .transpose(1, 2)
                      .reshape({b, m_radix, m_out, 1});
    } else {
        weights = torch::sigmoid(scores).view({b, 1, m_out, 1});
    }
    return (splits * weights).sum(1);
}

} // namespace kinemark
