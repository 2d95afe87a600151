#pragma once

// Internal to models/: includes LibTorch.
#include "models/internal/nn/diffusion/AdaGnResidualBlock.h"

#include <vector>

namespace kinemark {

// Seed 002's label-conditioned denoiser: predicts the noise in a noised
// window x_t [B, C, L] from x_t, the step t, the class and the window's
// statistics.
//
// Conditioning (the notes: "per-sequence statistics (mean, std, skewness,
// z-scores) and class prototypes"):
//  - time: sinusoidal embedding of t -> Linear -> SiLU -> Linear;
//  - label: a learned embedding per class;
//  - statistics: mean, standard deviation and skewness of every channel of
//    the clean window, taken on the z-scored (channel-normalised) windows,
//    through a Linear layer. When sampling they are drawn per class from a
//    normal fitted to the training windows' statistics (kept as buffers);
//  - prototype: the class's mean window (a buffer), given to the first
//    convolution as C extra input channels, so the network only has to model
//    a window's departure from its class's typical shape.
// Time, label and statistics embeddings are summed into the condition that
// drives every AdaGN block.
class DiffusionDenoiserImpl : public torch::nn::Module
{
public:
    DiffusionDenoiserImpl(int channels, int length, int classes, int width, int blocks,
                          double dropout);
    torch::Tensor forward(const torch::Tensor& noisy, const torch::Tensor& timesteps,
                          const torch::Tensor& labels, const torch::Tensor& statistics);

    // [B, C, L] -> [B, 3C]: per channel mean, standard deviation, skewness.
    static torch::Tensor statistics(const torch::Tensor& windows);
    // Prototypes, statistics' normals and class weights from training windows.
    void fitConditioning(const torch::Tensor& windows, const torch::Tensor& labels);
    // Statistics drawn for `labels` from the fitted normals.
    torch::Tensor drawStatistics(const torch::Tensor& labels, at::Generator& generator) const;
    // Per-class weights of the noise loss: inverse class frequency, mean 1 over the windows, at
    // most 10.
    const torch::Tensor& classWeights() const { return m_classWeights; }

private:
    torch::Tensor timeEmbedding(const torch::Tensor& timesteps) const;

    int m_width;
    torch::Tensor m_prototypes, m_statisticsMean, m_statisticsStd, m_classWeights; // buffers
    torch::nn::Conv1d m_input{nullptr};
    torch::nn::Sequential m_time{nullptr};
    torch::nn::Embedding m_label{nullptr};
    torch::nn::Linear m_statistics{nullptr};
    std::vector<AdaGnResidualBlock> m_blocks;
    torch::nn::GroupNorm m_outputNorm{nullptr};
    torch::nn::Conv1d m_output{nullptr};
};
TORCH_MODULE(DiffusionDenoiser);

} // namespace kinemark
