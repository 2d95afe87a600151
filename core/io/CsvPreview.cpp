#include "core/io/CsvPreview.h"

#include "core/base/FormatError.h"
#include "core/io/CsvDialect.h"
#include "core/io/CsvFields.h"

#include <QFile>
#include <QRegularExpression>

#include <algorithm>

namespace kinemark {

CsvPreview CsvPreview::read(const QString& path, int skipLines, char delimiter, bool header,
                            int rows)
{
    CsvPreview p;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw FormatError(path, QStringLiteral("cannot open: %1").arg(file.errorString()));
    QList<QByteArray> lines;
    for (int i = 0; i < skipLines && !file.atEnd(); ++i)
        file.readLine();
    bool firstLine = skipLines == 0;
    while (lines.size() < rows + (header ? 1 : 0) && !file.atEnd()) {
        QByteArray line = file.readLine(1 << 20);
        if (firstLine && line.startsWith("\xEF\xBB\xBF"))
            line.remove(0, 3);
        firstLine = false;
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        const char* b = line.constData();
        if (CsvDialect::isBlankLine(b, b + line.size()) ||
            CsvDialect::isCommentLine(b, b + line.size()))
            continue;
        lines << line;
    }
    if (lines.isEmpty())
        return p;
    const QByteArray head = lines.join('\n');
    p.headerDetected = CsvDialect::firstLineIsHeader(head.constBegin(), head.constEnd(), delimiter);
    char d = delimiter;
    p.delimiterDetected = d == 0;
    if (p.delimiterDetected)
        d = CsvDialect::detectDelimiter(lines.first().constBegin(), lines.first().constEnd());
    p.delimiter = d;
    const QByteArray& sample = lines.size() > 1 && header ? lines[1] : lines.first();
    p.terminator = CsvDialect::lineTerminator(sample.constBegin(), sample.constEnd(), d);
    auto split = [d, terminator = p.terminator](const QByteArray& line) {
        const char* end =
            CsvDialect::trimLineEnd(line.constBegin(), line.constEnd(), d, terminator);
        QStringList fields;
        for (const QByteArray& f :
             CsvFields::split(QByteArray(line.constBegin(), int(end - line.constBegin())), d))
            fields << QString::fromUtf8(f);
        return fields;
    };
    if (header)
        p.names = split(lines.first());
    for (int r = header ? 1 : 0; r < lines.size(); ++r) {
        p.rows << split(lines[r]);
        p.columns = std::max(p.columns, int(p.rows.back().size()));
    }
    p.columns = std::max(p.columns, int(p.names.size()));
    static const QRegularExpression decimalComma(QStringLiteral("^-?[0-9]+,[0-9]+$"));
    for (const QStringList& row : p.rows)
        for (const QString& f : row)
            p.decimalComma = p.decimalComma || (d != ',' && decimalComma.match(f).hasMatch());
    return p;
}

} // namespace kinemark
