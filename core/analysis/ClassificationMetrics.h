#pragma once

#include <QJsonObject>
#include <cstdint>
#include <vector>

namespace kinemark {

// Classification metrics from true and predicted class indices 0..k-1: the
// confusion matrix and what follows from it. Macro averages run over the
// classes that occur in the truth or the prediction; weighted averages weigh
// each class by its support (scikit-learn's average="weighted").
struct ClassificationMetrics
{
    int classCount = 0;
    std::vector<int64_t> confusion; // k x k, row = true class, column = predicted
    int64_t total = 0;
    double accuracy = 0;
    double macroF1 = 0;
    double macroPrecision = 0;
    double macroRecall = 0;
    double weightedF1 = 0;
    double weightedPrecision = 0;
    double weightedRecall = 0;
    double macroJaccard = 0; // mean over present classes of TP / (TP + FP + FN)
    double weightedJaccard = 0;
    // Geometric mean of the recalls of the classes that occur in the truth
    // (imbalanced-learn's multi-class G-mean): 0 as soon as one class is never
    // recognised, which the arithmetic mean would hide.
    double gMean = 0;
    std::vector<double> precision, recall, f1, jaccard; // per class
    std::vector<int64_t> support;                       // true count per class

    static ClassificationMetrics compute(const std::vector<int32_t>& truth,
                                         const std::vector<int32_t>& predicted, int classCount);
    int64_t at(int truthClass, int predictedClass) const
    {
        return confusion[size_t(truthClass) * size_t(classCount) + size_t(predictedClass)];
    }
    // accuracy, macro_f1, macro_precision, macro_recall, weighted_f1,
    // weighted_precision, weighted_recall, macro_jaccard, weighted_jaccard,
    // g_mean, per_class (by the given class ids: f1, precision, recall, jaccard,
    // support), count, plus class_ids and
    // confusion (rows in class_ids order). Precision of a class never predicted
    // and recall of a class never true are 0.
    QJsonObject toJson(const std::vector<int32_t>& classIds) const;
};

} // namespace kinemark
