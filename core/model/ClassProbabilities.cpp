#include "core/model/ClassProbabilities.h"

#include <QSet>
#include <algorithm>
#include <cmath>
#include <limits>

namespace kinemark {

long ClassProbabilities::rowAt(int64_t sample) const
{
    if (step < 1 || sample < start)
        return -1;
    const int64_t r = (sample - start) / step;
    return r < int64_t(rowCount()) ? long(r) : -1;
}

float ClassProbabilities::confidence(size_t r) const
{
    const float* p = row(r);
    return *std::max_element(p, p + classIds.size());
}

void ClassProbabilities::minimumConfidence(double first, double last, int columns, float* out) const
{
    if (columns <= 0)
        return;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const int64_t rows = int64_t(rowCount());
    const double width = (last - first) / columns;
    if (rows == 0 || step < 1 || !(width > 0)) {
        std::fill(out, out + columns, nan);
        return;
    }
    for (int c = 0; c < columns; ++c) {
        // Rows overlapping the column's samples [a, b); a column narrower than a
        // sample still shows the row under its left edge.
        const double a = first + c * width, b = a + width;
        const int64_t from = int64_t(std::floor((a - double(start)) / double(step)));
        int64_t to = int64_t(std::ceil((b - double(start)) / double(step))); // exclusive
        to = std::max(to, from + 1);
        const int64_t lo = std::max<int64_t>(from, 0), hi = std::min<int64_t>(to, rows);
        if (lo >= hi) {
            out[c] = nan;
            continue;
        }
        float lowest = confidence(size_t(lo));
        for (int64_t r = lo + 1; r < hi; ++r)
            lowest = std::min(lowest, confidence(size_t(r)));
        out[c] = lowest;
    }
}

QString ClassProbabilities::checkConsistency(int64_t sampleCount) const
{
    if (start < 0 || step < 1)
        return QStringLiteral("start %1 and step %2 are not valid").arg(start).arg(step);
    if (classIds.empty())
        return QStringLiteral("there are no class ids");
    QSet<int32_t> seen;
    for (int32_t id : classIds) {
        if (id < 0 || seen.contains(id))
            return QStringLiteral("class id %1 is negative or listed twice").arg(id);
        seen.insert(id);
    }
    if (values.size() % classIds.size() != 0)
        return QStringLiteral("%1 values are not whole rows of %2 classes")
            .arg(values.size())
            .arg(classIds.size());
    for (size_t i = 0; i < values.size(); ++i)
        if (!(values[i] >= 0.0f && values[i] <= 1.0f + 1e-4f))
            return QStringLiteral("row %1, class %2: %3 is not a probability")
                .arg(i / classIds.size())
                .arg(classIds[i % classIds.size()])
                .arg(double(values[i]));
    const int64_t rows = int64_t(rowCount());
    if (rows > 0 && start + (rows - 1) * step >= sampleCount)
        return QStringLiteral(
                   "%1 rows of %2 samples from sample %3 run beyond the last sample (%4)")
            .arg(rows)
            .arg(step)
            .arg(start)
            .arg(sampleCount);
    return QString();
}

} // namespace kinemark
