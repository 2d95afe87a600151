#include "models/inference/BuiltNetworkSize.h"

#include "models/internal/nn/diffusion/DiffusionDenoiser.h"
#include "models/internal/nn/mstcn/MsTcnNetwork.h"
#include "models/internal/nn/selfpab/SelfPabNetwork.h"
#include "models/internal/nn/window/WindowNetwork.h"

namespace kinemark {

namespace {
int64_t elements(torch::nn::Module& network)
{
    int64_t n = 0;
    for (const torch::Tensor& p : network.parameters())
        n += p.numel();
    for (const torch::Tensor& b : network.buffers())
        n += b.numel();
    return n;
}
} // namespace

int64_t builtNetworkElementCount(const QString& kind, const QVariantMap& h,
                                 const ParameterCount::Inputs& in)
{
    if (kind == QLatin1String("mstcn")) {
        MsTcnNetwork network(in.channels, in.classes, h);
        return elements(network);
    }
    if (kind == QLatin1String("usad-diffusion")) {
        DiffusionDenoiser network(in.channels, in.windowLength, in.classes,
                                  h.value(QStringLiteral("width")).toInt(),
                                  h.value(QStringLiteral("blocks")).toInt(),
                                  h.value(QStringLiteral("dropout")).toDouble());
        return elements(*network);
    }
    if (kind == QLatin1String("selfpab-pretrain")) {
        SelfPabReconstructionNetwork network(in.features, h);
        return elements(*network);
    }
    if (kind == QLatin1String("selfpab")) {
        SelfPabClassifier network(SelfPabEncoder(in.features, h), in.classes, h);
        return elements(*network);
    }
    const auto network = makeWindowNetwork(kind, h, in.channels, in.windowLength, in.classes);
    return elements(*network);
}

} // namespace kinemark
