#pragma once

// Internal to models/: includes LibTorch.
#include "core/learning/SpectrogramDataset.h"
#include "core/learning/SpectrogramMasking.h"

#include "models/internal/LibTorch.h"
#include <QVariantMap>
#include <vector>

namespace kinemark {

// SelfPAB's transformer encoder (seed 003): frames of stacked spectrogram
// features -> Linear to d_model, plus sinusoidal position encodings, dropout,
// then `layers` post-norm transformer encoder layers (heads, feed-forward,
// dropout). Sizes come from the hyperparameters d_model, layers, heads,
// feed_forward and dropout (or the paper's 1500 / 4 / 6 / 2048 with paper_size).
class SelfPabEncoderImpl : public torch::nn::Module
{
public:
    SelfPabEncoderImpl(int features, const QVariantMap& hyperparameters);

    // x [batch, frames, features]; padding [batch, frames] bool, true for padded
    // frames (undefined: none). Returns every layer's output, [batch, frames, d_model].
    std::vector<torch::Tensor> forward(const torch::Tensor& x, const torch::Tensor& padding = {});

    int dModel() const { return m_dModel; }
    int layerCount() const { return int(m_layers.size()); }
    int features() const { return m_features; }

private:
    torch::Tensor positions(int64_t frames);

    int m_features, m_dModel;
    torch::nn::Linear m_input{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
    std::vector<torch::nn::TransformerEncoderLayer> m_layers;
    torch::Tensor m_positions; // cached sinusoidal encodings, [frames, d_model]
};
TORCH_MODULE(SelfPabEncoder);

// Pre-training: the encoder and the reconstruction head (Linear d_model -> features).
class SelfPabReconstructionNetworkImpl : public torch::nn::Module
{
public:
    SelfPabReconstructionNetworkImpl(int features, const QVariantMap& hyperparameters);
    // [batch, frames, features] -> reconstructed [batch, frames, features].
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& padding = {});
    SelfPabEncoder encoder{nullptr};
    torch::nn::Linear head{nullptr};
};
TORCH_MODULE(SelfPabReconstructionNetwork);

// Downstream: an encoder (pre-trained or new) and the paper's MLP head per
// frame (Linear d_model -> head_hidden (1028), ReLU, Linear -> classes) on the
// last layer's output or, with layer_weights, a learned softmax-weighted sum of
// every layer's output.
class SelfPabClassifierImpl : public torch::nn::Module
{
public:
    SelfPabClassifierImpl(SelfPabEncoder encoder, int classes, const QVariantMap& hyperparameters);
    // [batch, frames, features] -> logits [batch, frames, classes].
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& padding = {});
    // The head alone, on the encoder's layer outputs (a frozen encoder runs without gradients).
    torch::Tensor head(const std::vector<torch::Tensor>& layers);
    SelfPabEncoder encoder{nullptr};
    torch::nn::Linear hidden{nullptr}, output{nullptr};
    torch::Tensor layerWeights; // undefined: the last layer alone
};
TORCH_MODULE(SelfPabClassifier);

// The encoder hyperparameters with paper_size applied (d_model 1500, 4 layers,
// 6 heads, feed-forward 2048).
QVariantMap selfPabEncoderSizes(const QVariantMap& hyperparameters);
// The windows (window_frames, stride_frames) and the masking (time_proportion,
// time_width, zero_probability, swap_probability, frequency_probability,
// frequency_width) the hyperparameters ask for.
SpectrogramWindowing selfPabWindowing(const QVariantMap& hyperparameters);
SpectrogramMaskingOptions selfPabMasking(const QVariantMap& hyperparameters);

} // namespace kinemark
