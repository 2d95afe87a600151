#include "core/model/LabelSet.h"

#include "core/base/FormatError.h"
#include "core/base/JsonText.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <stdexcept>

namespace kinemark {

const LabelClass* LabelSet::find(int32_t classId) const
{
    for (const LabelClass& c : classes)
        if (c.id == classId)
            return &c;
    return nullptr;
}

QString LabelSet::className(int32_t classId) const
{
    if (classId == kUnlabelled)
        return QStringLiteral("unlabelled");
    if (const LabelClass* c = find(classId))
        return c->name;
    return QStringLiteral("class %1").arg(classId);
}

int32_t LabelSet::canonicalId(int32_t classId) const
{
    // Merges may chain (a -> b -> c); the set is small, and fromJson rejects cycles.
    int32_t id = classId;
    for (size_t guard = 0; guard <= classes.size(); ++guard) {
        const LabelClass* c = find(id);
        if (!c || c->mergedInto == kUnlabelled)
            return id;
        id = c->mergedInto;
    }
    return id;
}

std::vector<int32_t> LabelSet::canonicalIds() const
{
    std::vector<int32_t> ids;
    for (const LabelClass& c : classes)
        if (c.mergedInto == kUnlabelled)
            ids.push_back(c.id);
    return ids;
}

QByteArray LabelSet::toJson() const
{
    QJsonArray array;
    for (const LabelClass& c : classes) {
        QJsonObject o{{"id", c.id}, {"name", c.name}};
        if (!c.colour.isEmpty())
            o.insert("colour", c.colour);
        if (!c.shortcut.isEmpty())
            o.insert("shortcut", c.shortcut);
        if (c.mergedInto != kUnlabelled)
            o.insert("mergedInto", c.mergedInto);
        array.append(o);
    }
    QJsonObject root{{"id", id}, {"name", name}, {"classes", array}};
    if (!description.isEmpty())
        root.insert("description", description);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

LabelSet LabelSet::fromJson(const QByteArray& json, const QString& sourceName)
{
    const QJsonDocument doc = JsonText::parse(json, sourceName);
    if (!doc.isObject())
        throw FormatError(sourceName, QStringLiteral("a label set must be a JSON object"));
    const QJsonObject root = doc.object();
    LabelSet set;
    set.id = root.value("id").toString();
    set.name = root.value("name").toString(set.id);
    set.description = root.value("description").toString();
    if (set.id.isEmpty())
        throw FormatError(sourceName, QStringLiteral("label set has no \"id\""));
    const QJsonValue classesValue = root.value("classes");
    if (!classesValue.isArray())
        throw FormatError(sourceName,
                          QStringLiteral("label set '%1' has no \"classes\" array").arg(set.id));
    const QJsonArray array = classesValue.toArray();
    const QRegularExpression colourPattern(QStringLiteral("^#[0-9a-fA-F]{6}$"));
    QSet<int32_t> ids;
    for (int i = 0; i < array.size(); ++i) {
        const QJsonObject o = array.at(i).toObject();
        const QString where = QStringLiteral("label set '%1', class #%2: ").arg(set.id).arg(i + 1);
        if (!o.value("id").isDouble())
            throw FormatError(sourceName, where + QStringLiteral("\"id\" must be a number"));
        const double rawId = o.value("id").toDouble();
        if (rawId != double(int32_t(rawId)) || rawId < 0)
            throw FormatError(sourceName,
                              where + QStringLiteral("\"id\" must be a non-negative integer"));
        LabelClass c;
        c.id = int32_t(rawId);
        c.name = o.value("name").toString();
        c.colour = o.value("colour").toString();
        c.shortcut = o.value("shortcut").toString();
        c.mergedInto = o.contains("mergedInto") ? int32_t(o.value("mergedInto").toInt(kUnlabelled))
                                                : kUnlabelled;
        if (c.name.isEmpty())
            throw FormatError(sourceName, where + QStringLiteral("\"name\" is missing"));
        if (!c.colour.isEmpty() && !colourPattern.match(c.colour).hasMatch())
            throw FormatError(sourceName,
                              where + QStringLiteral("colour '%1' is not #rrggbb").arg(c.colour));
        if (ids.contains(c.id))
            throw FormatError(sourceName, where + QStringLiteral("id %1 is used twice").arg(c.id));
        ids.insert(c.id);
        set.classes.push_back(c);
    }
    for (const LabelClass& c : set.classes) {
        if (c.mergedInto == kUnlabelled)
            continue;
        if (!ids.contains(c.mergedInto))
            throw FormatError(sourceName, QStringLiteral("label set '%1': class %2 is merged into "
                                                         "unknown class %3")
                                              .arg(set.id)
                                              .arg(c.id)
                                              .arg(c.mergedInto));
        const LabelClass* target = set.find(c.mergedInto);
        if (target->mergedInto != kUnlabelled)
            throw FormatError(sourceName, QStringLiteral("label set '%1': class %2 is merged into "
                                                         "class %3, which is itself merged")
                                              .arg(set.id)
                                              .arg(c.id)
                                              .arg(c.mergedInto));
    }
    return set;
}

QStringList LabelSet::builtinIds()
{
    return {QStringLiteral("hapt"), QStringLiteral("uci-har"), QStringLiteral("harth"),
            QStringLiteral("har70plus")};
}

LabelSet LabelSet::builtin(const QString& id)
{
    if (!builtinIds().contains(id))
        throw std::invalid_argument(("unknown built-in label set: " + id).toStdString());
    const QString path = QStringLiteral(":/kinemark/labelsets/%1.json").arg(id);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error(("built-in label set resource missing: " + path).toStdString());
    return fromJson(file.readAll(), path);
}

} // namespace kinemark
