#include "models/internal/nn/usad/UsadNetwork.h"

#include <stdexcept>

namespace kinemark {

namespace nn = torch::nn;

UsadNetwork::UsadNetwork(int channels, int classes, const QVariantMap& h)
{
    const int width = h.value(QStringLiteral("width")).toInt();
    const int blocks = h.value(QStringLiteral("blocks")).toInt();
    const int cardinality = h.value(QStringLiteral("cardinality")).toInt();
    const int radix = h.value(QStringLiteral("radix")).toInt();
    const bool attention = h.value(QStringLiteral("attention")).toBool();
    if (width < 1 || blocks < 0)
        throw std::invalid_argument("usad needs a positive width and at least zero blocks");
    if (attention)
        m_inputAttention = register_module("input_attention", SpatialAttention(3));
    for (int kernel : {3, 5, 7})
        m_branches.push_back(register_module(
            "branch" + std::to_string(kernel),
            UsadBranch(channels, width, kernel, blocks, cardinality, radix, attention)));
    const int fused = 3 * width;
    m_fusion =
        register_module("fusion", nn::Conv1d(nn::Conv1dOptions(fused, fused, 1).bias(false)));
    m_fusionBn = register_module("fusion_bn", nn::BatchNorm1d(fused));
    m_dropout =
        register_module("dropout", nn::Dropout(h.value(QStringLiteral("dropout")).toDouble()));
    m_classifier = register_module("classifier", nn::Linear(fused, classes));
}

WindowNetworkOutput UsadNetwork::forward(const torch::Tensor& windows)
{
    const torch::Tensor x = m_inputAttention ? m_inputAttention->forward(windows) : windows;
    std::vector<torch::Tensor> outputs;
    for (UsadBranch& b : m_branches)
        outputs.push_back(b->forward(x));
    const torch::Tensor concatenated = torch::cat(outputs, 1);
    const torch::Tensor fused =
        torch::relu(m_fusionBn->forward(m_fusion->forward(concatenated))) + concatenated;
    const torch::Tensor embedding = fused.mean(2);
    return {m_classifier->forward(m_dropout->forward(embedding)), embedding};
}

} // namespace kinemark
