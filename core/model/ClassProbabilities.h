#pragma once

#include <QString>
#include <cstdint>
#include <vector>

namespace kinemark {

// A model's class probabilities over a recording, kept beside its prediction
// track at a coarse time step (one row per window hop, not per sample: a week
// of 12 classes per sample would be 1.4 GB). Row r covers samples
// [start + r * step, start + (r + 1) * step); the last row may be cut short by
// the end of the recording, but every row starts inside it.
struct ClassProbabilities
{
    int64_t start = 0;
    int64_t step = 1;
    std::vector<int32_t> classIds; // column order
    std::vector<float> values;     // rows x classIds.size(), each row sums to 1

    size_t rowCount() const { return classIds.empty() ? 0 : values.size() / classIds.size(); }
    bool isEmpty() const { return values.empty(); }
    const float* row(size_t r) const { return values.data() + r * classIds.size(); }
    // Row covering `sample`, or -1 outside.
    long rowAt(int64_t sample) const;
    // The largest class probability of a row: the model's confidence.
    float confidence(size_t r) const;
    // For drawing: the minimum confidence over each of `columns` equal spans of
    // samples [first, last) (NaN where no row covers a column), so that a
    // short low-confidence stretch stays visible when zoomed out.
    void minimumConfidence(double first, double last, int columns, float* out) const;
    // Empty when valid for a recording of `sampleCount` samples, otherwise what
    // is wrong (step < 1, no or repeated class ids, partial rows, values that
    // are not probabilities, rows starting beyond the recording).
    QString checkConsistency(int64_t sampleCount) const;
    bool operator==(const ClassProbabilities& o) const
    {
        return start == o.start && step == o.step && classIds == o.classIds && values == o.values;
    }
};

} // namespace kinemark
