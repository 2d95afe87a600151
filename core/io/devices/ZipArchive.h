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
//
// The directory's counts and sizes are the file's claims, checked before they
// drive an allocation: at most kMaxEntries entries; an entry's compressed size
// within the archive, its uncompressed size at most kMaxDeflateRatio times the
// compressed one (deflate's own limit; stored entries: equal) and at most
// kMaxEntryBytes; readAll() holds at most its `maxBytes`, and a stream that
// delivers more than the directory claims is an error.
class ZipArchive
{
public:
    static constexpr qint64 kMaxEntries = 10000;
    static constexpr qint64 kMaxDeflateRatio = 1032;
    static constexpr qint64 kMaxEntryBytes = qint64(8) << 30;
    static constexpr qint64 kDefaultReadAllBytes = qint64(256) << 20;

    explicit ZipArchive(const QString& path);
    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    QStringList entryNames() const;
    bool contains(const QString& entry) const;
    // Uncompressed, checked as above; -1 when absent.
    qint64 entrySize(const QString& entry) const;
    // Compressed, as stored; -1 when absent.
    qint64 compressedSize(const QString& entry) const;
    qint64 archiveBytes() const { return m_archiveBytes; }
    // The whole entry; an error when it claims more than `maxBytes`.
    QByteArray readAll(const QString& entry, qint64 maxBytes = kDefaultReadAllBytes) const;
    // Calls sink(data, size) with consecutive chunks of the uncompressed entry
    // until the end or until sink returns false.
    void stream(const QString& entry, const std::function<bool(const char*, qint64)>& sink,
                qint64 chunkBytes = 1 << 20) const;

    // True when `head` starts with a ZIP local file header ("PK\3\4").
    static bool hasSignature(const QByteArray& head);

private:
    QString m_path;
    zip* m_zip = nullptr;
    qint64 m_archiveBytes = 0;
};

} // namespace kinemark
