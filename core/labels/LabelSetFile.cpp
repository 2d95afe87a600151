#include "core/labels/LabelSetFile.h"

#include "core/base/AtomicFileWriter.h"
#include "core/base/FormatError.h"
#include "core/base/JsonText.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kinemark {

namespace {

// Every refusal names the JSON place the user has to look at.
[[noreturn]] void refuse(const QString& source, const QString& place, const QString& why)
{
    throw FormatError(source, place.isEmpty() ? why : place + QStringLiteral(": ") + why);
}

// Quotes a value the file gave, shortened, so that a hostile megabyte does not
// end up in a message box.
QString quoted(const QString& text)
{
    QString shown = text.left(40);
    if (text.size() > 40)
        shown += QStringLiteral("…");
    return QLatin1Char('\'') + shown + QLatin1Char('\'');
}

QString describe(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return quoted(v.toString());
    case QJsonValue::Double:
        return QString::number(v.toDouble());
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

void refuseUnknownKeys(const QJsonObject& o, const QStringList& known, const QString& source,
                       const QString& place)
{
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!known.contains(it.key()))
            refuse(source, place.isEmpty() ? it.key() : place + QLatin1Char('.') + it.key(),
                   QStringLiteral("unknown key (known: %1)").arg(known.join(QStringLiteral(", "))));
}

bool hasControlCharacters(const QString& text)
{
    return std::any_of(text.begin(), text.end(),
                       [](QChar c) { return c.category() == QChar::Other_Control; });
}

// A text field: optional or required, bounded, printable.
QString textField(const QJsonObject& o, const QString& key, bool required, int maxLength,
                  const QString& source, const QString& place)
{
    const QString where = place.isEmpty() ? key : place + QLatin1Char('.') + key;
    const QJsonValue v = o.value(key);
    if (v.isUndefined()) {
        if (required)
            refuse(source, where, QStringLiteral("missing"));
        return QString();
    }
    if (!v.isString())
        refuse(source, where, QStringLiteral("%1 is not text").arg(describe(v)));
    const QString text = v.toString().trimmed();
    if (required && text.isEmpty())
        refuse(source, where, QStringLiteral("is empty"));
    if (text.size() > maxLength)
        refuse(source, where,
               QStringLiteral("%1 characters; at most %2").arg(text.size()).arg(maxLength));
    if (hasControlCharacters(text))
        refuse(source, where, QStringLiteral("%1 holds control characters").arg(quoted(text)));
    return text;
}

int32_t classIdField(const QJsonValue& v, const QString& source, const QString& where)
{
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d < 0 || d > LabelSetFile::kMaxClassId || std::floor(d) != d)
        refuse(source, where,
               QStringLiteral("%1 is not a class id (a whole number from 0 to %2)")
                   .arg(describe(v))
                   .arg(LabelSetFile::kMaxClassId));
    return int32_t(d);
}

// The keys the editor and the annotation actions accept: one letter, digit or
// punctuation mark, or F1..F24, after optional modifiers ("Shift+W").
bool isShortcut(const QString& text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^((Ctrl|Alt|Shift|Meta)\\+){0,3}([A-Za-z0-9]|F([1-9]|1[0-9]|2[0-4])|"
                       "[!\"#$%&'()*,\\-./:;<=>?@\\[\\\\\\]^_`{|}~])$"));
    return pattern.match(text).hasMatch();
}

} // namespace

LabelSet LabelSetFile::read(const QString& path)
{
    QFile file(path);
    if (!QFileInfo(path).isFile())
        throw FormatError(path, QStringLiteral("no such file"));
    if (file.size() > kMaxBytes)
        throw FormatError(path, QStringLiteral("%1 bytes; a label set file is at most %2 bytes")
                                    .arg(file.size())
                                    .arg(kMaxBytes));
    if (!file.open(QIODevice::ReadOnly))
        throw FormatError(path, QStringLiteral("cannot be read: %1").arg(file.errorString()));
    // read() bounds what a file that grows, or a pipe, can make us hold.
    const QByteArray bytes = file.read(kMaxBytes + 1);
    if (bytes.size() > kMaxBytes)
        throw FormatError(path,
                          QStringLiteral("a label set file is at most %1 bytes").arg(kMaxBytes));
    return parse(bytes, path);
}

