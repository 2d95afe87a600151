#include "models/internal/nn/window/WindowNetwork.h"

#include "core/base/FormatError.h"
#include "core/learning/ChannelNormalisation.h"
#include "core/learning/WindowSet.h"
#include "models/internal/nn/usad/UsadNetwork.h"
#include "models/internal/nn/window/CnnCenterNetwork.h"
#include "models/internal/nn/window/ResNetSupConNetwork.h"

#include <stdexcept>

namespace kinemark {

std::shared_ptr<WindowNetwork> makeWindowNetwork(const QString& kind,
                                                 const QVariantMap& hyperparameters, int channels,
                                                 int windowLength, int classes)
{
    if (kind == QLatin1String("cnn-center")) {
        if (windowLength < 4 || windowLength % 4 != 0)
            throw std::invalid_argument(
                "cnn-center needs a window length divisible by 4 (two max-pools)");
        return std::make_shared<CnnCenterNetwork>(channels, windowLength, classes);
    }
    if (kind == QLatin1String("resnet-supcon"))
        return std::make_shared<ResNetSupConNetwork>(
            channels, classes, hyperparameters.value(QStringLiteral("projection_hidden")).toInt(),
            hyperparameters.value(QStringLiteral("dropout")).toDouble());
    if (kind == QLatin1String("usad"))
        return std::make_shared<UsadNetwork>(channels, classes, hyperparameters);
    if (kind == QLatin1String("usad-diffusion"))
        throw std::invalid_argument(
            "usad-diffusion makes synthetic windows; it does not label recordings");
    throw std::invalid_argument(("no window network for model '" + kind + "'").toStdString());
}

std::vector<float> classifyWindows(WindowNetwork& network, const WindowSet& windows,
                                   const std::vector<size_t>& indices,
                                   const ChannelNormalisation& normalisation, int batchSize)
{
    torch::NoGradGuard noGrad;
    network.eval();
    const int64_t c = windows.channelCount(), l = windows.length();
    std::vector<float> probabilities;
    std::vector<float> buffer;
    std::vector<size_t> batch;
    for (size_t first = 0; first < indices.size(); first += size_t(batchSize)) {
        batch.assign(indices.begin() + long(first),
                     indices.begin() + long(std::min(indices.size(), first + size_t(batchSize))));
        buffer.resize(batch.size() * size_t(c * l));
        windows.gather(batch, buffer.data(), &normalisation);
        const torch::Tensor x = torch::from_blob(buffer.data(), {int64_t(batch.size()), c, l});
        const torch::Tensor p = torch::softmax(network.forward(x).logits, 1).contiguous();
        probabilities.insert(probabilities.end(), p.data_ptr<float>(),
                             p.data_ptr<float>() + p.numel());
    }
    return probabilities;
}

} // namespace kinemark
