#include "models/inference/ModelPredictor.h"

#include "core/learning/WindowSet.h"
#include "models/inference/SelfPabPredictor.h"
#include "models/internal/nn/mstcn/MsTcnNetwork.h"
#include "models/internal/nn/window/WindowNetwork.h"
#include "models/registry/ModelRegistry.h"

#include <cmath>
#include <stdexcept>

namespace kinemark {

struct ModelPredictor::Network
{
    ModelFile model;
    std::shared_ptr<WindowNetwork> network;        // window models
    std::shared_ptr<MsTcnNetwork> sequence;        // sequence models
    std::shared_ptr<SelfPabPredictor> spectrogram; // spectrogram models (selfpab)
    int64_t sequenceChunk = 32768;
};

ModelPredictor::ModelPredictor(const ModelFile& model) : d(std::make_unique<Network>())
{
    d->model = model;
    const QString source = QStringLiteral("model '%1' (%2)").arg(model.kind, model.created);
    const ModelInfo* info = ModelRegistry::find(model.kind);
    if (info && info->input == ModelInfo::Input::Spectrograms) {
        d->spectrogram =
            std::make_shared<SelfPabPredictor>(model); // refuses a pre-trained encoder alone
        return;
    }
    if (isSequenceModel()) {
        d->sequence = std::make_shared<MsTcnNetwork>(
            int(model.channelNames.size()), int(model.classIds.size()), model.hyperparameters);
        loadWeights(*d->sequence, model.weights, source);
        d->sequence->eval();
        return;
    }
    d->network =
        makeWindowNetwork(model.kind, model.hyperparameters, int(model.channelNames.size()),
                          model.windowing.length, int(model.classIds.size()));
    loadWeights(*d->network, model.weights, source);
    d->network->eval();
}

ModelPredictor::~ModelPredictor() = default;

const ModelFile& ModelPredictor::model() const
{
    return d->model;
}

bool ModelPredictor::isSequenceModel() const
{
    const ModelInfo* info = ModelRegistry::find(d->model.kind);
    return info && info->input == ModelInfo::Input::Sequences;
}

std::vector<float> ModelPredictor::classify(const WindowSet& windows,
                                            const std::vector<size_t>& indices) const
{
    if (!d->network)
        throw std::invalid_argument("a sequence or spectrogram model does not classify windows");
    return classifyWindows(*d->network, windows, indices, d->model.normalisation);
}

Prediction ModelPredictor::predict(const Recording& recording, const QString& trackName,
                                   const JobControl* job) const
{
    const ModelFile& m = d->model;
    const QStringList problems = m.incompatibilities(recording);
    if (!problems.isEmpty())
        throw std::invalid_argument(QStringLiteral("the model cannot read recording '%1': %2")
                                        .arg(recording.id, problems.join(QStringLiteral("; ")))
                                        .toStdString());
    if (d->sequence)
        return predictSequenceModel(recording, trackName, job);
    if (d->spectrogram)
        return d->spectrogram->predict(recording, trackName, job);
    torch::NoGradGuard noGrad;
    const int64_t n = int64_t(recording.sampleCount());
    const int64_t length = m.windowing.length, stride = m.windowing.stride;
    const int64_t c = int64_t(recording.channelCount());
    const int64_t classes = int64_t(m.classIds.size());
    // Window starts: every stride, plus one flush with the end so the tail is covered.
    std::vector<int64_t> starts;
    for (int64_t s = 0; s + length <= n; s += stride)
        starts.push_back(s);
    if (starts.empty()) // incompatibilities() refuses recordings shorter than a window; be safe
                        // anyway
        throw std::invalid_argument("the recording is shorter than one window");
    if (starts.back() + length < n)
        starts.push_back(n - length);
    const int64_t rows = (n + stride - 1) / stride;
    std::vector<double> sums(size_t(rows * classes), 0.0);
    std::vector<int32_t> covers(size_t(rows), 0);

    // 128 windows: the fastest on a 7-day recording (512 spent a third of the time in page faults,
    // its 16 MB activations going back and forth to the kernel; 32 and 64 were 4 % slower).
    const int64_t batchSize = 128;
    std::vector<float> buffer;
    for (size_t first = 0; first < starts.size(); first += size_t(batchSize)) {
        throwIfCancelled(job);
        const size_t count = std::min(starts.size() - first, size_t(batchSize));
        buffer.resize(count * size_t(c * length));
        for (size_t w = 0; w < count; ++w)
            for (int64_t ch = 0; ch < c; ++ch) {
                const float* x = recording.channel(size_t(ch)).samples.data() + starts[first + w];
                float* out = buffer.data() + (w * size_t(c) + size_t(ch)) * size_t(length);
                for (int64_t i = 0; i < length; ++i)
                    out[i] = m.normalisation.apply(size_t(ch), x[i]);
            }
        const torch::Tensor x = torch::from_blob(buffer.data(), {int64_t(count), c, length});
        const torch::Tensor p = torch::softmax(d->network->forward(x).logits, 1).contiguous();
        const float* probabilities = p.data_ptr<float>();
        for (size_t w = 0; w < count; ++w) {
            const int64_t s = starts[first + w];
            // Rows whose samples the window covers (at least partly).
            for (int64_t r = s / stride; r <= (s + length - 1) / stride && r < rows; ++r) {
                for (int64_t k = 0; k < classes; ++k)
                    sums[size_t(r * classes + k)] += probabilities[w * size_t(classes) + size_t(k)];
                ++covers[size_t(r)];
            }
        }
        reportProgress(job, double(first + count) / double(starts.size()));
    }

    Prediction result;
    result.probabilities.start = 0;
    result.probabilities.step = stride;
    result.probabilities.classIds = m.classIds;
    result.probabilities.values.resize(size_t(rows * classes));
    result.track = AnnotationTrack(trackName, AnnotationTrack::Kind::Prediction, m.labelSetId);
    int32_t runClass = kUnlabelled;
    int64_t runStart = 0;
    for (int64_t r = 0; r < rows; ++r) {
        float* row = result.probabilities.values.data() + r * classes;
        const double cover = std::max(1, covers[size_t(r)]);
        int64_t best = 0;
        for (int64_t k = 0; k < classes; ++k) {
            row[k] = float(sums[size_t(r * classes + k)] / cover);
            if (row[k] > row[best])
                best = k;
        }
        const int32_t cls = m.classIds[size_t(best)];
        if (cls != runClass) {
            if (runClass != kUnlabelled)
                result.track.append(Segment{runStart, r * stride, runClass, {}, 0});
            runClass = cls;
            runStart = r * stride;
        }
    }
    result.track.append(Segment{runStart, n, runClass, {}, 0});
    return result;
}

int64_t ModelPredictor::sequenceProbabilityStep(double sampleRateHz)
{
    return std::max<int64_t>(1, std::llround(0.5 * sampleRateHz));
}

void ModelPredictor::setSequenceChunkLength(int64_t samples)
{
    d->sequenceChunk = std::max<int64_t>(1, samples);
}

std::vector<float> ModelPredictor::sampleProbabilities(const Recording& recording,
                                                       const JobControl* job) const
{
    if (!d->sequence)
        throw std::invalid_argument("only sequence models give per-sample probabilities");
    const QStringList problems = d->model.incompatibilities(recording);
    if (!problems.isEmpty())
        throw std::invalid_argument(QStringLiteral("the model cannot read recording '%1': %2")
                                        .arg(recording.id, problems.join(QStringLiteral("; ")))
                                        .toStdString());
    return predictSequence(*d->sequence, recording, d->model.normalisation,
                           int(d->model.classIds.size()), job, d->sequenceChunk);
}

Prediction ModelPredictor::predictSequenceModel(const Recording& recording,
                                                const QString& trackName,
                                                const JobControl* job) const
{
    const ModelFile& m = d->model;
    const int64_t n = int64_t(recording.sampleCount());
    const int64_t classes = int64_t(m.classIds.size());
    const int64_t step = sequenceProbabilityStep(recording.sampleRateHz);
    const int64_t rows = (n + step - 1) / step;
    Prediction result;
    result.probabilities.start = 0;
    result.probabilities.step = step;
    result.probabilities.classIds = m.classIds;
    result.probabilities.values.assign(size_t(rows * classes), 0.0f); // sums first, means below
    result.track = AnnotationTrack(trackName, AnnotationTrack::Kind::Prediction, m.labelSetId);
    int32_t runClass = kUnlabelled;
    int64_t runStart = 0;
    float* sums = result.probabilities.values.data();
    visitSequenceProbabilities(
        *d->sequence, recording, m.normalisation,
        [&](int64_t first, int64_t count, const float* probabilities) {
            for (int64_t i = 0; i < count; ++i) {
                const int64_t t = first + i;
                const float* row = probabilities + i * classes;
                // The track is exact per sample: argmax before any averaging.
                const int32_t cls = m.classIds[size_t(std::max_element(row, row + classes) - row)];
                if (cls != runClass) {
                    if (runClass != kUnlabelled)
                        result.track.append(Segment{runStart, t, runClass, {}, 0});
                    runClass = cls;
                    runStart = t;
                }
                float* sum = sums + (t / step) * classes;
                for (int64_t k = 0; k < classes; ++k)
                    sum[k] += row[k];
            }
        },
        job, d->sequenceChunk);
    if (n > 0)
        result.track.append(Segment{runStart, n, runClass, {}, 0});
    for (int64_t r = 0; r < rows; ++r) {
        // The last row may hold fewer samples than the step.
        const float samples = float(std::min(step, n - r * step));
        for (int64_t k = 0; k < classes; ++k)
            sums[r * classes + k] /= samples;
    }
    return result;
}

} // namespace kinemark
