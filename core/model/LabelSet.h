#pragma once

#include "core/model/LabelClass.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <vector>

namespace kinemark {

// The classes of a dataset or study. Built-in sets (HAPT, UCI HAR, HARTH,
// HAR70+) are JSON resources; projects store their own copies, which users may edit.
class LabelSet
{
public:
    QString id;   // "harth"
    QString name; // "HARTH"
    QString description;
    std::vector<LabelClass> classes;

    const LabelClass* find(int32_t classId) const;
    QString
    className(int32_t classId) const; // "class 7" for unknown ids, "unlabelled" for kUnlabelled
    // The id a class counts as after merges (130 -> 13 in HARTH); unknown ids map to themselves.
    int32_t canonicalId(int32_t classId) const;
    // Ids of the classes that remain after merging, in declaration order.
    std::vector<int32_t> canonicalIds() const;

    QByteArray toJson() const;
    // Throws FormatError naming `sourceName` on malformed JSON or inconsistent classes.
    static LabelSet fromJson(const QByteArray& json, const QString& sourceName);

    static QStringList builtinIds();
    // Throws std::invalid_argument for an unknown id.
    static LabelSet builtin(const QString& id);

    bool operator==(const LabelSet& o) const
    {
        return id == o.id && name == o.name && description == o.description && classes == o.classes;
    }
};

} // namespace kinemark
