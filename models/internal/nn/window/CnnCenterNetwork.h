#pragma once

#include "models/internal/nn/window/WindowNetwork.h"

namespace kinemark {

// Seed 004's 1D CNN (Table I): Conv1d 3x64, 3x64, max-pool 2; Conv1d 3x128
// three times, max-pool 2; FC 512, 256, 64 (the embedding), classes; LeakyReLU
// and 'same' padding throughout.
class CnnCenterNetwork : public WindowNetwork
{
public:
    CnnCenterNetwork(int channels, int windowLength, int classes);
    WindowNetworkOutput forward(const torch::Tensor& windows) override;

private:
    torch::nn::Sequential m_features{nullptr};
    torch::nn::Sequential m_embedding{nullptr};
    torch::nn::Linear m_classifier{nullptr};
};

} // namespace kinemark
