#pragma once

#include "core/project/Hdf5Object.h"

#include <QByteArray>
#include <QStringList>
#include <cstdint>
#include <functional>
#include <vector>

namespace H5 {
class DataSet;
}

namespace kinemark {

// How numeric arrays are stored and moved. The defaults were chosen with
// bench_project_io on a week of 50 Hz accelerometer data (see
// docs/project-format.md). (A namespace-level struct rather than a nested one
// so that it can be a default argument inside Hdf5Dataset.)
struct Hdf5ArrayOptions
{
    size_t chunkElements = size_t(1) << 16; // 64 Ki elements: 256 KiB of float32, ~22 min at 50 Hz
    size_t compressFromBytes = 16384;       // smaller arrays are stored contiguous
    int threads = 0;                        // zlib worker threads; 0 = one per core
    size_t inFlight = 0;                    // chunks in flight; 0 = 2 per thread + 2
};

// Called on the HDF5 thread after each chunk with the elements done so far;
// may throw (e.g. Cancelled) to stop.
using Hdf5Progress = std::function<void(size_t elementsDone)>;

// A 1-D (or scalar, for text) dataset of an HDF5 file.
class Hdf5Dataset : public Hdf5Object
{
public:
    enum class Element
    {
        Float32,
        Int32,
        Int64
    };

    using Options = Hdf5ArrayOptions;
    using Progress = Hdf5Progress;

    enum class TypeClass
    {
        Integer,
        Float,
        String,
        Other
    };
    TypeClass typeClass() const;
    // Number of elements; throws FormatError unless the dataset is 1-D.
    size_t size() const;
    // Storage facts, for benchmarks and tests.
    bool isChunked() const;
    size_t chunkElements() const;  // 0 unless chunked
    uint64_t storageBytes() const; // bytes the data occupies in the file

    // Read the whole 1-D dataset into `dest` (`count` must equal size()).
    // Throws FormatError when the type class does not match (float vs
    // integer), when `count` differs, or when a chunk does not decode. Chunked
    // shuffle+deflate datasets whose file type equals the memory type are
    // decompressed on worker threads from H5Dread_chunk; anything else goes
    // through H5Dread (type conversion included).
    void readFloats(float* dest, size_t count, const Options& options = {},
                    const Progress& progress = {}) const;
    void readInt32s(int32_t* dest, size_t count, const Options& options = {},
                    const Progress& progress = {}) const;
    void readInt64s(int64_t* dest, size_t count, const Options& options = {},
                    const Progress& progress = {}) const;
    std::vector<int32_t> readInt32s() const;
    std::vector<int64_t> readInt64s() const;
    // A 1-D string dataset (fixed or variable length).
    QStringList readStrings() const;
    // A scalar (or one-element) string dataset.
    QString readText() const;
    // A 1-D dataset of 1-byte integers (as Hdf5Group::writeBytes writes);
    // throws FormatError for any other type.
    QByteArray readBytes() const;

private:
    friend class Hdf5Group;
    Hdf5Dataset(std::shared_ptr<H5::DataSet> dataset, QString filePath, QString path);
    H5::DataSet& h5dataset() const;
    void readArray(Element element, void* dest, size_t count, const Options& options,
                   const Progress& progress) const;
};

} // namespace kinemark
