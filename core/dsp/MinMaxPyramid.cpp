#include "core/dsp/MinMaxPyramid.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kinemark {

void MinMaxPyramid::build(const float* samples, int64_t count, const JobControl* job)
{
    m_count = count;
    m_levels.clear();
    const int64_t buckets = count / kBaseBucket; // only whole buckets; the tail is read raw
    if (buckets == 0)
        return;
    Level base;
    base.mins.resize(size_t(buckets));
    base.maxs.resize(size_t(buckets));
    for (int64_t b = 0; b < buckets; ++b) {
        if ((b & 0xFFFF) == 0) {
            throwIfCancelled(job);
            reportProgress(job, double(b) / double(buckets));
        }
        const float* p = samples + b * kBaseBucket;
        float mn = p[0], mx = p[0];
        for (int64_t i = 1; i < kBaseBucket; ++i) {
            mn = std::min(mn, p[i]);
            mx = std::max(mx, p[i]);
        }
        base.mins[size_t(b)] = mn;
        base.maxs[size_t(b)] = mx;
    }
    m_levels.push_back(std::move(base));
    while (m_levels.back().mins.size() >= 2) {
        const Level& prev = m_levels.back();
        const size_t n = prev.mins.size() / 2; // an odd last bucket is left to the finer level
        Level next;
        next.mins.resize(n);
        next.maxs.resize(n);
        for (size_t i = 0; i < n; ++i) {
            next.mins[i] = std::min(prev.mins[2 * i], prev.mins[2 * i + 1]);
            next.maxs[i] = std::max(prev.maxs[2 * i], prev.maxs[2 * i + 1]);
        }
        m_levels.push_back(std::move(next));
    }
    reportProgress(job, 1.0);
}

size_t MinMaxPyramid::memoryBytes() const
{
    size_t bytes = 0;
    for (const Level& l : m_levels)
        bytes += (l.mins.capacity() + l.maxs.capacity()) * sizeof(float);
    return bytes;
}

void MinMaxPyramid::rangeMinMax(const float* samples, int64_t first, int64_t last, float* outMin,
                                float* outMax) const
{
    float mn = std::numeric_limits<float>::infinity();
    float mx = -std::numeric_limits<float>::infinity();
    auto takeRaw = [&](int64_t i) {
        mn = std::min(mn, samples[i]);
        mx = std::max(mx, samples[i]);
    };
    // Raw samples up to the first bucket boundary and after the last one.
    const int64_t coveredEnd =
        int64_t(m_levels.empty() ? 0 : m_levels[0].mins.size()) * kBaseBucket;
    while (first < last && (first % kBaseBucket != 0 || first >= coveredEnd))
        takeRaw(first++);
    while (last > first && (last % kBaseBucket != 0 || last > coveredEnd))
        takeRaw(--last);
    // Aligned buckets [i, j) at level 0, climbing while whole pairs remain.
    int64_t i = first / kBaseBucket, j = last / kBaseBucket;
    for (size_t level = 0; i < j; ++level) {
        const Level& L = m_levels[level];
        const bool top = level + 1 == m_levels.size();
        const int64_t parentSize = top ? 0 : int64_t(m_levels[level + 1].mins.size());
        // Buckets that cannot be paired into the next level are taken here.
        if (top || (i & 1)) {
            const int64_t stop = top ? j : i + 1;
            for (; i < stop; ++i) {
                mn = std::min(mn, L.mins[size_t(i)]);
                mx = std::max(mx, L.maxs[size_t(i)]);
            }
        }
        while (i < j && ((j & 1) || j / 2 > parentSize)) {
            --j;
            mn = std::min(mn, L.mins[size_t(j)]);
            mx = std::max(mx, L.maxs[size_t(j)]);
        }
        i /= 2;
        j /= 2;
    }
    *outMin = mn;
    *outMax = mx;
}

int64_t MinMaxPyramid::columnEdge(double first, double last, int columns, int c)
{
    const double span = (last - first) / std::max(1, columns);
    const double edge = first + c * span;
    // The outer edges stay where they are, so that no sample at either end is dropped.
    if (span >= 4 * kBaseBucket && c > 0 && c < columns)
        return int64_t(std::llround(edge / kBaseBucket)) * kBaseBucket;
    return int64_t(std::floor(edge));
}

void MinMaxPyramid::columns(const float* samples, double first, double last, int columns,
                            float* outMin, float* outMax) const
{
    int64_t next = columnEdge(first, last, columns, 0);
    for (int c = 0; c < columns; ++c) {
        int64_t a = next;
        next = columnEdge(first, last, columns, c + 1);
        int64_t b = std::max(next, a + 1);
        a = std::max<int64_t>(a, 0);
        b = std::min(b, m_count);
        if (a >= b) {
            outMin[c] = outMax[c] = std::numeric_limits<float>::quiet_NaN();
            continue;
        }
        rangeMinMax(samples, a, b, outMin + c, outMax + c);
    }
}

} // namespace kinemark
