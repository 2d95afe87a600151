#pragma once

#include "models/internal/nn/window/WindowNetwork.h"

namespace kinemark {

// Seed 001: the time-series ResNet of Wang et al. (three residual blocks of
// Conv k8 -> BN -> ReLU -> Conv k5 -> BN -> ReLU -> Conv k3 -> BN, shortcut
// 1x1 conv + BN where the width changes, add, ReLU; 64, 128, 128 filters;
// global average pooling), a classification head of three FC layers and a
// projection head (one hidden layer) whose output is L2-normalised.
class ResNetSupConNetwork : public WindowNetwork
{
public:
    ResNetSupConNetwork(int channels, int classes, int projectionHidden, double dropout);
    WindowNetworkOutput forward(const torch::Tensor& windows) override;
    torch::Tensor project(const torch::Tensor& embedding) override;

private:
    struct Block
    {
        torch::nn::Conv1d conv1{nullptr}, conv2{nullptr}, conv3{nullptr}, shortcut{nullptr};
        torch::nn::BatchNorm1d bn1{nullptr}, bn2{nullptr}, bn3{nullptr}, shortcutBn{nullptr};
    };
    Block makeBlock(const std::string& name, int in, int out);
    torch::Tensor forwardBlock(Block& b, const torch::Tensor& x);

    std::vector<Block> m_blocks;
    torch::nn::Sequential m_classifier{nullptr};
    torch::nn::Sequential m_projector{nullptr};
};

} // namespace kinemark
