#pragma once

#include "core/project/Hdf5Dataset.h"
#include "core/project/Hdf5Object.h"

#include <QByteArray>
#include <QStringList>
#include <cstdint>
#include <functional>

namespace H5 {
class Group;
}

namespace kinemark {

// A group of an HDF5 file: child groups, attributes, and 1-D datasets.
class Hdf5Group : public Hdf5Object
{
public:
    enum class ChildKind
    {
        Missing,
        Group,
        Dataset,
        Other
    };

    ChildKind childKind(const QString& name) const;
    bool hasGroup(const QString& name) const { return childKind(name) == ChildKind::Group; }
    bool hasDataset(const QString& name) const { return childKind(name) == ChildKind::Dataset; }
    // Names of all links in the group, in HDF5's name order.
    QStringList childNames() const;

    Hdf5Group createGroup(const QString& name);
    // Throws FormatError naming the child when it is missing or not a group.
    Hdf5Group group(const QString& name) const;
    // Throws FormatError naming the child when it is missing or not a dataset.
    Hdf5Dataset dataset(const QString& name) const;

    // 1-D numeric datasets. Arrays of at least options.compressFromBytes are
    // chunked and compressed with HDF5's standard shuffle + deflate filters
    // (compressed here on options.threads worker threads and written with
    // H5Dwrite_chunk); smaller ones are stored contiguous. Empty arrays give
    // an empty dataset. `progress` (may throw Cancelled) is called on this
    // thread with the number of elements written so far.
    Hdf5Dataset writeFloats(const QString& name, const float* data, size_t count,
                            const Hdf5Dataset::Options& options = {},
                            const Hdf5Dataset::Progress& progress = {});
    Hdf5Dataset writeInt32s(const QString& name, const int32_t* data, size_t count,
                            const Hdf5Dataset::Options& options = {},
                            const Hdf5Dataset::Progress& progress = {});
    Hdf5Dataset writeInt64s(const QString& name, const int64_t* data, size_t count,
                            const Hdf5Dataset::Options& options = {},
                            const Hdf5Dataset::Progress& progress = {});
    // 1-D dataset of variable-length UTF-8 strings (contiguous).
    Hdf5Dataset writeStrings(const QString& name, const QStringList& values);
    // Scalar variable-length UTF-8 string dataset, for text of any length
    // (attributes are limited to 64 KiB in older HDF5 object headers).
    Hdf5Dataset writeText(const QString& name, const QString& text);
    // 1-D uint8 dataset holding `bytes` as they are (contiguous, not
    // compressed: meant for opaque files such as a model's weights, which
    // deflate hardly shrinks). h5py reads it back with bytes(dataset[()]).
    Hdf5Dataset writeBytes(const QString& name, const QByteArray& bytes);

private:
    friend class Hdf5File;
    Hdf5Group(std::shared_ptr<H5::Group> group, QString filePath, QString path);
    H5::Group& h5group() const;
    Hdf5Dataset writeArray(const QString& name, Hdf5Dataset::Element element, const void* data,
                           size_t count, const Hdf5Dataset::Options& options,
                           const Hdf5Dataset::Progress& progress);
};

} // namespace kinemark
