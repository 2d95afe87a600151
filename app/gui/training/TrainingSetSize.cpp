#include "app/gui/training/TrainingSetSize.h"

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
} // namespace

TrainingSetSize TrainingSetSize::of(const Project& project, const TrainingRequest& request)
{
    TrainingSetSize size;
    const ModelInfo* info = ModelRegistry::find(request.model);
    if (!info || info->input == ModelInfo::Input::Spectrograms)
        return size;
    QVariantMap h = info->defaults;
    for (auto it = request.hyperparameters.begin(); it != request.hyperparameters.end(); ++it)
        h[it.key()] = it.value();
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
