#include "models/training/SelfPabTrainer.h"
#include "models/training/BatchSlice.h"

#include "core/analysis/ClassificationMetrics.h"
#include "core/base/FormatError.h"
#include "core/base/SeededRandom.h"
#include "models/TrainingError.h"
#include "models/internal/nn/ModuleTensors.h"
#include "models/internal/nn/selfpab/SelfPabFramePrediction.h"
#include "models/internal/nn/selfpab/SelfPabNetwork.h"
#include "models/internal/nn/window/WindowNetwork.h"
#include "models/internal/optim/FusedAdam.h"
#include "models/registry/ModelRegistry.h"
#include "models/runtime/TorchRuntime.h"
#include "models/training/EpochProgress.h"
#include "models/training/EpochSelection.h"
#include "models/training/FineTuning.h"
#include "models/training/TrainedModelFile.h"
#include "models/training/TrainingSelection.h"

#include <QFileInfo>
#include <QJsonArray>
#include <cmath>
#include <map>
#include <random>

namespace kinemark {

namespace {

// Class index of every sample of `recording` (-1: unlabelled or another class).
std::vector<int16_t> sampleClassIndices(const Recording& recording,
                                        const std::vector<int32_t>& classIds)
{
    std::map<int32_t, int16_t> indexOf;
    for (size_t i = 0; i < classIds.size(); ++i)
        indexOf[classIds[i]] = int16_t(i);
    std::vector<int16_t> labels(recording.sampleCount(), int16_t(-1));
    if (const AnnotationTrack* truth = recording.groundTruth())
        for (const Segment& s : truth->segments()) {
            const auto it = indexOf.find(s.classId);
            if (it == indexOf.end())
                continue;
            const int64_t end = std::min<int64_t>(int64_t(labels.size()), s.end);
            for (int64_t t = std::max<int64_t>(0, s.start); t < end; ++t)
                labels[size_t(t)] = it->second;
        }
    return labels;
}

// Sample-level metrics over the labelled samples of the validation recordings.
ClassificationMetrics validate(SelfPabClassifier& network,
                               const std::vector<std::shared_ptr<const Recording>>& recordings,
                               const SpectrogramWindowing& windowing,
                               const ChannelNormalisation& features,
                               const std::vector<int32_t>& classIds, const JobControl* job)
{
    const int classes = int(classIds.size());
    std::vector<int32_t> truth, predicted;
    for (const auto& r : recordings) {
        const std::vector<float> frames =
            selfPabFrameProbabilities(network, *r, windowing, features, classes, job);
        const std::vector<float> rows = SpectrogramDataset::sampleRowsFromFrames(
            frames, int64_t(r->sampleCount()), windowing.stft, classes);
        const std::vector<int16_t> labels = sampleClassIndices(*r, classIds);
        for (size_t t = 0; t < labels.size(); ++t) {
            if (labels[t] < 0)
                continue;
            const float* row = rows.data() + (t / size_t(windowing.stft.hop)) * size_t(classes);
            truth.push_back(labels[t]);
            predicted.push_back(int32_t(std::max_element(row, row + classes) - row));
        }
    }
    network->train();
    return ClassificationMetrics::compute(truth, predicted, classes);
}

// The project's stored model `id`; std::invalid_argument naming the stored
// encoders when there is none of that id.
ModelFile storedEncoder(const Project& project, const QString& id)
{
    QStringList encoders;
    for (const StoredModel& m : project.models) {
        if (m.id == id)
            return ModelFile::fromBytes(m.data, m.id);
        if (m.kind == QLatin1String("selfpab-pretrain"))
            encoders << m.id;
    }
    throw std::invalid_argument(
        QStringLiteral("the project has no stored model '%1' (its pre-trained encoders: %2)")
            .arg(id,
                 encoders.isEmpty() ? QStringLiteral("none") : encoders.join(QStringLiteral(", ")))
            .toStdString());
}

// The encoder the head trains on: pre-trained (its sizes, STFT and feature
// statistics) or, before the data is cut, not yet made.
struct EncoderStart
{
    SpectrogramWindowing windowing;
    ChannelNormalisation featureNormalisation;
    SelfPabEncoder encoder{nullptr};
    QJsonObject summary; // for the model's training data
    bool pretrained = false;
};

// Loads the pre-trained encoder a request names (request.encoderModel or
// request.encoderPath) and fits `h` to its sizes; without one, only the windowing.
EncoderStart loadEncoder(const Project& project, const TrainingRequest& request, QVariantMap& h,
                         const Recording& first)
{
    EncoderStart start;
    start.windowing = selfPabWindowing(h);
    const bool stored = !request.encoderModel.isEmpty();
    start.pretrained = stored || !request.encoderPath.isEmpty();
    if (!start.pretrained)
        return start;
    // Where the encoder comes from, for messages and the model's summary.
    const QString encoderSource = stored ? request.encoderModel : request.encoderPath;
    const ModelFile e = stored ? storedEncoder(project, request.encoderModel)
                               : ModelFile::load(request.encoderPath);
    if (e.kind != QLatin1String("selfpab-pretrain") || e.featureNormalisation.channelCount() == 0)
        throw FormatError(
            encoderSource,
            QStringLiteral("not a pre-trained SelfPAB encoder (kind '%1')").arg(e.kind));
    const QStringList channelNames = first.channelNames();
    if (e.channelNames != channelNames || std::abs(e.sampleRateHz - first.sampleRateHz) > 1e-6)
        throw TrainingError(
            QStringLiteral("the encoder %1 was pre-trained on %2 at %3 Hz; the training "
                           "recordings have %4 at %5 Hz")
                .arg(encoderSource, e.channelNames.join(QStringLiteral(", ")))
                .arg(e.sampleRateHz)
                .arg(channelNames.join(QStringLiteral(", ")))
                .arg(first.sampleRateHz)
                .toStdString());
    const QVariantMap sizes = selfPabEncoderSizes(e.hyperparameters);
    for (const char* key : {"d_model", "layers", "heads", "feed_forward", "dropout"})
        h[QLatin1String(key)] = sizes.value(QLatin1String(key));
    h[QStringLiteral("paper_size")] = false;
    start.windowing.stft = e.spectrogramWindowing.stft;
    start.featureNormalisation = e.featureNormalisation;
    SelfPabReconstructionNetwork upstream(int(start.featureNormalisation.channelCount()), h);
    loadWeights(*upstream, e.weights, encoderSource);
    start.encoder = upstream->encoder;
    if (stored)
        start.summary[QStringLiteral("project_model")] = request.encoderModel;
    else
        start.summary[QStringLiteral("file")] = QFileInfo(request.encoderPath).fileName();
    start.summary[QStringLiteral("created")] = e.created;
    start.summary[QStringLiteral("recordings")] =
        e.trainingData.value(QStringLiteral("recordings")).toArray().size();
    start.summary[QStringLiteral("windows")] = e.trainingData.value(QStringLiteral("windows"));
    return start;
}

// One run's classifier and optimiser, and its epochs over the spectrogram windows.
class SelfPabRun
{
public:
    SelfPabRun(const TrainingRequest& request, const QVariantMap& h,
               const TrainingSelection& selection,
               const std::vector<std::shared_ptr<const Recording>>& validationRecordings,
               const EncoderStart& start, const SpectrogramDataset& training,
               const TrainingObserver& observer, const JobControl* job,
               const FineTuning* fineTuning)
        : m_fineTuning(fineTuning), m_selection(selection),
          m_validationRecordings(validationRecordings), m_start(start), m_training(training),
          m_observer(observer), m_job(job), m_rng(request.seed),
          m_classes(int(selection.classIds.size())), m_network(start.encoder, m_classes, h),
          m_options(optionsOf(h)), m_optimizer(m_network->parameters(), m_options),
          m_epochs(std::max(1, h.value(QStringLiteral("epochs")).toInt())),
          m_batchSize(std::max(1, h.value(QStringLiteral("batch")).toInt())),
          m_decay(h.value(QStringLiteral("lr_decay")).toDouble()),
          m_batches(int64_t((training.size() + size_t(m_batchSize) - 1) / size_t(m_batchSize))),
          // Only a pre-trained encoder is frozen: a random one would stay random.
          m_frozenSteps(
              start.pretrained
                  ? int64_t(std::llround(h.value(QStringLiteral("frozen_fraction")).toDouble() *
                                         double(m_batches * m_epochs)))
                  : 0),
          m_epochSelection(m_epochs, h.value(QStringLiteral("patience")).toInt())
    {
        m_order.resize(training.size());
        for (size_t i = 0; i < m_order.size(); ++i)
            m_order[i] = i;
        // The parent's encoder and head (grown for new classes).
        if (fineTuning)
            loadWeightsGrowingClasses(*m_network, fineTuning->parent().weights,
                                      fineTuning->source(), fineTuning->parentClassCount(),
                                      m_classes);
    }

