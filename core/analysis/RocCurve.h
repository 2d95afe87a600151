#pragma once

#include <QJsonObject>
#include <cstdint>
#include <vector>

namespace kinemark {

// A receiver operating characteristic: true- against false-positive rate as
// the decision threshold on a score falls, and the area under it. Items with
// equal scores enter together (one diagonal step), so the area equals the
// probability that a random positive outscores a random negative, ties
// counting half (the Mann-Whitney U statistic).
struct RocCurve
{
    std::vector<double> falsePositiveRate; // from 0 to 1
    std::vector<double> truePositiveRate;  // from 0 to 1
    std::vector<double> thresholds;        // score at which each point is reached (+inf first)
    double auc = 0;                        // meaningless (and reported as null) without both kinds
    int64_t positives = 0;
    int64_t negatives = 0;

    bool isDefined() const { return positives > 0 && negatives > 0; }

    static RocCurve compute(const std::vector<float>& scores, const std::vector<uint8_t>& positive);
    // One curve per class: class c against all others, scored by column c of
    // `probabilities` (rows x classCount, one row per item of `truth`).
    static std::vector<RocCurve> oneVsRest(const std::vector<float>& probabilities,
                                           const std::vector<int32_t>& truth, int classCount);
    // Unweighted mean AUC over the defined curves (0 when none is).
    static double macroAuc(const std::vector<RocCurve>& curves);

    // auc (or null), positives, negatives, fpr, tpr.
    QJsonObject toJson() const;
};

} // namespace kinemark
