#include "core/analysis/ClassificationMetrics.h"

#include <QJsonArray>
#include <cmath>
#include <stdexcept>

namespace kinemark {

ClassificationMetrics ClassificationMetrics::compute(const std::vector<int32_t>& truth,
                                                     const std::vector<int32_t>& predicted,
                                                     int classCount)
{
    if (truth.size() != predicted.size())
        throw std::invalid_argument("ClassificationMetrics: truth and prediction differ in length");
    if (classCount < 0)
        throw std::invalid_argument("ClassificationMetrics: negative class count");
    ClassificationMetrics m;
    const size_t k = size_t(classCount);
    m.classCount = classCount;
    m.confusion.assign(k * k, 0);
    for (size_t i = 0; i < truth.size(); ++i) {
        if (truth[i] < 0 || truth[i] >= classCount || predicted[i] < 0 ||
            predicted[i] >= classCount)
            throw std::invalid_argument(
                QStringLiteral("ClassificationMetrics: item %1 has class %2 / %3, outside 0..%4")
                    .arg(i)
                    .arg(truth[i])
                    .arg(predicted[i])
                    .arg(classCount - 1)
                    .toStdString());
        ++m.confusion[size_t(truth[i]) * k + size_t(predicted[i])];
    }
    m.total = int64_t(truth.size());

    m.precision.assign(k, 0.0);
    m.recall.assign(k, 0.0);
    m.f1.assign(k, 0.0);
    m.jaccard.assign(k, 0.0);
    m.support.assign(k, 0);
    int64_t correct = 0;
    double logRecallSum = 0;
    int truthClasses = 0;
    bool recallZero = false;
    int present = 0;
    for (size_t c = 0; c < k; ++c) {
        int64_t predictedCount = 0;
        for (size_t r = 0; r < k; ++r) {
            m.support[c] += m.confusion[c * k + r];
            predictedCount += m.confusion[r * k + c];
        }
        const int64_t hits = m.confusion[c * k + c];
        correct += hits;
        // A class never predicted has precision 0, one never true recall 0
        // (scikit-learn's zero_division=0), so that the macro average is not
        // flattered by classes the model avoids.
        m.precision[c] = predictedCount > 0 ? double(hits) / double(predictedCount) : 0.0;
        m.recall[c] = m.support[c] > 0 ? double(hits) / double(m.support[c]) : 0.0;
        const double sum = m.precision[c] + m.recall[c];
        m.f1[c] = sum > 0 ? 2 * m.precision[c] * m.recall[c] / sum : 0.0;
        // TP + FP + FN = support + predicted - TP.
        const int64_t unionCount = m.support[c] + predictedCount - hits;
        m.jaccard[c] = unionCount > 0 ? double(hits) / double(unionCount) : 0.0;
        if (m.support[c] > 0 || predictedCount > 0) {
            ++present;
            m.macroPrecision += m.precision[c];
            m.macroRecall += m.recall[c];
            m.macroF1 += m.f1[c];
            m.macroJaccard += m.jaccard[c];
        }
        const double weight = double(m.support[c]);
        m.weightedPrecision += weight * m.precision[c];
        m.weightedRecall += weight * m.recall[c];
        m.weightedF1 += weight * m.f1[c];
        m.weightedJaccard += weight * m.jaccard[c];
        if (m.support[c] > 0) {
            ++truthClasses;
            if (hits == 0)
                recallZero = true;
            else
                logRecallSum += std::log(m.recall[c]);
        }
    }
    if (present > 0) {
        m.macroPrecision /= present;
        m.macroRecall /= present;
        m.macroF1 /= present;
        m.macroJaccard /= present;
    }
    if (truth.size() > 0) {
        const double n = double(truth.size());
        m.weightedPrecision /= n;
        m.weightedRecall /= n;
        m.weightedF1 /= n;
        m.weightedJaccard /= n;
    }
    m.gMean = truthClasses > 0 && !recallZero ? std::exp(logRecallSum / truthClasses) : 0.0;
    m.accuracy = m.total > 0 ? double(correct) / double(m.total) : 0.0;
    return m;
}

QJsonObject ClassificationMetrics::toJson(const std::vector<int32_t>& classIds) const
{
    if (classIds.size() != size_t(classCount))
        throw std::invalid_argument(
            "ClassificationMetrics::toJson: class ids do not match the classes");
    QJsonObject perClass;
    QJsonArray confusionRows;
    for (size_t c = 0; c < size_t(classCount); ++c) {
        QJsonObject one;
        one.insert(QStringLiteral("f1"), f1[c]);
        one.insert(QStringLiteral("precision"), precision[c]);
        one.insert(QStringLiteral("recall"), recall[c]);
        one.insert(QStringLiteral("jaccard"), jaccard[c]);
        one.insert(QStringLiteral("support"), qint64(support[c]));
        perClass.insert(QString::number(classIds[c]), one);
        QJsonArray row;
        for (size_t p = 0; p < size_t(classCount); ++p)
            row.append(qint64(confusion[c * size_t(classCount) + p]));
        confusionRows.append(row);
    }
    QJsonArray ids;
    for (int32_t id : classIds)
        ids.append(id);
    QJsonObject json;
    json.insert(QStringLiteral("accuracy"), accuracy);
    json.insert(QStringLiteral("macro_f1"), macroF1);
    json.insert(QStringLiteral("macro_precision"), macroPrecision);
    json.insert(QStringLiteral("macro_recall"), macroRecall);
    json.insert(QStringLiteral("weighted_f1"), weightedF1);
    json.insert(QStringLiteral("weighted_precision"), weightedPrecision);
    json.insert(QStringLiteral("weighted_recall"), weightedRecall);
    json.insert(QStringLiteral("macro_jaccard"), macroJaccard);
    json.insert(QStringLiteral("weighted_jaccard"), weightedJaccard);
    json.insert(QStringLiteral("g_mean"), gMean);
    json.insert(QStringLiteral("per_class"), perClass);
    json.insert(QStringLiteral("count"), qint64(total));
    json.insert(QStringLiteral("class_ids"), ids);
    json.insert(QStringLiteral("confusion"), confusionRows);
    return json;
}

} // namespace kinemark
