#include "core/io/CsvFields.h"

namespace kinemark {

int CsvFields::count(const char* begin, const char* end, char delimiter)
{
    if (delimiter == ' ') {
        int count = 0;
        const char* p = begin;
        while (p < end) {
            while (p < end && *p == ' ')
                ++p;
            if (p == end)
                break;
            ++count;
            while (p < end && *p != ' ')
                ++p;
        }
        return count;
    }
    int count = 1;
    bool quoted = false;
    for (const char* p = begin; p < end; ++p) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == delimiter && !quoted)
            ++count;
    }
    return count;
}

QList<QByteArray> CsvFields::split(const QByteArray& line, char delimiter)
{
    QList<QByteArray> parts;
    if (delimiter == ' ') {
        for (const QByteArray& part : line.simplified().split(' '))
            parts << part;
        return parts;
    }
    const char* p = line.constData();
    const char* const e = p + line.size();
    for (;;) {
        const char* end = quotedFieldEnd(p, e, delimiter);
        const char* a = p;
        const char* b = end;
        trimBlanksAndQuotes(a, b);
        parts << QByteArray(a, int(b - a));
        if (end == e)
            return parts;
        p = end + 1;
    }
}

} // namespace kinemark
