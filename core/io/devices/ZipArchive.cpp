#include "core/io/devices/ZipArchive.h"

#include "core/base/FormatError.h"

#include <QFile>
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
    return qint64(st.size);
}

QByteArray ZipArchive::readAll(const QString& entry) const
{
    QByteArray out;
    const qint64 size = entrySize(entry);
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
