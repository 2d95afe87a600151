#include "core/io/CsvDialect.h"

#include "core/io/TextChunkParser.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace kinemark {

bool CsvDialect::isBlankLine(const char* begin, const char* end)
{
    return std::all_of(begin, end, [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// A line starting with '#' (after blanks): a comment, as loggers write their
// settings above the data.
bool CsvDialect::isCommentLine(const char* begin, const char* end)
{
    while (begin < end && (*begin == ' ' || *begin == '\t'))
        ++begin;
    return begin < end && *begin == '#';
}

// The end of the data without trailing line ends and blank lines, so that a
// file with or without a final newline, or with a blank last line, parses the same.
const char* CsvDialect::trimTrailingBlankLines(const char* begin, const char* end)
{
    for (;;) {
        while (end > begin && (end[-1] == '\n' || end[-1] == '\r'))
            --end;
        const char* lineStart = end;
        while (lineStart > begin && lineStart[-1] != '\n')
            --lineStart;
        if (lineStart == end || !(isBlankLine(lineStart, end) || isCommentLine(lineStart, end)))
            return end;
        end = lineStart;
    }
}

// The line's delimiter: ';' wherever it separates fields (a European export
// writes "1,5;2,25", where the commas are decimal marks; a ';' only at the end
// is a terminator, see lineTerminator), else the more frequent of ',' and tab
// outside quotes, else a space.
char CsvDialect::detectDelimiter(const char* begin, const char* end)
{
    while (end > begin && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == ';'))
        --end;
    ptrdiff_t counts[3] = {0, 0, 0}; // ';', ',', tab
    bool quoted = false;
    for (const char* p = begin; p < end; ++p) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted)
            counts[0] += *p == ';', counts[1] += *p == ',', counts[2] += *p == '\t';
    }
    if (counts[0] > 0)
        return ';';
    if (counts[1] > 0 || counts[2] > 0)
        return counts[2] > counts[1] ? '\t' : ',';
    // No comma, semicolon or tab: space separated (HAPT), or a single column.
    const char* a = begin;
    const char* b = end;
    while (a < b && (*a == ' ' || *a == '\t'))
        ++a;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
        --b;
    return std::find(a, b, ' ') != b ? ' ' : ',';
}

// ';' after the last field of a line whose delimiter is another one (WISDM
// writes "...,8.195502;"), or 0.
char CsvDialect::lineTerminator(const char* begin, const char* end, char delimiter)
{
    while (end > begin && (end[-1] == ' ' || end[-1] == '\t'))
        --end;
    return delimiter != ';' && end > begin && end[-1] == ';' ? ';' : 0;
}

// The line without its terminator and the delimiters after its last field.
const char* CsvDialect::trimLineEnd(const char* begin, const char* end, char delimiter,
                                    char terminator)
{
    while (end > begin && (end[-1] == ' ' || end[-1] == '\t'))
        --end;
    if (terminator && end > begin && end[-1] == terminator)
        --end;
    while (delimiter != ' ' && end > begin && end[-1] == delimiter)
        --end;
    return end;
}

QString CsvDialect::describeDelimiter(char delimiter)
{
    switch (delimiter) {
    case '\t':
        return QStringLiteral("tab");
    case ' ':
        return QStringLiteral("space");
    default:
        return QStringLiteral("'%1'").arg(QLatin1Char(delimiter));
    }
}

CsvDialect::Line CsvDialect::lineAt(const char* p, const char* end)
{
    const void* newline = std::memchr(p, '\n', size_t(end - p));
    Line line{p, newline ? static_cast<const char*>(newline) : end, nullptr};
    line.next = newline ? line.end + 1 : end;
    if (line.end > line.begin && line.end[-1] == '\r')
        --line.end;
    return line;
}

bool CsvDialect::firstLineIsHeader(const char* p, const char* end, char givenDelimiter)
{
    if (p >= end)
        return true; // the header line's own error names what is missing
    const Line firstLine = lineAt(p, end);
    const char delimiter =
        givenDelimiter ? givenDelimiter : detectDelimiter(firstLine.begin, firstLine.end);
    auto fieldsOf = [delimiter](const Line& l) {
        const char terminator = lineTerminator(l.begin, l.end, delimiter);
        const char* e = trimLineEnd(l.begin, l.end, delimiter, terminator);
        return TextChunkParser::splitFields(QByteArray(l.begin, int(e - l.begin)), delimiter);
    };
    // 1: a number, 0: text, -1: empty (says nothing).
    auto kindOf = [delimiter](QByteArray field) {
        field = field.trimmed();
        if (field.isEmpty())
            return -1;
        if (delimiter != ',')
            field.replace(',', '.');
        bool ok = false;
        field.toDouble(&ok);
        return ok ? 1 : 0;
    };
    const QList<QByteArray> first = fieldsOf(firstLine);
    constexpr int kLinesCompared = 8;
    std::vector<int> numbers(size_t(first.size()), 0);
    std::vector<bool> texts(size_t(first.size()), false);
    int compared = 0;
    for (const char* q = firstLine.next; q < end && compared < kLinesCompared;) {
        const Line l = lineAt(q, end);
        q = l.next;
        if (isBlankLine(l.begin, l.end) || isCommentLine(l.begin, l.end))
            continue;
        ++compared;
        const QList<QByteArray> fields = fieldsOf(l);
        for (int i = 0; i < fields.size() && i < first.size(); ++i) {
            const int kind = kindOf(fields[i]);
            if (kind == 1)
                ++numbers[size_t(i)];
            else if (kind == 0)
                texts[size_t(i)] = true;
        }
    }
    for (int i = 0; i < first.size(); ++i) {
        const int kind = kindOf(first[i]);
        if (compared == 0 && kind == 0)
            return true;
        if (kind == 0 && numbers[size_t(i)] > 0 && !texts[size_t(i)])
            return true;
    }
    return false;
}

} // namespace kinemark
