#include "models/generation/WindowDiffusion.h"
#include "models/training/BatchSlice.h"

#include "core/base/SeededRandom.h"
#include "models/TrainingError.h"
#include "models/internal/nn/diffusion/DiffusionDenoiser.h"
#include "models/internal/nn/window/WindowNetwork.h"
#include "models/internal/optim/FusedAdam.h"
#include "models/training/EpochProgress.h"

#include <ATen/CPUGeneratorImpl.h>
#include <cmath>
#include <random>

namespace kinemark {

struct WindowDiffusion::Private
{
    int channels, length, classes;
    QVariantMap h;
    CosineNoiseSchedule schedule;
    std::vector<int> timesteps;
    DiffusionDenoiser network{nullptr};

    Private(int c, int l, int k, const QVariantMap& hyperparameters)
        : channels(c), length(l), classes(k), h(hyperparameters),
          schedule(hyperparameters.value(QStringLiteral("diffusion_steps")).toInt()),
          timesteps(schedule.samplingTimesteps(
              hyperparameters.value(QStringLiteral("sampling_steps")).toInt())),
          network(c, l, k, hyperparameters.value(QStringLiteral("width")).toInt(),
                  hyperparameters.value(QStringLiteral("blocks")).toInt(),
                  hyperparameters.value(QStringLiteral("dropout")).toDouble())
    {}

    torch::Tensor labelTensor(const std::vector<int32_t>& labels) const
    {
        for (int32_t y : labels)
            if (y < 0 || y >= classes)
                throw std::invalid_argument("class index " + std::to_string(y) + " outside 0.." +
                                            std::to_string(classes - 1));
        return torch::tensor(std::vector<int64_t>(labels.begin(), labels.end()), torch::kLong);
    }

