#include "core/base/JsonText.h"

#include "core/base/FormatError.h"

#include <QJsonParseError>

namespace kinemark {

QJsonDocument JsonText::parse(const QByteArray& json, const QString& sourceName)
{
    QJsonParseError parseError;
    QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // The byte offset as a line and column for the message.
        const QByteArray before = json.left(parseError.offset);
        const qint64 line = before.count('\n') + 1;
        const int column = int(parseError.offset - (before.lastIndexOf('\n') + 1)) + 1;
        throw FormatError(sourceName,
                          QStringLiteral("invalid JSON: %1").arg(parseError.errorString()), line,
                          column);
    }
    return doc;
}

} // namespace kinemark
