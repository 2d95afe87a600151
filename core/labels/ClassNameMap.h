#pragma once

#include "core/base/FormatError.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>

namespace kinemark {

class LabelSet;

// A label file's class name that neither the label set nor the class map knows
// (ELAN annotation values, segment CSV class names). It is refused rather than
// guessed, so that an annotation does not quietly become another class (an
// unknown ELAN name once became class 0). The CLI adds how to map or skip them.
class UnknownClassError : public FormatError
{
public:
    UnknownClassError(const QString& file, const QString& message, qint64 line = 0, int column = 0)
        : FormatError(file, message, line, column)
    {}
};

// Class names that label files made elsewhere use, mapped by the user to class
// ids of the label set ("Flying,3"): ELAN tiers and hand-made segment CSVs
// name classes in their own words. Names are compared ignoring case and the
// blanks around them. Also says what to do with names nobody knows: refuse the
// file (default) or skip those annotations, counting them for the report.
class ClassNameMap
{
public:
    // A CSV of `name,class_id` lines (a header line naming those columns is
    // allowed) or a JSON object {"name": class_id, ...}. Ids are parsed
    // strictly; -1 maps a name to "unlabelled" (no segment). Throws
    // FormatError naming the file and the line (CSV) or name (JSON).
    static ClassNameMap read(const QString& path);

    // Adds `name` -> `id`; `line` is where the map file says so (0: not from a file).
    void insert(const QString& name, int32_t id, qint64 line = 0);
    bool isEmpty() const { return m_ids.isEmpty(); }
    // Throws FormatError (naming the map file, line and the known ids) when an
    // id of the map is not in `labelSet`.
    void check(const LabelSet& labelSet) const;

    // The class of `name`: the label set's class of that name, else the map's
    // entry; nullopt when neither knows it.
    std::optional<int32_t> classOf(const QString& name, const LabelSet& labelSet) const;

    // Names nobody knows are skipped (and counted) instead of refused.
    void setSkipUnknown(bool skip) { m_skipUnknown = skip; }
    bool skipsUnknown() const { return m_skipUnknown; }

    // The names of a label set, "'walking', 'running'", for messages.
    static QString knownNames(const LabelSet& labelSet);

private:
    struct Entry
    {
        QString name; // as the map spells it
        int32_t id = 0;
        qint64 line = 0;
    };
    static ClassNameMap readJson(const QString& path, const QByteArray& bytes);
    static ClassNameMap readCsv(const QString& path, const QByteArray& bytes);

    QString m_path;
    QHash<QString, Entry> m_ids; // by name, trimmed and folded to lower case
    bool m_skipUnknown = false;
};

// The annotations a read left out because of unknown class names.
struct SkippedClasses
{
    int64_t count = 0;
    QStringList names; // distinct, in the order first met

    void add(const QString& name)
    {
        ++count;
        if (!names.contains(name))
            names << name;
    }
};

} // namespace kinemark
