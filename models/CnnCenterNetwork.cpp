#include "CnnCenterNetwork.h"

namespace kinemark {

namespace nn = torch::nn;

namespace {
nn::Conv1d conv(int in, int out)
{
    return nn::Conv1d(nn::Conv1dOptions(in, out, 3).padding(1)); // 'same' for kernel 3
}
} // namespace

CnnCenterNetwork::CnnCenterNetwork(int channels, int windowLength, int classes)
{
    m_features = register_module(
        "features", nn::Sequential(conv(channels, 64), nn::LeakyReLU(), conv(64, 64), nn::LeakyReLU(),
                                   nn::MaxPool1d(2), conv(64, 128), nn::LeakyReLU(), conv(128, 128),
                                   nn::LeakyReLU(), conv(128, 128), nn::LeakyReLU(), nn::MaxPool1d(2)));
    const int flat = 128 * (windowLength / 4);
    m_embedding = register_module("embedding", nn::Sequential(nn::Linear(flat, 512), nn::LeakyReLU(),
                                                              nn::Linear(512, 256), nn::LeakyReLU(),
                                                              nn::Linear(256, 64)));
    m_classifier = register_module("classifier", nn::Linear(64, classes));
}

WindowNetworkOutput CnnCenterNetwork::forward(const torch::Tensor& windows)
{
    const torch::Tensor features = m_features->forward(windows).flatten(1);
    const torch::Tensor embedding = m_embedding->forward(features);
    // The classifier sees the activated embedding; center loss pulls the embedding itself.
    return {m_classifier->forward(torch::leaky_relu(embedding)), embedding};
}

} // namespace kinemark
