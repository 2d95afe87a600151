#pragma once

#include "core/base/JobControl.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace kinemark {

// The engine under the delimited-text readers: parses the data lines of a text
// buffer (usually a memory map) into pre-sized columns, in parallel.
//
// The buffer is cut into chunks at line starts. Pass one counts each chunk's
// lines, prefix sums turn the counts into row offsets, and pass two parses every
// chunk straight into its slice of the columns: no per-row allocation, and the
// result does not depend on how the buffer was cut. Chunks are taken from a
// shared counter by the workers (several per thread, so that an uneven chunk does
// not leave a core idle). A chunk stops at its first bad field, and the problem
// reported is the one of the earliest chunk with a problem, so the user sees the
// first error in file order exactly as a sequential parse would find it.
//
// Every physical line of the buffer is a row: the caller passes the data lines
// only (header and trailing blank lines removed). Lines may end in CRLF, in
// the layout's terminator (';' after the last field, as WISDM's files have
// it) and in extra delimiters. Fields may be quoted ("a,b" is one field).
// Values may use a decimal comma when the delimiter is not a comma.
class TextChunkParser
{
public:
    enum class FieldKind : uint8_t
    {
        Skip,  // not mapped: only counted
        Value, // float column `target`, divided by `divisor`
        Time,  // the time column (at most one), microseconds
        Label, // per-sample class id or label text (at most one)
    };
    enum class TimeKind : uint8_t
    {
        DateTime,     // "YYYY-MM-DD HH:MM:SS.fff", ISO 8601
        Seconds,      // decimal seconds (Unix or relative), to microseconds
        Milliseconds, // decimal milliseconds, to microseconds
        Microseconds, // integer (or decimal) microseconds
        Nanoseconds,  // integer nanoseconds, rounded to microseconds
    };

    struct Field
    {
        FieldKind kind = FieldKind::Skip;
        int target = 0;       // Value: index of the float column
        double divisor = 1.0; // Value: unit conversion (1 for g)
    };

    struct Layout
    {
        char delimiter = ',';
        std::vector<Field> fields; // one per field; every line must have exactly this many
        TimeKind timeKind = TimeKind::DateTime;
        int valueColumns = 0;
        bool textLabels = false; // labels are texts (Columns::labelTexts), not class ids
        char decimalMark = '.';  // ',' also reads "1,5" (only with another delimiter)
        char terminator = 0;     // a character ending every line after its last field, or 0
        bool hasTime() const;
        bool hasLabel() const;
    };

    struct Columns
    {
        std::vector<std::vector<float>> values; // [target][row]
        std::vector<int64_t> times;             // microseconds, when the layout has a time field
        std::vector<int32_t> labels;            // when the layout has a label field
        // With text labels: the distinct texts in order of first appearance;
        // labels are indices into it.
        std::vector<QByteArray> labelTexts;
        int64_t rows = 0;
    };

    // The first bad field: `row` counts from the first line of the buffer,
    // `field` from 0. row < 0 means none.
    struct Problem
    {
        int64_t row = -1;
        int field = -1;
        QString message;
        bool isSet() const { return row >= 0; }
    };

    // `data` must stay valid while the parser is used. threads <= 0: one per
    // core; chunkBytes 0: defaultChunkBytes().
    TextChunkParser(const char* data, size_t size, Layout layout, int threads = 0,
                    size_t chunkBytes = 0);

    // Parses everything. On a bad field, the columns hold every row before the
    // returned problem's row (later rows are unspecified). Throws Cancelled.
    Problem parse(Columns* out, const JobControl* job = nullptr) const;

    // The text of row `row` without its line end (for messages).
    QByteArray rowText(int64_t row) const;

    // The text of field `field` of `line`, split as the parser splits it and
    // without surrounding blanks and quotes (for messages and format detection).
    static QByteArray fieldText(const QByteArray& line, int field, char delimiter);

    // Number of fields of `line` (for messages and for files without a header).
    static int countFields(const char* begin, const char* end, char delimiter);
    // The fields of `line` as the parser splits it (quotes respected), each
    // without surrounding blanks and quotes.
    static QList<QByteArray> splitFields(const QByteArray& line, char delimiter);
    // The refusal of a label column with more texts than classes can be.
    static QString tooManyLabelTexts();

    static int defaultThreadCount();
    // Several chunks per thread for load balance, at least 1 MiB each.
    static size_t defaultChunkBytes(size_t bytes, int threads);
    // Chunk starts (offsets of line starts) for a buffer of data lines; the
    // first is 0. Public so that tests can put errors right at a chunk boundary.
    static std::vector<size_t> chunkStarts(const char* data, size_t size, size_t chunkBytes);

private:
    const char* m_data;
    size_t m_size;
    Layout m_layout;
    int m_threads;
    size_t m_chunkBytes;
};

} // namespace kinemark
