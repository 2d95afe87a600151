#include "models/file/legacy/LegacyZipArchive.h"

#include "models/file/LegacyTorchArchive.h"

#include <algorithm>

namespace kinemark {

LegacyZipArchive::LegacyZipArchive(const QByteArray& bytes, const QString& source)
    : m_source(source)
{
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src =
        zip_source_buffer_create(bytes.constData(), zip_uint64_t(bytes.size()), 0, &error);
    if (src)
        m_zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (!m_zip) {
        if (src)
            zip_source_free(src);
        const QString why = QString::fromUtf8(zip_error_strerror(&error));
        zip_error_fini(&error);
        throw FormatError(
            source, QStringLiteral("legacy weights: not a readable ZIP archive (%1)").arg(why));
    }
    zip_error_fini(&error);
    try {
        checkEntries(bytes.size());
    } catch (...) {
        zip_discard(m_zip); // the destructor of an object not constructed does not run
        throw;
    }
}

LegacyZipArchive::~LegacyZipArchive()
{
    if (m_zip)
        zip_discard(m_zip);
}

void LegacyZipArchive::checkEntries(qint64 inputBytes)
{
    const zip_int64_t count = zip_get_num_entries(m_zip, 0);
    if (count < 0 || count > LegacyTorchArchive::kMaxArchiveEntries)
        throw fail(QStringLiteral("the archive claims %1 entries, more than the %2 allowed")
                       .arg(count)
                       .arg(LegacyTorchArchive::kMaxArchiveEntries));
    const qint64 budget = std::min(LegacyTorchArchive::kMaxUncompressedBytes,
                                   LegacyTorchArchive::kMaxExpansion * inputBytes + (1 << 20));
    qint64 total = 0;
    for (zip_int64_t i = 0; i < count; ++i) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(m_zip, zip_uint64_t(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) ||
            !(st.valid & ZIP_STAT_SIZE))
            throw fail(QStringLiteral("entry %1 of the archive cannot be read").arg(i));
        const QString name = QString::fromUtf8(st.name);
        if (st.size > zip_uint64_t(budget) || (total += qint64(st.size)) > budget)
            throw fail(QStringLiteral("entry '%1' would make the archive %2 bytes or more "
                                      "uncompressed, more than the %3 allowed for %4 bytes")
                           .arg(name)
                           .arg(st.size > zip_uint64_t(budget) ? qint64(st.size) : total)
                           .arg(budget)
                           .arg(inputBytes));
        m_sizes.insert(name, qint64(st.size));
        m_names << name;
    }
}

const QStringList& LegacyZipArchive::names() const
{
    return m_names;
}

qint64 LegacyZipArchive::size(const QString& name) const
{
    return m_sizes.value(name, -1);
}

QByteArray LegacyZipArchive::read(const QString& name) const
{
    const qint64 expected = size(name);
    if (expected < 0)
        throw fail(QStringLiteral("the archive has no entry '%1'").arg(name));
    zip_file_t* file = zip_fopen(m_zip, name.toUtf8().constData(), 0);
    if (!file)
        throw fail(QStringLiteral("entry '%1' cannot be opened (%2)")
                       .arg(name, QString::fromUtf8(zip_strerror(m_zip))));
    QByteArray out(qsizetype(expected), Qt::Uninitialized);
    qint64 got = 0;
    char extra = 0;
    zip_int64_t n = 0;
    while (got < expected &&
           (n = zip_fread(file, out.data() + got, zip_uint64_t(expected - got))) > 0)
        got += n;
    if (n >= 0 && got == expected)
        n = zip_fread(file, &extra, 1); // must be the end
    const QString why = n < 0 ? QString::fromUtf8(zip_file_strerror(file)) : QString();
    zip_fclose(file);
    if (n < 0)
        throw fail(QStringLiteral("entry '%1' is damaged: %2").arg(name, why));
    if (got != expected || n > 0)
        throw fail(QStringLiteral("entry '%1' does not hold the %2 bytes its directory claims")
                       .arg(name)
                       .arg(expected));
    return out;
}

FormatError LegacyZipArchive::fail(const QString& what) const
{
    return FormatError(m_source, QStringLiteral("legacy weights: ") + what);
}

} // namespace kinemark