    // Trains until the last epoch or an early stop.
    void run()
    {
        std::function<ClassificationMetrics()> validation;
        if (!m_validationRecordings.empty())
            validation = [&] {
                return validate(m_network, m_validationRecordings, m_start.windowing,
                                m_start.featureNormalisation, m_selection.classIds, m_job);
            };
        m_network->train();
        m_epochSelection.run([&](int epoch) { return runEpoch(epoch); }, validation,
                             [&] { return saveWeights(*m_network); }, m_observer);
    }

    ModelFile modelFile(const Project& project, const TrainingRequest& request,
                        const QVariantMap& h) const
    {
        const TrainingSelection& s = m_selection;
        ModelFile model = TrainedModelFile::start(project, request.model, h, s.classIds,
                                                  *s.recordings.front(), request.seed);
        // Any recording of one frame or more can be read: "windows" of one STFT frame.
        model.windowing.length = m_start.windowing.stft.frameLength;
        model.windowing.stride = m_start.windowing.stft.hop;
        model.normalisation = m_fineTuning ? m_fineTuning->parent().normalisation
                                           : ChannelNormalisation::fit(s.recordings, m_job);
        model.spectrogramWindowing = m_start.windowing;
        model.featureNormalisation = m_start.featureNormalisation;
        QJsonObject data;
        data[QStringLiteral("subjects")] = QJsonArray::fromStringList(s.subjects);
        data[QStringLiteral("recordings")] = int(s.recordings.size());
        data[QStringLiteral("windows")] = qint64(m_training.size());
        data[QStringLiteral("frames_per_class")] =
            TrainedModelFile::perClass(s.classIds, m_training.labelledFramesPerClass());
        data[QStringLiteral("pretrained_encoder")] =
            m_start.pretrained ? QJsonValue(m_start.summary) : QJsonValue(false);
        data[QStringLiteral("frozen_steps")] = qint64(m_frozenSteps);
        model.trainingData = data;
        if (!m_validationRecordings.empty()) {
            QJsonObject v =
                m_epochSelection.validationSummary(s.classIds, request.validationSubjects);
            v[QStringLiteral("level")] = QStringLiteral("sample");
            model.validation = v;
        }
        model.weights = m_epochSelection.bestWeights();
        return model;
    }

private:
    static FusedAdam::Options optionsOf(const QVariantMap& h)
    {
        FusedAdam::Options options;
        options.lr = h.value(QStringLiteral("lr")).toDouble();
        return options;
    }

