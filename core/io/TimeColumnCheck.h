#pragma once

#include "core/io/ColumnMapping.h"
#include "core/io/TextChunkParser.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace kinemark {

// The time column of a delimited text file, checked once the file is parsed:
// its time stamps must step forward; the sampling rate is estimated from them
// when the mapping gives none; steps over 1.5 periods are gaps, which are
// errors unless the mapping asks to fill them. Errors name the line and the
// time column; estimates and repairs go to the reader's warnings and repairs.
class TimeColumnCheck
{
public:
    // Plausible time stamps, in microseconds: absolute times (dates, Unix
    // seconds or milliseconds) from 1900-01-01 to 2200-01-01 UTC; times from
    // the start within +-1e10 s. Beyond them a time stamp is a damaged file or
    // the wrong unit, and its differences could overflow int64.
    static constexpr int64_t kMinAbsoluteUs = -2208988800LL * 1000000;
    static constexpr int64_t kMaxAbsoluteUs = 7258118400LL * 1000000;
    static constexpr int64_t kMaxRelativeUs = 10000000000LL * 1000000;
    // Plausible sampling rates, whether estimated or given with a time column:
    // outside them the time stamps are in another unit than the format says.
    static constexpr double kMinRateHz = 0.1;
    static constexpr double kMaxRateHz = 10000;
    // "1900-01-01 to 2200-01-01" or "-1e10 s to 1e10 s", for messages.
    static QString plausibleRange(bool relative);

    struct Result
    {
        double rate = 0;
        std::vector<int64_t> positions; // empty when every row is the next sample
    };

    // `firstDataLine` is the 1-based line of row 0, `timeField` the 0-based
    // field, `timeFormat` the format the column is read in (not Auto).
    TimeColumnCheck(const QString& path, const ColumnMapping& mapping,
                    ColumnMapping::TimeFormat timeFormat, qint64 firstDataLine, int timeField,
                    char delimiter, QStringList& warnings, QStringList& repairs);

    // Checks the time stamps of rows [0, validRows) (those before the first bad
    // field), estimates the rate when none is given, and finds gaps. Samples are
    // taken in order on the uniform grid: steps up to 1.5 periods are jitter
    // (HARTH's real files have it), longer ones are gaps, which are errors
    // unless the mapping asks to fill them. Whatever is reported is the first
    // problem in file order: a gap before a step back, a step back before a bad
    // field further on.
    Result check(const TextChunkParser& parser, const std::vector<int64_t>& t, int64_t validRows,
                 bool problemAhead);

    // Moves every row to its sample index and fills the gaps with the last
    // row's values; filled samples are unlabelled.
    static void fillGaps(TextChunkParser::Columns* columns, const std::vector<int64_t>& positions);

private:
    void checkRange(const TextChunkParser& parser, const std::vector<int64_t>& t,
                    int64_t validRows) const;
    void checkRate(double rate, bool estimated) const;
    void findGaps(const TextChunkParser& parser, const std::vector<int64_t>& t, int64_t validRows,
                  Result* out);
    double estimateRate(const std::vector<int64_t>& t, int64_t rows);
    [[noreturn]] void timeError(int64_t row, const QString& message) const;
    QString timeText(const TextChunkParser& parser, int64_t row) const;

    const QString& m_path;
    const ColumnMapping& m_mapping;
    ColumnMapping::TimeFormat m_timeFormat;
    qint64 m_firstDataLine;
    int m_timeField;
    char m_delimiter;
    QStringList& m_warnings;
    QStringList& m_repairs;
};

} // namespace kinemark