    // From samplingTimesteps[index] to the one before it (or 0).
    torch::Tensor step(const torch::Tensor& x, const torch::Tensor& labels,
                       const torch::Tensor& statistics, int index, at::Generator& generator)
    {
        const int t = timesteps[size_t(index)];
        const int previous = index > 0 ? timesteps[size_t(index - 1)] : 0;
        const double alphaBar = schedule.alphaBar(t),
                     alphaBarPrevious = schedule.alphaBar(previous);
        const double beta = std::min(0.999, 1 - alphaBar / alphaBarPrevious);
        const torch::Tensor noise = network->forward(
            x, torch::full({x.size(0)}, int64_t(t), torch::kLong), labels, statistics);
        const double clip = h.value(QStringLiteral("clip")).toDouble();
        const torch::Tensor clean =
            ((x - std::sqrt(1 - alphaBar) * noise) / std::sqrt(alphaBar)).clamp(-clip, clip);
        // Posterior q(x_prev | x_t, x_0) of the respaced chain.
        const torch::Tensor mean =
            (std::sqrt(alphaBarPrevious) * beta / (1 - alphaBar)) * clean +
            (std::sqrt(1 - beta) * (1 - alphaBarPrevious) / (1 - alphaBar)) * x;
        if (previous == 0)
            return mean;
        const double variance = beta * (1 - alphaBarPrevious) / (1 - alphaBar);
        return mean + std::sqrt(variance) * torch::randn(x.sizes(), generator);
    }
};

WindowDiffusion::WindowDiffusion(int channels, int length, int classes, const QVariantMap& h)
    : d(std::make_unique<Private>(channels, length, classes, h))
{}

WindowDiffusion::~WindowDiffusion() = default;

int WindowDiffusion::channels() const
{
    return d->channels;
}

int WindowDiffusion::length() const
{
    return d->length;
}

int WindowDiffusion::classes() const
{
    return d->classes;
}

const CosineNoiseSchedule& WindowDiffusion::schedule() const
{
    return d->schedule;
}

const std::vector<int>& WindowDiffusion::samplingTimesteps() const
{
    return d->timesteps;
}

void WindowDiffusion::fit(const std::vector<float>& windows, const std::vector<int32_t>& labels,
                          uint64_t seed, const Observer& observer, const JobControl* job)
{
    const int64_t c = d->channels, l = d->length, n = int64_t(labels.size());
    if (n == 0 || windows.size() != size_t(n * c * l))
        throw std::invalid_argument(
            "usad-diffusion: the windows do not match their labels and shape");
    // The whole set stays as one tensor: the windows are few (rare classes are why we are here).
    const torch::Tensor all =
        torch::from_blob(const_cast<float*>(windows.data()), {n, c, l}).clone();
    const torch::Tensor allLabels = d->labelTensor(labels);
    d->network->fitConditioning(all, allLabels);

    torch::manual_seed(seed); // dropout
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    std::mt19937_64 rng(seed);
    FusedAdam optimiser = FusedAdam::fromHyperparameters(d->network->parameters(), d->h);
    std::vector<double> alphaBars(size_t(d->schedule.steps() + 1));
    for (int t = 0; t <= d->schedule.steps(); ++t)
        alphaBars[size_t(t)] = d->schedule.alphaBar(t);
    const torch::Tensor alphaBar = torch::tensor(alphaBars, torch::kDouble).to(torch::kFloat);

    const int epochs = d->h.value(QStringLiteral("epochs")).toInt();
    const int64_t batchSize = std::max(1, d->h.value(QStringLiteral("batch")).toInt());
    const int batches = int(std::max<int64_t>(1, (n + batchSize - 1) / batchSize));
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        order[size_t(i)] = i;
    d->network->train();
    for (int epoch = 1; epoch <= epochs; ++epoch) {
        seededShuffle(order, rng);
        EpochProgress progress(epoch, epochs, batches);
        for (int b = 0; b < batches; ++b) {
            throwIfCancelled(job);
            const int64_t first = b * batchSize, count = std::min(batchSize, n - first);
            const torch::Tensor index =
                torch::from_blob(order.data() + first, {count}, torch::kLong);
            const torch::Tensor x0 = all.index_select(0, index);
            const torch::Tensor y = allLabels.index_select(0, index);
            const torch::Tensor t =
                torch::randint(1, d->schedule.steps() + 1, {count}, generator, torch::kLong);
            const torch::Tensor noise = torch::randn(x0.sizes(), generator);
            const torch::Tensor ab = alphaBar.index_select(0, t).view({count, 1, 1});
            const torch::Tensor noisy = ab.sqrt() * x0 + (1 - ab).sqrt() * noise;
            const torch::Tensor predicted =
                d->network->forward(noisy, t, y, DiffusionDenoiserImpl::statistics(x0));
            const torch::Tensor perWindow = (predicted - noise).pow(2).mean({1, 2});
            const torch::Tensor loss =
                (perWindow * d->network->classWeights().index_select(0, y)).mean();
            const double value = loss.item<double>();
            if (!std::isfinite(value))
                throw TrainingError(
                    QStringLiteral(
                        "usad-diffusion: the loss became %1 at epoch %2, batch %3; try a "
                        "lower learning rate (lr)")
                        .arg(value)
                        .arg(epoch)
                        .arg(b + 1)
                        .toStdString());
            loss.backward();
            optimiser.step();
            progress.batch(b + 1, {{QStringLiteral("total"), value}}, observer, job);
        }
        if (observer)
            observer(progress.end());
    }
    d->network->eval();
}

std::vector<float> WindowDiffusion::sample(const std::vector<int32_t>& labels, uint64_t seed,
                                           const JobControl* job)
{
    torch::NoGradGuard noGrad;
    d->network->eval();
    const int64_t c = d->channels, l = d->length;
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    std::vector<float> out;
    out.reserve(labels.size() * size_t(c * l));
    const int64_t batchSize = 256;
    for (size_t b = 0; b * size_t(batchSize) < labels.size(); ++b) {
        const std::vector<int32_t> part = batchSlice(labels, b, size_t(batchSize));
        const torch::Tensor y = d->labelTensor(part);
        const torch::Tensor statistics = d->network->drawStatistics(y, generator);
        torch::Tensor x = torch::randn({int64_t(part.size()), c, l}, generator);
        for (int i = int(d->timesteps.size()) - 1; i >= 0; --i) {
            throwIfCancelled(job);
            x = d->step(x, y, statistics, i, generator);
        }
        x = x.contiguous();
        out.insert(out.end(), x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
        reportProgress(job, double(b * size_t(batchSize) + part.size()) / double(labels.size()));
    }
    return out;
}

std::vector<float> WindowDiffusion::sampleBalanced(int perClass, uint64_t seed,
                                                   std::vector<int32_t>* labels,
                                                   const JobControl* job)
{
    std::vector<int32_t> wanted;
    for (int32_t k = 0; k < d->classes; ++k)
        wanted.insert(wanted.end(), size_t(std::max(0, perClass)), k);
    if (labels)
        *labels = wanted;
    return sample(wanted, seed, job);
}

std::vector<float> WindowDiffusion::denoiseStep(const std::vector<float>& noisy,
                                                const std::vector<int32_t>& labels, int index,
                                                uint64_t seed)
{
    torch::NoGradGuard noGrad;
    d->network->eval();
    const int64_t c = d->channels, l = d->length, n = int64_t(labels.size());
    if (noisy.size() != size_t(n * c * l) || index < 0 || index >= int(d->timesteps.size()))
        throw std::invalid_argument(
            "usad-diffusion: denoising step out of range or windows of the wrong shape");
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    const torch::Tensor y = d->labelTensor(labels);
    const torch::Tensor statistics = d->network->drawStatistics(y, generator);
    const torch::Tensor x = torch::from_blob(const_cast<float*>(noisy.data()), {n, c, l});
    const torch::Tensor next = d->step(x, y, statistics, index, generator).contiguous();
    return std::vector<float>(next.data_ptr<float>(), next.data_ptr<float>() + next.numel());
}

QByteArray WindowDiffusion::weights() const
{
    return saveWeights(*d->network);
}

void WindowDiffusion::loadWeights(const QByteArray& weights, const QString& source)
{
    kinemark::loadWeights(*d->network, weights, source);
    d->network->eval();
}

} // namespace kinemark
