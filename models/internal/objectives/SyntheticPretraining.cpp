#include "models/internal/objectives/SyntheticPretraining.h"

#include "core/base/SeededRandom.h"
#include "core/learning/WindowSet.h"
#include "models/TrainingError.h"
#include "models/internal/optim/FusedAdam.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/DiffusionTrainer.h"

#include <cmath>
#include <random>

namespace kinemark {

namespace {

// Fits `diffusion` to the real training windows; returns its last epoch's noise loss.
double fitDiffusion(WindowDiffusion& diffusion, const WindowSet& training,
                    const ChannelNormalisation& normalisation, uint64_t seed,
                    const TrainingObserver& observer, const JobControl* job)
{
    std::vector<int32_t> realLabels;
    const std::vector<float> real =
        DiffusionTrainer::gatherAll(training, normalisation, &realLabels);
    double diffusionLoss = 0;
    diffusion.fit(
        real, realLabels, seed,
        [&](const TrainingProgress& p) {
            if (p.epochEnd) {
                diffusionLoss = p.losses.value(QStringLiteral("total"));
                return;
            }
            if (!observer)
                return;
            TrainingProgress q = p;
            q.epoch = 1;
            q.epochs = 1;
            q.losses.clear();
            q.message = QStringLiteral("diffusion model: epoch %1/%2, noise loss %3")
                            .arg(p.epoch)
                            .arg(p.epochs)
                            .arg(p.losses.value(QStringLiteral("total")), 0, 'f', 4);
            observer(q);
        },
        job);
    return diffusionLoss;
}

// `perClass` labels of every class that has real windows, class by class.
std::vector<int32_t> balancedLabels(const WindowSet& training, int perClass)
{
    std::vector<int32_t> wanted;
    const std::vector<int64_t> counts = training.classCounts();
    for (int k = 0; k < int(training.classIds().size()); ++k)
        if (counts[size_t(k)] > 0)
            wanted.insert(wanted.end(), size_t(perClass), k);
    return wanted;
}

// Trains `network` on the synthetic windows alone for `epochs` epochs with a
// fresh Adam; returns the last epoch's mean loss.
double trainOnSynthetic(WindowNetwork& network, TrainingObjective& objective,
                        std::vector<float>& synthetic, const std::vector<int32_t>& wanted,
                        int64_t c, int64_t l, const QVariantMap& h, int epochs, uint64_t seed,
                        const TrainingObserver& observer, const JobControl* job)
{
    const int64_t n = int64_t(wanted.size());
    const torch::Tensor windows = torch::from_blob(synthetic.data(), {n, c, l});
    const torch::Tensor labels =
        torch::tensor(std::vector<int64_t>(wanted.begin(), wanted.end()), torch::kLong);
    const torch::Tensor subjects =
        torch::zeros({n}, torch::kLong); // synthetic windows have no subject
    FusedAdam optimiser = FusedAdam::fromHyperparameters(network.parameters(), h);
    const int64_t batchSize = std::max(2, h.value(QStringLiteral("batch")).toInt());
    const int batches =
        int(std::max<int64_t>(1, n / batchSize)); // a short last batch joins the one before
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        order[size_t(i)] = i;
    std::mt19937_64 rng(seed);
    double lastLoss = 0;
    network.train();
    for (int epoch = 1; epoch <= epochs; ++epoch) {
        seededShuffle(order, rng);
        double sum = 0;
        for (int b = 0; b < batches; ++b) {
            throwIfCancelled(job);
            const int64_t first = b * batchSize, count = b == batches - 1 ? n - first : batchSize;
            const torch::Tensor index =
                torch::from_blob(order.data() + first, {count}, torch::kLong);
            const TrainingObjective::Terms terms =
                objective.losses(network, windows.index_select(0, index),
                                 labels.index_select(0, index), subjects.index_select(0, index));
            const torch::Tensor& total = terms.front().second;
            const double value = total.item<double>();
            if (!std::isfinite(value))
                throw TrainingError(
                    QStringLiteral("pretraining on synthetic windows stopped at epoch %1: the loss "
                                   "became %2; try a lower learning rate (lr)")
                        .arg(epoch)
                        .arg(value)
                        .toStdString());
            total.backward();
            optimiser.step();
            objective.afterStep();
            sum += value;
            if (observer) {
                TrainingProgress q;
                q.epoch = q.epochs = 1;
                q.batch = b + 1;
                q.batches = batches;
                q.message = QStringLiteral("pretraining on synthetic windows: epoch %1/%2, loss %3")
                                .arg(epoch)
                                .arg(epochs)
                                .arg(value, 0, 'f', 4);
                observer(q);
            }
        }
        lastLoss = sum / batches;
    }
    return lastLoss;
}

} // namespace

// usad-diffusion's hyperparameters from the classifier's diffusion_* ones.
QVariantMap SyntheticPretraining::diffusionSettings(const QVariantMap& h, int windowLength)
{
    QVariantMap settings{{QStringLiteral("window_length"), windowLength}};
    const std::pair<const char*, const char*> mapped[] = {
        {"diffusion_epochs", "epochs"},
        {"diffusion_steps", "diffusion_steps"},
        {"diffusion_sampling_steps", "sampling_steps"},
        {"diffusion_width", "width"},
        {"diffusion_blocks", "blocks"},
        {"diffusion_lr", "lr"}};
    for (const auto& [from, to] : mapped)
        if (h.contains(QLatin1String(from)))
            settings[QLatin1String(to)] = h.value(QLatin1String(from));
    return ModelRegistry::resolve(QStringLiteral("usad-diffusion"), settings);
}

bool SyntheticPretraining::wanted(const QVariantMap& h)
{
    return h.value(QStringLiteral("synthetic_per_class"), 0).toInt() > 0;
}

QJsonObject SyntheticPretraining::run(WindowNetwork& network, TrainingObjective& objective,
                                      const WindowSet& training,
                                      const ChannelNormalisation& normalisation,
                                      const QVariantMap& h, uint64_t seed,
                                      const TrainingObserver& observer, const JobControl* job)
{
    const QVariantMap dh = diffusionSettings(h, training.length());
    const int classes = int(training.classIds().size());
    const int perClass = h.value(QStringLiteral("synthetic_per_class")).toInt();
    const int pretrainEpochs = h.value(QStringLiteral("pretrain_epochs")).toInt();

    // 1. The diffusion model on the real training windows.
    WindowDiffusion diffusion(training.channelCount(), training.length(), classes, dh);
    const double diffusionLoss =
        fitDiffusion(diffusion, training, normalisation, seed + 1, observer, job);

    // 2. Class-balanced synthetic windows (only of classes with real windows).
    const std::vector<int32_t> wanted = balancedLabels(training, perClass);
    if (observer) {
        TrainingProgress q;
        q.epoch = q.epochs = 1;
        q.message = QStringLiteral("sampling %1 synthetic windows").arg(wanted.size());
        observer(q);
    }
    std::vector<float> synthetic = diffusion.sample(wanted, seed + 2, job);

    // 3. The classifier on the synthetic windows alone.
    const double lastLoss =
        trainOnSynthetic(network, objective, synthetic, wanted, training.channelCount(),
                         training.length(), h, pretrainEpochs, seed + 3, observer, job);
    QJsonObject done;
    done[QStringLiteral("synthetic_windows_per_class")] = perClass;
    done[QStringLiteral("synthetic_windows")] = qint64(wanted.size());
    done[QStringLiteral("diffusion_noise_loss")] = diffusionLoss;
    done[QStringLiteral("pretrain_epochs")] = pretrainEpochs;
    done[QStringLiteral("pretrain_loss")] = lastLoss;
    return done;
}

} // namespace kinemark
