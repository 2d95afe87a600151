#include "models/training/SelfPabPretrainer.h"

#include "core/base/FormatError.h"
#include "models/internal/optim/FusedAdam.h"
#include "models/registry/ModelRegistry.h"
#include "models/internal/nn/selfpab/SelfPabNetwork.h"
#include "core/learning/SpectrogramDataset.h"
#include "core/learning/SpectrogramMasking.h"
#include "models/runtime/TorchRuntime.h"
#include "models/TrainingError.h"
#include "models/training/WarmupLinearDecay.h"
#include "models/internal/nn/window/WindowNetwork.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <cmath>
#include <random>
#include <sstream>

namespace kinemark {

namespace {

const QString kKind = QStringLiteral("selfpab-pretrain");

std::vector<std::shared_ptr<const Recording>> pretrainingRecordings(const Project& project,
                                                                    const QStringList& ids)
{
    std::vector<std::shared_ptr<const Recording>> out;
    if (ids.isEmpty()) {
        for (const auto& r : project.recordings)
            out.push_back(r);
    } else {
        for (const QString& id : ids) {
            const auto r = project.recording(id);
            if (!r)
                throw std::invalid_argument(
                    QStringLiteral("no recording '%1' in the project").arg(id).toStdString());
            out.push_back(r);
        }
    }
    if (out.empty())
        throw TrainingError("pre-training needs at least one recording");
    for (const auto& r : out)
        if (std::abs(r->sampleRateHz - out.front()->sampleRateHz) > 1e-6 ||
            r->channelNames() != out.front()->channelNames())
            throw TrainingError(
                QStringLiteral("recording '%1' (%2 Hz; %3) differs from '%4' (%5 Hz; "
                               "%6): pre-training needs one rate and one channel layout")
                    .arg(r->id)
                    .arg(r->sampleRateHz)
                    .arg(r->channelNames().join(QStringLiteral(", ")))
                    .arg(out.front()->id)
                    .arg(out.front()->sampleRateHz)
                    .arg(out.front()->channelNames().join(QStringLiteral(", ")))
                    .toStdString());
    return out;
}

// Every step draws from its own generator, seeded by the run's seed and the
// step, so that a resumed run repeats an uninterrupted one exactly.
std::mt19937_64 stepGenerator(uint64_t seed, int64_t step, uint64_t stream)
{
    std::seed_seq s{uint32_t(seed), uint32_t(seed >> 32), uint32_t(step),
                    uint32_t(uint64_t(step) >> 32), uint32_t(stream)};
    return std::mt19937_64(s);
}

QByteArray checkpointWeights(torch::nn::Module& network, const FusedAdam& optimizer, int64_t step)
{
    torch::serialize::OutputArchive archive, networkArchive, optimizerArchive;
    network.save(networkArchive);
    optimizer.save(optimizerArchive);
    archive.write("network", networkArchive);
    archive.write("optimizer", optimizerArchive);
    archive.write("step", torch::tensor(step, torch::kLong));
    std::ostringstream out;
    archive.save_to(out);
    const std::string bytes = out.str();
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

int64_t restoreCheckpoint(const QByteArray& weights, torch::nn::Module& network,
                          FusedAdam& optimizer, const QString& source)
{
    try {
        std::istringstream in(std::string(weights.constData(), size_t(weights.size())));
        torch::serialize::InputArchive archive, networkArchive, optimizerArchive;
        archive.load_from(in);
        archive.read("network", networkArchive);
        archive.read("optimizer", optimizerArchive);
        network.load(networkArchive);
        optimizer.load(optimizerArchive);
        torch::Tensor step;
        archive.read("step", step);
        return step.item<int64_t>();
    } catch (const c10::Error& e) {
        throw FormatError(source, QStringLiteral("the checkpoint does not fit the network: %1")
                                      .arg(QString::fromStdString(e.what_without_backtrace())));
    } catch (const std::invalid_argument& e) {
        throw FormatError(source, QString::fromStdString(e.what()));
    }
}

QStringList idsOf(const std::vector<std::shared_ptr<const Recording>>& recordings)
{
    QStringList ids;
    for (const auto& r : recordings)
        ids << r->id;
    return ids;
}

} // namespace

ModelFile SelfPabPretrainer::pretrain(const Project& project, const PretrainingRequest& request,
                                      const ModelTrainer::Observer& observer, const JobControl* job)
{
    const QVariantMap h = ModelRegistry::resolve(kKind, request.hyperparameters);
    TorchRuntime::setThreadCount(request.threads);
    const auto recordings = pretrainingRecordings(project, request.recordingIds);
    const SpectrogramWindowing windowing = selfPabWindowing(h);
    const SpectrogramMasking masking(selfPabMasking(h));
    reportProgress(job, 0.0, QStringLiteral("cutting spectrogram windows"));
    const SpectrogramDataset set = SpectrogramDataset::build(recordings, windowing, {}, job);
    if (set.size() == 0)
        throw TrainingError("the recordings are too short for a single spectrogram frame");

    // The model file is filled first: a checkpoint is the same file with the optimiser inside.
    ModelFile model;
    model.kind = kKind;
    model.hyperparameters = h;
    model.channelNames = recordings.front()->channelNames();
    model.sampleRateHz = recordings.front()->sampleRateHz;
    // An encoder reads any recording of one frame or more: "windows" of one STFT frame.
    model.windowing.length = windowing.stft.frameLength;
    model.windowing.stride = windowing.stft.hop;
    model.spectrogramWindowing = windowing;
    model.seed = request.seed;

    const int epochs = std::max(1, h.value(QStringLiteral("epochs")).toInt());
    const int batchSize = std::max(1, h.value(QStringLiteral("batch")).toInt());
    const int64_t batches = int64_t((set.size() + size_t(batchSize) - 1) / size_t(batchSize));
    const int64_t totalSteps = batches * epochs;
    const WarmupLinearDecay schedule(h.value(QStringLiteral("lr")).toDouble(),
                                     h.value(QStringLiteral("final_lr")).toDouble(),
                                     h.value(QStringLiteral("warmup")).toDouble(), totalSteps);

    torch::manual_seed(request.seed);
    SelfPabReconstructionNetwork network(set.featureCount(), h);
    FusedAdam::Options options;
    options.lr = schedule.at(0);
    options.beta1 = 0.9;
    options.beta2 = h.value(QStringLiteral("beta2")).toDouble();
    options.weightDecay = h.value(QStringLiteral("weight_decay")).toDouble();
    options.decoupledWeightDecay = true; // AdamW
    FusedAdam optimizer(network->parameters(), options);

    int64_t step = 0;
    QJsonArray epochLosses;
    if (request.resume) {
        if (request.checkpointPath.isEmpty())
            throw std::invalid_argument("resuming needs the checkpoint's path");
        const ModelFile checkpoint = ModelFile::load(request.checkpointPath);
        const QJsonObject state =
            checkpoint.trainingData.value(QStringLiteral("checkpoint")).toObject();
        if (checkpoint.kind != kKind || state.isEmpty())
            throw FormatError(request.checkpointPath,
                              QStringLiteral("not a SelfPAB pre-training checkpoint (kind '%1')")
                                  .arg(checkpoint.kind));
        QVariantMap theirs = checkpoint.hyperparameters, ours = h;
        if (QJsonObject::fromVariantMap(theirs) != QJsonObject::fromVariantMap(ours) ||
            checkpoint.seed != request.seed ||
            checkpoint.trainingData.value(QStringLiteral("recordings"))
                    .toVariant()
                    .toStringList() != idsOf(recordings))
            throw TrainingError(
                QStringLiteral("%1 was saved by a run with other hyperparameters, "
                               "seed or recordings: resume with the same ones, or start anew")
                    .arg(request.checkpointPath)
                    .toStdString());
        model.featureNormalisation = checkpoint.featureNormalisation;
        model.normalisation = checkpoint.normalisation;
        step = restoreCheckpoint(checkpoint.weights, *network, optimizer, request.checkpointPath);
        epochLosses = state.value(QStringLiteral("epoch_losses")).toArray();
    } else {
        reportProgress(job, 0.0, QStringLiteral("spectrogram statistics"));
        model.featureNormalisation = set.fitNormalisation(job);
        model.normalisation = ChannelNormalisation::fit(recordings, job);
    }

    QJsonObject data;
    data[QStringLiteral("recordings")] = QJsonArray::fromStringList(idsOf(recordings));
    data[QStringLiteral("windows")] = qint64(set.size());
    data[QStringLiteral("steps")] = qint64(totalSteps);
    const auto saveCheckpoint = [&](int64_t stepsDone) {
        if (request.checkpointPath.isEmpty())
            return;
        ModelFile checkpoint = model;
        QJsonObject withState = data;
        QJsonObject state;
        state[QStringLiteral("step")] = qint64(stepsDone);
        state[QStringLiteral("epoch_losses")] = epochLosses;
        withState[QStringLiteral("checkpoint")] = state;
        checkpoint.trainingData = withState;
        checkpoint.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        checkpoint.weights = checkpointWeights(*network, optimizer, stepsDone);
        checkpoint.save(request.checkpointPath);
    };

    const int64_t frames = set.windowFrames();
    const int64_t features = set.featureCount();
    const int axes = set.axisCount(), bins = set.binCount();
    std::vector<float> input, target, alteredCells;
    std::vector<uint8_t> valid, altered(size_t(frames * features));
    double epochSum = 0;
    int64_t epochCount = 0;
    network->train();
    try {
        while (step < totalSteps) {
            throwIfCancelled(job);
            const int epoch = int(step / batches);
            const int64_t b = step % batches;
            if (b == 0) {
                epochSum = 0;
                epochCount = 0;
            }
            // This epoch's order: a permutation seeded by the seed and the epoch.
            std::vector<size_t> order(set.size());
            for (size_t i = 0; i < order.size(); ++i)
                order[i] = i;
            std::mt19937_64 shuffler = stepGenerator(request.seed, epoch, 1);
            for (size_t i = order.size(); i > 1; --i)
                std::swap(order[i - 1], order[size_t(shuffler() % i)]);
            const size_t first = size_t(b) * size_t(batchSize);
            const std::vector<size_t> batch(
                order.begin() + long(first),
                order.begin() + long(std::min(order.size(), first + size_t(batchSize))));
            const int64_t n = int64_t(batch.size());
            input.resize(size_t(n * frames * features));
            valid.resize(size_t(n * frames));
            alteredCells.assign(input.size(), 0.0f);
            set.gather(batch, input.data(), nullptr, valid.data(), &model.featureNormalisation);
            target = input;
            std::mt19937_64 rng = stepGenerator(request.seed, step, 2);
            bool padded = false;
            for (int64_t i = 0; i < n; ++i) {
                const int real = int(std::count(valid.begin() + i * frames,
                                                valid.begin() + (i + 1) * frames, uint8_t(1)));
                padded = padded || real < frames;
                const SpectrogramMaskDraw draw = masking.draw(real, bins, rng);
                masking.apply(draw, input.data() + i * frames * features, real, axes, bins,
                              altered.data());
                float* cells = alteredCells.data() + i * frames * features;
                for (int64_t k = 0; k < int64_t(real) * features; ++k)
                    cells[k] = altered[size_t(k)];
            }
            torch::manual_seed(uint64_t(stepGenerator(request.seed, step, 3)())); // dropout
            const torch::Tensor x = torch::from_blob(input.data(), {n, frames, features});
            const torch::Tensor y = torch::from_blob(target.data(), {n, frames, features});
            const torch::Tensor cells =
                torch::from_blob(alteredCells.data(), {n, frames, features});
            torch::Tensor padding;
            if (padded)
                padding = torch::from_blob(valid.data(), {n, frames}, torch::kUInt8).eq(0);
            optimizer.setLearningRate(schedule.at(step));
            const torch::Tensor reconstructed = network->forward(x, padding);
            const torch::Tensor loss =
                (reconstructed - y).abs().mul(cells).sum() / cells.sum().clamp_min(1);
            const double value = loss.item<double>();
            if (!std::isfinite(value))
                throw TrainingError(
                    QStringLiteral("pre-training stopped at step %1: the loss became %2. "
                                   "Try a lower learning rate (lr, now %3).")
                        .arg(step + 1)
                        .arg(value)
                        .arg(h.value(QStringLiteral("lr")).toDouble())
                        .toStdString());
            loss.backward();
            optimizer.step();
            ++step;
            epochSum += value;
            ++epochCount;
            TrainingProgress progress;
            progress.epoch = epoch + 1;
            progress.epochs = epochs;
            progress.batch = int(b + 1);
            progress.batches = int(batches);
            progress.losses[QStringLiteral("reconstruction L1")] = value;
            progress.losses[QStringLiteral("learning rate")] = schedule.at(step - 1);
            if (observer)
                observer(progress);
            reportProgress(
                job, progress.fraction(),
                QStringLiteral("pre-training: epoch %1 of %2").arg(epoch + 1).arg(epochs));
            if (b + 1 == batches) {
                // The mean of the batches this process ran (all of them unless resumed mid-epoch).
                const double mean = epochSum / double(std::max<int64_t>(1, epochCount));
                epochLosses.append(mean);
                TrainingProgress end = progress;
                end.epochEnd = true;
                end.losses.clear();
                end.losses[QStringLiteral("reconstruction L1")] = mean;
                if (observer)
                    observer(end);
                saveCheckpoint(step);
            }
        }
    } catch (const Cancelled&) {
        saveCheckpoint(step);
        throw;
    }

    data[QStringLiteral("epoch_losses")] = epochLosses;
    model.trainingData = data;
    model.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    model.weights = saveWeights(*network);
    return model;
}

} // namespace kinemark
