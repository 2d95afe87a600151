#include "models/registry/ParameterCount.h"

#include <algorithm>
#include <stdexcept>

namespace kinemark {

namespace {
int intOf(const QVariantMap& h, const char* key)
{
    return h.value(QLatin1String(key)).toInt();
}

// torch::nn layers: weight and bias elements.
int64_t conv1d(int64_t in, int64_t out, int64_t kernel, bool bias = true, int64_t groups = 1)
{
    return out * (in / groups) * kernel + (bias ? out : 0);
}
int64_t linear(int64_t in, int64_t out)
{
    return in * out + out;
}
// BatchNorm1d: weight, bias, running_mean, running_var, num_batches_tracked.
int64_t batchNorm(int64_t width)
{
    return 4 * width + 1;
}
// TransformerEncoderLayer: in-projection (3d x d + 3d), out-projection, two
// feed-forward linears, two layer norms.
int64_t transformerLayer(int64_t d, int64_t feedForward)
{
    return 3 * d * d + 3 * d + linear(d, d) + linear(d, feedForward) + linear(feedForward, d) +
           2 * (2 * d);
}
} // namespace

int64_t ParameterCount::cnnCenter(int channels, int windowLength, int classes)
{
    // CnnCenterNetwork: five k3 convolutions, two pair max-pools, FC 512, 256, 64, classes.
    if (windowLength < 4 || windowLength % 4 != 0)
        throw std::invalid_argument(
            "cnn-center needs a window length divisible by 4 (two max-pools)");
    const int64_t flat = 128 * int64_t(windowLength / 4);
    return conv1d(channels, 64, 3) + conv1d(64, 64, 3) + conv1d(64, 128, 3) +
           2 * conv1d(128, 128, 3) + linear(flat, 512) + linear(512, 256) + linear(256, 64) +
           linear(64, classes);
}

int64_t ParameterCount::resNetSupCon(int channels, int classes, int projectionHidden)
{
    // ResNetSupConNetwork: three blocks (k8, k5, k3 with batch norms; a 1x1
    // shortcut where the width changes), classifier and projector heads.
    const auto block = [](int64_t in, int64_t out) {
        int64_t n =
            conv1d(in, out, 8) + conv1d(out, out, 5) + conv1d(out, out, 3) + 3 * batchNorm(out);
        if (in != out)
            n += conv1d(in, out, 1) + batchNorm(out);
        return n;
    };
    return block(channels, 64) + block(64, 128) + block(128, 128) + linear(128, 128) +
           linear(128, 64) + linear(64, classes) + linear(128, projectionHidden) +
           linear(projectionHidden, 128);
}

int64_t ParameterCount::msTcn(int channels, int classes, const QVariantMap& h)
{
    // MsTcnNetwork: per stage an input 1x1, `layers` dilated k3 + pointwise
    // pairs, an output 1x1 and the two projection layers.
    const int64_t stages = std::max(1, intOf(h, "stages"));
    const int64_t layers = std::max(1, intOf(h, "layers"));
    const int64_t features = std::max(1, intOf(h, "features"));
    const int64_t projection = std::max(1, intOf(h, "projection_dim"));
    int64_t n = 0;
    for (int64_t s = 0; s < stages; ++s) {
        n += conv1d(s == 0 ? channels : classes, features, 1);
        n += layers * (conv1d(features, features, 3) + conv1d(features, features, 1));
        n += conv1d(features, classes, 1) + conv1d(features, features, 1) +
             conv1d(features, projection, 1);
    }
    return n;
}

int64_t ParameterCount::usad(int channels, int classes, const QVariantMap& h)
{
    // UsadNetwork: optional input spatial attention, three UsadBranches
    // (kernels 3, 5, 7), the fusion 1x1 with its batch norm, the classifier.
    const int64_t width = intOf(h, "width");
    const int64_t blocks = intOf(h, "blocks");
    const int64_t cardinality = intOf(h, "cardinality");
    const int64_t radix = intOf(h, "radix");
    const bool attention = h.value(QStringLiteral("attention")).toBool();
    if (width < 1 || blocks < 0)
        throw std::invalid_argument("usad needs a positive width and at least zero blocks");
    const int64_t groups = cardinality * radix;
    if (attention && blocks > 0 && (cardinality < 1 || radix < 1 || width % groups != 0))
        throw std::invalid_argument(
            QStringLiteral("usad: split attention needs widths divisible by cardinality x radix "
                           "(%1 by %2 x %3)")
                .arg(width)
                .arg(cardinality)
                .arg(radix)
                .toStdString());
    const int64_t attentionConv = conv1d(2, 1, 3); // SpatialAttention(3)
    int64_t n = attention ? attentionConv : 0;
    for (int64_t kernel : {3, 5, 7}) {
        n += conv1d(channels, width, kernel, false) + batchNorm(width);
        for (int64_t b = 0; b < blocks; ++b) {
            if (attention) {
                // SplitAttentionConv: grouped conv to width x radix, its batch
                // norm, the squeeze (inner, a multiple of the cardinality) and excite.
                int64_t inner = std::max<int64_t>(16, width * radix / 4);
                inner += (cardinality - inner % cardinality) % cardinality;
                n += conv1d(width, width * radix, kernel, false, groups) +
                     batchNorm(width * radix) + conv1d(width, inner, 1, true, cardinality) +
                     batchNorm(inner) + conv1d(inner, width * radix, 1, true, cardinality);
            } else {
                n += conv1d(width, width, kernel, false) + batchNorm(width);
            }
            n += conv1d(width, width, 1, false) + batchNorm(width);
        }
        if (attention)
            n += attentionConv + conv1d(2, 1, 7); // spatial and temporal attention
    }
    const int64_t fused = 3 * width;
    return n + conv1d(fused, fused, 1, false) + batchNorm(fused) + linear(fused, classes);
}

int64_t ParameterCount::diffusionDenoiser(int channels, int length, int classes, int width,
                                          int blocks)
{
    // DiffusionDenoiser: the class buffers (prototype windows, statistics,
    // weights), input conv, time MLP, label embedding, statistics linear,
    // AdaGN blocks (affine group norm, two k3 convs, scale-shift linear), output.
    if (width < 2 || width % 2 != 0 || blocks < 1)
        throw std::invalid_argument(
            "usad-diffusion needs an even width >= 2 and at least one block");
    const int64_t c = channels, k = classes, w = width, condition = 2 * w, statistics = 3 * c;
    const int64_t buffers = k * c * length + 2 * k * statistics + k;
    const int64_t block = 2 * w + conv1d(w, w, 3) + linear(condition, 2 * w) + conv1d(w, w, 3);
    return buffers + conv1d(2 * c, w, 3) + linear(w, condition) + linear(condition, condition) +
           k * condition + linear(statistics, condition) + blocks * block + 2 * w + conv1d(w, c, 3);
}

namespace {
// selfPabEncoderSizes (models/internal/nn/selfpab/SelfPabNetwork.h): paper_size's sizes.
QVariantMap encoderSizes(const QVariantMap& h)
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
} // namespace

int64_t ParameterCount::selfPabEncoder(int features, const QVariantMap& hyperparameters)
{
    // SelfPabEncoder: input linear, `layers` transformer encoder layers.
    const QVariantMap h = encoderSizes(hyperparameters);
    const int64_t d = intOf(h, "d_model"), layers = intOf(h, "layers"), heads = intOf(h, "heads"),
                  feedForward = intOf(h, "feed_forward");
    if (features < 1 || d < 1 || layers < 1 || heads < 1 || feedForward < 1 || d % heads != 0)
        throw std::invalid_argument(
            QStringLiteral("selfpab: d_model (%1) must be a positive multiple of heads (%2), with "
                           "at least one layer and a positive feed-forward width")
                .arg(d)
                .arg(heads)
                .toStdString());
    return linear(features, d) + layers * transformerLayer(d, feedForward);
}

int64_t ParameterCount::selfPabReconstruction(int features, const QVariantMap& h)
{
    // SelfPabReconstructionNetwork: the encoder and a linear head back to the features.
    return selfPabEncoder(features, h) + linear(intOf(encoderSizes(h), "d_model"), features);
}

int64_t ParameterCount::selfPabClassifier(int features, int classes, const QVariantMap& h)
{
    // SelfPabClassifier: the encoder, hidden and output linears, optional layer weights.
    const QVariantMap sizes = encoderSizes(h);
    const int64_t hidden = intOf(h, "head_hidden");
    return selfPabEncoder(features, h) + linear(intOf(sizes, "d_model"), hidden) +
           linear(hidden, classes) +
           (h.value(QStringLiteral("layer_weights")).toBool() ? intOf(sizes, "layers") : 0);
}

int64_t ParameterCount::of(const QString& kind, const QVariantMap& h, const Inputs& in)
{
    if (kind == QLatin1String("cnn-center"))
        return cnnCenter(in.channels, in.windowLength, in.classes);
    if (kind == QLatin1String("resnet-supcon"))
        return resNetSupCon(in.channels, in.classes, intOf(h, "projection_hidden"));
    if (kind == QLatin1String("mstcn"))
        return msTcn(in.channels, in.classes, h);
    if (kind == QLatin1String("usad"))
        return usad(in.channels, in.classes, h);
    if (kind == QLatin1String("usad-diffusion"))
        return diffusionDenoiser(in.channels, in.windowLength, in.classes, intOf(h, "width"),
                                 intOf(h, "blocks"));
    if (kind == QLatin1String("selfpab-pretrain"))
        return selfPabReconstruction(in.features, h);
    if (kind == QLatin1String("selfpab"))
        return selfPabClassifier(in.features, in.classes, h);
    throw std::invalid_argument(("no network for model '" + kind + "'").toStdString());
}

} // namespace kinemark
