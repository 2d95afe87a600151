#include "models/internal/nn/window/ResNetSupConNetwork.h"

namespace kinemark {

namespace nn = torch::nn;

ResNetSupConNetwork::Block ResNetSupConNetwork::makeBlock(const std::string& name, int in, int out)
{
    // Odd kernels pad symmetrically; kernel 8 pads 4 and drops the extra sample in forwardBlock().
    Block b;
    b.conv1 =
        register_module(name + "_conv1", nn::Conv1d(nn::Conv1dOptions(in, out, 8).padding(4)));
    b.bn1 = register_module(name + "_bn1", nn::BatchNorm1d(out));
    b.conv2 =
        register_module(name + "_conv2", nn::Conv1d(nn::Conv1dOptions(out, out, 5).padding(2)));
    b.bn2 = register_module(name + "_bn2", nn::BatchNorm1d(out));
    b.conv3 =
        register_module(name + "_conv3", nn::Conv1d(nn::Conv1dOptions(out, out, 3).padding(1)));
    b.bn3 = register_module(name + "_bn3", nn::BatchNorm1d(out));
    if (in != out) {
        b.shortcut = register_module(name + "_shortcut", nn::Conv1d(nn::Conv1dOptions(in, out, 1)));
        b.shortcutBn = register_module(name + "_shortcut_bn", nn::BatchNorm1d(out));
    }
    return b;
}

ResNetSupConNetwork::ResNetSupConNetwork(int channels, int classes, int projectionHidden,
                                         double dropout)
{
    m_blocks.push_back(makeBlock("block1", channels, 64));
    m_blocks.push_back(makeBlock("block2", 64, 128));
    m_blocks.push_back(makeBlock("block3", 128, 128));
    m_classifier = register_module(
        "classifier",
        nn::Sequential(nn::Linear(128, 128), nn::ReLU(), nn::Dropout(dropout), nn::Linear(128, 64),
                       nn::ReLU(), nn::Dropout(dropout), nn::Linear(64, classes)));
    m_projector = register_module("projector", nn::Sequential(nn::Linear(128, projectionHidden),
                                                              nn::ReLU(), nn::Dropout(dropout),
                                                              nn::Linear(projectionHidden, 128)));
}

torch::Tensor ResNetSupConNetwork::forwardBlock(Block& b, const torch::Tensor& x)
{
    const int64_t length = x.size(2);
    torch::Tensor y = torch::relu(b.bn1->forward(b.conv1->forward(x).narrow(2, 0, length)));
    y = torch::relu(b.bn2->forward(b.conv2->forward(y)));
    y = b.bn3->forward(b.conv3->forward(y));
    const torch::Tensor shortcut = b.shortcut ? b.shortcutBn->forward(b.shortcut->forward(x)) : x;
    return torch::relu(y + shortcut);
}

WindowNetworkOutput ResNetSupConNetwork::forward(const torch::Tensor& windows)
{
    torch::Tensor x = windows;
    for (Block& b : m_blocks)
        x = forwardBlock(b, x);
    const torch::Tensor embedding = x.mean(2); // global average pooling
    return {m_classifier->forward(embedding), embedding};
}

torch::Tensor ResNetSupConNetwork::project(const torch::Tensor& embedding)
{
    return torch::nn::functional::normalize(m_projector->forward(embedding),
                                            torch::nn::functional::NormalizeFuncOptions().dim(1));
}

} // namespace kinemark
