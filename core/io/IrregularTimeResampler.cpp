#include "core/io/IrregularTimeResampler.h"

#include "core/base/FormatError.h"
#include "core/io/devices/DeviceTimeline.h"
#include "core/model/Segment.h"

#include <algorithm>
#include <cmath>

namespace kinemark {

namespace {

// Gaps listed one by one; more are counted.
constexpr int kListedGaps = 20;

QString seconds(double s)
{
    return s < 120 ? QStringLiteral("%1 s").arg(s, 0, 'f', 2)
                   : QStringLiteral("%1 min").arg(s / 60, 0, 'f', 1);
}

} // namespace

int64_t IrregularTimeResampler::resample(TextChunkParser::Columns* columns, int64_t rows,
                                         double rateHz, UniformResampler::Method method,
                                         const QString& path, QStringList* repairs,
                                         const JobControl* job)
{
    const std::vector<int64_t>& t = columns->times;
    if (rows <= 0)
        return 0;
    const double spanS = double(t[size_t(rows - 1)] - t[0]) / 1e6;
    const double grid = std::floor(spanS * rateHz + 1e-6) + 1;
    if (grid > kMaxGridPerRow * double(rows) + 3600 * rateHz) {
        throw FormatError(path,
                          QStringLiteral("the time stamps span %1, which at %2 Hz is %3 samples "
                                         "from %4 rows; check the time format (--time-format) "
                                         "and the rate (--rate), or split the file")
                              .arg(seconds(spanS))
                              .arg(rateHz)
                              .arg(grid, 0, 'f', 0)
                              .arg(rows));
    }
    const int64_t gridCount = int64_t(grid);

    // One anchor per row: every row is taken at its own time stamp; a step
    // beyond DeviceTimeline's break is a gap.
    DeviceSamples samples;
    samples.file = path;
    samples.placeKind = QStringLiteral("line");
    samples.nominalRateHz = rateHz;
    samples.anchors.resize(size_t(rows));
    const double t0 = double(t[0]) / 1e6;
    for (int64_t i = 0; i < rows; ++i)
        samples.anchors[size_t(i)] = {i, double(t[size_t(i)] - t[0]) / 1e6, i};
    samples.channels.resize(columns->values.size());
    for (size_t c = 0; c < columns->values.size(); ++c) {
        columns->values[c].resize(size_t(rows));
        samples.channels[c].samples = std::move(columns->values[c]);
    }
    const DeviceTimeline timeline(samples);
    UniformResampler::Result result =
        UniformResampler::resample(samples, timeline, 0.0, gridCount, rateHz, method, 0.0, job);
    for (size_t c = 0; c < columns->values.size(); ++c)
        columns->values[c] = std::move(result.channels[c].samples);

    std::vector<uint8_t> inGap(size_t(gridCount), 0);
    for (const UniformResampler::Span& g : result.gaps)
        std::fill(inGap.begin() + std::min(g.start, gridCount),
                  inGap.begin() + std::min(g.start + g.count, gridCount), uint8_t(1));
    if (!columns->labels.empty()) {
        std::vector<int32_t> labels(size_t(gridCount), kUnlabelled);
        int64_t row = 0;
        for (int64_t k = 0; k < gridCount; ++k) {
            const double tk = double(k) / rateHz;
            while (row + 1 < rows && samples.anchors[size_t(row + 1)].timeS <= tk)
                ++row;
            int64_t nearest = row;
            if (row + 1 < rows && samples.anchors[size_t(row + 1)].timeS - tk <
                                      tk - samples.anchors[size_t(row)].timeS)
                nearest = row + 1;
            if (!inGap[size_t(k)])
                labels[size_t(k)] = columns->labels[size_t(nearest)];
        }
        columns->labels = std::move(labels);
    }
    columns->rows = gridCount;

    repairs->append(QStringLiteral("%1: %2 rows with uneven time stamps resampled onto a %3 Hz "
                                   "grid (%4, %5 samples)")
                        .arg(path)
                        .arg(rows)
                        .arg(rateHz)
                        .arg(UniformResampler::methodName(method))
                        .arg(gridCount));
    int listed = 0;
    for (const UniformResampler::Span& g : result.gaps) {
        if (listed++ == kListedGaps) {
            repairs->append(QStringLiteral("%1: %2 gaps in all; the first %3 are listed")
                                .arg(path)
                                .arg(result.gaps.size())
                                .arg(kListedGaps));
            break;
        }
        repairs->append(QStringLiteral("%1: gap of %2 at %3 s from the start (no rows; the "
                                       "samples hold the last value and are unlabelled)")
                            .arg(path, seconds(double(g.count) / rateHz))
                            .arg(double(g.start) / rateHz, 0, 'f', 2));
    }
    return int64_t(std::llround(t0 * 1e6));
}

} // namespace kinemark
