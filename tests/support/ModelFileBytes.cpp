#include "tests/support/ModelFileBytes.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace kinemark::test {

QByteArray modelFileBytes(quint32 version, const QJsonObject& header, const QByteArray& weights)
{
    const QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
    QByteArray out("KMKMODEL");
    appendLittleEndian<quint32>(out, version);
    appendLittleEndian<quint32>(out, quint32(json.size()));
    out.append(json);
    appendLittleEndian<quint64>(out, quint64(weights.size()));
    out.append(weights);
    out.append(QCryptographicHash::hash(out, QCryptographicHash::Md5));
    return out;
}

} // namespace kinemark::test
