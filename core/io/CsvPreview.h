#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace kinemark {

// The first rows of a delimited text file split by the reader's own dialect
// rules (CsvDialect, CsvFields): what the import dialog shows before an
// import, so that a ';' terminator or a BOM looks as the reader will see it.
struct CsvPreview
{
    QStringList names;       // the header's fields (empty without a header)
    QList<QStringList> rows; // up to the rows asked for, blank and '#' lines skipped
    int columns = 0;         // the widest row or header
    char delimiter = 0;
    bool delimiterDetected = false; // false: the one given was used
    char terminator = 0;            // ';' after the last field, or 0
    bool decimalComma = false;      // a field like "1,5" with a delimiter other than ','
    // Whether the first line kept looks like a header by the reader's rule
    // (CsvDialect::firstLineIsHeader), whatever `header` asked: the dialog
    // ticks its header box by it when a file is chosen.
    bool headerDetected = false;

    // Throws FormatError naming the file when it cannot be opened. `delimiter`
    // 0: detected from the first line kept; lines longer than 1 MB are cut.
    static CsvPreview read(const QString& path, int skipLines, char delimiter, bool header,
                           int rows);
};

} // namespace kinemark
