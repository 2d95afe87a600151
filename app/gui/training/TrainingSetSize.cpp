#include "app/gui/training/TrainingSetSize.h"

#include "core/learning/SpectrogramDataset.h"
#include "models/registry/ModelRegistry.h"

#include <algorithm>

namespace kinemark {

namespace {
// Examples of one recording: each maximal run of labelled samples of the
// chosen classes gives (run - length) / stride + 1 windows (a window whose
// samples are all labelled; the trainer's default max_unlabelled is 0), or
// for chunks, a chunk per `length` labelled samples begun.
int64_t examplesOf(const Recording& recording, const std::vector<int32_t>& classes, int length,
                   int stride, bool chunks)
{
    const AnnotationTrack* truth = recording.groundTruth();
    if (!truth || length < 1 || stride < 1)
        return 0;
    int64_t count = 0, labelled = 0, runStart = -1, runEnd = -1;
    auto closeRun = [&] {
        const int64_t n = runEnd - runStart;
        if (runStart >= 0 && n >= length)
            count += (n - length) / stride + 1;
        labelled += std::max<int64_t>(0, n);
        runStart = runEnd = -1;
    };
    for (const Segment& s : truth->segments()) {
        if (std::find(classes.begin(), classes.end(), s.classId) == classes.end()) {
            closeRun();
            continue;
        }
        if (s.start != runEnd)
            closeRun();
        if (runStart < 0)
            runStart = s.start;
        runEnd = std::min<int64_t>(s.end, int64_t(recording.sampleCount()));
    }
    closeRun();
    return chunks ? (labelled + length - 1) / length : count;
}

// Spectrogram windows of one recording, cut as SpectrogramDataset::build
// cuts them (every strideFrames frames, one more flush with the end, one
// short window for a short recording). With `classes`, only the windows
// that a segment of those classes covers for at least half a frame (a frame
// is labelled by the majority of its samples); without, every window (the
// validation predicts whole recordings).
int64_t spectrogramWindowsOf(const Recording& recording, const std::vector<int32_t>* classes,
                             const SpectrogramWindowing& windowing)
{
    const int64_t samples = int64_t(recording.sampleCount()), hop = windowing.stft.hop,
                  frame = windowing.stft.frameLength;
    const int64_t frames = samples < frame ? 0 : (samples - frame) / hop + 1;
    const int64_t length = windowing.windowFrames, stride = windowing.strideFrames;
    if (frames <= 0 || length < 1 || stride < 1)
        return 0;
    const AnnotationTrack* truth = recording.groundTruth();
    if (classes && !truth)
        return 0;
    int64_t count = 0;
    const auto keep = [&](int64_t first, int64_t n) {
        if (!classes) {
            ++count;
            return;
        }
        const int64_t from = first * hop, to = (first + n - 1) * hop + frame;
        for (const Segment& s : truth->segments())
            if (std::min<int64_t>(s.end, to) - std::max<int64_t>(s.start, from) > frame / 2 &&
                std::find(classes->begin(), classes->end(), s.classId) != classes->end()) {
                ++count;
                return;
            }
    };
    if (frames <= length) {
        keep(0, frames);
    } else {
        int64_t first = 0;
        for (; first + length <= frames; first += stride)
            keep(first, length);
        if (first - stride + length < frames)
            keep(frames - length, length);
    }
    return count;
}
} // namespace

TrainingSetSize TrainingSetSize::of(const Project& project, const TrainingRequest& request)
{
    TrainingSetSize size;
    const ModelInfo* info = ModelRegistry::find(request.model);
    if (!info)
        return size;
    QVariantMap h = info->defaults;
    for (auto it = request.hyperparameters.begin(); it != request.hyperparameters.end(); ++it)
        h[it.key()] = it.value();
    if (info->input == ModelInfo::Input::Spectrograms) {
        SpectrogramWindowing windowing;
        windowing.windowFrames = h.value(QStringLiteral("window_frames")).toInt();
        windowing.strideFrames = h.value(QStringLiteral("stride_frames")).toInt();
        for (const auto& recording : project.recordings) {
            if (request.validationSubjects.contains(recording->subjectId))
                size.validation += recording->groundTruth()
                                       ? spectrogramWindowsOf(*recording, nullptr, windowing)
                                       : 0;
            else
                size.training += spectrogramWindowsOf(*recording, &request.classIds, windowing);
        }
        return size;
    }
    const bool chunks = info->input == ModelInfo::Input::Sequences;
    const int length =
        h.value(chunks ? QStringLiteral("chunk_length") : QStringLiteral("window_length")).toInt();
    const int stride = chunks ? length : h.value(QStringLiteral("stride")).toInt();
    for (const auto& recording : project.recordings) {
        const int64_t n = examplesOf(*recording, request.classIds, length, stride, chunks);
        (request.validationSubjects.contains(recording->subjectId) ? size.validation
                                                                   : size.training) += n;
    }
    return size;
}

} // namespace kinemark
