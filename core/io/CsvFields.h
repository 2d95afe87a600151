#pragma once

#include <QByteArray>
#include <QList>

namespace kinemark {

// How a line of delimited text splits into fields, shared by the chunk
// parser's hot path (inline here) and by detection and messages: a field ends
// at the next delimiter outside double quotes ("lie, down" is one field, a
// doubled quote inside quotes is one quote); blanks around a field and one
// pair of quotes around it are not part of its value. A space delimiter
// means runs of spaces, with none at the ends (HAPT).
class CsvFields
{
public:
    static bool isBlank(char c) { return c == ' ' || c == '\t'; }

    // The end of the field at `p`: the next delimiter outside double quotes,
    // or the line end `e`.
    static const char* quotedFieldEnd(const char* p, const char* e, char delimiter)
    {
        bool quoted = false;
        for (; p < e; ++p) {
            if (*p == '"')
                quoted = !quoted;
            else if (*p == delimiter && !quoted)
                return p;
        }
        return e;
    }

    // Narrows [a, b) to the value: blanks around it, then a pair of quotes
    // with blanks inside them.
    static void trimBlanksAndQuotes(const char*& a, const char*& b)
    {
        while (a < b && isBlank(*a))
            ++a;
        while (b > a && isBlank(b[-1]))
            --b;
        if (b - a >= 2 && *a == '"' && b[-1] == '"') {
            ++a;
            --b;
            while (a < b && isBlank(*a))
                ++a;
            while (b > a && isBlank(b[-1]))
                --b;
        }
    }

    // The number of fields of [begin, end).
    static int count(const char* begin, const char* end, char delimiter);
    // The values of the fields of `line`.
    static QList<QByteArray> split(const QByteArray& line, char delimiter);
};

} // namespace kinemark
