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
    struct Result
    {
        double rate = 0;
        std::vector<int64_t> positions; // empty when every row is the next sample
    };

    // `firstDataLine` is the 1-based line of row 0, `timeField` the 0-based field.
    TimeColumnCheck(const QString& path, const ColumnMapping& mapping, qint64 firstDataLine,
                    int timeField, char delimiter, QStringList& warnings, QStringList& repairs);

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
    void findGaps(const TextChunkParser& parser, const std::vector<int64_t>& t, int64_t validRows,
                  Result* out);
    double estimateRate(const std::vector<int64_t>& t, int64_t rows);
    [[noreturn]] void timeError(int64_t row, const QString& message) const;
    QString timeText(const TextChunkParser& parser, int64_t row) const;

    const QString& m_path;
    const ColumnMapping& m_mapping;
    qint64 m_firstDataLine;
    int m_timeField;
    char m_delimiter;
    QStringList& m_warnings;
    QStringList& m_repairs;
};

} // namespace kinemark
