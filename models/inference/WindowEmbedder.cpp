#include "models/inference/WindowEmbedder.h"

#include "core/learning/WindowSet.h"
#include "models/internal/nn/window/WindowNetwork.h"
#include "models/registry/ModelRegistry.h"

#include <stdexcept>

namespace kinemark {

struct WindowEmbedder::Network
{
    ModelFile model;
    std::shared_ptr<WindowNetwork> network;
    mutable int dimension = 0;
};

WindowEmbedder::WindowEmbedder(const ModelFile& model) : d(std::make_unique<Network>())
{
    const ModelInfo* info = ModelRegistry::find(model.kind);
    if (!info || info->input != ModelInfo::Input::Windows)
        throw std::invalid_argument(
            QStringLiteral("model '%1' does not classify windows: it has no window embedding")
                .arg(model.kind)
                .toStdString());
    d->model = model;
    d->network =
        makeWindowNetwork(model.kind, model.hyperparameters, int(model.channelNames.size()),
                          model.windowing.length, int(model.classIds.size()));
    loadWeights(*d->network, model.weights,
                QStringLiteral("model '%1' (%2)").arg(model.kind, model.created));
    d->network->eval();
}

WindowEmbedder::~WindowEmbedder() = default;

int WindowEmbedder::dimension() const
{
    return d->dimension;
}

std::vector<float> WindowEmbedder::embed(const WindowSet& windows,
                                         const std::vector<size_t>& indices,
                                         const JobControl* job) const
{
    torch::NoGradGuard noGrad;
    // Batches as ModelPredictor's: bigger ones page-fault more than they gain.
    constexpr size_t kBatch = 128;
    const int64_t c = windows.channelCount(), l = windows.length();
    std::vector<float> out, buffer;
    std::vector<size_t> batch;
    for (size_t first = 0; first < indices.size(); first += kBatch) {
        throwIfCancelled(job);
        batch.assign(indices.begin() + long(first),
                     indices.begin() + long(std::min(indices.size(), first + kBatch)));
        buffer.resize(batch.size() * size_t(c * l));
        windows.gather(batch, buffer.data(), &d->model.normalisation);
        const torch::Tensor x = torch::from_blob(buffer.data(), {int64_t(batch.size()), c, l});
        const torch::Tensor e =
            d->network->forward(x).embedding.reshape({int64_t(batch.size()), -1}).contiguous();
        d->dimension = int(e.size(1));
        out.insert(out.end(), e.data_ptr<float>(), e.data_ptr<float>() + e.numel());
        reportProgress(job, double(first + batch.size()) / double(indices.size()));
    }
    return out;
}

} // namespace kinemark
