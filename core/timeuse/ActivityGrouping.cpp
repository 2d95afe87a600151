#include "core/timeuse/ActivityGrouping.h"

#include "core/base/FormatError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace kinemark {

bool ActivityGroup::contains(int32_t classId) const
{
    return std::find(classIds.begin(), classIds.end(), classId) != classIds.end();
}

int ActivityGrouping::groupOf(int32_t classId) const
{
    for (size_t i = 0; i < groups.size(); ++i)
        if (groups[i].contains(classId))
            return int(i);
    return -1;
}

const ActivityGroup* ActivityGrouping::find(const QString& name) const
{
    for (const ActivityGroup& g : groups)
        if (g.name == name)
            return &g;
    return nullptr;
}

ActivityGrouping ActivityGrouping::defaultsFor(const LabelSet& set)
{
    ActivityGrouping grouping;
    grouping.groups = {{QStringLiteral("sedentary"), QStringLiteral("#9467bd"), {}},
                       {QStringLiteral("upright"), QStringLiteral("#1f77b4"), {}},
                       {QStringLiteral("active"), QStringLiteral("#2ca02c"), {}}};
    const auto has = [](const QString& name, std::initializer_list<const char*> words) {
        for (const char* w : words)
            if (name.contains(QLatin1String(w), Qt::CaseInsensitive))
                return true;
        return false;
    };
    for (int32_t id : set.canonicalIds()) {
        const QString name = set.className(id);
        // Transitions of HAPT ("sit-to-stand", "lie-to-sit") belong to no group.
        if (has(name, {"_to_", " to ", "-to-"}))
            continue;
        if (has(name, {"sit", "lying", "lie", "laying", "sleep"}) && !has(name, {"cycl"}))
            grouping.groups[0].classIds.push_back(id);
        else if (has(name, {"stand", "shuffl"}) && !has(name, {"cycl"}))
            grouping.groups[1].classIds.push_back(id);
        else if (has(name, {"walk", "run", "stair", "cycl", "jog", "bik", "upstairs", "downstairs",
                            "rope", "ascend", "descend"}))
            grouping.groups[2].classIds.push_back(id);
    }
    return grouping;
}

QByteArray ActivityGrouping::toJson() const
{
    QJsonArray list;
    for (const ActivityGroup& g : groups) {
        QJsonArray ids;
        for (int32_t id : g.classIds)
            ids.append(id);
        list.append(QJsonObject{{"name", g.name}, {"colour", g.colour}, {"classes", ids}});
    }
    return QJsonDocument(QJsonObject{{"groups", list}}).toJson();
}

ActivityGrouping ActivityGrouping::fromJson(const QByteArray& json, const QString& sourceName)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (doc.isNull())
        throw FormatError(sourceName, error.errorString());
    if (!doc.isObject() || !doc.object().value("groups").isArray())
        throw FormatError(sourceName, QStringLiteral("expected an object with \"groups\""));
    ActivityGrouping grouping;
    for (const QJsonValue& v : doc.object().value("groups").toArray()) {
        const QJsonObject o = v.toObject();
        ActivityGroup g;
        g.name = o.value("name").toString();
        g.colour = o.value("colour").toString();
        if (g.name.isEmpty())
            throw FormatError(sourceName, QStringLiteral("a group has no name"));
        for (const QJsonValue& id : o.value("classes").toArray())
            g.classIds.push_back(int32_t(id.toInt()));
        grouping.groups.push_back(std::move(g));
    }
    return grouping;
}

} // namespace kinemark
