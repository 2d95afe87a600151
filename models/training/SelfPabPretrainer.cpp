#include "models/training/SelfPabPretrainer.h"
#include "models/training/BatchSlice.h"

#include "core/base/FormatError.h"
#include "core/base/SeededRandom.h"
#include "core/learning/SpectrogramDataset.h"
#include "core/learning/SpectrogramMasking.h"
#include "models/TrainingError.h"
#include "models/internal/nn/selfpab/SelfPabNetwork.h"
#include "models/internal/nn/window/WindowNetwork.h"
#include "models/internal/optim/FusedAdam.h"
#include "models/registry/ModelRegistry.h"
#include "models/runtime/TorchRuntime.h"
#include "models/training/EpochProgress.h"
#include "models/training/WarmupLinearDecay.h"

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

// The checkpoint's weights: the network's tensors under "network.", the
// optimiser's under "optimizer.", and the step count as "step".
QByteArray checkpointWeights(torch::nn::Module& network, const FusedAdam& optimizer, int64_t step)
{
    TensorArchive archive;
    appendModuleTensors(archive, network, QStringLiteral("network."));
    optimizer.save(archive, QStringLiteral("optimizer."));
    archive.entries.push_back(
        tensorEntry(QStringLiteral("step"), torch::tensor(step, torch::kLong)));
    return archive.toBytes();
}

int64_t restoreCheckpoint(const QByteArray& weights, torch::nn::Module& network,
                          FusedAdam& optimizer, const QString& source)
{
    const TensorArchive archive = TensorArchive::fromBytes(weights, source);
    for (const TensorArchive::Entry& e : archive.entries)
        if (!e.name.startsWith(QLatin1String("network.")) &&
            !e.name.startsWith(QLatin1String("optimizer.")) && e.name != QLatin1String("step"))
            throw FormatError(source, QStringLiteral("weights: tensor '%1' has no place in a "
                                                     "checkpoint (network.*, optimizer.*, step)")
                                          .arg(e.name));
    loadModuleTensors(network, archive, source, QStringLiteral("network."));
    optimizer.load(archive, QStringLiteral("optimizer."), source);
    const TensorArchive::Entry* stepEntry = archive.find(QStringLiteral("step"));
    if (!stepEntry)
        throw FormatError(source, QStringLiteral("weights: the checkpoint has no tensor 'step'"));
    torch::Tensor step = torch::zeros({}, torch::kLong);
    copyEntryInto(*stepEntry, step, source);
    return step.item<int64_t>();
}

QStringList idsOf(const std::vector<std::shared_ptr<const Recording>>& recordings)
{
    QStringList ids;
    for (const auto& r : recordings)
        ids << r->id;
    return ids;
}

// The model file before training, so that a checkpoint is the same file with
// the optimiser inside.
ModelFile startModelFile(const QVariantMap& h, const Recording& first,
                         const SpectrogramWindowing& windowing, uint64_t seed)
{
    ModelFile model;
    model.kind = kKind;
    model.hyperparameters = h;
    model.channelNames = first.channelNames();
    model.sampleRateHz = first.sampleRateHz;
    // An encoder reads any recording of one frame or more: "windows" of one STFT frame.
    model.windowing.length = windowing.stft.frameLength;
    model.windowing.stride = windowing.stft.hop;
    model.spectrogramWindowing = windowing;
    model.seed = seed;
    return model;
}

// AdamW (betas 0.9 / beta2, decoupled weight decay) starting at `lr`.
FusedAdam::Options adamW(const QVariantMap& h, double lr)
{
    FusedAdam::Options options;
    options.lr = lr;
    options.beta1 = 0.9;
    options.beta2 = h.value(QStringLiteral("beta2")).toDouble();
    options.weightDecay = h.value(QStringLiteral("weight_decay")).toDouble();
    options.decoupledWeightDecay = true; // AdamW
    return options;
}

// One pre-training run: its network, optimiser and schedule, its steps, and
// the checkpoints it saves and resumes from.
class PretrainingRun
{
public:
    PretrainingRun(const PretrainingRequest& request, const QVariantMap& h,
                   const std::vector<std::shared_ptr<const Recording>>& recordings,
                   const SpectrogramWindowing& windowing, const SpectrogramDataset& set,
                   const TrainingObserver& observer, const JobControl* job)
        : m_request(request), m_h(h), m_recordings(recordings), m_set(set),
          m_masking(selfPabMasking(h)), m_observer(observer), m_job(job),
          m_model(startModelFile(h, *recordings.front(), windowing, request.seed)),
          m_epochs(std::max(1, h.value(QStringLiteral("epochs")).toInt())),
          m_batchSize(std::max(1, h.value(QStringLiteral("batch")).toInt())),
          m_batches(int64_t((set.size() + size_t(m_batchSize) - 1) / size_t(m_batchSize))),
          m_schedule(h.value(QStringLiteral("lr")).toDouble(),
                     h.value(QStringLiteral("final_lr")).toDouble(),
                     h.value(QStringLiteral("warmup")).toDouble(), m_batches * m_epochs),
          m_network(seededNetwork(request.seed, set.featureCount(), h)),
          m_optimizer(m_network->parameters(), adamW(h, m_schedule.at(0))),
          m_altered(size_t(set.windowFrames() * set.featureCount()))
    {}

