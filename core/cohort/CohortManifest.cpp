#include "core/cohort/CohortManifest.h"

#include "core/base/FormatError.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QStringDecoder>
#include <algorithm>

namespace kinemark {

namespace {

const QString kParticipantColumn = QStringLiteral("participant");
const QString kFilesColumn = QStringLiteral("files");

struct Field
{
    QString text;
    int column = 0; // 1-based character column where the field starts
};

struct Row
{
    std::vector<Field> fields;
    int line = 0;
};

// Splits the text into rows of fields (RFC 4180: a quoted field may hold
// commas, "" and line breaks). Lines are counted as the user's editor counts them.
std::vector<Row> splitRows(const QString& text, const QString& source)
{
    std::vector<Row> rows;
    int line = 1, column = 1;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        // Blank lines and comments.
        if (text[i] == QLatin1Char('\n') || text[i] == QLatin1Char('\r') ||
            text[i] == QLatin1Char('#')) {
            while (i < n && text[i] != QLatin1Char('\n'))
                ++i;
            ++i;
            ++line;
            column = 1;
            continue;
        }
        Row row;
        row.line = line;
        bool rowEnd = false;
        while (!rowEnd) {
            Field field;
            field.column = column;
            if (i < n && text[i] == QLatin1Char('"')) {
                const int quoteLine = line, quoteColumn = column;
                ++i;
                ++column;
                for (;;) {
                    if (i >= n)
                        throw FormatError(source, QStringLiteral("unterminated quoted field"),
                                          quoteLine, quoteColumn);
                    const QChar c = text[i];
                    if (c == QLatin1Char('"')) {
                        if (i + 1 < n && text[i + 1] == QLatin1Char('"')) {
                            field.text += c;
                            i += 2;
                            column += 2;
                            continue;
                        }
                        ++i;
                        ++column;
                        break;
                    }
                    if (c == QLatin1Char('\n')) {
                        ++line;
                        column = 1;
                    } else {
                        ++column;
                    }
                    field.text += c;
                    ++i;
                }
                if (i < n && text[i] != QLatin1Char(',') && text[i] != QLatin1Char('\n') &&
                    text[i] != QLatin1Char('\r'))
                    throw FormatError(source,
                                      QStringLiteral("text after a closing quote (a quote inside "
                                                     "a quoted field is written \"\")"),
                                      line, column);
            } else {
                while (i < n && text[i] != QLatin1Char(',') && text[i] != QLatin1Char('\n') &&
                       text[i] != QLatin1Char('\r')) {
                    if (text[i] == QLatin1Char('"'))
                        throw FormatError(source,
                                          QStringLiteral("a quote inside an unquoted field (quote "
                                                         "the whole field)"),
                                          line, column);
                    field.text += text[i];
                    ++i;
                    ++column;
                }
            }
            row.fields.push_back(field);
            if (i < n && text[i] == QLatin1Char(',')) {
                ++i;
                ++column;
                continue;
            }
            rowEnd = true;
            if (i < n && text[i] == QLatin1Char('\r'))
                ++i;
            if (i < n && text[i] == QLatin1Char('\n'))
                ++i;
            ++line;
            column = 1;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace

QString CohortManifest::idProblem(const QString& id)
{
    if (id.isEmpty())
        return QStringLiteral("the participant id is empty");
    if (id.size() > kMaxIdLength)
        return QStringLiteral("the participant id is longer than %1 characters").arg(kMaxIdLength);
    if (id.startsWith(QLatin1Char('.')))
        return QStringLiteral("the participant id '%1' starts with '.' (it names a folder; "
                              "'.', '..' and hidden folders are refused)")
            .arg(id);
    for (const QChar c : id) {
        if (c == QLatin1Char('/') || c == QLatin1Char('\\') || c == QLatin1Char(':'))
            return QStringLiteral("the participant id '%1' holds '%2' (it names a folder inside "
                                  "the output folder)")
                .arg(id, c);
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return QStringLiteral("the participant id holds a control character");
    }
    if (id.trimmed() != id)
        return QStringLiteral("the participant id '%1' starts or ends with a space").arg(id);
    return QString();
}

CohortManifest CohortManifest::read(const QString& path, const QStringList& optionColumns)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw FormatError(path, QStringLiteral("cannot be read: %1").arg(file.errorString()));
    if (file.size() > kMaxBytes)
        throw FormatError(path, QStringLiteral("%1 bytes; a manifest may hold at most %2 MiB")
                                    .arg(file.size())
                                    .arg(kMaxBytes / (1024 * 1024)));
    const QByteArray bytes = file.read(kMaxBytes + 1);
    return parse(bytes, path, QFileInfo(path).absolutePath(), optionColumns);
}

CohortManifest CohortManifest::parse(const QByteArray& bytes, const QString& source,
                                     const QString& baseDir, const QStringList& optionColumns)
{
    if (bytes.size() > kMaxBytes)
        throw FormatError(
            source,
            QStringLiteral("a manifest may hold at most %1 MiB").arg(kMaxBytes / (1024 * 1024)));
    const qsizetype nul = bytes.indexOf('\0');
    if (nul >= 0) {
        const int line = int(bytes.left(nul).count('\n')) + 1;
        throw FormatError(source, QStringLiteral("a NUL byte: this is not a text file"), line);
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    QString text = decoder(bytes);
    if (decoder.hasError()) {
        // The line of the first byte that does not decode, found by decoding line by line.
        int line = 1;
        for (const QByteArray& l : bytes.split('\n')) {
            QStringDecoder d(QStringDecoder::Utf8);
            (void)QString(d(l));
            if (d.hasError())
                break;
            ++line;
        }
        throw FormatError(source, QStringLiteral("not UTF-8 text (save the manifest as UTF-8)"),
                          line);
    }
    if (text.startsWith(QChar(0xfeff)))
        text.remove(0, 1);

    const std::vector<Row> rows = splitRows(text, source);
    if (rows.empty())
        throw FormatError(source, QStringLiteral("no header: the first line names the columns "
                                                 "(participant,files[,import options])"));
    const Row& header = rows.front();
    int participantIndex = -1, filesIndex = -1;
    QStringList names;
    for (size_t c = 0; c < header.fields.size(); ++c) {
        const Field& f = header.fields[c];
        const QString name = f.text.trimmed();
        if (names.contains(name))
            throw FormatError(source, QStringLiteral("the column '%1' appears twice").arg(name),
                              header.line, f.column);
        if (name == kParticipantColumn)
            participantIndex = int(c);
        else if (name == kFilesColumn)
            filesIndex = int(c);
        else if (!optionColumns.contains(name))
            throw FormatError(
                source,
                QStringLiteral("unknown column '%1': besides participant and files, a column "
                               "names an import option (%2)")
                    .arg(name.left(64), optionColumns.join(QStringLiteral(", "))),
                header.line, f.column);
        names << name;
    }
    if (participantIndex < 0 || filesIndex < 0)
        throw FormatError(source,
                          QStringLiteral("the header must name the columns 'participant' and "
                                         "'files' (it names: %1)")
                              .arg(names.join(QStringLiteral(", ")).left(200)),
                          header.line, 1);

    CohortManifest manifest;
    manifest.source = source;
    QHash<QString, int> lineOfId; // case-folded id -> line
    const QDir base(baseDir);
    for (size_t r = 1; r < rows.size(); ++r) {
        const Row& row = rows[r];
        if (row.fields.size() != header.fields.size()) {
            const int column = row.fields.size() > header.fields.size()
                                   ? row.fields[header.fields.size()].column
                                   : row.fields.back().column;
            throw FormatError(source,
                              QStringLiteral("%1 fields; the header has %2")
                                  .arg(row.fields.size())
                                  .arg(header.fields.size()),
                              row.line, column);
        }
        CohortParticipant p;
        p.line = row.line;
        const Field& idField = row.fields[size_t(participantIndex)];
        p.id = idField.text;
        const QString problem = idProblem(p.id);
        if (!problem.isEmpty())
            throw FormatError(source, problem, row.line, idField.column);
        const QString key = p.id.toCaseFolded();
        if (lineOfId.contains(key))
            throw FormatError(source,
                              QStringLiteral("participant '%1' is listed again (first on line %2; "
                                             "ids that differ only in case name one folder)")
                                  .arg(p.id)
                                  .arg(lineOfId.value(key)),
                              row.line, idField.column);
        lineOfId.insert(key, row.line);
        const Field& filesField = row.fields[size_t(filesIndex)];
        const QStringList files = filesField.text.split(QLatin1Char(';'));
        if (files.size() > kMaxFilesPerParticipant)
            throw FormatError(source,
                              QStringLiteral("%1 files; a participant may have at most %2")
                                  .arg(files.size())
                                  .arg(kMaxFilesPerParticipant),
                              row.line, filesField.column);
        for (const QString& f : files) {
            const QString name = f.trimmed();
            if (name.isEmpty())
                throw FormatError(source,
                                  filesField.text.trimmed().isEmpty()
                                      ? QStringLiteral("participant '%1' has no files").arg(p.id)
                                      : QStringLiteral("an empty file name in '%1' (files are "
                                                       "separated by ';')")
                                            .arg(filesField.text),
                                  row.line, filesField.column);
            p.files << QDir::cleanPath(base.absoluteFilePath(name));
        }
        for (size_t c = 0; c < row.fields.size(); ++c) {
            if (int(c) == participantIndex || int(c) == filesIndex)
                continue;
            const QString value = row.fields[c].text.trimmed();
            if (!value.isEmpty())
                p.options.push_back({names[qsizetype(c)], value, row.fields[c].column});
        }
        manifest.participants.push_back(std::move(p));
    }
    if (manifest.participants.empty())
        throw FormatError(source,
                          QStringLiteral("no participants: the manifest has a header only"));
    std::sort(manifest.participants.begin(), manifest.participants.end(),
              [](const CohortParticipant& a, const CohortParticipant& b) { return a.id < b.id; });
    return manifest;
}

} // namespace kinemark
