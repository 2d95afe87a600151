#pragma once

// Internal to models/: includes LibTorch.
#include "models/internal/LibTorch.h"
#include "models/internal/nn/ModuleTensors.h" // saveWeights, loadWeights: every network's callers use them
#include <QVariantMap>
#include <memory>

namespace kinemark {

// A network that classifies windows [batch, channels, samples]: class logits
// and the embedding the paper's auxiliary loss works on.
struct WindowNetworkOutput
{
    torch::Tensor logits;
    torch::Tensor embedding;
};

class WindowNetwork : public torch::nn::Module
{
public:
    virtual WindowNetworkOutput forward(const torch::Tensor& windows) = 0;
    // Contrastive models map embeddings to the unit sphere; others return an undefined tensor.
    virtual torch::Tensor project(const torch::Tensor& embedding) { return {}; }
};

// Builds the network of registry model `kind` with resolved hyperparameters.
std::shared_ptr<WindowNetwork> makeWindowNetwork(const QString& kind,
                                                 const QVariantMap& hyperparameters, int channels,
                                                 int windowLength, int classes);

} // namespace kinemark

namespace kinemark {

class ChannelNormalisation;
class WindowSet;

// Softmax class probabilities of windows `indices` (rows of classes), in eval mode.
std::vector<float>
classifyWindows(WindowNetwork& network, const WindowSet& windows,
                const std::vector<size_t>& indices, const ChannelNormalisation& normalisation,
                int batchSize = 128); // as ModelPredictor: bigger batches page-fault

} // namespace kinemark
