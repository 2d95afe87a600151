#include "models/internal/nn/selfpab/SelfPabNetwork.h"

#include <cmath>
#include <stdexcept>

namespace kinemark {

QVariantMap selfPabEncoderSizes(const QVariantMap& h)
{
    QVariantMap out = h;
    if (h.value(QStringLiteral("paper_size")).toBool()) {
        out[QStringLiteral("d_model")] = 1500;
        out[QStringLiteral("layers")] = 4;
        out[QStringLiteral("heads")] = 6;
        out[QStringLiteral("feed_forward")] = 2048;
    }
    return out;
}

SpectrogramWindowing selfPabWindowing(const QVariantMap& h)
{
    SpectrogramWindowing w;
    w.windowFrames = h.value(QStringLiteral("window_frames"), w.windowFrames).toInt();
    w.strideFrames = h.value(QStringLiteral("stride_frames"), w.strideFrames).toInt();
    if (w.windowFrames < 1 || w.strideFrames < 1)
        throw std::invalid_argument("selfpab: window_frames and stride_frames must be positive");
    return w;
}

SpectrogramMaskingOptions selfPabMasking(const QVariantMap& h)
{
    SpectrogramMaskingOptions o;
    const auto number = [&](const char* key, double fallback) {
        return h.value(QLatin1String(key), fallback).toDouble();
    };
    o.timeProportion = number("time_proportion", o.timeProportion);
    o.timeWidth = int(number("time_width", o.timeWidth));
    o.zeroProbability = number("zero_probability", o.zeroProbability);
    o.swapProbability = number("swap_probability", o.swapProbability);
    o.frequencyProbability = number("frequency_probability", o.frequencyProbability);
    o.frequencyWidth = int(number("frequency_width", o.frequencyWidth));
    return o;
}

SelfPabEncoderImpl::SelfPabEncoderImpl(int features, const QVariantMap& hyperparameters)
    : m_features(features)
{
    const QVariantMap h = selfPabEncoderSizes(hyperparameters);
    m_dModel = h.value(QStringLiteral("d_model")).toInt();
    const int layers = h.value(QStringLiteral("layers")).toInt();
    const int heads = h.value(QStringLiteral("heads")).toInt();
    const int feedForward = h.value(QStringLiteral("feed_forward")).toInt();
    const double dropout = h.value(QStringLiteral("dropout")).toDouble();
    if (features < 1 || m_dModel < 1 || layers < 1 || heads < 1 || feedForward < 1 ||
        m_dModel % heads != 0)
        throw std::invalid_argument(
            QStringLiteral("selfpab: d_model (%1) must be a positive multiple of heads (%2), with "
                           "at least one layer and a positive feed-forward width")
                .arg(m_dModel)
                .arg(heads)
                .toStdString());
    m_input = register_module("input", torch::nn::Linear(features, m_dModel));
    m_dropout = register_module("dropout", torch::nn::Dropout(dropout));
    for (int i = 0; i < layers; ++i)
        m_layers.push_back(
            register_module("layer" + std::to_string(i),
                            torch::nn::TransformerEncoderLayer(
                                torch::nn::TransformerEncoderLayerOptions(m_dModel, heads)
                                    .dim_feedforward(feedForward)
                                    .dropout(dropout))));
}

torch::Tensor SelfPabEncoderImpl::positions(int64_t frames)
{
    if (!m_positions.defined() || m_positions.size(0) < frames) {
        // PE(t, 2i) = sin(t / 10000^(2i/d)), PE(t, 2i+1) = cos(...), as "Attention is all you
        // need".
        torch::Tensor pe = torch::zeros({frames, m_dModel});
        const torch::Tensor t = torch::arange(frames, torch::kFloat).unsqueeze(1);
        const torch::Tensor rate = torch::exp(torch::arange(0, m_dModel, 2, torch::kFloat) *
                                              (-std::log(10000.0) / m_dModel));
        pe.index_put_(
            {torch::indexing::Slice(), torch::indexing::Slice(0, torch::indexing::None, 2)},
            torch::sin(t * rate));
        const int64_t odd = m_dModel / 2;
        pe.index_put_(
            {torch::indexing::Slice(), torch::indexing::Slice(1, torch::indexing::None, 2)},
            torch::cos(t * rate.slice(0, 0, odd)));
        m_positions = pe;
    }
    return m_positions.slice(0, 0, frames);
}

std::vector<torch::Tensor> SelfPabEncoderImpl::forward(const torch::Tensor& x,
                                                       const torch::Tensor& padding)
{
    // LibTorch 1.13's layers have no batch_first: they take [frames, batch, d_model].
    torch::Tensor h = m_input->forward(x) + positions(x.size(1)).unsqueeze(0);
    h = m_dropout->forward(h).transpose(0, 1);
    std::vector<torch::Tensor> outputs;
    for (auto& layer : m_layers) {
        h = layer->forward(h, {}, padding);
        outputs.push_back(h.transpose(0, 1));
    }
    return outputs;
}

SelfPabReconstructionNetworkImpl::SelfPabReconstructionNetworkImpl(
    int features, const QVariantMap& hyperparameters)
{
    encoder = register_module("encoder", SelfPabEncoder(features, hyperparameters));
    head = register_module("head", torch::nn::Linear(encoder->dModel(), features));
}

torch::Tensor SelfPabReconstructionNetworkImpl::forward(const torch::Tensor& x,
                                                        const torch::Tensor& padding)
{
    return head->forward(encoder->forward(x, padding).back());
}

SelfPabClassifierImpl::SelfPabClassifierImpl(SelfPabEncoder encoderModule, int classes,
                                             const QVariantMap& h)
{
    encoder = register_module("encoder", std::move(encoderModule));
    const int width = h.value(QStringLiteral("head_hidden")).toInt();
    hidden = register_module("hidden", torch::nn::Linear(encoder->dModel(), width));
    output = register_module("output", torch::nn::Linear(width, classes));
    if (h.value(QStringLiteral("layer_weights")).toBool())
        layerWeights = register_parameter("layer_weights", torch::zeros({encoder->layerCount()}));
}

torch::Tensor SelfPabClassifierImpl::forward(const torch::Tensor& x, const torch::Tensor& padding)
{
    return head(encoder->forward(x, padding));
}

torch::Tensor SelfPabClassifierImpl::head(const std::vector<torch::Tensor>& layers)
{
    torch::Tensor features;
    if (layerWeights.defined()) {
        const torch::Tensor w = torch::softmax(layerWeights, 0);
        features = layers[0] * w[0];
        for (size_t i = 1; i < layers.size(); ++i)
            features = features + layers[i] * w[int64_t(i)];
    } else {
        features = layers.back();
    }
    return output->forward(torch::relu(hidden->forward(features)));
}

} // namespace kinemark
