#include "core/io/TextChunkParser.h"

#include "core/io/CsvFields.h"
#include "core/io/FastNumberParser.h"
#include "core/io/LabelTextCollector.h"

#include <QList>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kinemark {

namespace {

constexpr int64_t kRowsBetweenChecks = 1 << 13;
constexpr size_t kNoChunk = std::numeric_limits<size_t>::max();

size_t countNewlines(const char* p, size_t n)
{
    size_t count = 0;
    size_t i = 0;
#if defined(__SSE2__)
    // Byte-wise counters (compare gives -1 per '\n', so subtracting counts up),
    // folded into the total with a sum of absolute differences before they can
    // wrap at 255. Counting is the first pass over the whole file, so it should
    // run at memory speed.
    const __m128i newline = _mm_set1_epi8('\n');
    const __m128i zero = _mm_setzero_si128();
    while (i + 16 <= n) {
        __m128i counters = zero;
        const size_t blockEnd = std::min(n - (n - i) % 16, i + 16 * 255);
        for (; i < blockEnd; i += 16) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
            counters = _mm_sub_epi8(counters, _mm_cmpeq_epi8(bytes, newline));
        }
        const __m128i sums = _mm_sad_epu8(counters, zero);
        count += size_t(_mm_cvtsi128_si32(sums)) + size_t(_mm_extract_epi16(sums, 4));
    }
#endif
    for (; i < n; ++i)
        count += p[i] == '\n';
    return count;
}

