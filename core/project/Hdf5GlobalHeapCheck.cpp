#include "core/project/Hdf5GlobalHeapCheck.h"

#include "core/base/FormatError.h"

#include <QFile>
#include <cstdint>
#include <cstring>

namespace kinemark {

namespace {

uint64_t le(const uchar* p, int bytes)
{
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

// A collection (HDF5 file format spec, "Global Heap"): "GCOL", version 1, three
// reserved zero bytes, its size in bytes (8, the size of lengths in our files),
// then objects, each: index (2), reference count (2), reserved (4), size (8),
// data padded to 8 bytes. Index 0 is the free space, whose size includes its
// header (in files HDF5 writes it is the rest of the collection). The
// eight header bytes make a false match inside compressed data (2^-64 per
// position) negligible.
constexpr int kHeader = 16;
constexpr int kObjectHeader = 16;

void checkCollection(const uchar* file, qint64 fileSize, qint64 at, const QString& shown)
{
    const uint64_t size = le(file + at + 8, 8);
    auto fail = [&](const QString& what) {
        throw FormatError(shown, QStringLiteral("global heap collection: %1").arg(what), at, 0,
                          QStringLiteral("byte"));
    };
    if (size < kHeader || size > uint64_t(fileSize - at))
        fail(QStringLiteral("its %1 bytes run beyond the end of the file (%2 bytes): the file is "
                            "truncated or damaged")
                 .arg(size)
                 .arg(fileSize));
    const uint64_t end = uint64_t(at) + size;
    uint64_t p = uint64_t(at) + kHeader;
    while (p + kObjectHeader <= end) {
        const uint64_t index = le(file + p, 2);
        const uint64_t objectSize = le(file + p + 8, 8);
        if (index == 0) {
            // The free space: its size counts its own header, and HDF5 steps
            // over it by that size, so a size of 0 made it parse the same
            // bytes forever (found by fuzz/fuzz_project as a hang).
            if (objectSize < uint64_t(kObjectHeader) || objectSize > end - p)
                fail(QStringLiteral("its free space at byte %1 claims %2 bytes, but %3 remain")
                         .arg(p)
                         .arg(objectSize)
                         .arg(end - p));
            p += objectSize;
            continue;
        }
        const uint64_t padded = (objectSize + 7) / 8 * 8;
        if (objectSize > end - p - kObjectHeader || padded > end - p - kObjectHeader)
            fail(QStringLiteral("object %1 claims %2 bytes, but the collection (%3 bytes) "
                                "holds only %4 after it")
                     .arg(index)
                     .arg(objectSize)
                     .arg(size)
                     .arg(end - p - kObjectHeader));
        p += kObjectHeader + padded;
    }
}

} // namespace

bool Hdf5GlobalHeapCheck::holdsObject(const uchar* file, qint64 fileSize, uint64_t collectionAt,
                                      uint64_t index)
{
    static const uchar kSignature[8] = {'G', 'C', 'O', 'L', 1, 0, 0, 0};
    if (index == 0 || fileSize < kHeader || collectionAt > uint64_t(fileSize - kHeader) ||
        memcmp(file + collectionAt, kSignature, sizeof kSignature) != 0)
        return false;
    const uint64_t size = le(file + collectionAt + 8, 8);
    if (size < kHeader || size > uint64_t(fileSize) - collectionAt)
        return false;
    const uint64_t end = collectionAt + size;
    uint64_t p = collectionAt + kHeader;
    while (p + kObjectHeader <= end) {
        const uint64_t objectIndex = le(file + p, 2);
        const uint64_t objectSize = le(file + p + 8, 8);
        if (objectIndex == index)
            return true;
        if (objectIndex == 0) {
            if (objectSize < uint64_t(kObjectHeader) || objectSize > end - p)
                return false;
            p += objectSize;
            continue;
        }
        const uint64_t padded = (objectSize + 7) / 8 * 8;
        if (padded > end - p - kObjectHeader)
            return false;
        p += kObjectHeader + padded;
    }
    return false;
}

void Hdf5GlobalHeapCheck::check(const QString& path, const QString& displayPath)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() < kHeader)
        return;
    const qint64 size = file.size();
    const uchar* data = file.map(0, size);
    if (!data)
        return;
    static const uchar kSignature[8] = {'G', 'C', 'O', 'L', 1, 0, 0, 0};
    const uchar* p = data;
    const uchar* const stop = data + size - kHeader + 1;
    while (p < stop) {
        const void* found = memmem(p, size_t(stop - p) + 7, kSignature, sizeof kSignature);
        if (!found || static_cast<const uchar*>(found) >= stop)
            break;
        const qint64 at = static_cast<const uchar*>(found) - data;
        checkCollection(data, size, at, displayPath);
        p = static_cast<const uchar*>(found) + 1;
    }
}

} // namespace kinemark
