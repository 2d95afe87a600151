#include "models/training/SelfPabTrainer.h"

#include "core/analysis/ClassificationMetrics.h"
#include "core/base/FormatError.h"
#include "models/internal/optim/FusedAdam.h"
#include "models/registry/ModelRegistry.h"
#include "models/internal/nn/selfpab/SelfPabFramePrediction.h"
#include "models/internal/nn/selfpab/SelfPabNetwork.h"
#include "models/runtime/TorchRuntime.h"
#include "models/TrainingError.h"
#include "models/internal/nn/window/WindowNetwork.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <cmath>
#include <map>
#include <random>

namespace kinemark {

namespace {

std::vector<std::shared_ptr<const Recording>> labelledRecordingsOf(const Project& project,
                                                                   const QStringList& subjects)
{
    std::vector<std::shared_ptr<const Recording>> out;
    for (const auto& r : project.recordings)
        if (subjects.contains(r->subjectId) && r->groundTruth())
            out.push_back(r);
    return out;
}

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

} // namespace

ModelFile SelfPabTrainer::train(const Project& project, const TrainingRequest& request,
                                const ModelTrainer::Observer& observer, const JobControl* job)
{
    QVariantMap h = ModelRegistry::resolve(request.model, request.hyperparameters);
    TorchRuntime::setThreadCount(request.threads);
    torch::manual_seed(request.seed);
    std::mt19937_64 rng(request.seed);
    const QStringList trainingSubjects = ModelTrainer::resolveTrainingSubjects(project, request);
    const std::vector<int32_t> classIds = ModelTrainer::resolveClasses(project, request);
    if (classIds.size() < 2)
        throw TrainingError("training needs at least two classes with labelled samples");
    const auto trainingRecordings = labelledRecordingsOf(project, trainingSubjects);
    if (trainingRecordings.empty())
        throw TrainingError("no recording with ground truth among the training subjects");
    const auto validationRecordings = labelledRecordingsOf(project, request.validationSubjects);
    const QStringList channelNames = trainingRecordings.front()->channelNames();
    const int classes = int(classIds.size());

    // The encoder: pre-trained (its sizes, STFT and feature statistics) or new.
    SpectrogramWindowing windowing = selfPabWindowing(h);
    ChannelNormalisation featureNormalisation;
    SelfPabEncoder encoder{nullptr};
    QJsonObject encoderSummary;
    const bool stored = !request.encoderModel.isEmpty();
    const bool pretrained = stored || !request.encoderPath.isEmpty();
    // Where the encoder comes from, for messages and the model's summary.
    const QString encoderSource = stored ? request.encoderModel : request.encoderPath;
    if (pretrained) {
        const ModelFile e = stored ? storedEncoder(project, request.encoderModel)
                                   : ModelFile::load(request.encoderPath);
        if (e.kind != QLatin1String("selfpab-pretrain") ||
            e.featureNormalisation.channelCount() == 0)
            throw FormatError(
                encoderSource,
                QStringLiteral("not a pre-trained SelfPAB encoder (kind '%1')").arg(e.kind));
        if (e.channelNames != channelNames ||
            std::abs(e.sampleRateHz - trainingRecordings.front()->sampleRateHz) > 1e-6)
            throw TrainingError(
                QStringLiteral("the encoder %1 was pre-trained on %2 at %3 Hz; the training "
                               "recordings have %4 at %5 Hz")
                    .arg(encoderSource, e.channelNames.join(QStringLiteral(", ")))
                    .arg(e.sampleRateHz)
                    .arg(channelNames.join(QStringLiteral(", ")))
                    .arg(trainingRecordings.front()->sampleRateHz)
                    .toStdString());
        const QVariantMap sizes = selfPabEncoderSizes(e.hyperparameters);
        for (const char* key : {"d_model", "layers", "heads", "feed_forward", "dropout"})
            h[QLatin1String(key)] = sizes.value(QLatin1String(key));
        h[QStringLiteral("paper_size")] = false;
        windowing.stft = e.spectrogramWindowing.stft;
        featureNormalisation = e.featureNormalisation;
        SelfPabReconstructionNetwork upstream(int(featureNormalisation.channelCount()), h);
        loadWeights(*upstream, e.weights, encoderSource);
        encoder = upstream->encoder;
        if (stored)
            encoderSummary[QStringLiteral("project_model")] = request.encoderModel;
        else
            encoderSummary[QStringLiteral("file")] = QFileInfo(request.encoderPath).fileName();
        encoderSummary[QStringLiteral("created")] = e.created;
        encoderSummary[QStringLiteral("recordings")] =
            e.trainingData.value(QStringLiteral("recordings")).toArray().size();
        encoderSummary[QStringLiteral("windows")] = e.trainingData.value(QStringLiteral("windows"));
    }
    reportProgress(job, 0.0, QStringLiteral("cutting spectrogram windows"));
    const SpectrogramDataset training =
        SpectrogramDataset::build(trainingRecordings, windowing, classIds, job);
    if (training.size() == 0)
        throw TrainingError("the training subjects have no labelled frames of the chosen classes");
    if (!pretrained) {
        featureNormalisation = training.fitNormalisation(job);
        h = selfPabEncoderSizes(h);
        h[QStringLiteral("paper_size")] = false;
        encoder = SelfPabEncoder(training.featureCount(), h);
    }
    if (int(featureNormalisation.channelCount()) != training.featureCount())
        throw TrainingError("the encoder's features do not match the recordings' spectrograms");
    SelfPabClassifier network(encoder, classes, h);
    FusedAdam::Options options;
    options.lr = h.value(QStringLiteral("lr")).toDouble();
    FusedAdam optimizer(network->parameters(), options);

    const int epochs = std::max(1, h.value(QStringLiteral("epochs")).toInt());
    const int batchSize = std::max(1, h.value(QStringLiteral("batch")).toInt());
    const int patience = h.value(QStringLiteral("patience")).toInt();
    const double decay = h.value(QStringLiteral("lr_decay")).toDouble();
    const int64_t batches = int64_t((training.size() + size_t(batchSize) - 1) / size_t(batchSize));
    // Only a pre-trained encoder is frozen: a random one would stay random.
    const int64_t frozenSteps =
        pretrained ? int64_t(std::llround(h.value(QStringLiteral("frozen_fraction")).toDouble() *
                                          double(batches * epochs)))
                   : 0;
    const int64_t frames = training.windowFrames(), features = training.featureCount();
    std::vector<float> input;
    std::vector<int64_t> labels;
    std::vector<uint8_t> valid;
    std::vector<size_t> order(training.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;

    QByteArray bestWeights;
    double bestF1 = -1;
    ClassificationMetrics bestMetrics;
    int bestEpoch = 0, sinceBest = 0;
    int64_t step = 0;
    network->train();
    for (int epoch = 1; epoch <= epochs; ++epoch) {
        optimizer.setLearningRate(options.lr * std::pow(decay, epoch - 1));
        for (size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[size_t(rng() % i)]);
        QMap<QString, double> sums;
        int64_t correct = 0, counted = 0;
        for (int64_t b = 0; b < batches; ++b) {
            throwIfCancelled(job);
            const size_t first = size_t(b) * size_t(batchSize);
            const std::vector<size_t> batch(
                order.begin() + long(first),
                order.begin() + long(std::min(order.size(), first + size_t(batchSize))));
            const int64_t n = int64_t(batch.size());
            input.resize(size_t(n * frames * features));
            labels.resize(size_t(n * frames));
            valid.resize(size_t(n * frames));
            training.gather(batch, input.data(), labels.data(), valid.data(),
                            &featureNormalisation);
            const torch::Tensor x = torch::from_blob(input.data(), {n, frames, features});
            const torch::Tensor y = torch::from_blob(labels.data(), {n * frames}, torch::kLong);
            const bool padded = std::find(valid.begin(), valid.end(), uint8_t(0)) != valid.end();
            const torch::Tensor padding =
                padded ? torch::from_blob(valid.data(), {n, frames}, torch::kUInt8).eq(0)
                       : torch::Tensor();
            const bool frozen = step < frozenSteps;
            torch::Tensor logits;
            if (frozen) {
                std::vector<torch::Tensor> layers;
                {
                    torch::NoGradGuard noGrad;
                    network->encoder->eval();
                    layers = network->encoder->forward(x, padding);
                }
                logits = network->head(layers);
            } else {
                network->encoder->train();
                logits = network->forward(x, padding);
            }
            logits = logits.reshape({n * frames, classes});
            const torch::Tensor loss = torch::nn::functional::cross_entropy(
                logits, y, torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-1));
            const double value = loss.item<double>();
            if (!std::isfinite(value))
                throw TrainingError(
                    QStringLiteral("training stopped at epoch %1, batch %2: the loss became %3. "
                                   "Try a lower learning rate (lr, now %4).")
                        .arg(epoch)
                        .arg(b + 1)
                        .arg(value)
                        .arg(options.lr)
                        .toStdString());
            loss.backward();
            optimizer.step();
            ++step;
            {
                torch::NoGradGuard noGrad;
                const torch::Tensor labelled = y.ge(0);
                correct += logits.argmax(1).eq(y).logical_and(labelled).sum().item<int64_t>();
                counted += labelled.sum().item<int64_t>();
            }
            TrainingProgress progress;
            progress.epoch = epoch;
            progress.epochs = epochs;
            progress.batch = int(b + 1);
            progress.batches = int(batches);
            progress.losses[QStringLiteral("cross-entropy")] = value;
            sums[QStringLiteral("cross-entropy")] += value;
            if (observer)
                observer(progress);
            reportProgress(job, progress.fraction(),
                           frozen ? QStringLiteral("training the head (encoder frozen)")
                                  : QStringLiteral("fine-tuning"));
        }
        TrainingProgress end;
        end.epoch = epoch;
        end.epochs = epochs;
        end.batch = end.batches = int(batches);
        end.epochEnd = true;
        for (auto it = sums.begin(); it != sums.end(); ++it)
            end.losses[it.key()] = it.value() / double(batches);
        if (counted > 0)
            end.losses[QStringLiteral("training accuracy")] = double(correct) / double(counted);
        bool improved = true; // without validation the latest weights are the best we know
        if (!validationRecordings.empty()) {
            const ClassificationMetrics m = validate(network, validationRecordings, windowing,
                                                     featureNormalisation, classIds, job);
            end.validationMacroF1 = m.macroF1;
            improved = m.macroF1 > bestF1;
            if (improved) {
                bestF1 = m.macroF1;
                bestMetrics = m;
            }
        }
        if (improved) {
            bestWeights = saveWeights(*network);
            bestEpoch = epoch;
            sinceBest = 0;
        } else {
            ++sinceBest;
        }
        end.bestValidationMacroF1 = bestF1 >= 0 ? bestF1 : std::numeric_limits<double>::quiet_NaN();
        const bool stop = patience > 0 && sinceBest >= patience && epoch < epochs;
        if (stop)
            end.message =
                QStringLiteral(
                    "early stop after epoch %1: no better validation macro F1 for %2 epochs")
                    .arg(epoch)
                    .arg(patience);
        if (observer)
            observer(end);
        if (stop)
            break;
    }

    ModelFile model;
    model.kind = request.model;
    model.hyperparameters = h;
    model.classIds = classIds;
    const QString labelSetId = trainingRecordings.front()->labelSetId;
    const LabelSet* labelSet = project.labelSet(labelSetId);
    for (int32_t id : classIds) {
        const LabelClass* lc = labelSet ? labelSet->find(id) : nullptr;
        model.classNames << (lc ? lc->name : QString::number(id));
    }
    model.labelSetId = labelSetId;
    model.channelNames = channelNames;
    model.sampleRateHz = trainingRecordings.front()->sampleRateHz;
    // Any recording of one frame or more can be read: "windows" of one STFT frame.
    model.windowing.length = windowing.stft.frameLength;
    model.windowing.stride = windowing.stft.hop;
    model.normalisation = ChannelNormalisation::fit(trainingRecordings, job);
    model.spectrogramWindowing = windowing;
    model.featureNormalisation = featureNormalisation;
    QJsonObject data;
    data[QStringLiteral("subjects")] = QJsonArray::fromStringList(trainingSubjects);
    data[QStringLiteral("recordings")] = int(trainingRecordings.size());
    data[QStringLiteral("windows")] = qint64(training.size());
    QJsonObject perClass;
    const auto counts = training.labelledFramesPerClass();
    for (size_t i = 0; i < counts.size(); ++i)
        perClass[QString::number(classIds[i])] = qint64(counts[i]);
    data[QStringLiteral("frames_per_class")] = perClass;
    data[QStringLiteral("pretrained_encoder")] =
        pretrained ? QJsonValue(encoderSummary) : QJsonValue(false);
    data[QStringLiteral("frozen_steps")] = qint64(frozenSteps);
    model.trainingData = data;
    if (!validationRecordings.empty()) {
        QJsonObject v = bestMetrics.toJson(classIds);
        v[QStringLiteral("subjects")] = QJsonArray::fromStringList(request.validationSubjects);
        v[QStringLiteral("level")] = QStringLiteral("sample");
        v[QStringLiteral("best_epoch")] = bestEpoch;
        model.validation = v;
    }
    model.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    model.seed = request.seed;
    model.weights = bestWeights;
    return model;
}

} // namespace kinemark
