#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

namespace kinemark {

// JSON text a user wrote (a label set file, a built-in label set): parsed, or
// a FormatError naming the file, the line and column where the text stops
// being JSON and Qt's reason, rather than the byte offset QJsonParseError has.
class JsonText
{
public:
    static QJsonDocument parse(const QByteArray& json, const QString& sourceName);
};

} // namespace kinemark
