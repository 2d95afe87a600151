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
    // One line of the file: [begin, end) without '\r\n', and where the next starts.
    struct Line
    {
        const char* begin;
        const char* end;
        const char* next;
    };
    static Line lineAt(const char* p, const char* end);

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
    // Whether the line at `p` (the first after skipped lines and comments) is
    // a header: some column that is numeric in the next data lines is not a
    // number in it. A column of texts in every row (WISDM's activity) or of
    // date-times says nothing; a header of numbers ("1,2,3") is read as data
    // (give --header). Without next lines, a line of numbers is data.
    // `givenDelimiter` 0: detected from the line.
    static bool firstLineIsHeader(const char* p, const char* end, char givenDelimiter);
    // "tab", "space" or "','", for messages and notes.
    static QString describeDelimiter(char delimiter);
};

} // namespace kinemark