    // One pass over the shuffled windows at this epoch's learning rate.
    TrainingProgress runEpoch(int epoch)
    {
        m_optimizer.setLearningRate(m_options.lr * std::pow(m_decay, epoch - 1));
        seededShuffle(m_order, m_rng);
        EpochProgress progress(epoch, m_epochs, int(m_batches));
        int64_t correct = 0, counted = 0;
        for (int64_t b = 0; b < m_batches; ++b) {
            throwIfCancelled(m_job);
            const std::vector<size_t> batch = batchSlice(m_order, size_t(b), size_t(m_batchSize));
            trainBatch(progress, int(b), batch, correct, counted);
        }
        TrainingProgress end = progress.end();
        if (counted > 0)
            end.losses[QStringLiteral("training accuracy")] = double(correct) / double(counted);
        return end;
    }

    // One optimiser step on the windows `batch`, the encoder frozen for the first steps.
    void trainBatch(EpochProgress& progress, int b, const std::vector<size_t>& batch,
                    int64_t& correct, int64_t& counted)
    {
        const int64_t n = int64_t(batch.size()), frames = m_training.windowFrames(),
                      features = m_training.featureCount();
        m_input.resize(size_t(n * frames * features));
        m_labels.resize(size_t(n * frames));
        m_valid.resize(size_t(n * frames));
        m_training.gather(batch, m_input.data(), m_labels.data(), m_valid.data(),
                          &m_start.featureNormalisation);
        const torch::Tensor x = torch::from_blob(m_input.data(), {n, frames, features});
        const torch::Tensor y = torch::from_blob(m_labels.data(), {n * frames}, torch::kLong);
        const bool padded = std::find(m_valid.begin(), m_valid.end(), uint8_t(0)) != m_valid.end();
        const torch::Tensor padding =
            padded ? torch::from_blob(m_valid.data(), {n, frames}, torch::kUInt8).eq(0)
                   : torch::Tensor();
        const bool frozen = m_step < m_frozenSteps;
        torch::Tensor logits;
        if (frozen) {
            std::vector<torch::Tensor> layers;
            {
                torch::NoGradGuard noGrad;
                m_network->encoder->eval();
                layers = m_network->encoder->forward(x, padding);
            }
            logits = m_network->head(layers);
        } else {
            m_network->encoder->train();
            logits = m_network->forward(x, padding);
        }
        logits = logits.reshape({n * frames, m_classes});
        const torch::Tensor loss = torch::nn::functional::cross_entropy(
            logits, y, torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-1));
        const double value = loss.item<double>();
        progress.requireFiniteLoss(value, b + 1, m_options.lr);
        loss.backward();
        m_optimizer.step();
        ++m_step;
        {
            torch::NoGradGuard noGrad;
            const torch::Tensor labelled = y.ge(0);
            correct += logits.argmax(1).eq(y).logical_and(labelled).sum().item<int64_t>();
            counted += labelled.sum().item<int64_t>();
        }
        progress.batch(b + 1, {{QStringLiteral("cross-entropy"), value}}, m_observer, m_job,
                       frozen ? QStringLiteral("training the head (encoder frozen)")
                              : QStringLiteral("fine-tuning"));
    }