    // Continues the checkpoint the request names, or fits the corpus' statistics.
    void start()
    {
        if (m_request.resume) {
            resume();
        } else {
            reportProgress(m_job, 0.0, QStringLiteral("spectrogram statistics"));
            m_model.featureNormalisation = m_set.fitNormalisation(m_job);
            m_model.normalisation = ChannelNormalisation::fit(m_recordings, m_job);
        }
        m_data[QStringLiteral("recordings")] = QJsonArray::fromStringList(idsOf(m_recordings));
        m_data[QStringLiteral("windows")] = qint64(m_set.size());
        m_data[QStringLiteral("steps")] = qint64(m_batches * m_epochs);
    }

    // Runs the remaining steps (a checkpoint after every epoch and when
    // cancelled) and returns the model file.
    ModelFile run()
    {
        m_network->train();
        try {
            while (m_step < m_batches * m_epochs)
                runStep();
        } catch (const Cancelled&) {
            saveCheckpoint(m_step);
            throw;
        }
        m_data[QStringLiteral("epoch_losses")] = m_epochLosses;
        m_model.trainingData = m_data;
        m_model.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        m_model.weights = saveWeights(*m_network);
        return m_model;
    }

private:
    static SelfPabReconstructionNetwork seededNetwork(uint64_t seed, int features,
                                                      const QVariantMap& h)
    {
        torch::manual_seed(seed);
        return SelfPabReconstructionNetwork(features, h);
    }

    void resume()
    {
        const QString& path = m_request.checkpointPath;
        if (path.isEmpty())
            throw std::invalid_argument("resuming needs the checkpoint's path");
        const ModelFile checkpoint = ModelFile::load(path);
        const QJsonObject state =
            checkpoint.trainingData.value(QStringLiteral("checkpoint")).toObject();
        if (checkpoint.kind != kKind || state.isEmpty())
            throw FormatError(path,
                              QStringLiteral("not a SelfPAB pre-training checkpoint (kind '%1')")
                                  .arg(checkpoint.kind));
        if (QJsonObject::fromVariantMap(checkpoint.hyperparameters) !=
                QJsonObject::fromVariantMap(m_h) ||
            checkpoint.seed != m_request.seed ||
            checkpoint.trainingData.value(QStringLiteral("recordings"))
                    .toVariant()
                    .toStringList() != idsOf(m_recordings))
            throw TrainingError(QStringLiteral("%1 was saved by a run with other hyperparameters, "
                                               "seed or recordings: resume with the same ones, or "
                                               "start anew")
                                    .arg(path)
                                    .toStdString());
        m_model.featureNormalisation = checkpoint.featureNormalisation;
        m_model.normalisation = checkpoint.normalisation;
        m_step = restoreCheckpoint(checkpoint.weights, *m_network, m_optimizer, path);
        m_epochLosses = state.value(QStringLiteral("epoch_losses")).toArray();
    }

    void saveCheckpoint(int64_t stepsDone)
    {
        if (m_request.checkpointPath.isEmpty())
            return;
        ModelFile checkpoint = m_model;
        QJsonObject withState = m_data;
        QJsonObject state;
        state[QStringLiteral("step")] = qint64(stepsDone);
        state[QStringLiteral("epoch_losses")] = m_epochLosses;
        withState[QStringLiteral("checkpoint")] = state;
        checkpoint.trainingData = withState;
        checkpoint.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        checkpoint.weights = checkpointWeights(*m_network, m_optimizer, stepsDone);
        checkpoint.save(m_request.checkpointPath);
    }

