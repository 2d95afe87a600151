#include "core/video/VideoFingerprint.h"

#include <QCryptographicHash>
#include <QFile>
#include <QtEndian>
#include <stdexcept>

namespace kinemark {

namespace {
[[noreturn]] void cannotRead(const QFile& file)
{
    throw std::runtime_error(QStringLiteral("%1: cannot read the video (%2)")
                                 .arg(file.fileName(), file.errorString())
                                 .toStdString());
}

void addBytes(QCryptographicHash& hash, QFile& file, qint64 from, qint64 count)
{
    if (!file.seek(from))
        cannotRead(file);
    const QByteArray bytes = file.read(count);
    if (bytes.size() != count)
        cannotRead(file);
    hash.addData(bytes);
}
} // namespace

VideoFingerprint VideoFingerprint::of(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        cannotRead(file);
    VideoFingerprint f;
    f.sizeBytes = file.size();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    // The size first (little-endian 64 bit): two files that share their
    // first and last MiB but differ in length hash differently.
    const quint64 size = qToLittleEndian(quint64(f.sizeBytes));
    hash.addData(QByteArrayView(reinterpret_cast<const char*>(&size), sizeof size));
    if (f.sizeBytes <= 2 * kSampleBytes) {
        addBytes(hash, file, 0, f.sizeBytes);
    } else {
        addBytes(hash, file, 0, kSampleBytes);
        addBytes(hash, file, f.sizeBytes - kSampleBytes, kSampleBytes);
    }
    f.hash = QString::fromLatin1(hash.result().toHex());
    return f;
}

} // namespace kinemark
