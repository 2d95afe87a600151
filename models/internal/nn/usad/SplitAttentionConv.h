#pragma once

// Internal to models/: includes LibTorch.
#include "models/internal/LibTorch.h"

namespace kinemark {

// ResNeSt's split-attention convolution in one dimension (seed 002's
// "cardinality groups x radix splits"). One grouped convolution (groups =
// cardinality x radix) makes `radix` candidate feature maps of `out` channels;
// their sum is pooled over time and squeezed through two grouped 1x1 layers
// (one per cardinal group) into one score per split and channel, and a
// softmax across the radix splits of each cardinal group weights the
// candidates before they are summed. With radix 1 the softmax becomes a
// sigmoid (a squeeze-and-excitation gate), as in ResNeSt.
class SplitAttentionConvImpl : public torch::nn::Module
{
public:
    // `in` and `out` must be divisible by cardinality x radix (std::invalid_argument otherwise).
    SplitAttentionConvImpl(int in, int out, int kernel, int cardinality, int radix);
    torch::Tensor forward(const torch::Tensor& x);

private:
    int m_out, m_cardinality, m_radix;
    torch::nn::Conv1d m_conv{nullptr};
    torch::nn::BatchNorm1d m_bn{nullptr};
    torch::nn::Conv1d m_squeeze{nullptr};
    torch::nn::BatchNorm1d m_squeezeBn{nullptr};
    torch::nn::Conv1d m_excite{nullptr};
};
TORCH_MODULE(SplitAttentionConv);

} // namespace kinemark