    // Step m_step: one batch of its epoch's seeded order, reported; at the
    // epoch's last batch also the epoch's mean and a checkpoint.
    void runStep()
    {
        throwIfCancelled(m_job);
        const int epoch = int(m_step / m_batches);
        const int64_t b = m_step % m_batches;
        if (b == 0) {
            m_epochSum = 0;
            m_epochCount = 0;
        }
        // This epoch's order: a permutation seeded by the seed and the epoch.
        std::vector<size_t> order(m_set.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::mt19937_64 shuffler = stepGenerator(m_request.seed, epoch, 1);
        seededShuffle(order, shuffler);
        const std::vector<size_t> batch = batchSlice(order, size_t(b), size_t(m_batchSize));
        const double value = reconstructionStep(batch);
        ++m_step;
        m_epochSum += value;
        ++m_epochCount;
        const TrainingProgress progress = EpochProgress::report(
            epoch + 1, m_epochs, int(b + 1), int(m_batches),
            {{QStringLiteral("reconstruction L1"), value},
             {QStringLiteral("learning rate"), m_schedule.at(m_step - 1)}},
            m_observer, m_job,
            QStringLiteral("pre-training: epoch %1 of %2").arg(epoch + 1).arg(m_epochs));
        if (b + 1 == m_batches) {
            // The mean of the batches this process ran (all of them unless resumed mid-epoch).
            const double mean = m_epochSum / double(std::max<int64_t>(1, m_epochCount));
            m_epochLosses.append(mean);
            TrainingProgress end = progress;
            end.epochEnd = true;
            end.losses.clear();
            end.losses[QStringLiteral("reconstruction L1")] = mean;
            if (m_observer)
                m_observer(end);
            saveCheckpoint(m_step);
        }
    }

    // Masks the windows `batch` (seeded by the step), reconstructs them and
    // takes one optimiser step on the L1 of the altered cells; returns the loss.
    double reconstructionStep(const std::vector<size_t>& batch)
    {
        const int64_t n = int64_t(batch.size()), frames = m_set.windowFrames(),
                      features = m_set.featureCount();
        const int axes = m_set.axisCount(), bins = m_set.binCount();
        m_input.resize(size_t(n * frames * features));
        m_valid.resize(size_t(n * frames));
        m_alteredCells.assign(m_input.size(), 0.0f);
        m_set.gather(batch, m_input.data(), nullptr, m_valid.data(), &m_model.featureNormalisation);
        m_target = m_input;
        std::mt19937_64 rng = stepGenerator(m_request.seed, m_step, 2);
        bool padded = false;
        for (int64_t i = 0; i < n; ++i) {
            const int real = int(std::count(m_valid.begin() + i * frames,
                                            m_valid.begin() + (i + 1) * frames, uint8_t(1)));
            padded = padded || real < frames;
            const SpectrogramMaskDraw draw = m_masking.draw(real, bins, rng);
            m_masking.apply(draw, m_input.data() + i * frames * features, real, axes, bins,
                            m_altered.data());
            float* cells = m_alteredCells.data() + i * frames * features;
            for (int64_t k = 0; k < int64_t(real) * features; ++k)
                cells[k] = m_altered[size_t(k)];
        }
        torch::manual_seed(uint64_t(stepGenerator(m_request.seed, m_step, 3)())); // dropout
        const torch::Tensor x = torch::from_blob(m_input.data(), {n, frames, features});
        const torch::Tensor y = torch::from_blob(m_target.data(), {n, frames, features});
        const torch::Tensor cells = torch::from_blob(m_alteredCells.data(), {n, frames, features});
        torch::Tensor padding;
        if (padded)
            padding = torch::from_blob(m_valid.data(), {n, frames}, torch::kUInt8).eq(0);
        m_optimizer.setLearningRate(m_schedule.at(m_step));
        const torch::Tensor reconstructed = m_network->forward(x, padding);
        const torch::Tensor loss =
            (reconstructed - y).abs().mul(cells).sum() / cells.sum().clamp_min(1);
        const double value = loss.item<double>();
        if (!std::isfinite(value))
            throw TrainingError(
                QStringLiteral("pre-training stopped at step %1: the loss became %2. "
                               "Try a lower learning rate (lr, now %3).")
                    .arg(m_step + 1)
                    .arg(value)
                    .arg(m_h.value(QStringLiteral("lr")).toDouble())
                    .toStdString());
        loss.backward();
        m_optimizer.step();
        return value;
    }

    const PretrainingRequest& m_request;
    const QVariantMap& m_h;
    const std::vector<std::shared_ptr<const Recording>>& m_recordings;
    const SpectrogramDataset& m_set;
    const SpectrogramMasking m_masking;
    const TrainingObserver& m_observer;
    const JobControl* m_job;
    ModelFile m_model;
    QJsonObject m_data;
    int m_epochs;
    int m_batchSize;
    int64_t m_batches;
    WarmupLinearDecay m_schedule;
    SelfPabReconstructionNetwork m_network;
    FusedAdam m_optimizer;
    int64_t m_step = 0;
    QJsonArray m_epochLosses;
    double m_epochSum = 0;
    int64_t m_epochCount = 0;
    std::vector<float> m_input, m_target, m_alteredCells;
    std::vector<uint8_t> m_valid, m_altered;
};

} // namespace

ModelFile SelfPabPretrainer::pretrain(const Project& project, const PretrainingRequest& request,
                                      const TrainingObserver& observer, const JobControl* job)
{
    const QVariantMap h = ModelRegistry::resolve(kKind, request.hyperparameters);
    TorchRuntime::setThreadCount(request.threads);
    const auto recordings = pretrainingRecordings(project, request.recordingIds);
    const SpectrogramWindowing windowing = selfPabWindowing(h);
    reportProgress(job, 0.0, QStringLiteral("cutting spectrogram windows"));
    const SpectrogramDataset set = SpectrogramDataset::build(recordings, windowing, {}, job);
    if (set.size() == 0)
        throw TrainingError("the recordings are too short for a single spectrogram frame");
    PretrainingRun run(request, h, recordings, windowing, set, observer, job);
    run.start();
    return run.run();
}

} // namespace kinemark
