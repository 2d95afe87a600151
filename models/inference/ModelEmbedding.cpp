#include "models/inference/ModelEmbedding.h"

#include "core/learning/WindowSet.h"
#include "core/model/Recording.h"
#include "models/file/ModelFile.h"
#include "models/inference/WindowEmbedder.h"
#include "models/internal/nn/mstcn/MsTcnNetwork.h"
#include "models/internal/nn/window/WindowNetwork.h"
#include "models/registry/ModelRegistry.h"

#include <QObject>
#include <algorithm>
#include <stdexcept>

namespace kinemark {

namespace {

constexpr size_t kMinimumItems = 10;

// Every stride-th window of the model's classes.
ModelEmbedding embedWindows(const ModelFile& model,
                            const std::vector<std::shared_ptr<const Recording>>& recordings,
                            size_t maximumItems, const JobControl* job)
{
    ModelEmbedding out;
    out.items = QStringLiteral("windows");
    JobControl cutting;
    if (job) {
        cutting.cancelRequested = job->cancelRequested;
        cutting.progress = [job](double f, const QString&) {
            job->report(0.2 * f, QObject::tr("cutting windows"));
        };
    }
    const WindowSet set = WindowSet::build(recordings, model.windowing, model.classIds, &cutting);
    const size_t stride = std::max<size_t>(1, (set.size() + maximumItems - 1) / maximumItems);
    std::vector<size_t> chosen;
    for (size_t i = 0; i < set.size(); i += stride) {
        const auto& w = set.windows()[i];
        chosen.push_back(i);
        out.classIds.push_back(model.classIds[size_t(w.classIndex)]);
        const Recording& r = *set.recordings()[w.recording];
        out.origins.push_back(
            ItemOrigin{r.id, r.subjectId, w.start, w.start + set.length(), r.sampleRateHz});
    }
    if (chosen.size() < kMinimumItems)
        throw std::invalid_argument("fewer than 10 labelled windows of the model's classes");
    JobControl embedding;
    if (job) {
        embedding.cancelRequested = job->cancelRequested;
        embedding.progress = [job](double f, const QString&) {
            job->report(0.2 + 0.8 * f, QObject::tr("embedding windows"));
        };
    }
    const WindowEmbedder embedder(model);
    out.rows = embedder.embed(set, chosen, &embedding);
    out.dimension = size_t(embedder.dimension());
    return out;
}

struct Piece
{
    size_t recording;
    int64_t start, end;
    int32_t classId;
};

// Ground-truth segments of the model's classes, cut into pieces of at most
// kMaximumPieceSeconds, every stride-th kept.
std::vector<Piece> segmentPieces(const ModelFile& model,
                                 const std::vector<std::shared_ptr<const Recording>>& recordings,
                                 size_t maximumItems)
{
    std::vector<Piece> all;
    for (size_t r = 0; r < recordings.size(); ++r) {
        const Recording& recording = *recordings[r];
        const AnnotationTrack* truth = recording.groundTruth();
        if (!truth || !model.incompatibilities(recording).isEmpty())
            continue;
        const int64_t longest = std::max<int64_t>(
            1, int64_t(ModelEmbedding::kMaximumPieceSeconds * recording.sampleRateHz));
        for (const Segment& s : truth->segments()) {
            if (std::find(model.classIds.begin(), model.classIds.end(), s.classId) ==
                model.classIds.end())
                continue;
            // Equal pieces rather than full ones and a stub.
            const int64_t pieces = (s.length() + longest - 1) / longest;
            for (int64_t p = 0; p < pieces; ++p)
                all.push_back(Piece{r, s.start + s.length() * p / pieces,
                                    s.start + s.length() * (p + 1) / pieces, s.classId});
        }
    }
    const size_t stride = std::max<size_t>(1, (all.size() + maximumItems - 1) / maximumItems);
    std::vector<Piece> chosen;
    for (size_t i = 0; i < all.size(); i += stride)
        chosen.push_back(all[i]);
    return chosen;
}

ModelEmbedding embedSegments(const ModelFile& model,
                             const std::vector<std::shared_ptr<const Recording>>& recordings,
                             size_t maximumItems, const JobControl* job)
{
    ModelEmbedding out;
    out.items = QStringLiteral("segments");
    const std::vector<Piece> pieces = segmentPieces(model, recordings, maximumItems);
    if (pieces.size() < kMinimumItems)
        throw std::invalid_argument("fewer than 10 ground-truth segments of the model's classes");
    MsTcnNetwork network(int(model.channelNames.size()), int(model.classIds.size()),
                         model.hyperparameters);
    loadWeights(network, model.weights,
                QStringLiteral("model '%1' (%2)").arg(model.kind, model.created));
    network.eval();
    torch::NoGradGuard noGrad;

    // Only the chunks that hold pieces are run through the network: a map of a
    // week needs a few thousand short stretches, not the whole week.
    constexpr int64_t kChunk = 32768;
    int64_t totalSamples = 0, doneSamples = 0;
    for (const Piece& p : pieces)
        totalSamples += p.end - p.start;
    std::vector<double> sums;
    std::vector<float> buffer;
    size_t i = 0;
    while (i < pieces.size()) {
        throwIfCancelled(job);
        const Recording& recording = *recordings[pieces[i].recording];
        const int64_t first = pieces[i].start;
        const int64_t last = std::min<int64_t>(int64_t(recording.sampleCount()), first + kChunk);
        // Pieces of this recording that start inside [first, last); a piece
        // reaching past `last` is finished by the next chunk.
        const torch::Tensor features =
            sequenceChunkOutput(network, recording, model.normalisation, SequenceOutput::Features,
                                first, last, &buffer);
        const int64_t dims = features.size(1);
        out.dimension = size_t(dims);
        const float* f = features.data_ptr<float>();
        size_t j = i;
        for (; j < pieces.size() && pieces[j].recording == pieces[i].recording &&
               pieces[j].start < last;
             ++j) {
            const Piece& p = pieces[j];
            const int64_t from = std::max(p.start, first), to = std::min(p.end, last);
            if (sums.size() < (j + 1) * size_t(dims))
                sums.resize((j + 1) * size_t(dims), 0.0);
            double* sum = sums.data() + j * size_t(dims);
            for (int64_t t = from; t < to; ++t)
                for (int64_t d = 0; d < dims; ++d)
                    sum[d] += f[(t - first) * dims + d];
            doneSamples += to - from;
        }
        // Finished pieces leave the front; an unfinished one continues from `last`.
        while (i < j && pieces[i].end <= last)
            ++i;
        if (i < j) {
            // pieces[i] runs past `last`: continue it from there.
            const Piece& p = pieces[i];
            const int64_t from = last, to = p.end;
            const torch::Tensor rest =
                sequenceChunkOutput(network, recording, model.normalisation,
                                    SequenceOutput::Features, from, to, &buffer);
            const float* g = rest.data_ptr<float>();
            double* sum = sums.data() + i * size_t(dims);
            for (int64_t t = 0; t < to - from; ++t)
                for (int64_t d = 0; d < dims; ++d)
                    sum[d] += g[t * dims + d];
            doneSamples += to - from;
            ++i;
        }
        reportProgress(job, double(doneSamples) / double(std::max<int64_t>(1, totalSamples)),
                       QObject::tr("embedding segments"));
    }
    out.rows.resize(sums.size());
    for (size_t k = 0; k < pieces.size(); ++k) {
        const Piece& p = pieces[k];
        const Recording& r = *recordings[p.recording];
        for (size_t d = 0; d < out.dimension; ++d)
            out.rows[k * out.dimension + d] =
                float(sums[k * out.dimension + d] / double(p.end - p.start));
        out.classIds.push_back(p.classId);
        out.origins.push_back(ItemOrigin{r.id, r.subjectId, p.start, p.end, r.sampleRateHz});
    }
    return out;
}

} // namespace

bool ModelEmbedding::hasEmbedding(const QString& modelKind)
{
    const ModelInfo* info = ModelRegistry::find(modelKind);
    return info && !info->generative &&
           (info->input == ModelInfo::Input::Windows || info->input == ModelInfo::Input::Sequences);
}

ModelEmbedding
ModelEmbedding::compute(const ModelFile& model,
                        const std::vector<std::shared_ptr<const Recording>>& recordings,
                        size_t maximumItems, const JobControl* job)
{
    if (!hasEmbedding(model.kind))
        throw std::invalid_argument(
            QStringLiteral("model '%1' has no embedding to map").arg(model.kind).toStdString());
    maximumItems = std::max<size_t>(kMinimumItems, maximumItems);
    const ModelInfo* info = ModelRegistry::find(model.kind);
    return info->input == ModelInfo::Input::Sequences
               ? embedSegments(model, recordings, maximumItems, job)
               : embedWindows(model, recordings, maximumItems, job);
}

} // namespace kinemark
