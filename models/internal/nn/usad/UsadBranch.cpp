#include "models/internal/nn/usad/UsadBranch.h"

#include <string>

namespace kinemark {

namespace nn = torch::nn;

UsadBranchImpl::UsadBranchImpl(int channels, int width, int kernel, int blocks, int cardinality,
                               int radix, bool attention)
{
    m_stem = register_module(
        "stem",
        nn::Conv1d(nn::Conv1dOptions(channels, width, kernel).padding(kernel / 2).bias(false)));
    m_stemBn = register_module("stem_bn", nn::BatchNorm1d(width));
    for (int i = 0; i < blocks; ++i) {
        const std::string name = "block" + std::to_string(i + 1);
        Block b;
        if (attention) {
            b.split = register_module(name + "_split",
                                      SplitAttentionConv(width, width, kernel, cardinality, radix));
        } else {
            b.plain = register_module(
                name + "_conv",
                nn::Conv1d(
                    nn::Conv1dOptions(width, width, kernel).padding(kernel / 2).bias(false)));
            b.plainBn = register_module(name + "_conv_bn", nn::BatchNorm1d(width));
        }
        b.mix = register_module(name + "_mix",
                                nn::Conv1d(nn::Conv1dOptions(width, width, 1).bias(false)));
        b.mixBn = register_module(name + "_mix_bn", nn::BatchNorm1d(width));
        m_blocks.push_back(b);
    }
    if (attention) {
        m_spatial = register_module("spatial_attention", SpatialAttention(3));
        m_temporal = register_module("temporal_attention", TemporalAttention(7));
    }
}

torch::Tensor UsadBranchImpl::forward(const torch::Tensor& windows)
{
    torch::Tensor x = torch::relu(m_stemBn->forward(m_stem->forward(windows)));
    for (Block& b : m_blocks) {
        torch::Tensor y =
            b.split ? b.split->forward(x) : torch::relu(b.plainBn->forward(b.plain->forward(x)));
        y = b.mixBn->forward(b.mix->forward(y));
        x = torch::relu(x + y);
        // Halve the time axis after every block (ceil: any window length works).
        x = torch::max_pool1d(x, {2}, {2}, {0}, {1}, true);
    }
    if (m_spatial) {
        x = m_spatial->forward(x);
        x = m_temporal->forward(x);
    }
    return x;
}

} // namespace kinemark