    const FineTuning* m_fineTuning;
    const TrainingSelection& m_selection;
    const std::vector<std::shared_ptr<const Recording>>& m_validationRecordings;
    const EncoderStart& m_start;
    const SpectrogramDataset& m_training;
    const TrainingObserver& m_observer;
    const JobControl* m_job;
    std::mt19937_64 m_rng;
    int m_classes;
    SelfPabClassifier m_network;
    FusedAdam::Options m_options;
    FusedAdam m_optimizer;
    int m_epochs;
    int m_batchSize;
    double m_decay;
    int64_t m_batches;
    int64_t m_frozenSteps;
    EpochSelection m_epochSelection;
    std::vector<size_t> m_order;
    int64_t m_step = 0;
    std::vector<float> m_input;
    std::vector<int64_t> m_labels;
    std::vector<uint8_t> m_valid;
};

} // namespace

ModelFile SelfPabTrainer::train(const Project& project, const TrainingRequest& request,
                                const TrainingObserver& observer, const JobControl* job,
                                const FineTuning* fineTuning)
{
    QVariantMap h = ModelRegistry::resolve(request.model, request.hyperparameters);
    TorchRuntime::setThreadCount(request.threads);
    torch::manual_seed(request.seed);
    const TrainingSelection selection = TrainingSelection::resolve(project, request);
    const auto validationRecordings =
        TrainingSelection::labelledRecordings(project, request.validationSubjects);
    EncoderStart start = loadEncoder(project, request, h, *selection.recordings.front());
    if (fineTuning) { // the parent's STFT and feature scaling; its weights come in the run
        start.windowing = fineTuning->parent().spectrogramWindowing;
        start.featureNormalisation = fineTuning->parent().featureNormalisation;
    }
    reportProgress(job, 0.0, QStringLiteral("cutting spectrogram windows"));
    const SpectrogramDataset training =
        SpectrogramDataset::build(selection.recordings, start.windowing, selection.classIds, job);
    if (training.size() == 0)
        throw TrainingError("the training subjects have no labelled frames of the chosen classes");
    if (fineTuning) {
        start.encoder = SelfPabEncoder(training.featureCount(), h);
    } else if (!start.pretrained) {
        start.featureNormalisation = training.fitNormalisation(job);
        h = selfPabEncoderSizes(h);
        h[QStringLiteral("paper_size")] = false;
        start.encoder = SelfPabEncoder(training.featureCount(), h);
    }
    if (int(start.featureNormalisation.channelCount()) != training.featureCount())
        throw TrainingError("the encoder's features do not match the recordings' spectrograms");
    SelfPabRun run(request, h, selection, validationRecordings, start, training, observer, job,
                   fineTuning);
    run.run();
    return run.modelFile(project, request, h);
}

} // namespace kinemark