QString quoted(const char* begin, const char* end)
{
    constexpr ptrdiff_t kMax = 40;
    QString text = QString::fromUtf8(begin, int(std::min(end - begin, kMax)));
    if (end - begin > kMax)
        text += QStringLiteral("...");
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

// Runs job(0..count-1) on up to `threads` threads, the calling thread included,
// taking jobs from a shared counter. The first exception stops the others from
// taking new jobs and is rethrown here after all threads have been joined.
template <typename Job> void runJobs(int threads, size_t count, const Job& job)
{
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto work = [&]() {
        try {
            for (;;) {
                const size_t index = next.fetch_add(1);
                if (index >= count || failed.load())
                    break;
                job(index);
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(errorMutex);
            if (!error)
                error = std::current_exception();
            failed = true;
        }
    };
    const size_t helpers = std::min(size_t(std::max(threads, 1)), count) - (count > 0 ? 1 : 0);
    std::vector<std::thread> pool;
    pool.reserve(helpers);
    for (size_t i = 0; i < helpers; ++i)
        pool.emplace_back(work);
    work();
    for (std::thread& t : pool)
        t.join();
    if (error)
        std::rethrow_exception(error);
}

// Parses the lines of one chunk. One instance per chunk, so the date cache and
// the problem are private to the thread running it.
class ChunkLineParser
{
public:
    ChunkLineParser(const TextChunkParser::Layout& layout, TextChunkParser::Columns* out,
                    LabelTextCollector::Chunk* texts)
        : m_fields(layout.fields.data()), m_fieldCount(int(layout.fields.size())),
          m_delimiter(layout.delimiter), m_decimalComma(layout.decimalMark == ','),
          m_timeKind(layout.timeKind), m_texts(texts),
          m_times(out->times.empty() ? nullptr : out->times.data()),
          m_labels(out->labels.empty() ? nullptr : out->labels.data())
    {
        m_values.reserve(out->values.size());
        for (std::vector<float>& column : out->values)
            m_values.push_back(column.data());
    }

    const TextChunkParser::Problem& problem() const { return m_problem; }

    // Space-separated files (HAPT) treat runs of spaces as one delimiter and
    // ignore leading and trailing spaces; the other delimiters separate exactly.
    template <bool kCollapse> bool parseLine(const char* p, const char* e, int64_t row)
    {
        const char* const lineStart = p;
        if (kCollapse) {
            while (p < e && *p == ' ')
                ++p;
        }
        if (p == e) {
            return fail(row, 0,
                        m_fieldCount == 1
                            ? QStringLiteral("empty line; expected a value")
                            : QStringLiteral("empty line; expected %1 fields").arg(m_fieldCount));
        }
        // Every line between the first and the last data line is a row (see
        // the class comment): a logger's note in the middle is refused, saying
        // what it is rather than counting its fields.
        if (*p == '#')
            return fail(row, 0,
                        QStringLiteral("a comment line inside the data; comments are read "
                                       "above and below the data only: remove it (e.g. grep -v "
                                       "'^#')"));
        for (int i = 0; i < m_fieldCount; ++i) {
            const TextChunkParser::Field& field = m_fields[i];
            const char* q = nullptr;
            switch (field.kind) {
            case TextChunkParser::FieldKind::Value:
                if (field.divisor == 1.0) {
                    float v;
                    q = FastNumberParser::parseFloat(p, e, &v);
                    if (q && (q == e || *q == m_delimiter)) {
                        m_values[field.target][row] = v;
                        break;
                    }
                } else {
                    double v;
                    q = FastNumberParser::parseDouble(p, e, &v);
                    if (q && (q == e || *q == m_delimiter)) {
                        m_values[field.target][row] = float(v / field.divisor);
                        break;
                    }
                }
                q = slowField(i, p, e, row);
                break;
            case TextChunkParser::FieldKind::Time: {
                int64_t t;
                q = parseTime(p, e, &t);
                if (q && (q == e || *q == m_delimiter)) {
                    m_times[row] = t;
                    break;
                }
                q = slowField(i, p, e, row);
                break;
            }
            case TextChunkParser::FieldKind::Label: {
                if (m_texts) {
                    q = textLabel(i, p, e, row);
                    break;
                }
                int32_t label = 0;
                q = FastNumberParser::parseInt32(p, e, &label);
                if (q && (q == e || *q == m_delimiter)) {
                    m_labels[row] = label;
                    break;
                }
                q = slowField(i, p, e, row);
                break;
            }
            case TextChunkParser::FieldKind::Skip:
                q = fieldEnd(p, e);
                break;
            }
            if (!q)
                return false;
            p = q;
            if (i + 1 < m_fieldCount) {
                if (p < e)
                    ++p; // the delimiter
                if (kCollapse) {
                    while (p < e && *p == ' ')
                        ++p;
                }
                if (p == e && q == e) {
                    return fail(row, i + 1,
                                QStringLiteral("expected %1 fields, found %2")
                                    .arg(m_fieldCount)
                                    .arg(i + 1));
                }
                if (kCollapse && p == e) {
                    return fail(row, i + 1,
                                QStringLiteral("expected %1 fields, found %2")
                                    .arg(m_fieldCount)
                                    .arg(i + 1));
                }
            } else {
                // Extra delimiters after the last field (spreadsheets write
                // them) are no fields.
                while (p < e && (*p == m_delimiter || CsvFields::isBlank(*p)))
                    ++p;
                if (p != e) {
                    return fail(row, m_fieldCount,
                                QStringLiteral("expected %1 fields, found %2")
                                    .arg(m_fieldCount)
                                    .arg(TextChunkParser::countFields(lineStart, e, m_delimiter)));
                }
            }
        }
        return true;
    }

private:
    const char* parseTime(const char* p, const char* e, int64_t* t)
    {
        switch (m_timeKind) {
        case TextChunkParser::TimeKind::DateTime:
            return FastNumberParser::parseDateTime(p, e, t, &m_dateCache, m_delimiter);
        case TextChunkParser::TimeKind::Seconds:
            return FastNumberParser::parseScaled(p, e, 6, t);
        case TextChunkParser::TimeKind::Milliseconds:
            return FastNumberParser::parseScaled(p, e, 3, t);
        case TextChunkParser::TimeKind::Microseconds:
            return FastNumberParser::parseScaled(p, e, 0, t);
        case TextChunkParser::TimeKind::Nanoseconds: {
            int64_t ns = 0;
            const char* q = FastNumberParser::parseScaled(p, e, 0, &ns);
            if (q) // to the nearest microsecond, halves away from zero
                *t = ns >= 0 ? (ns + 500) / 1000 : -((500 - ns) / 1000);
            return q;
        }
        }
        return nullptr;
    }

    const char* fieldEnd(const char* p, const char* e) const
    {
        const char* a = p;
        while (a < e && CsvFields::isBlank(*a))
            ++a;
        if (a < e && *a == '"')
            return CsvFields::quotedFieldEnd(a, e, m_delimiter);
        const void* d = std::memchr(p, m_delimiter, size_t(e - p));
        return d ? static_cast<const char*>(d) : e;
    }

    // A label read as text: its number among the chunk's texts. An empty
    // field is a text too (TextLabelDictionary makes it "no label").
    const char* textLabel(int index, const char* p, const char* e, int64_t row)
    {
        const char* end = fieldEnd(p, e);
        const char* a = p;
        const char* b = end;
        CsvFields::trimBlanksAndQuotes(a, b);
        const int code = m_texts->code(a, b, row);
        if (code < 0)
            return failNull(row, index, TextChunkParser::tooManyLabelTexts());
        m_labels[row] = code;
        return end;
    }

    // The field did not parse where it started and end at a delimiter: find its
    // end, allow blanks and double quotes around the value, and parse again;
    // otherwise say what is wrong with it. Returns the field's end or nullptr.
    const char* slowField(int index, const char* p, const char* e, int64_t row)
    {
        const char* end = fieldEnd(p, e);
        const char* a = p;
        const char* b = end;
        CsvFields::trimBlanksAndQuotes(a, b);
        const TextChunkParser::Field& field = m_fields[index];
        if (a == b) {
            switch (field.kind) {
            case TextChunkParser::FieldKind::Time:
                return failNull(row, index, QStringLiteral("empty field; expected a time stamp"));
            case TextChunkParser::FieldKind::Label:
                return failNull(row, index,
                                QStringLiteral("empty field; expected an integer class id (give "
                                               "--unlabelled to name the values that mean no "
                                               "label)"));
            default:
                return failNull(row, index, QStringLiteral("empty field; expected a number"));
            }
        }
        switch (field.kind) {
        case TextChunkParser::FieldKind::Value:
            return slowValue(field, index, a, b, end, row);
        case TextChunkParser::FieldKind::Time:
            return slowTime(index, a, b, end, row);
        case TextChunkParser::FieldKind::Label: {
            int32_t label = 0;
            if (FastNumberParser::parseInt32(a, b, &label) == b) {
                m_labels[row] = label;
                return end;
            }
            return failNull(row, index,
                            QStringLiteral("%1 is not an integer class id (the column's first "
                                           "label is one, so it is read as class ids; use "
                                           "--label-format text to read every label as text, or "
                                           "--label-map)")
                                .arg(quoted(a, b)));
        }
        case TextChunkParser::FieldKind::Skip:
            return end;
        }
        return nullptr;
    }

    // A value field [a, b) that the fast path did not take; `end` on success.
    const char* slowValue(const TextChunkParser::Field& field, int index, const char* a,
                          const char* b, const char* end, int64_t row)
    {
        if (field.divisor == 1.0) {
            float v;
            if (FastNumberParser::parseFloat(a, b, &v) == b) {
                m_values[field.target][row] = v;
                return end;
            }
        } else {
            double v;
            if (FastNumberParser::parseDouble(a, b, &v) == b) {
                m_values[field.target][row] = float(v / field.divisor);
                return end;
            }
        }
        if (m_decimalComma && b - a < 64 && std::find(a, b, ',') != b) {
            // "1,5" with ';' delimiters (European spreadsheets): read as "1.5".
            char text[64];
            std::replace_copy(a, b, text, ',', '.');
            const char* const textEnd = text + (b - a);
            double v;
            if (FastNumberParser::parseDouble(text, textEnd, &v) == textEnd &&
                std::fabs(v / field.divisor) <= double(std::numeric_limits<float>::max())) {
                m_values[field.target][row] = float(v / field.divisor);
                return end;
            }
        }
        if (FastNumberParser::isNonFinite(a, b)) {
            return failNull(row, index,
                            QStringLiteral("%1 is not a finite number (missing or invalid "
                                           "values cannot be imported)")
                                .arg(quoted(a, b)));
        }
        // A value that is a number but outside the float range.
        double wide;
        if (FastNumberParser::parseDouble(a, b, &wide) == b) {
            return failNull(
                row, index,
                QStringLiteral("%1 is out of the range of a float value").arg(quoted(a, b)));
        }
        return failNull(row, index, QStringLiteral("%1 is not a number").arg(quoted(a, b)));
    }

    // A time field [a, b) that the fast path did not take; `end` on success.
    const char* slowTime(int index, const char* a, const char* b, const char* end, int64_t row)
    {
        int64_t t;
        if (parseTime(a, b, &t) == b) {
            m_times[row] = t;
            return end;
        }
        if (m_decimalComma && m_timeKind != TextChunkParser::TimeKind::DateTime && b - a < 64 &&
            std::find(a, b, ',') != b) {
            char text[64]; // "0,05" seconds with a decimal comma
            std::replace_copy(a, b, text, ',', '.');
            if (parseTime(text, text + (b - a), &t) == text + (b - a)) {
                m_times[row] = t;
                return end;
            }
        }
        // A number that did not fit: microseconds beyond int64 (e.g. 1e13 s).
        double number = 0;
        if (m_timeKind != TextChunkParser::TimeKind::DateTime &&
            FastNumberParser::parseDouble(a, b, &number) == b)
            return failNull(row, index,
                            QStringLiteral("time stamp %1 is out of range (its microseconds "
                                           "overflow a 64-bit integer)")
                                .arg(quoted(a, b)));
        switch (m_timeKind) {
        case TextChunkParser::TimeKind::DateTime:
            return failNull(row, index,
                            QStringLiteral("%1 is not a date and time (expected YYYY-MM-DD "
                                           "HH:MM:SS[.fff])")
                                .arg(quoted(a, b)));
        case TextChunkParser::TimeKind::Seconds:
            return failNull(row, index,
                            QStringLiteral("%1 is not a number of seconds").arg(quoted(a, b)));
        case TextChunkParser::TimeKind::Milliseconds:
            return failNull(row, index,
                            QStringLiteral("%1 is not a number of milliseconds").arg(quoted(a, b)));
        case TextChunkParser::TimeKind::Microseconds:
            return failNull(row, index,
                            QStringLiteral("%1 is not a number of microseconds").arg(quoted(a, b)));
        case TextChunkParser::TimeKind::Nanoseconds:
            return failNull(row, index,
                            QStringLiteral("%1 is not a number of nanoseconds").arg(quoted(a, b)));
        }
        return nullptr;
    }

    bool fail(int64_t row, int field, QString message)
    {
        m_problem.row = row;
        m_problem.field = field;
        m_problem.message = std::move(message);
        return false;
    }
    const char* failNull(int64_t row, int field, QString message)
    {
        fail(row, field, std::move(message));
        return nullptr;
    }

    const TextChunkParser::Field* m_fields;
    int m_fieldCount;
    char m_delimiter;
    bool m_decimalComma;
    TextChunkParser::TimeKind m_timeKind;
    LabelTextCollector::Chunk* m_texts; // with text labels
    std::vector<float*> m_values;
    int64_t* m_times;
    int32_t* m_labels;
    FastNumberParser::DateCache m_dateCache;
    TextChunkParser::Problem m_problem;
};

} // namespace

bool TextChunkParser::Layout::hasTime() const
{
    return std::any_of(fields.begin(), fields.end(),
                       [](const Field& f) { return f.kind == FieldKind::Time; });
}

bool TextChunkParser::Layout::hasLabel() const
{
    return std::any_of(fields.begin(), fields.end(),
                       [](const Field& f) { return f.kind == FieldKind::Label; });
}

TextChunkParser::TextChunkParser(const char* data, size_t size, Layout layout, int threads,
                                 size_t chunkBytes)
    : m_data(data), m_size(size), m_layout(std::move(layout)),
      m_threads(threads > 0 ? threads : defaultThreadCount()),
      m_chunkBytes(chunkBytes > 0 ? chunkBytes : defaultChunkBytes(size, m_threads))
{}

int TextChunkParser::defaultThreadCount()
{
    const unsigned cores = std::thread::hardware_concurrency();
    return int(std::clamp(cores, 1u, 64u));
}

size_t TextChunkParser::defaultChunkBytes(size_t bytes, int threads)
{
    return std::max<size_t>(size_t(1) << 20, bytes / (size_t(std::max(threads, 1)) * 8) + 1);
}

std::vector<size_t> TextChunkParser::chunkStarts(const char* data, size_t size, size_t chunkBytes)
{
    std::vector<size_t> starts{0};
    size_t position = std::max<size_t>(chunkBytes, 1);
    while (position < size) {
        const void* newline = std::memchr(data + position, '\n', size - position);
        if (!newline)
            break;
        const size_t start = size_t(static_cast<const char*>(newline) - data) + 1;
        if (start >= size)
            break;
        starts.push_back(start);
        position = start + chunkBytes;
    }
    return starts;
}

int TextChunkParser::countFields(const char* begin, const char* end, char delimiter)
{
    return CsvFields::count(begin, end, delimiter);
}

QList<QByteArray> TextChunkParser::splitFields(const QByteArray& line, char delimiter)
{
    return CsvFields::split(line, delimiter);
}

QString TextChunkParser::tooManyLabelTexts()
{
    return QStringLiteral("the label column has more than %1 different texts, and each would "
                          "become a class; is it the right column (--label-column)? Map the "
                          "texts to classes with --label-map FILE")
        .arg(LabelTextCollector::kMaxTexts);
}

namespace {

// Pass one: the row each chunk starts at, and the row count at the end. Every
// chunk but the last ends with its '\n'; the buffer ends without one, so the
// last chunk has one line more than newlines.
std::vector<int64_t> chunkRowOffsets(const char* data, size_t size,
                                     const std::vector<size_t>& starts, int threads)
{
    const size_t chunkCount = starts.size();
    auto chunkEnd = [&](size_t c) { return c + 1 < chunkCount ? starts[c + 1] : size; };
    std::vector<int64_t> rowOffsets(chunkCount + 1, 0);
    runJobs(threads, chunkCount, [&](size_t c) {
        const size_t lines = countNewlines(data + starts[c], chunkEnd(c) - starts[c]);
        rowOffsets[c + 1] = int64_t(lines) + (c + 1 == chunkCount ? 1 : 0);
    });
    for (size_t c = 0; c < chunkCount; ++c)
        rowOffsets[c + 1] += rowOffsets[c];
    return rowOffsets;
}

// The output columns the layout asks for, each `rows` long.
void prepareColumns(const TextChunkParser::Layout& layout, int64_t rows,
                    TextChunkParser::Columns* out)
{
    out->rows = rows;
    out->values.assign(size_t(layout.valueColumns), std::vector<float>());
    for (std::vector<float>& column : out->values)
        column.resize(size_t(rows));
    out->times.clear();
    out->labels.clear();
    if (layout.hasTime())
        out->times.resize(size_t(rows));
    if (layout.hasLabel())
        out->labels.resize(size_t(rows));
}

} // namespace

TextChunkParser::Problem TextChunkParser::parse(Columns* out, const JobControl* job) const
{
    const std::vector<size_t> starts = chunkStarts(m_data, m_size, m_chunkBytes);
    const size_t chunkCount = starts.size();
    auto chunkEnd = [&](size_t c) { return c + 1 < chunkCount ? starts[c + 1] : m_size; };
    const std::thread::id caller = std::this_thread::get_id();
    std::atomic<bool> cancelled{false};

    const std::vector<int64_t> rowOffsets = chunkRowOffsets(m_data, m_size, starts, m_threads);
    const int64_t rows = m_size == 0 ? 0 : rowOffsets[chunkCount];
    throwIfCancelled(job);
    reportProgress(job, 0.05);

    prepareColumns(m_layout, rows, out);
    if (rows == 0)
        return Problem();

    // Pass two. A chunk after one that has a problem need not finish: the
    // earlier problem is the one reported.
    std::vector<Problem> problems(chunkCount);
    std::vector<LabelTextCollector::Chunk> texts(m_layout.textLabels ? chunkCount : 0);
    const char terminator = m_layout.terminator;
    std::atomic<size_t> firstProblemChunk{kNoChunk};
    std::atomic<size_t> bytesDone{0};
    const bool collapse = m_layout.delimiter == ' ';
    runJobs(m_threads, chunkCount, [&](size_t c) {
        if (job && job->isCancelled())
            cancelled = true;
        if (c > firstProblemChunk.load() || cancelled.load())
            return;
        ChunkLineParser parser(m_layout, out, texts.empty() ? nullptr : &texts[c]);
        const char* p = m_data + starts[c];
        const char* const end = m_data + chunkEnd(c);
        const char* lastReport = p;
        int64_t row = rowOffsets[c];
        int64_t nextCheck = row + kRowsBetweenChecks;
        while (p < end) {
            const void* newline = std::memchr(p, '\n', size_t(end - p));
            const char* lineEnd = newline ? static_cast<const char*>(newline) : end;
            const char* next = newline ? lineEnd + 1 : end;
            if (lineEnd > p && lineEnd[-1] == '\r')
                --lineEnd;
            if (terminator) {
                while (lineEnd > p && CsvFields::isBlank(lineEnd[-1]))
                    --lineEnd;
                if (lineEnd > p && lineEnd[-1] == terminator)
                    --lineEnd;
            }
            const bool ok = collapse ? parser.parseLine<true>(p, lineEnd, row)
                                     : parser.parseLine<false>(p, lineEnd, row);
            if (!ok) {
                problems[c] = parser.problem();
                size_t seen = firstProblemChunk.load();
                while (c < seen && !firstProblemChunk.compare_exchange_weak(seen, c)) {
                }
                return;
            }
            p = next;
            if (++row == nextCheck) {
                nextCheck += kRowsBetweenChecks;
                if (job && job->isCancelled())
                    cancelled = true;
                if (cancelled.load() || c > firstProblemChunk.load())
                    return;
                bytesDone += size_t(p - lastReport);
                lastReport = p;
                if (std::this_thread::get_id() == caller)
                    reportProgress(job, 0.05 + 0.9 * double(bytesDone.load()) / double(m_size));
            }
        }
        bytesDone += size_t(p - lastReport);
        if (std::this_thread::get_id() == caller)
            reportProgress(job, 0.05 + 0.9 * double(bytesDone.load()) / double(m_size));
    });
    if (cancelled.load())
        throw Cancelled();
    throwIfCancelled(job);
    const size_t first = firstProblemChunk.load();
    Problem problem = first == kNoChunk ? Problem() : problems[first];
    if (m_layout.textLabels) {
        const int64_t validRows = problem.isSet() ? problem.row : rows;
        const int64_t beyond = LabelTextCollector::merge(texts, rowOffsets, validRows,
                                                         out->labels.data(), &out->labelTexts);
        if (beyond >= 0) {
            problem.row = beyond;
            problem.field =
                int(std::find_if(m_layout.fields.begin(), m_layout.fields.end(),
                                 [](const Field& f) { return f.kind == FieldKind::Label; }) -
                    m_layout.fields.begin());
            problem.message = tooManyLabelTexts();
        }
    }
    return problem;
}

QByteArray TextChunkParser::rowText(int64_t row) const
{
    const char* p = m_data;
    const char* const end = m_data + m_size;
    for (int64_t r = 0; r < row && p < end; ++r) {
        const void* newline = std::memchr(p, '\n', size_t(end - p));
        if (!newline)
            return QByteArray();
        p = static_cast<const char*>(newline) + 1;
    }
    const void* newline = std::memchr(p, '\n', size_t(end - p));
    const char* lineEnd = newline ? static_cast<const char*>(newline) : end;
    if (lineEnd > p && lineEnd[-1] == '\r')
        --lineEnd;
    return QByteArray(p, int(lineEnd - p));
}

QByteArray TextChunkParser::fieldText(const QByteArray& line, int field, char delimiter)
{
    const QList<QByteArray> parts = splitFields(line, delimiter);
    if (field < 0 || field >= parts.size())
        return QByteArray();
    return parts[field];
}

} // namespace kinemark
