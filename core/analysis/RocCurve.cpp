#include "core/analysis/RocCurve.h"

#include <QJsonArray>
#include <QString>
#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace kinemark {

RocCurve RocCurve::compute(const std::vector<float>& scores, const std::vector<uint8_t>& positive)
{
    if (scores.size() != positive.size())
        throw std::invalid_argument("RocCurve: scores and labels differ in length");
    RocCurve roc;
    for (uint8_t p : positive)
        (p ? roc.positives : roc.negatives) += 1;
    std::vector<size_t> order(scores.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    roc.falsePositiveRate.push_back(0);
    roc.truePositiveRate.push_back(0);
    roc.thresholds.push_back(std::numeric_limits<double>::infinity());
    int64_t truePositives = 0, falsePositives = 0;
    double area = 0, lastFpr = 0, lastTpr = 0;
    const double p = double(std::max<int64_t>(roc.positives, 1));
    const double n = double(std::max<int64_t>(roc.negatives, 1));
    for (size_t i = 0; i < order.size();) {
        const float threshold = scores[order[i]];
        // Everything scoring this threshold goes over it at once.
        while (i < order.size() && scores[order[i]] == threshold) {
            (positive[order[i]] ? truePositives : falsePositives) += 1;
            ++i;
        }
        const double fpr = double(falsePositives) / n;
        const double tpr = double(truePositives) / p;
        area += (fpr - lastFpr) * (tpr + lastTpr) * 0.5; // trapezoid
        roc.falsePositiveRate.push_back(fpr);
        roc.truePositiveRate.push_back(tpr);
        roc.thresholds.push_back(threshold);
        lastFpr = fpr;
        lastTpr = tpr;
    }
    roc.auc = roc.isDefined() ? area : 0.0;
    return roc;
}

std::vector<RocCurve> RocCurve::oneVsRest(const std::vector<float>& probabilities,
                                          const std::vector<int32_t>& truth, int classCount)
{
    if (classCount <= 0 || probabilities.size() != truth.size() * size_t(classCount))
        throw std::invalid_argument("RocCurve::oneVsRest: probabilities are not rows x classes");
    std::vector<RocCurve> curves;
    std::vector<float> scores(truth.size());
    std::vector<uint8_t> positive(truth.size());
    for (int c = 0; c < classCount; ++c) {
        for (size_t i = 0; i < truth.size(); ++i) {
            scores[i] = probabilities[i * size_t(classCount) + size_t(c)];
            positive[i] = truth[i] == c ? 1 : 0;
        }
        curves.push_back(compute(scores, positive));
    }
    return curves;
}

double RocCurve::macroAuc(const std::vector<RocCurve>& curves)
{
    double sum = 0;
    int defined = 0;
    for (const RocCurve& c : curves) {
        if (c.isDefined()) {
            sum += c.auc;
            ++defined;
        }
    }
    return defined > 0 ? sum / defined : 0.0;
}

QJsonObject RocCurve::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("auc"), isDefined() ? QJsonValue(auc) : QJsonValue());
    json.insert(QStringLiteral("positives"), qint64(positives));
    json.insert(QStringLiteral("negatives"), qint64(negatives));
    QJsonArray fpr, tpr;
    for (size_t i = 0; i < falsePositiveRate.size(); ++i) {
        fpr.append(falsePositiveRate[i]);
        tpr.append(truePositiveRate[i]);
    }
    json.insert(QStringLiteral("fpr"), fpr);
    json.insert(QStringLiteral("tpr"), tpr);
    return json;
}

} // namespace kinemark
