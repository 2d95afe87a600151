#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <functional>

struct zip;

namespace kinemark {

// A ZIP archive opened read-only with libzip (ActiGraph .gt3x files are ZIP
// archives). Entries are read whole or streamed in chunks, so that a week's
// log.bin never has to be in memory at once. Errors are FormatErrors naming
// the archive and the entry.
class ZipArchive
{
public:
    explicit ZipArchive(const QString& path);
    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    QStringList entryNames() const;
    bool contains(const QString& entry) const;
    qint64 entrySize(const QString& entry) const; // uncompressed, -1 when absent
    QByteArray readAll(const QString& entry) const;
    // Calls sink(data, size) with consecutive chunks of the uncompressed entry
    // until the end or until sink returns false.
    void stream(const QString& entry, const std::function<bool(const char*, qint64)>& sink,
                qint64 chunkBytes = 1 << 20) const;

    // True when `head` starts with a ZIP local file header ("PK\3\4").
    static bool hasSignature(const QByteArray& head);

private:
    QString m_path;
    zip* m_zip = nullptr;
};

} // namespace kinemark
