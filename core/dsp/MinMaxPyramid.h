#pragma once

#include "core/base/JobControl.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kinemark {

// Level-of-detail min/max summary of one channel, so that a view can draw any
// zoom level in time proportional to its pixels, and no spike disappears when
// zoomed out: every query returns the exact minimum and maximum of the raw
// samples in each column.
//
// Level 0 holds min/max of aligned buckets of kBaseBucket samples; each further
// level halves the bucket count. A column's range is decomposed like a segment
// tree query: raw samples up to the first and after the last aligned bucket,
// then the largest aligned buckets in between, O(log n) per column.
// Memory: n / kBaseBucket buckets x 2 values x ~2 for all levels = n/8 floats, an
// eighth of the channel (it must fit beside a week of raw data).
class MinMaxPyramid
{
public:
    static constexpr int64_t kBaseBucket = 32;

    MinMaxPyramid() = default;
    // Builds from raw samples (not kept; queries take the same pointer again).
    void build(const float* samples, int64_t count, const JobControl* job = nullptr);

    int64_t sampleCount() const { return m_count; }
    size_t levelCount() const { return m_levels.size(); }
    size_t memoryBytes() const;

    // Exact min and max of samples[first, last); requires first < last <= count.
    void rangeMinMax(const float* samples, int64_t first, int64_t last, float* outMin,
                     float* outMax) const;

    // Splits [first, last) into `columns` equal spans and writes each column's
    // exact min and max. Columns beyond the samples get NaN. Column c covers
    // samples [columnEdge(c), columnEdge(c + 1)) (at least one sample).
    void columns(const float* samples, double first, double last, int columns, float* outMin,
                 float* outMax) const;

    // Start sample of column c. Edges are rounded to samples; when a column
    // spans several base buckets they are snapped to bucket boundaries, so a
    // zoomed-out query never touches raw samples (on a week of data those
    // reads are cache and TLB misses that cost more than the whole tree walk).
    static int64_t columnEdge(double first, double last, int columns, int c);

private:
    struct Level
    {
        std::vector<float> mins;
        std::vector<float> maxs;
    };
    int64_t m_count = 0;
    std::vector<Level> m_levels;
};

} // namespace kinemark
