#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QtEndian>

namespace kinemark::test {

// Raw .kmodel bytes for the model-file tests, written field by field (not by
// ModelFile), so that a test can build what Kinemark's writer never would:
// another version, a header out of range, weights of the wrong size.

// Appends `value` to `out` in little-endian byte order.
template <typename T> void appendLittleEndian(QByteArray& out, T value)
{
    const T le = qToLittleEndian(value);
    out.append(reinterpret_cast<const char*>(&le), sizeof le);
}

// A model file of `version` with `header` as its JSON and `weights`, its MD5
// trailer right, so that the reader gets past the checksum to what is tested.
QByteArray modelFileBytes(quint32 version, const QJsonObject& header, const QByteArray& weights);

} // namespace kinemark::test
