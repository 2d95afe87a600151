#include "core/labels/LabelMapFile.h"

#include "core/base/FormatError.h"
#include "core/labels/ClassIdField.h"
#include "core/labels/SegmentCsvFormat.h"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace kinemark {

namespace {

// A map file is a handful of lines; anything much larger is not one.
constexpr qint64 kMaxBytes = 4 << 20;

void add(std::vector<ColumnMapping::LabelMapEntry>& entries, QHash<QString, size_t>& seen,
         const QString& path, ColumnMapping::LabelMapEntry entry, qint64 line)
{
    const auto it = seen.constFind(entry.text);
    if (it != seen.constEnd()) {
        if (entries[*it].classId != entry.classId)
            throw FormatError(path,
                              QStringLiteral("'%1' is mapped twice (to %2 and to %3)")
                                  .arg(entry.text)
                                  .arg(entries[*it].classId)
                                  .arg(entry.classId),
                              line);
        return;
    }
    seen.insert(entry.text, entries.size());
    entries.push_back(std::move(entry));
}

std::vector<ColumnMapping::LabelMapEntry> readJson(const QString& path, const QByteArray& bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw FormatError(path, QStringLiteral("not a JSON object of text -> class id (%1)")
                                    .arg(error.error != QJsonParseError::NoError
                                             ? error.errorString()
                                             : QStringLiteral("not an object")));
    std::vector<ColumnMapping::LabelMapEntry> entries;
    QHash<QString, size_t> seen;
    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        ColumnMapping::LabelMapEntry entry;
        entry.text = it.key().trimmed();
        QJsonValue id = it.value();
        if (it.value().isObject()) {
            id = it.value().toObject().value(QStringLiteral("id"));
            entry.name = it.value().toObject().value(QStringLiteral("name")).toString().trimmed();
        }
        const double v = id.toDouble(0.5);
        if (!id.isDouble() || v != double(int32_t(v)) || (v < 0 && v != -1))
            throw FormatError(path, QStringLiteral("'%1': the class id must be an integer, or -1 "
                                                   "for no label")
                                        .arg(it.key()));
        entry.classId = int32_t(v);
        add(entries, seen, path, std::move(entry), 0);
    }
    return entries;
}

std::vector<ColumnMapping::LabelMapEntry> readCsv(const QString& path, const QByteArray& bytes)
{
    std::vector<ColumnMapping::LabelMapEntry> entries;
    QHash<QString, size_t> seen;
    const QList<QByteArray> lines = bytes.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const qint64 lineNo = i + 1;
        QString line = QString::fromUtf8(lines[i]).trimmed();
        if (i == 0 && line.startsWith(QChar(0xFEFF)))
            line.remove(0, 1);
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QChar delimiter = line.count(QLatin1Char(';')) > line.count(QLatin1Char(','))
                                    ? QLatin1Char(';')
                                    : QLatin1Char(',');
        const QStringList f = SegmentCsvFormat::splitLine(line, delimiter);
        if (entries.empty() && f.size() >= 2 &&
            f[1].trimmed().compare(QLatin1String("class_id"), Qt::CaseInsensitive) == 0)
            continue; // the header
        if (f.size() != 2 && f.size() != 3)
            throw FormatError(
                path,
                QStringLiteral("expected 'text,class_id[,name]', found %1 fields").arg(f.size()),
                lineNo);
        ColumnMapping::LabelMapEntry entry;
        entry.text = f[0].trimmed();
        entry.classId = ClassIdField::parse(f[1], path, lineNo, 2);
        if (f.size() == 3)
            entry.name = f[2].trimmed();
        add(entries, seen, path, std::move(entry), lineNo);
    }
    return entries;
}

} // namespace

std::vector<ColumnMapping::LabelMapEntry> LabelMapFile::read(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw FormatError(path,
                          QStringLiteral("cannot open the label map: %1").arg(file.errorString()));
    if (file.size() > kMaxBytes)
        throw FormatError(path, QStringLiteral("a label map of %1 bytes is too large (at most "
                                               "%2); it maps a label column's texts to classes")
                                    .arg(file.size())
                                    .arg(kMaxBytes));
    const QByteArray bytes = file.readAll();
    std::vector<ColumnMapping::LabelMapEntry> entries =
        bytes.trimmed().startsWith('{') ? readJson(path, bytes) : readCsv(path, bytes);
    if (entries.empty())
        throw FormatError(path, QStringLiteral("the label map maps no text"));
    return entries;
}

} // namespace kinemark
