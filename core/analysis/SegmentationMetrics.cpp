#include "core/analysis/SegmentationMetrics.h"

#include "core/model/Segment.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace kinemark {

std::vector<SegmentationMetrics::Run>
SegmentationMetrics::runsOf(const std::vector<int32_t>& labels)
{
    std::vector<Run> runs;
    for (size_t i = 0; i < labels.size(); ++i) {
        if (runs.empty() || runs.back().classId != labels[i])
            runs.push_back(Run{labels[i], int64_t(i), int64_t(i) + 1});
        else
            runs.back().end = int64_t(i) + 1;
    }
    return runs;
}

double SegmentationMetrics::editScoreOf(const std::vector<Run>& truth,
                                        const std::vector<Run>& predicted)
{
    const size_t m = truth.size(), n = predicted.size();
    if (m == 0 && n == 0)
        return 1.0;
    // Levenshtein distance between the class sequences, one row at a time.
    std::vector<size_t> previous(n + 1), current(n + 1);
    for (size_t j = 0; j <= n; ++j)
        previous[j] = j;
    for (size_t i = 1; i <= m; ++i) {
        current[0] = i;
        for (size_t j = 1; j <= n; ++j) {
            const size_t substitute =
                previous[j - 1] + (truth[i - 1].classId == predicted[j - 1].classId ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
        }
        std::swap(previous, current);
    }
    return 1.0 - double(previous[n]) / double(std::max(m, n));
}

double SegmentationMetrics::f1AtOverlap(const std::vector<Run>& truth,
                                        const std::vector<Run>& predicted, double iouThreshold)
{
    // Each predicted segment, in order, is matched to the ground-truth segment
    // of its class it overlaps most; a hit needs IoU >= threshold and a truth
    // segment not matched before. Unmatched predictions are false positives,
    // unmatched truth segments false negatives.
    std::vector<bool> used(truth.size(), false);
    size_t tp = 0, fp = 0;
    for (const Run& p : predicted) {
        double best = 0;
        long bestIndex = -1;
        for (size_t j = 0; j < truth.size(); ++j) {
            const Run& t = truth[j];
            if (t.classId != p.classId)
                continue;
            const int64_t intersection = std::min(p.end, t.end) - std::max(p.start, t.start);
            if (intersection <= 0)
                continue;
            const int64_t uni = std::max(p.end, t.end) - std::min(p.start, t.start);
            const double iou = double(intersection) / double(uni);
            if (iou > best) {
                best = iou;
                bestIndex = long(j);
            }
        }
        if (bestIndex >= 0 && best >= iouThreshold && !used[size_t(bestIndex)]) {
            used[size_t(bestIndex)] = true;
            ++tp;
        } else {
            ++fp;
        }
    }
    const size_t fn = truth.size() - tp;
    if (tp == 0)
        return 0.0;
    const double precision = double(tp) / double(tp + fp), recall = double(tp) / double(tp + fn);
    return 2 * precision * recall / (precision + recall);
}

SegmentationMetrics SegmentationMetrics::compute(const int32_t* truth, const int32_t* predicted,
                                                 size_t count)
{
    std::vector<int32_t> t, p;
    t.reserve(count);
    p.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        if (truth[i] == kUnlabelled)
            continue;
        t.push_back(truth[i]);
        p.push_back(predicted[i]);
    }
    SegmentationMetrics m;
    m.sampleCount = int64_t(t.size());
    if (t.empty())
        return m;

    std::map<int32_t, int64_t> truePositives, truthCounts, predictedCounts;
    int64_t correct = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        ++truthCounts[t[i]];
        ++predictedCounts[p[i]];
        if (t[i] == p[i]) {
            ++truePositives[t[i]];
            ++correct;
        }
    }
    m.accuracy = double(correct) / double(t.size());
    std::set<int32_t> classes;
    for (const auto& [c, n] : truthCounts)
        classes.insert(c);
    for (const auto& [c, n] : predictedCounts)
        if (c != kUnlabelled) // "no label" is a miss, not a class of its own
            classes.insert(c);
    for (int32_t c : classes) {
        const double tp = double(truePositives[c]);
        const double inTruth = double(truthCounts[c]), inPrediction = double(predictedCounts[c]);
        const double precision = inPrediction > 0 ? tp / inPrediction : 0;
        const double recall = inTruth > 0 ? tp / inTruth : 0;
        const double f1 =
            precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        const double unionCount = inTruth + inPrediction - tp;
        m.perClassF1[c] = f1;
        m.macroF1 += f1;
        m.macroPrecision += precision;
        m.macroRecall += recall;
        m.macroJaccard += unionCount > 0 ? tp / unionCount : 0;
    }
    const double k = double(classes.size());
    m.macroF1 /= k;
    m.macroPrecision /= k;
    m.macroRecall /= k;
    m.macroJaccard /= k;

    const std::vector<Run> truthRuns = runsOf(t), predictedRuns = runsOf(p);
    m.truthSegments = truthRuns.size();
    m.predictedSegments = predictedRuns.size();
    m.editScore = editScoreOf(truthRuns, predictedRuns);
    m.f1At10 = f1AtOverlap(truthRuns, predictedRuns, 0.10);
    m.f1At25 = f1AtOverlap(truthRuns, predictedRuns, 0.25);
    m.f1At50 = f1AtOverlap(truthRuns, predictedRuns, 0.50);
    return m;
}

SegmentationMetrics SegmentationMetrics::compute(const std::vector<int32_t>& truth,
                                                 const std::vector<int32_t>& predicted)
{
    if (truth.size() != predicted.size())
        throw std::invalid_argument("SegmentationMetrics: truth and prediction differ in length");
    return compute(truth.data(), predicted.data(), truth.size());
}

} // namespace kinemark
