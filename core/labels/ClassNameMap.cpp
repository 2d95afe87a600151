#include "core/labels/ClassNameMap.h"

#include "core/labels/ClassIdField.h"
#include "core/labels/SegmentCsvFormat.h"
#include "core/model/LabelSet.h"
#include "core/model/Segment.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

namespace kinemark {

namespace {
// A class map is a short list typed by hand; anything bigger is not one.
constexpr qint64 kMaxMapBytes = 4 * 1024 * 1024;

QString key(const QString& name)
{
    return name.trimmed().toCaseFolded();
}
} // namespace

ClassNameMap ClassNameMap::read(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw FormatError(path, QStringLiteral("cannot read (%1)").arg(file.errorString()));
    if (file.size() > kMaxMapBytes)
        throw FormatError(path, QStringLiteral("a class map of %1 bytes is too large (at most %2)")
                                    .arg(file.size())
                                    .arg(kMaxMapBytes));
    const QByteArray bytes = file.read(kMaxMapBytes + 1);
    ClassNameMap map =
        bytes.trimmed().startsWith('{') ? readJson(path, bytes) : readCsv(path, bytes);
    map.m_path = path;
    if (map.isEmpty())
        throw FormatError(path, QStringLiteral("the class map maps no names"));
    return map;
}

ClassNameMap ClassNameMap::readJson(const QString& path, const QByteArray& bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw FormatError(path, doc.isNull()
                                    ? QStringLiteral("not a JSON object (%1 at offset %2)")
                                          .arg(error.errorString())
                                          .arg(error.offset)
                                    : QStringLiteral("not a JSON object of name: class id"));
    ClassNameMap map;
    map.m_path = path;
    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const double v = it.value().toDouble(std::nan(""));
        if (!it.value().isDouble() || v != std::floor(v) || v < kUnlabelled || v > INT32_MAX)
            throw FormatError(path, QStringLiteral("the class of '%1' is not a class id (an "
                                                   "integer, or -1 for unlabelled)")
                                        .arg(it.key()));
        map.insert(it.key(), int32_t(v));
    }
    return map;
}

ClassNameMap ClassNameMap::readCsv(const QString& path, const QByteArray& bytes)
{
    ClassNameMap map;
    map.m_path = path;
    const QList<QByteArray> lines = bytes.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const qint64 lineNo = i + 1;
        const QString line = QString::fromUtf8(lines[i]).trimmed();
        if (line.isEmpty())
            continue;
        const QChar delimiter = line.count(QLatin1Char(';')) > line.count(QLatin1Char(','))
                                    ? QLatin1Char(';')
                                    : QLatin1Char(',');
        const QStringList f = SegmentCsvFormat::splitLine(line, delimiter);
        if (map.isEmpty() && f.size() == 2 &&
            f[1].trimmed().compare(QLatin1String("class_id"), Qt::CaseInsensitive) == 0)
            continue; // the header
        if (f.size() != 2)
            throw FormatError(
                path, QStringLiteral("expected 'name,class_id', found %1 fields").arg(f.size()),
                lineNo);
        if (f[0].trimmed().isEmpty())
            throw FormatError(path, QStringLiteral("empty class name"), lineNo, 1);
        const int32_t id = ClassIdField::parse(f[1], path, lineNo, 2);
        const auto existing = map.m_ids.constFind(key(f[0]));
        if (existing != map.m_ids.constEnd() && existing->id != id)
            throw FormatError(path,
                              QStringLiteral("'%1' is mapped twice (to %2 on line %3, and to %4)")
                                  .arg(f[0].trimmed())
                                  .arg(existing->id)
                                  .arg(existing->line)
                                  .arg(id),
                              lineNo, 2);
        map.insert(f[0], id, lineNo);
    }
    return map;
}

void ClassNameMap::insert(const QString& name, int32_t id, qint64 line)
{
    m_ids.insert(key(name), Entry{name.trimmed(), id, line});
}

void ClassNameMap::check(const LabelSet& labelSet) const
{
    for (const Entry& e : m_ids) {
        if (e.id == kUnlabelled || labelSet.classes.empty() || labelSet.find(e.id))
            continue;
        throw FormatError(m_path,
                          QStringLiteral("'%1' is mapped to class id %2, which is not in the label "
                                         "set '%3' (known ids: %4)")
                              .arg(e.name)
                              .arg(e.id)
                              .arg(labelSet.id, ClassIdField::knownIds(labelSet)),
                          e.line, e.line > 0 ? 2 : 0);
    }
}

std::optional<int32_t> ClassNameMap::classOf(const QString& name, const LabelSet& labelSet) const
{
    const QString k = key(name);
    for (const LabelClass& c : labelSet.classes)
        if (c.name.trimmed().toCaseFolded() == k)
            return c.id;
    const auto it = m_ids.constFind(k);
    if (it != m_ids.constEnd())
        return it->id;
    return std::nullopt;
}

QString ClassNameMap::knownNames(const LabelSet& labelSet)
{
    QStringList names;
    for (const LabelClass& c : labelSet.classes)
        names << QStringLiteral("'%1'").arg(c.name);
    return names.join(QStringLiteral(", "));
}

} // namespace kinemark
