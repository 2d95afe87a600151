#include "core/io/devices/ZipArchive.h"

#include "core/base/FormatError.h"

#include "core/io/RecordingSizeLimit.h"

#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <cstdint>
#include <vector>
#include <zip.h>

namespace kinemark {

ZipArchive::ZipArchive(const QString& path) : m_path(path)
{
    int error = 0;
    m_zip = zip_open(QFile::encodeName(path).constData(), ZIP_RDONLY, &error);
    if (!m_zip) {
        zip_error_t e;
        zip_error_init_with_code(&e, error);
        const QString why = QString::fromUtf8(zip_error_strerror(&e));
        zip_error_fini(&e);
        throw FormatError(path, error == ZIP_ER_NOZIP || error == ZIP_ER_INCONS
                                    ? QStringLiteral("not a ZIP archive (%1)").arg(why)
                                    : QStringLiteral("cannot open as a ZIP archive: %1").arg(why));
    }
    m_archiveBytes = QFileInfo(path).size();
    const zip_int64_t entries = zip_get_num_entries(m_zip, 0);
    if (entries > kMaxEntries) {
        zip_discard(m_zip);
        m_zip = nullptr;
        throw FormatError(path, QStringLiteral("the ZIP directory lists %1 entries; at most %2 are "
                                               "read")
                                    .arg(entries)
                                    .arg(kMaxEntries));
    }
}

ZipArchive::~ZipArchive()
{
    if (m_zip)
        zip_discard(m_zip);
}

QStringList ZipArchive::entryNames() const
{
    QStringList names;
    const zip_int64_t n = zip_get_num_entries(m_zip, 0);
    for (zip_int64_t i = 0; i < n; ++i)
        if (const char* name = zip_get_name(m_zip, zip_uint64_t(i), 0))
            names << QString::fromUtf8(name);
    return names;
}

bool ZipArchive::contains(const QString& entry) const
{
    return zip_name_locate(m_zip, entry.toUtf8().constData(), 0) >= 0;
}

qint64 ZipArchive::entrySize(const QString& entry) const
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(m_zip, entry.toUtf8().constData(), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return -1;
    const qint64 size = qint64(std::min<zip_uint64_t>(st.size, zip_uint64_t(INT64_MAX)));
    const qint64 packed =
        (st.valid & ZIP_STAT_COMP_SIZE)
            ? qint64(std::min<zip_uint64_t>(st.comp_size, zip_uint64_t(INT64_MAX)))
            : m_archiveBytes;
    const bool stored = (st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method == ZIP_CM_STORE;
    const qint64 expandable = stored ? packed : packed * kMaxDeflateRatio + 1024;
    QString why;
    if (packed > m_archiveBytes)
        why = QStringLiteral("its compressed size, %1 bytes, is more than the whole archive's, %2")
                  .arg(packed)
                  .arg(m_archiveBytes);
    else if (size > expandable)
        why = QStringLiteral("%1 bytes compressed cannot expand to that (%2 at most)")
                  .arg(packed)
                  .arg(expandable);
    else if (size > kMaxEntryBytes)
        why = QStringLiteral("more than the %1 an entry may have")
                  .arg(RecordingSizeLimit::formatBytes(double(kMaxEntryBytes)));
    if (!why.isEmpty())
        throw FormatError(m_path, QStringLiteral("ZIP entry '%1' claims %2 bytes (%3): %4")
                                      .arg(entry)
                                      .arg(size)
                                      .arg(RecordingSizeLimit::formatBytes(double(size)))
                                      .arg(why));
    return size;
}

qint64 ZipArchive::compressedSize(const QString& entry) const
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(m_zip, entry.toUtf8().constData(), 0, &st) != 0 ||
        !(st.valid & ZIP_STAT_COMP_SIZE))
        return -1;
    return qint64(std::min<zip_uint64_t>(st.comp_size, zip_uint64_t(INT64_MAX)));
}

QByteArray ZipArchive::readAll(const QString& entry, qint64 maxBytes) const
{
    QByteArray out;
    const qint64 size = entrySize(entry);
    if (size > maxBytes)
        throw FormatError(m_path, QStringLiteral("ZIP entry '%1' claims %2 bytes; at most %3 are "
                                                 "read")
                                      .arg(entry)
                                      .arg(size)
                                      .arg(maxBytes));
    if (size > 0)
        out.reserve(size);
    stream(entry, [&](const char* data, qint64 n) {
        out.append(data, n);
        return true;
    });
    return out;
}

void ZipArchive::stream(const QString& entry, const std::function<bool(const char*, qint64)>& sink,
                        qint64 chunkBytes) const
{
    zip_file_t* file = zip_fopen(m_zip, entry.toUtf8().constData(), 0);
    if (!file)
        throw FormatError(m_path, QStringLiteral("the archive has no readable entry '%1' (%2)")
                                      .arg(entry, QString::fromUtf8(zip_strerror(m_zip))));
    const qint64 claimed = entrySize(entry);
    qint64 delivered = 0;
    std::vector<char> buffer(size_t(std::max<qint64>(chunkBytes, 4096)));
    for (;;) {
        const zip_int64_t n = zip_fread(file, buffer.data(), buffer.size());
        if (n < 0) {
            const QString why = QString::fromUtf8(zip_file_strerror(file));
            zip_fclose(file);
            throw FormatError(m_path, QStringLiteral("entry '%1' is damaged: %2").arg(entry, why));
        }
        if (n == 0)
            break;
        delivered += n;
        if (claimed >= 0 && delivered > claimed) {
            zip_fclose(file);
            throw FormatError(m_path, QStringLiteral("ZIP entry '%1' holds more than the %2 bytes "
                                                     "its directory entry claims")
                                          .arg(entry)
                                          .arg(claimed));
        }
        bool more = false;
        try {
            more = sink(buffer.data(), qint64(n));
        } catch (...) {
            zip_fclose(file);
            throw;
        }
        if (!more)
            break;
    }
    zip_fclose(file);
}

bool ZipArchive::hasSignature(const QByteArray& head)
{
    return head.startsWith("PK\x03\x04");
}

} // namespace kinemark
