#include "core/analysis/PredictionItems.h"

#include "core/model/AnnotationTrack.h"
#include "core/model/ClassProbabilities.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <unordered_map>

namespace kinemark {

PredictionItems
PredictionItems::fromTracks(const std::vector<std::shared_ptr<const Recording>>& recordings,
                            const QString& predictionTrack, const std::vector<int32_t>& classIds,
                            int64_t windowSamples)
{
    if (windowSamples < 1)
        throw std::invalid_argument("PredictionItems: window length must be at least one sample");
    if (classIds.empty())
        throw std::invalid_argument("PredictionItems: no classes");
    PredictionItems items;
    items.classIds = classIds;
    const size_t k = classIds.size();
    // Built once: a lookup per window must not scan the class list.
    std::unordered_map<int32_t, int32_t> indexOfId;
    for (size_t c = k; c-- > 0;) // the first of an id listed twice wins, as a scan would
        indexOfId[classIds[c]] = int32_t(c);
    auto indexOf = [&](int32_t id) -> int32_t {
        const auto it = indexOfId.find(id);
        return it == indexOfId.end() ? -1 : it->second;
    };
    bool withProbabilities = true;
    for (const auto& recording : recordings) {
        const AnnotationTrack* truth = recording->groundTruth();
        const AnnotationTrack* prediction = recording->track(predictionTrack);
        if (!truth || !prediction)
            continue;
        const auto stored = recording->probabilities.constFind(predictionTrack);
        // Columns of the stored probabilities for each of our classes.
        std::vector<int> columns(k, -1);
        if (stored != recording->probabilities.constEnd() && !stored->isEmpty()) {
            std::unordered_map<int32_t, int> columnOf;
            for (size_t c = stored->classIds.size(); c-- > 0;)
                columnOf[stored->classIds[c]] = int(c);
            for (size_t c = 0; c < k; ++c) {
                const auto it = columnOf.find(classIds[c]);
                columns[c] = it == columnOf.end() ? -1 : it->second;
            }
        }
        const bool recordingHasAll =
            std::all_of(columns.begin(), columns.end(), [](int c) { return c >= 0; });
        const int64_t samples = int64_t(recording->sampleCount());
        for (int64_t start = 0; start + windowSamples <= samples; start += windowSamples) {
            const int64_t centre = start + windowSamples / 2;
            const int32_t t = indexOf(truth->classAt(centre));
            const int32_t p = indexOf(prediction->classAt(centre));
            if (t < 0 || p < 0)
                continue;
            items.truth.push_back(t);
            items.predicted.push_back(p);
            ItemOrigin origin;
            origin.recordingId = recording->id;
            origin.subject = recording->subjectId;
            origin.startSample = start;
            origin.endSample = start + windowSamples;
            origin.sampleRateHz = recording->sampleRateHz;
            items.origins.push_back(origin);
            if (!withProbabilities)
                continue;
            if (!recordingHasAll) {
                withProbabilities = false;
                items.probabilities.clear();
                continue;
            }
            // Mean over the rows the window touches, renormalised over our classes.
            const long first = stored->rowAt(start);
            const long last = stored->rowAt(start + windowSamples - 1);
            std::vector<double> mean(k, 0.0);
            int rows = 0;
            for (long r = std::max(first, 0L); first >= 0 && r <= std::max(last, first); ++r) {
                for (size_t c = 0; c < k; ++c)
                    mean[c] += stored->row(size_t(r))[columns[c]];
                ++rows;
            }
            double sum = 0;
            for (double v : mean)
                sum += v;
            for (size_t c = 0; c < k; ++c)
                items.probabilities.push_back(sum > 0 ? float(mean[c] / sum) : float(1.0 / k));
        }
    }
    if (!withProbabilities)
        items.probabilities.clear();
    return items;
}

PredictionItems PredictionItems::ofProject(const Project& project, const QString& predictionTrack,
                                           double windowSeconds,
                                           std::vector<std::shared_ptr<const Recording>>* used)
{
    std::set<int32_t> ids;
    std::vector<std::shared_ptr<const Recording>> recordings;
    for (const auto& recording : project.recordings) {
        const AnnotationTrack* truth = recording->groundTruth();
        const AnnotationTrack* prediction = recording->track(predictionTrack);
        if (!truth || !prediction)
            continue;
        recordings.push_back(recording);
        for (const AnnotationTrack* track : {truth, prediction})
            for (const Segment& s : track->segments())
                if (s.classId != kUnlabelled)
                    ids.insert(s.classId);
    }
    if (used)
        *used = recordings;
    if (recordings.empty() || ids.empty())
        return {};
    std::vector<int32_t> classIds(ids.begin(), ids.end());
    const auto stored = recordings.front()->probabilities.constFind(predictionTrack);
    if (stored != recordings.front()->probabilities.constEnd() && !stored->classIds.empty())
        classIds = stored->classIds;
    const double rate = recordings.front()->sampleRateHz;
    return fromTracks(recordings, predictionTrack, classIds,
                      std::max<int64_t>(1, std::llround(windowSeconds * rate)));
}

} // namespace kinemark
