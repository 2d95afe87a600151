#include "core/io/TimeColumnCheck.h"

#include "core/base/FormatError.h"
#include "core/model/Segment.h"

#include <algorithm>
#include <cmath>

namespace kinemark {

namespace {

// A time-stamp step above this many sampling periods is a gap; below it, jitter.
constexpr double kGapPeriods = 1.5;
// Gaps are filled only up to this length: a longer one is almost certainly two
// recordings in one file, and filling it could take more memory than the data.
constexpr double kMaxFilledGapSeconds = 24 * 3600.0;
constexpr int kMaxRepairLines = 100;
// All gaps together are filled only up to this budget: this many times the
// samples read, plus kFillAllowanceSeconds at the rate. Without it, a file of a
// few lines whose gaps are each under 24 h (ten of 23 h) would be filled to
// hundreds of millions of samples, exhausting memory.
constexpr int64_t kMaxFilledPerSampleRead = 10;
constexpr double kFillAllowanceSeconds = 3600.0;

QString formatSeconds(double seconds)
{
    if (seconds >= 3600)
        return QStringLiteral("%1 h").arg(seconds / 3600, 0, 'f', 2);
    if (seconds >= 1)
        return QStringLiteral("%1 s").arg(seconds, 0, 'f', 2);
    return QStringLiteral("%1 ms").arg(seconds * 1000, 0, 'f', 1);
}

} // namespace

TimeColumnCheck::TimeColumnCheck(const QString& path, const ColumnMapping& mapping,
                                 ColumnMapping::TimeFormat timeFormat, qint64 firstDataLine,
                                 int timeField, char delimiter, QStringList& warnings,
                                 QStringList& repairs)
    : m_path(path), m_mapping(mapping), m_timeFormat(timeFormat), m_firstDataLine(firstDataLine),
      m_timeField(timeField), m_delimiter(delimiter), m_warnings(warnings), m_repairs(repairs)
{}

TimeColumnCheck::Result TimeColumnCheck::check(const TextChunkParser& parser,
                                               const std::vector<int64_t>& t, int64_t validRows,
                                               bool problemAhead)
{
    Result result;
    checkRange(parser, t, validRows);
    // Rows up to the first step that is not forward are in order; only they
    // can be used to estimate the rate and to look for gaps.
    int64_t ordered = validRows;
    for (int64_t i = 1; i < validRows; ++i) {
        if (t[size_t(i)] <= t[size_t(i - 1)]) {
            ordered = i;
            break;
        }
    }
    auto stepBack = [&]() {
        timeError(ordered, QStringLiteral("time stamp %1 is not after the previous one (line %2)")
                               .arg(timeText(parser, ordered))
                               .arg(m_firstDataLine + ordered - 1));
    };
    result.rate = m_mapping.sampleRateHz;
    if (!(result.rate > 0)) {
        if (ordered < 2) {
            if (ordered < validRows)
                stepBack();
            if (problemAhead)
                return result; // the bad field is reported instead
            throw FormatError(m_path,
                              QStringLiteral("cannot estimate the sampling rate from a single "
                                             "time stamp; give the rate"),
                              m_firstDataLine, m_timeField + 1);
        }
        result.rate = estimateRate(t, ordered);
        checkRate(result.rate, true);
    } else {
        checkRate(result.rate, false);
    }
    if (m_mapping.resample) { // IrregularTimeResampler finds and reports the gaps
        if (ordered < validRows)
            stepBack();
        return result;
    }
    findGaps(parser, t, ordered, &result);
    if (ordered < validRows)
        stepBack();
    return result;
}

QString TimeColumnCheck::plausibleRange(bool relative)
{
    return relative ? QStringLiteral("-1e10 s to 1e10 s from the start")
                    : QStringLiteral("1900-01-01 to 2200-01-01");
}

// Every time stamp within the plausible range, checked before any difference
// of two of them is taken: +-9e12 s would overflow the steps and the rate.
void TimeColumnCheck::checkRange(const TextChunkParser& parser, const std::vector<int64_t>& t,
                                 int64_t validRows) const
{
    const bool relative = m_timeFormat == ColumnMapping::TimeFormat::RelativeSeconds;
    const int64_t low = relative ? -kMaxRelativeUs : kMinAbsoluteUs;
    const int64_t high = relative ? kMaxRelativeUs : kMaxAbsoluteUs;
    for (int64_t i = 0; i < validRows; ++i) {
        const int64_t us = t[size_t(i)];
        if (us < low || us > high)
            timeError(i, QStringLiteral("time stamp '%1' is outside the plausible range "
                                        "(%2); check the time format (--time-format "
                                        "unix-s, unix-ms, unix-us, unix-ns or seconds)")
                             .arg(timeText(parser, i), plausibleRange(relative)));
    }
}

void TimeColumnCheck::checkRate(double rate, bool estimated) const
{
    if (std::isfinite(rate) && rate >= kMinRateHz && rate <= kMaxRateHz)
        return;
    throw FormatError(
        m_path, QStringLiteral("the sampling rate %1 %2 Hz, is outside the plausible range "
                               "(%3 to %4 Hz)%5")
                    .arg(estimated ? QStringLiteral("estimated from the time stamps,")
                                   : QStringLiteral("given,"))
                    .arg(rate, 0, 'g', 6)
                    .arg(kMinRateHz)
                    .arg(kMaxRateHz)
                    .arg(estimated ? QStringLiteral("; check the time format or give the rate")
                                   : QString()));
}

void TimeColumnCheck::findGaps(const TextChunkParser& parser, const std::vector<int64_t>& t,
                               int64_t validRows, Result* out)
{
    Result& result = *out;
    const double periodUs = 1e6 / result.rate;
    const double gapUs = kGapPeriods * periodUs;
    int64_t filled = 0;
    int64_t gaps = 0;
    for (int64_t i = 1; i < validRows; ++i) {
        const int64_t step = t[size_t(i)] - t[size_t(i - 1)];
        if (double(step) <= gapUs)
            continue;
        const double seconds = double(step) / 1e6;
        if (m_mapping.gapPolicy == ColumnMapping::GapPolicy::Error) {
            timeError(i, QStringLiteral("gap of %1 before time stamp %2 (the previous one is on "
                                        "line %3; expected a sample every %4); give --gaps mark to "
                                        "fill it with the last values, left unlabelled")
                             .arg(formatSeconds(seconds), timeText(parser, i))
                             .arg(m_firstDataLine + i - 1)
                             .arg(formatSeconds(periodUs / 1e6)));
        }
        if (seconds > kMaxFilledGapSeconds) {
            timeError(i, QStringLiteral("gap of %1 before time stamp %2 is too long to fill (more "
                                        "than 24 h); split the file")
                             .arg(formatSeconds(seconds), timeText(parser, i)));
        }
        if (result.positions.empty()) {
            result.positions.resize(size_t(validRows));
            for (int64_t r = 0; r < i; ++r)
                result.positions[size_t(r)] = r;
        }
        const int64_t missing = std::max<int64_t>(1, std::llround(double(step) / periodUs) - 1);
        const double budget = double(kMaxFilledPerSampleRead) * double(validRows) +
                              kFillAllowanceSeconds * result.rate;
        if (double(filled) + double(missing) > budget) {
            const int64_t samples = validRows + filled + missing;
            timeError(i, QStringLiteral("gap of %1 before time stamp %2 would fill the recording "
                                        "to %3 samples (%4 at %5 Hz, of which %6 filled) from "
                                        "%7 rows read; gaps are filled only up to %8 times the "
                                        "samples read plus 1 h; split the file")
                             .arg(formatSeconds(seconds), timeText(parser, i))
                             .arg(samples)
                             .arg(formatSeconds(double(samples) / result.rate))
                             .arg(result.rate, 0, 'g', 8)
                             .arg(filled + missing)
                             .arg(validRows)
                             .arg(kMaxFilledPerSampleRead));
        }
        if (gaps < kMaxRepairLines) {
            m_repairs << QStringLiteral("%1:%2: filled a gap of %3 (%4 %5) before "
                                        "this line with the last values, left "
                                        "unlabelled")
                             .arg(m_path)
                             .arg(m_firstDataLine + i)
                             .arg(formatSeconds(seconds))
                             .arg(missing)
                             .arg(missing == 1 ? QStringLiteral("sample")
                                               : QStringLiteral("samples"));
        }
        ++gaps;
        filled += missing;
        result.positions[size_t(i)] = result.positions[size_t(i - 1)] + 1 + missing;
        // Rows until the next gap follow one sample apart.
        int64_t r = i + 1;
        for (; r < validRows; ++r) {
            if (double(t[size_t(r)] - t[size_t(r - 1)]) > gapUs)
                break;
            result.positions[size_t(r)] = result.positions[size_t(r - 1)] + 1;
        }
        i = r - 1;
    }
    if (gaps > kMaxRepairLines) {
        m_repairs << QStringLiteral("%1: %2 gaps filled in all (%3 samples); the "
                                    "first %4 are listed")
                         .arg(m_path)
                         .arg(gaps)
                         .arg(filled)
                         .arg(kMaxRepairLines);
    }
}

// The median step is robust to gaps and outliers; when the mean step agrees
// with it (no large gaps) the mean is used instead, because time stamps
// rounded to whole milliseconds make the median alone wrong for rates
// such as 30 Hz (steps of 33 and 34 ms). Rates within 0.2 % of a whole
// number of Hz are taken as that number (clock drift, jitter).
double TimeColumnCheck::estimateRate(const std::vector<int64_t>& t, int64_t rows)
{
    std::vector<int64_t> steps(size_t(rows - 1));
    for (int64_t i = 1; i < rows; ++i)
        steps[size_t(i - 1)] = t[size_t(i)] - t[size_t(i - 1)];
    std::nth_element(steps.begin(), steps.begin() + steps.size() / 2, steps.end());
    const double median = double(steps[steps.size() / 2]);
    const double mean = double(t[size_t(rows - 1)] - t[0]) / double(rows - 1);
    double step = std::fabs(mean - median) < 0.05 * median ? mean : median;
    double rate = 1e6 / step;
    const double whole = std::round(rate);
    if (whole > 0 && std::fabs(rate - whole) < 0.002 * rate)
        rate = whole;
    m_warnings << QStringLiteral("%1: sampling rate estimated from the time stamps: %2 Hz")
                      .arg(m_path)
                      .arg(rate, 0, 'g', 8);
    return rate;
}

// Moves every row to its sample index and fills the gaps with the last
// row's values; filled samples are unlabelled.
void TimeColumnCheck::fillGaps(TextChunkParser::Columns* columns,
                               const std::vector<int64_t>& positions)
{
    const size_t rows = positions.size();
    const size_t samples = size_t(positions.back()) + 1;
    for (std::vector<float>& column : columns->values) {
        std::vector<float> filled(samples);
        for (size_t r = 0; r < rows; ++r) {
            const size_t from = size_t(positions[r]);
            const size_t to = r + 1 < rows ? size_t(positions[r + 1]) : samples;
            std::fill(filled.begin() + from, filled.begin() + to, column[r]);
        }
        column = std::move(filled);
    }
    if (!columns->labels.empty()) {
        std::vector<int32_t> labels(samples, kUnlabelled);
        for (size_t r = 0; r < rows; ++r)
            labels[size_t(positions[r])] = columns->labels[r];
        columns->labels = std::move(labels);
    }
    columns->rows = int64_t(samples);
}

void TimeColumnCheck::timeError(int64_t row, const QString& message) const
{
    throw FormatError(m_path, message, m_firstDataLine + row, m_timeField + 1);
}

QString TimeColumnCheck::timeText(const TextChunkParser& parser, int64_t row) const
{
    return QString::fromUtf8(
        TextChunkParser::fieldText(parser.rowText(row), m_timeField, m_delimiter));
}

} // namespace kinemark
