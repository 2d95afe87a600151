#pragma once

// Internal to models/: includes LibTorch.
#include "models/internal/LibTorch.h"
#include <QVariantMap>
#include <functional>
#include <vector>

namespace kinemark {

class ChannelNormalisation;
class JobControl;
class Recording;

// Seed 000's multi-stage temporal convolutional network. Every stage: a 1x1
// convolution to `features` channels, `layers` dilated residual layers
// (dilation 2^i, kernel 3, ReLU, 1x1 convolution, dropout, residual add) and a
// 1x1 convolution to the classes; stages after the first read the softmax of
// the previous stage's logits. Each stage also has a projection head (1x1
// convolution, ReLU, 1x1 convolution) for the contrastive loss; it is only
// used in training.
class MsTcnNetwork : public torch::nn::Module
{
public:
    struct Output
    {
        std::vector<torch::Tensor> logits; // per stage, [B, classes, T]
        std::vector<torch::Tensor>
            features; // per stage, [B, features, T] (before the class convolution)
    };

    MsTcnNetwork(int channels, int classes, const QVariantMap& hyperparameters);

    Output forward(const torch::Tensor& x);
    torch::Tensor project(size_t stage, const torch::Tensor& features);
    size_t stages() const { return m_stages.size(); }
    // How far, in samples, an output depends on inputs to either side: chunks
    // cut with this margin predict exactly what the whole recording would.
    int64_t reach() const;

private:
    struct Stage
    {
        torch::nn::Conv1d input{nullptr}, output{nullptr}, projection1{nullptr},
            projection2{nullptr};
        std::vector<torch::nn::Conv1d> dilated, pointwise;
    };
    std::vector<Stage> m_stages;
    torch::nn::Dropout m_dropout{nullptr};
    int m_layers;
};

enum class SequenceOutput
{
    Probabilities, // softmax of the last stage's logits
    Features,      // the last stage's features: the space the contrastive loss shapes
};

// The last stage's output for samples [first, last) of `recording`, computed
// with a margin of reach() on either side so that it equals what the whole
// recording would give: [last - first, dims]. `buffer` holds the normalised
// input between calls. Call under a NoGradGuard with the network in eval().
torch::Tensor sequenceChunkOutput(MsTcnNetwork& network, const Recording& recording,
                                  const ChannelNormalisation& normalisation, SequenceOutput output,
                                  int64_t first, int64_t last, std::vector<float>* buffer);

// Receives the probabilities of samples [first, first + count) as rows of classes.
using SequenceChunkVisitor = std::function<void(int64_t first, int64_t count, const float* rows)>;

// Softmax class probabilities of every sample of `recording`, computed over
// chunks of `chunk` samples with a margin of reach() on each side (so that the
// stitched result has no seams) and handed to `visit` chunk by chunk, in
// order. Only one chunk is held at a time: a week at 50 Hz would be 1.4 GB of
// per-sample probabilities.
void visitSequenceProbabilities(MsTcnNetwork& network, const Recording& recording,
                                const ChannelNormalisation& normalisation,
                                const SequenceChunkVisitor& visit, const JobControl* job = nullptr,
                                int64_t chunk = 32768);

// The same, collected: rows of classes for every sample of `recording`.
std::vector<float> predictSequence(MsTcnNetwork& network, const Recording& recording,
                                   const ChannelNormalisation& normalisation, int classes,
                                   const JobControl* job = nullptr, int64_t chunk = 32768);

} // namespace kinemark
