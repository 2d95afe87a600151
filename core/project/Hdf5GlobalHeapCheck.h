#pragma once

#include <QString>
#include <cstdint>

namespace kinemark {

// Checks an HDF5 file's global heap collections (where variable-length strings,
// such as our string attributes, are stored) before HDF5 reads any of them.
// HDF5 1.10 trusts the object sizes a collection states: its bounds checks are
// debug-only assertions, so a damaged or crafted size makes H5HG_read copy far
// beyond the collection (found by fuzz/fuzz_project: a 4 KB collection whose
// object claims 256 KB crashed `ProjectFile::open`; a free space of size 0 made
// it loop forever). Every collection ("GCOL", version 1) must lie inside the
// file, every object inside its collection, and the free space must cover at
// least its own header; otherwise the file is refused before HDF5 touches it.
class Hdf5GlobalHeapCheck
{
public:
    // Throws FormatError naming `displayPath`, the collection's byte offset and
    // the object that does not fit. Files that cannot be read are left to HDF5.
    static void check(const QString& path, const QString& displayPath);
    // Whether `file` (`fileSize` bytes) holds a collection at `collectionAt`
    // with an object numbered `index`. A variable-length string's heap ID names
    // both, and HDF5 1.10 looks the object up without checking either (another
    // debug-only assertion): an index the collection lacks made H5HG_read read
    // a pointer from beyond its object table (found by fuzz/fuzz_project).
    static bool holdsObject(const uchar* file, qint64 fileSize, uint64_t collectionAt,
                            uint64_t index);
};

} // namespace kinemark
