#pragma once

#include <QString>

namespace kinemark {

// The dialect of a delimited text file as DelimitedTextReader works it out
// from its first lines: which lines are no data (blank, '#' comments), the
// delimiter (';' for European exports, else ',' or tab, else space), a ';'
// terminator after the last field (WISDM) and extra delimiters at line ends.
// Lines are [begin, end) without their line end.
class CsvDialect
{
public:
    static bool isBlankLine(const char* begin, const char* end);
    // '#' after optional blanks: a logger's note above (or below) the data.
    static bool isCommentLine(const char* begin, const char* end);
    // The end of [begin, end) without trailing line ends, blank and comment lines.
    static const char* trimTrailingBlankLines(const char* begin, const char* end);
    // The delimiter of a sample line (the header, or the first data line).
    static char detectDelimiter(const char* begin, const char* end);
    // ';' when the line ends with it and the delimiter is another one, else 0.
    static char lineTerminator(const char* begin, const char* end, char delimiter);
    // The end of the line without its terminator and the delimiters after its
    // last field.
    static const char* trimLineEnd(const char* begin, const char* end, char delimiter,
                                   char terminator);
    // "tab", "space" or "','", for messages and notes.
    static QString describeDelimiter(char delimiter);
};

} // namespace kinemark