LabelSet LabelSetFile::parse(const QByteArray& json, const QString& sourceName)
{
    if (json.size() > kMaxBytes)
        throw FormatError(sourceName,
                          QStringLiteral("a label set file is at most %1 bytes").arg(kMaxBytes));
    const QJsonDocument doc = JsonText::parse(json, sourceName);
    if (!doc.isObject())
        throw FormatError(sourceName,
                          QStringLiteral("a label set is a JSON object with \"id\", \"name\" and "
                                         "\"classes\""));
    const QJsonObject root = doc.object();
    refuseUnknownKeys(root, {"id", "name", "description", "classes"}, sourceName, QString());

    LabelSet set;
    set.id = textField(root, QStringLiteral("id"), true, 64, sourceName, QString());
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.+-]*$"));
    if (!idPattern.match(set.id).hasMatch())
        refuse(sourceName, QStringLiteral("id"),
               QStringLiteral("%1 is not a label set id (letters, digits, '-', '_', '.', '+')")
                   .arg(quoted(set.id)));
    set.name =
        textField(root, QStringLiteral("name"), false, kMaxNameLength, sourceName, QString());
    if (set.name.isEmpty())
        set.name = set.id;
    set.description =
        textField(root, QStringLiteral("description"), false, 4000, sourceName, QString());

    const QJsonValue classesValue = root.value("classes");
    if (!classesValue.isArray())
        refuse(sourceName, QStringLiteral("classes"),
               classesValue.isUndefined()
                   ? QStringLiteral("missing (an array of {\"id\", \"name\", ...})")
                   : QStringLiteral("%1 is not an array").arg(describe(classesValue)));
    const QJsonArray array = classesValue.toArray();
    if (array.isEmpty())
        refuse(sourceName, QStringLiteral("classes"), QStringLiteral("the set defines no class"));
    if (array.size() > kMaxClasses)
        refuse(sourceName, QStringLiteral("classes"),
               QStringLiteral("%1 classes; at most %2").arg(array.size()).arg(kMaxClasses));

    static const QRegularExpression colourPattern(QStringLiteral("^#[0-9a-fA-F]{6}$"));
    QHash<int32_t, int> indexOfId;
    QHash<QString, int> indexOfName, indexOfKey;
    std::vector<QString> places;
    for (int i = 0; i < array.size(); ++i) {
        const QString place = QStringLiteral("classes[%1]").arg(i);
        places.push_back(place);
        if (!array.at(i).isObject())
            refuse(sourceName, place,
                   QStringLiteral("%1 is not an object").arg(describe(array.at(i))));
        const QJsonObject o = array.at(i).toObject();
        refuseUnknownKeys(o, {"id", "name", "colour", "shortcut", "mergedInto"}, sourceName, place);
        LabelClass c;
        if (!o.contains("id"))
            refuse(sourceName, place + QStringLiteral(".id"), QStringLiteral("missing"));
        c.id = classIdField(o.value("id"), sourceName, place + QStringLiteral(".id"));
        if (indexOfId.contains(c.id))
            refuse(
                sourceName, place + QStringLiteral(".id"),
                QStringLiteral("%1 is also the id of classes[%2]").arg(c.id).arg(indexOfId[c.id]));
        indexOfId.insert(c.id, i);

        c.name = textField(o, QStringLiteral("name"), true, kMaxNameLength, sourceName, place);
        const QString nameKey = c.name.toCaseFolded();
        if (indexOfName.contains(nameKey))
            refuse(sourceName, place + QStringLiteral(".name"),
                   QStringLiteral("%1 is also the name of classes[%2]")
                       .arg(quoted(c.name))
                       .arg(indexOfName[nameKey]));
        indexOfName.insert(nameKey, i);

        c.colour = textField(o, QStringLiteral("colour"), false, 16, sourceName, place);
        if (!c.colour.isEmpty() && !colourPattern.match(c.colour).hasMatch())
            refuse(sourceName, place + QStringLiteral(".colour"),
                   QStringLiteral("%1 is not a colour (#rrggbb)").arg(quoted(c.colour)));

        c.shortcut = textField(o, QStringLiteral("shortcut"), false, 16, sourceName, place);
        if (!c.shortcut.isEmpty()) {
            if (!isShortcut(c.shortcut))
                refuse(sourceName, place + QStringLiteral(".shortcut"),
                       QStringLiteral("%1 is not a key (a letter, digit or mark, F1..F24, "
                                      "optionally after Ctrl+, Alt+ or Shift+)")
                           .arg(quoted(c.shortcut)));
            const QString keyKey = c.shortcut.toCaseFolded();
            if (indexOfKey.contains(keyKey))
                refuse(sourceName, place + QStringLiteral(".shortcut"),
                       QStringLiteral("%1 is also the key of classes[%2]")
                           .arg(quoted(c.shortcut))
                           .arg(indexOfKey[keyKey]));
            indexOfKey.insert(keyKey, i);
        }
        if (o.contains("mergedInto"))
            c.mergedInto = classIdField(o.value("mergedInto"), sourceName,
                                        place + QStringLiteral(".mergedInto"));
        set.classes.push_back(c);
    }
    // Merges are checked once every id is known: a class may merge into a later one.
    for (size_t i = 0; i < set.classes.size(); ++i) {
        const LabelClass& c = set.classes[i];
        if (c.mergedInto == kUnlabelled)
            continue;
        const QString where = places[i] + QStringLiteral(".mergedInto");
        if (c.mergedInto == c.id)
            refuse(sourceName, where, QStringLiteral("class %1 is merged into itself").arg(c.id));
        const LabelClass* target = set.find(c.mergedInto);
        if (!target)
            refuse(sourceName, where,
                   QStringLiteral("%1 is not the id of a class of this set").arg(c.mergedInto));
        if (target->mergedInto != kUnlabelled)
            refuse(sourceName, where,
                   QStringLiteral("class %1 is itself merged into class %2; merge into that one")
                       .arg(target->id)
                       .arg(target->mergedInto));
    }
    return set;
}

