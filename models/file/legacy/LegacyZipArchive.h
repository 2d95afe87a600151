#pragma once

#include "core/base/FormatError.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <zip.h>

namespace kinemark {

// The ZIP layer of a version-1 model file's weights (LegacyTorchArchive):
// a read-only view of a ZIP archive held in memory; every size it reports was
// checked against the bounds before anything is allocated for it.
class LegacyZipArchive
{
public:
    LegacyZipArchive(const QByteArray& bytes, const QString& source);
    ~LegacyZipArchive();
    LegacyZipArchive(const LegacyZipArchive&) = delete;
    LegacyZipArchive& operator=(const LegacyZipArchive&) = delete;

    // Every entry's name and size; their total bounded by the input's size.
    void checkEntries(qint64 inputBytes);

    const QStringList& names() const;
    qint64 size(const QString& name) const;

    // The whole entry; exactly the size its directory claims, or an error.
    QByteArray read(const QString& name) const;

    FormatError fail(const QString& what) const;

private:
    QString m_source;
    zip_t* m_zip = nullptr;
    QStringList m_names;
    QHash<QString, qint64> m_sizes;
};

} // namespace kinemark
