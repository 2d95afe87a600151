#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace kinemark {

// Mean and standard deviation over the folds of a cross-validation, per
// metric: what a paper reports as "macro F1 0.81 +- 0.06 (LOSO)".
class CrossValidationSummary
{
public:
    // `folds`: one metrics object per fold (e.g. ClassificationMetrics::toJson
    // of the held-out subjects). Every top-level number that all folds carry is
    // summarised as {"mean", "std", "min", "max", "folds": [...]}; std is the
    // sample standard deviation (n - 1), 0 for a single fold. Other members
    // (per-class objects, arrays) are left out.
    static QJsonObject aggregate(const QJsonArray& folds);
    // "0.812 ± 0.061" for one summarised metric.
    static QString format(const QJsonObject& summary, int decimals = 3);
};

} // namespace kinemark
