#include "models/inference/SelfPabReconstruction.h"

#include "core/learning/SpectrogramMasking.h"
#include "models/internal/nn/selfpab/SelfPabNetwork.h"
#include "models/internal/nn/window/WindowNetwork.h"

#include <random>
#include <stdexcept>

namespace kinemark {

struct SelfPabReconstruction::Network
{
    ModelFile model;
    SelfPabReconstructionNetwork network{nullptr};
    std::unique_ptr<Stft> stft;
};

SelfPabReconstruction::SelfPabReconstruction(const ModelFile& model)
    : d(std::make_unique<Network>())
{
    if (model.kind != QLatin1String("selfpab-pretrain") ||
        model.featureNormalisation.channelCount() == 0)
        throw std::invalid_argument(
            QStringLiteral("a model of kind '%1' is not a pre-trained SelfPAB encoder")
                .arg(model.kind)
                .toStdString());
    d->model = model;
    d->stft = std::make_unique<Stft>(model.spectrogramWindowing.stft);
    const int features = int(model.featureNormalisation.channelCount());
    d->network = SelfPabReconstructionNetwork(features, model.hyperparameters);
    loadWeights(*d->network, model.weights, QStringLiteral("model '%1'").arg(model.kind));
    d->network->eval();
}

SelfPabReconstruction::~SelfPabReconstruction() = default;

SelfPabReconstruction::Window SelfPabReconstruction::reconstruct(const Recording& recording,
                                                                 int64_t firstFrame,
                                                                 uint64_t seed) const
{
    const ModelFile& m = d->model;
    const QStringList problems = m.incompatibilities(recording);
    if (!problems.isEmpty())
        throw std::invalid_argument(QStringLiteral("the model cannot read recording '%1': %2")
                                        .arg(recording.id, problems.join(QStringLiteral("; ")))
                                        .toStdString());
    const int64_t available = d->stft->frameCount(int64_t(recording.sampleCount()));
    if (firstFrame < 0 || firstFrame >= available)
        throw std::invalid_argument(QStringLiteral("frame %1 is outside recording '%2' (%3 frames)")
                                        .arg(firstFrame)
                                        .arg(recording.id)
                                        .arg(available)
                                        .toStdString());
    Window w;
    w.frames = int(std::min<int64_t>(m.spectrogramWindowing.windowFrames, available - firstFrame));
    w.axes = int(recording.channelCount());
    w.bins = d->stft->binCount();
    const int64_t features = int64_t(w.axes) * w.bins;
    w.input.resize(size_t(w.frames * features));
    SpectrogramDataset::computeFeatures(recording, *d->stft, firstFrame, w.frames, w.input.data());
    const std::vector<float>& mean = m.featureNormalisation.mean();
    const std::vector<float>& inverse = m.featureNormalisation.inverseStd();
    for (size_t i = 0; i < w.input.size(); ++i)
        w.input[i] = (w.input[i] - mean[i % size_t(features)]) * inverse[i % size_t(features)];
    w.masked = w.input;
    w.altered.resize(w.input.size());
    const SpectrogramMasking masking(selfPabMasking(m.hyperparameters));
    std::mt19937_64 rng(seed);
    masking.apply(masking.draw(w.frames, w.bins, rng), w.masked.data(), w.frames, w.axes, w.bins,
                  w.altered.data());

    torch::NoGradGuard noGrad;
    const torch::Tensor x = torch::from_blob(w.masked.data(), {1, int64_t(w.frames), features});
    const torch::Tensor y = d->network->forward(x).contiguous();
    w.reconstructed.assign(y.data_ptr<float>(), y.data_ptr<float>() + y.numel());
    double sum = 0;
    int64_t count = 0;
    for (size_t i = 0; i < w.input.size(); ++i)
        if (w.altered[i]) {
            sum += std::abs(double(w.reconstructed[i]) - w.input[i]);
            ++count;
        }
    w.l1 = count > 0 ? sum / double(count) : 0.0;
    return w;
}

} // namespace kinemark