void LabelSetFile::write(const LabelSet& set, const QString& path)
{
    try {
        AtomicFileWriter writer(path, AtomicFileWriter::Naming::Unique,
                                AtomicFileWriter::Permissions::KeepTarget);
        writer.write(set.toJson());
        writer.commit();
    } catch (const AtomicFileWriter::Failure& e) {
        throw std::runtime_error(
            QStringLiteral("cannot write %1: %2").arg(path, e.reason).toStdString());
    }
}

bool LabelSetFile::namesFile(const QString& argument)
{
    return argument.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ||
           QFileInfo(argument).isFile();
}

LabelSet LabelSetFile::resolve(const QString& argument)
{
    if (namesFile(argument))
        return read(argument);
    if (!LabelSet::builtinIds().contains(argument))
        throw std::invalid_argument(
            QStringLiteral("'%1' is neither a label set file (.json) nor a built-in label set "
                           "(%2)")
                .arg(argument, LabelSet::builtinIds().join(QStringLiteral(", ")))
                .toStdString());
    return LabelSet::builtin(argument);
}

std::vector<int32_t> LabelSetFile::missingIds(const LabelSet& set, const std::vector<int32_t>& used)
{
    std::vector<int32_t> missing;
    for (int32_t id : used)
        if (id != kUnlabelled && !set.find(id))
            missing.push_back(id);
    std::sort(missing.begin(), missing.end());
    missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
    return missing;
}

} // namespace kinemark
