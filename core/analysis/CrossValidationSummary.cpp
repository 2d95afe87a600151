#include "core/analysis/CrossValidationSummary.h"

#include <algorithm>
#include <cmath>

namespace kinemark {

QJsonObject CrossValidationSummary::aggregate(const QJsonArray& folds)
{
    QJsonObject summary;
    if (folds.isEmpty())
        return summary;
    const QJsonObject first = folds.first().toObject();
    for (auto it = first.constBegin(); it != first.constEnd(); ++it) {
        if (!it.value().isDouble())
            continue;
        QJsonArray values;
        bool everywhere = true;
        double sum = 0, low = INFINITY, high = -INFINITY;
        for (const QJsonValue& fold : folds) {
            const QJsonValue v = fold.toObject().value(it.key());
            if (!v.isDouble()) {
                everywhere = false;
                break;
            }
            const double x = v.toDouble();
            values.append(x);
            sum += x;
            low = std::min(low, x);
            high = std::max(high, x);
        }
        if (!everywhere)
            continue;
        const double n = double(values.size());
        const double mean = sum / n;
        double squares = 0;
        for (const QJsonValue& v : values)
            squares += (v.toDouble() - mean) * (v.toDouble() - mean);
        QJsonObject one;
        one.insert(QStringLiteral("mean"), mean);
        one.insert(QStringLiteral("std"), values.size() > 1 ? std::sqrt(squares / (n - 1)) : 0.0);
        one.insert(QStringLiteral("min"), low);
        one.insert(QStringLiteral("max"), high);
        one.insert(QStringLiteral("folds"), values);
        summary.insert(it.key(), one);
    }
    return summary;
}

QString CrossValidationSummary::format(const QJsonObject& summary, int decimals)
{
    return QStringLiteral("%1 \u00b1 %2")
        .arg(summary.value(QStringLiteral("mean")).toDouble(), 0, 'f', decimals)
        .arg(summary.value(QStringLiteral("std")).toDouble(), 0, 'f', decimals);
}

} // namespace kinemark
