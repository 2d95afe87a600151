#include "models/internal/objectives/SyntheticPretraining.h"

#include "models/training/DiffusionTrainer.h"
#include "models/internal/optim/FusedAdam.h"
#include "models/registry/ModelRegistry.h"
#include "models/TrainingError.h"
#include "core/learning/WindowSet.h"

#include <cmath>
#include <random>

namespace kinemark {

bool SyntheticPretraining::wanted(const QVariantMap& h)
{
    return h.value(QStringLiteral("synthetic_per_class"), 0).toInt() > 0;
}

QJsonObject SyntheticPretraining::run(WindowNetwork& network, TrainingObjective& objective,
                                      const WindowSet& training,
                                      const ChannelNormalisation& normalisation,
                                      const QVariantMap& h, uint64_t seed,
                                      const ModelTrainer::Observer& observer, const JobControl* job)
{
    QVariantMap diffusionSettings{{QStringLiteral("window_length"), training.length()}};
    const std::pair<const char*, const char*> mapped[] = {
        {"diffusion_epochs", "epochs"},
        {"diffusion_steps", "diffusion_steps"},
        {"diffusion_sampling_steps", "sampling_steps"},
        {"diffusion_width", "width"},
        {"diffusion_blocks", "blocks"},
        {"diffusion_lr", "lr"}};
    for (const auto& [from, to] : mapped)
        if (h.contains(QLatin1String(from)))
            diffusionSettings[QLatin1String(to)] = h.value(QLatin1String(from));
    const QVariantMap dh =
        ModelRegistry::resolve(QStringLiteral("usad-diffusion"), diffusionSettings);
    const int classes = int(training.classIds().size());
    const int perClass = h.value(QStringLiteral("synthetic_per_class")).toInt();
    const int pretrainEpochs = h.value(QStringLiteral("pretrain_epochs")).toInt();

    // 1. The diffusion model on the real training windows.
    std::vector<int32_t> realLabels;
    const std::vector<float> real =
        DiffusionTrainer::gatherAll(training, normalisation, &realLabels);
    WindowDiffusion diffusion(training.channelCount(), training.length(), classes, dh);
    double diffusionLoss = 0;
    diffusion.fit(
        real, realLabels, seed + 1,
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

    // 2. Class-balanced synthetic windows (only of classes with real windows).
    std::vector<int32_t> wanted;
    const std::vector<int64_t> counts = training.classCounts();
    for (int k = 0; k < classes; ++k)
        if (counts[size_t(k)] > 0)
            wanted.insert(wanted.end(), size_t(perClass), k);
    if (observer) {
        TrainingProgress q;
        q.epoch = q.epochs = 1;
        q.message = QStringLiteral("sampling %1 synthetic windows").arg(wanted.size());
        observer(q);
    }
    std::vector<float> synthetic = diffusion.sample(wanted, seed + 2, job);

    // 3. The classifier on the synthetic windows alone.
    const int64_t c = training.channelCount(), l = training.length(), n = int64_t(wanted.size());
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
    std::mt19937_64 rng(seed + 3);
    double lastLoss = 0;
    network.train();
    for (int epoch = 1; epoch <= pretrainEpochs; ++epoch) {
        for (size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[size_t(rng() % i)]);
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
                                .arg(pretrainEpochs)
                                .arg(value, 0, 'f', 4);
                observer(q);
            }
        }
        lastLoss = sum / batches;
    }
    QJsonObject done;
    done[QStringLiteral("synthetic_windows_per_class")] = perClass;
    done[QStringLiteral("synthetic_windows")] = qint64(n);
    done[QStringLiteral("diffusion_noise_loss")] = diffusionLoss;
    done[QStringLiteral("pretrain_epochs")] = pretrainEpochs;
    done[QStringLiteral("pretrain_loss")] = lastLoss;
    return done;
}

} // namespace kinemark
