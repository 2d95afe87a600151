#include "models/file/LegacyModelConverter.h"

#include "core/base/FormatError.h"
#include "models/file/LegacyTorchArchive.h"
#include "models/file/TensorArchive.h"

#include <QCryptographicHash>
#include <QtEndian>

namespace kinemark {

namespace {
const QByteArray kMagic("KMKMODEL");
constexpr qsizetype kPrefix = 8 + 4 + 4; // magic, version, header length
constexpr qsizetype kChecksum = 16;

template <typename T> void appendLittleEndian(QByteArray& out, T value)
{
    const T le = qToLittleEndian(value);
    out.append(reinterpret_cast<const char*>(&le), sizeof le);
}
} // namespace

bool LegacyModelConverter::isLegacyModelFile(const QByteArray& bytes)
{
    return bytes.startsWith(kMagic) && bytes.size() >= kPrefix &&
           qFromLittleEndian<quint32>(bytes.constData() + 8) == 1;
}

ModelFile LegacyModelConverter::convert(const QByteArray& bytes, const QString& source)
{
    const auto fail = [&](const QString& what) { return FormatError(source, what); };
    if (!bytes.startsWith(kMagic))
        throw fail(QStringLiteral("not a Kinemark model file (no KMKMODEL signature)"));
    if (bytes.size() < kPrefix + 8 + kChecksum)
        throw fail(QStringLiteral("the file is truncated (%1 bytes)").arg(bytes.size()));
    const quint32 version = qFromLittleEndian<quint32>(bytes.constData() + 8);
    if (version != 1)
        throw fail(
            QStringLiteral("format version %1: only version-1 files need converting").arg(version));
    const QByteArray body = bytes.left(bytes.size() - kChecksum);
    if (QCryptographicHash::hash(body, QCryptographicHash::Md5) != bytes.right(kChecksum))
        throw fail(QStringLiteral("the checksum does not match: the file is damaged or truncated"));
    const quint32 headerLength = qFromLittleEndian<quint32>(body.constData() + 12);
    if (qint64(headerLength) > body.size() - kPrefix - 8)
        throw fail(QStringLiteral("header length %1 runs past the end").arg(headerLength));
    const qsizetype weightsAt = kPrefix + qsizetype(headerLength) + 8;
    const quint64 weightsLength = qFromLittleEndian<quint64>(body.constData() + weightsAt - 8);
    if (weightsLength != quint64(body.size() - weightsAt))
        throw fail(QStringLiteral("weights length %1 does not match the file").arg(weightsLength));

    const TensorArchive weights = LegacyTorchArchive::read(body.mid(weightsAt), source);
    // The same header under the current version, with the weights as data;
    // fromBytes then checks it as it checks every model file.
    const QByteArray converted = weights.toBytes();
    QByteArray out;
    out.reserve(weightsAt + converted.size() + kChecksum);
    out.append(kMagic);
    appendLittleEndian<quint32>(out, ModelFile::kFormatVersion);
    appendLittleEndian<quint32>(out, headerLength);
    out.append(body.constData() + kPrefix, qsizetype(headerLength));
    appendLittleEndian<quint64>(out, quint64(converted.size()));
    out.append(converted);
    out.append(QCryptographicHash::hash(out, QCryptographicHash::Md5));
    return ModelFile::fromBytes(out, source);
}

} // namespace kinemark
