#include "core/project/Hdf5Dataset.h"

#include "core/base/ChunkPipeline.h"
#include "core/project/Hdf5GlobalHeapCheck.h"
#include "core/project/Hdf5Types.h"
#include "core/project/ShuffleDeflate.h"

#include <QFile>
#include <zlib.h>

#include <algorithm>

namespace kinemark {

namespace {

using hdf5::detailOf;
using hdf5::memoryType;

size_t elementSize(Hdf5Dataset::Element element)
{
    return element == Hdf5Dataset::Element::Int64 ? 8 : 4;
}

struct ReadSlot
{
    std::vector<unsigned char> compressed;
    std::vector<unsigned char> scratch;
    uint32_t filterMask = 0;
    bool readDirectly = false; // chunk never written: HDF5 supplies the fill value
};

// A chunked dataset's chunk size (0 when not chunked), and whether it can
// take the fast path: that needs exactly our pipeline (shuffle, then deflate)
// and no type conversion; anything else (e.g. a file written by another tool)
// is left to H5Dread.
struct ChunkLayout
{
    size_t chunk = 0;
    bool fast = false;
};

ChunkLayout chunkLayout(H5::DataSet& ds, Hdf5Dataset::Element element, size_t esize)
{
    ChunkLayout layout;
    const H5::DSetCreatPropList plist = ds.getCreatePlist();
    if (plist.getLayout() != H5D_CHUNKED || plist.getChunk(0, nullptr) != 1)
        return layout;
    hsize_t c = 0;
    plist.getChunk(1, &c);
    layout.chunk = size_t(c);
    // Huge chunks (another writer's choice) would make the per-slot
    // buffers huge too; HDF5 reads those itself.
    const bool modest = layout.chunk * esize <= (size_t(64) << 20);
    if (modest && plist.getNfilters() == 2 && ds.getDataType() == memoryType(element)) {
        H5Z_filter_t filters[2];
        for (unsigned i = 0; i < 2; ++i) {
            unsigned flags = 0;
            size_t cdCount = 0;
            unsigned config = 0;
            filters[i] =
                H5Pget_filter2(plist.getId(), i, &flags, &cdCount, nullptr, 0, nullptr, &config);
        }
        layout.fast = filters[0] == H5Z_FILTER_SHUFFLE && filters[1] == H5Z_FILTER_DEFLATE;
    }
    return layout;
}

// Reads through H5Dread, in blocks of whole chunks, which keeps H5Dread
// efficient and lets progress and cancel through.
void readThroughHdf5(H5::DataSet& ds, Hdf5Dataset::Element element, unsigned char* out,
                     size_t count, size_t chunk, const Hdf5ArrayOptions& options,
                     const Hdf5Progress& progress)
{
    const size_t esize = elementSize(element);
    const size_t block = chunk > 0 ? chunk * std::max<size_t>(1, options.chunkElements / chunk)
                                   : std::max<size_t>(1, options.chunkElements);
    const H5::DataSpace fileSpace = ds.getSpace();
    for (size_t offset = 0; offset < count; offset += block) {
        const hsize_t start = offset;
        const hsize_t m = std::min(block, count - offset);
        H5::DataSpace selection(fileSpace);
        selection.selectHyperslab(H5S_SELECT_SET, &m, &start);
        const H5::DataSpace memory(1, &m);
        ds.read(out + offset * esize, memoryType(element), memory, selection);
        if (progress)
            progress(size_t(offset + m));
    }
}

// The fast path: the stored chunks read raw with H5Dread_chunk on the HDF5
// thread, decompressed on worker threads, progress reported in order.
void readChunksInParallel(const Hdf5Dataset& dataset, H5::DataSet& ds, Hdf5Dataset::Element element,
                          unsigned char* out, size_t count, size_t chunk,
                          const Hdf5ArrayOptions& options, const Hdf5Progress& progress)
{
    const size_t esize = elementSize(element);
    const int threads = options.threads > 0 ? options.threads : ChunkPipeline::defaultThreadCount();
    const size_t slotCount = options.inFlight > 0 ? options.inFlight : size_t(threads) * 2 + 2;
    const ChunkPipeline pipeline(threads, slotCount);
    std::vector<ReadSlot> buffers(slotCount);
    const size_t chunks = (count + chunk - 1) / chunk;
    // A stored chunk can exceed the raw size a little when deflate could not shrink it.
    const size_t maxStored = compressBound(uLong(chunk * esize)) + 4096;
    const hid_t id = ds.getId();
    size_t done = 0;

    const auto produce = [&](size_t job, size_t s) {
        ReadSlot& slot = buffers[s];
        const hsize_t offset = hsize_t(job) * chunk;
        hsize_t stored = 0;
        // HDF5 fails here for a chunk that was never written (other
        // writers may leave some to the fill value). H5Dread then supplies
        // the fill value, or reports the real problem if there is one.
        if (H5Dget_chunk_storage_size(id, &offset, &stored) < 0) {
            Hdf5Object::hdf5ErrorDetail(); // consumed: H5Dread below says what matters
            stored = 0;
        }
        slot.readDirectly = stored == 0;
        if (slot.readDirectly) {
            const hsize_t m = std::min<hsize_t>(chunk, count - offset);
            H5::DataSpace selection = ds.getSpace();
            selection.selectHyperslab(H5S_SELECT_SET, &m, &offset);
            const H5::DataSpace memory(1, &m);
            ds.read(out + offset * esize, memoryType(element), memory, selection);
            return;
        }
        if (stored > maxStored)
            throw dataset.error(QStringLiteral("the chunk at element %1 claims %2 bytes, more "
                                               "than a chunk can take")
                                    .arg(offset)
                                    .arg(stored));
        slot.compressed.resize(size_t(stored));
        if (H5Dread_chunk(id, H5P_DEFAULT, &offset, &slot.filterMask, slot.compressed.data()) < 0)
            throw dataset.error(QStringLiteral("cannot read the chunk at element %1 (%2)")
                                    .arg(offset)
                                    .arg(Hdf5Object::hdf5ErrorDetail()));
    };
    const auto process = [&](size_t job, size_t s) {
        ReadSlot& slot = buffers[s];
        if (slot.readDirectly)
            return;
        const size_t offset = job * chunk;
        const size_t m = std::min(chunk, count - offset);
        QString problem;
        if (!ShuffleDeflate::decompress(slot.compressed.data(), slot.compressed.size(),
                                        slot.filterMask, esize, chunk, out + offset * esize, m,
                                        slot.scratch, &problem))
            throw dataset.error(QStringLiteral("chunk at element %1: %2").arg(offset).arg(problem));
    };
    const auto consume = [&](size_t job, size_t) {
        done = std::min(count, (job + 1) * chunk);
        if (progress)
            progress(done);
    };
    pipeline.run(chunks, produce, process, consume);
}
} // namespace

Hdf5Dataset::Hdf5Dataset(std::shared_ptr<H5::DataSet> dataset, QString filePath, QString path)
    : Hdf5Object(std::move(dataset), std::move(filePath), std::move(path))
{}

H5::DataSet& Hdf5Dataset::h5dataset() const
{
    return static_cast<H5::DataSet&>(object());
}

Hdf5Dataset::TypeClass Hdf5Dataset::typeClass() const
{
    try {
        switch (h5dataset().getTypeClass()) {
        case H5T_INTEGER:
            return TypeClass::Integer;
        case H5T_FLOAT:
            return TypeClass::Float;
        case H5T_STRING:
            return TypeClass::String;
        default:
            return TypeClass::Other;
        }
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot read the data type (%1)").arg(detailOf(e)));
    }
}

size_t Hdf5Dataset::size() const
{
    try {
        const H5::DataSpace space = h5dataset().getSpace();
        if (space.getSimpleExtentNdims() != 1)
            throw error(QStringLiteral("is not a one-dimensional dataset"));
        hsize_t dims = 0;
        space.getSimpleExtentDims(&dims);
        return size_t(dims);
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot read the dataspace (%1)").arg(detailOf(e)));
    }
}

bool Hdf5Dataset::isChunked() const
{
    return chunkElements() > 0;
}

size_t Hdf5Dataset::chunkElements() const
{
    try {
        const H5::DSetCreatPropList plist = h5dataset().getCreatePlist();
        if (plist.getLayout() != H5D_CHUNKED || plist.getChunk(0, nullptr) != 1)
            return 0;
        hsize_t chunk = 0;
        plist.getChunk(1, &chunk);
        return size_t(chunk);
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot read the storage layout (%1)").arg(detailOf(e)));
    }
}

uint64_t Hdf5Dataset::storageBytes() const
{
    try {
        return h5dataset().getStorageSize();
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot read the storage size (%1)").arg(detailOf(e)));
    }
}

void Hdf5Dataset::readFloats(float* dest, size_t count, const Options& options,
                             const Progress& progress) const
{
    readArray(Element::Float32, dest, count, options, progress);
}

void Hdf5Dataset::readInt32s(int32_t* dest, size_t count, const Options& options,
                             const Progress& progress) const
{
    readArray(Element::Int32, dest, count, options, progress);
}

void Hdf5Dataset::readInt64s(int64_t* dest, size_t count, const Options& options,
                             const Progress& progress) const
{
    readArray(Element::Int64, dest, count, options, progress);
}

std::vector<int32_t> Hdf5Dataset::readInt32s() const
{
    std::vector<int32_t> values(size());
    readInt32s(values.data(), values.size());
    return values;
}

std::vector<int64_t> Hdf5Dataset::readInt64s() const
{
    std::vector<int64_t> values(size());
    readInt64s(values.data(), values.size());
    return values;
}

void Hdf5Dataset::readArray(Element element, void* dest, size_t count, const Options& options,
                            const Progress& progress) const
{
    const TypeClass wanted = element == Element::Float32 ? TypeClass::Float : TypeClass::Integer;
    if (typeClass() != wanted)
        throw error(wanted == TypeClass::Float ? QStringLiteral("is not a floating-point dataset")
                                               : QStringLiteral("is not an integer dataset"));
    const size_t n = size();
    if (n != count)
        throw error(QStringLiteral("has %1 values, expected %2").arg(n).arg(count));
    if (count == 0)
        return;

    const size_t esize = elementSize(element);
    unsigned char* out = static_cast<unsigned char*>(dest);
    H5::DataSet& ds = h5dataset();
    try {
        const ChunkLayout layout = chunkLayout(ds, element, esize);
        if (layout.fast)
            readChunksInParallel(*this, ds, element, out, count, layout.chunk, options, progress);
        else
            readThroughHdf5(ds, element, out, count, layout.chunk, options, progress);
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot read the data (%1)").arg(detailOf(e)));
    }
}

namespace {

// HDF5 allocates a variable-length string's buffer from the length its heap ID
// claims before it reads the string, so a damaged length asked for 1.26 GB in
// a 17 KB file (found by fuzz/fuzz_project). For a contiguous dataset the heap
// IDs (4-byte length, 8-byte collection address, 4-byte index) lie in the file
// at the dataset's offset: no string can be longer than the file. Other
// layouts (Kinemark writes none for strings) are left to HDF5.
QString checkVariableStringLengths(hid_t dataset, size_t count)
{
    const haddr_t offset = H5Dget_offset(dataset);
    if (offset == HADDR_UNDEF)
        return QString();
    const ssize_t nameLength = H5Fget_name(dataset, nullptr, 0);
    if (nameLength <= 0)
        return QString();
    std::string name(size_t(nameLength) + 1, '\0');
    H5Fget_name(dataset, name.data(), name.size());
    QFile file(QFile::decodeName(name.c_str()));
    if (!file.open(QIODevice::ReadOnly) || !file.seek(qint64(offset)))
        return QString();
    const qint64 fileSize = file.size();
    const QByteArray ids = file.read(qint64(count) * 16);
    const uchar* whole = file.map(0, fileSize);
    for (qint64 i = 0; i + 16 <= ids.size(); i += 16) {
        const auto* p = reinterpret_cast<const uchar*>(ids.constData() + i);
        const auto little = [p](int at, int bytes) {
            uint64_t v = 0;
            for (int b = bytes - 1; b >= 0; --b)
                v = v << 8 | p[at + b];
            return v;
        };
        const uint64_t length = little(0, 4);
        if (qint64(length) > fileSize)
            return QStringLiteral("string %1 claims %2 bytes, more than the file holds (%3)")
                .arg(i / 16)
                .arg(length)
                .arg(fileSize);
        // A heap ID: length, the collection's address, the object's number.
        // Address 0 is a null string, which HDF5 does not look up.
        const uint64_t collection = little(4, 8);
        const uint64_t object = little(12, 4);
        if (collection != 0 && whole &&
            !Hdf5GlobalHeapCheck::holdsObject(whole, fileSize, collection, object))
            return QStringLiteral("string %1 refers to object %2 of a global heap collection at "
                                  "byte %3, which holds no such object")
                .arg(i / 16)
                .arg(object)
                .arg(collection);
    }
    return QString();
}

} // namespace

QStringList Hdf5Dataset::readStrings() const
{
    if (typeClass() != TypeClass::String)
        throw error(QStringLiteral("is not a string dataset"));
    const size_t n = size();
    QStringList values;
    if (n == 0)
        return values;
    try {
        H5::DataSet& ds = h5dataset();
        const H5::StrType fileType = ds.getStrType();
        values.reserve(int(n));
        if (fileType.isVariableStr()) {
            const QString bad = checkVariableStringLengths(ds.getId(), n);
            if (!bad.isEmpty())
                throw error(bad);
            H5::StrType memType(H5::PredType::C_S1, H5T_VARIABLE);
            memType.setCset(fileType.getCset());
            std::vector<char*> raw(n, nullptr);
            ds.read(raw.data(), memType);
            for (char* s : raw)
                values << QString::fromUtf8(s ? s : "");
            const H5::DataSpace space = ds.getSpace();
            H5Dvlen_reclaim(memType.getId(), space.getId(), H5P_DEFAULT, raw.data());
        } else {
            const size_t width = fileType.getSize();
            std::vector<char> raw(n * width);
            ds.read(raw.data(), fileType);
            for (size_t i = 0; i < n; ++i) {
                const char* s = raw.data() + i * width;
                values << QString::fromUtf8(s, int(qstrnlen(s, uint(width))));
            }
        }
        return values;
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot read the strings (%1)").arg(detailOf(e)));
    }
}

QString Hdf5Dataset::readText() const
{
    if (typeClass() != TypeClass::String)
        throw error(QStringLiteral("is not a string dataset"));
    try {
        H5::DataSet& ds = h5dataset();
        const H5::DataSpace space = ds.getSpace();
        if (space.getSimpleExtentNpoints() != 1)
            throw error(QStringLiteral("is not a single string"));
        const H5::StrType fileType = ds.getStrType();
        if (fileType.isVariableStr()) {
            // Not H5::DataSet::read(std::string), which builds the string from
            // HDF5's pointer unchecked: a null string (heap ID 0, or a damaged
            // one) is a null pointer (found by fuzz_project).
            const QString bad = checkVariableStringLengths(ds.getId(), 1);
            if (!bad.isEmpty())
                throw error(bad);
            H5::StrType memType(H5::PredType::C_S1, H5T_VARIABLE);
            memType.setCset(fileType.getCset());
            char* raw = nullptr;
            ds.read(&raw, memType);
            const QString value = QString::fromUtf8(raw ? raw : "");
            H5Dvlen_reclaim(memType.getId(), space.getId(), H5P_DEFAULT, &raw);
            return value;
        }
        std::string value;
        ds.read(value, fileType);
        return QString::fromStdString(value);
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot read the text (%1)").arg(detailOf(e)));
    }
}

QByteArray Hdf5Dataset::readBytes() const
{
    if (typeClass() != TypeClass::Integer)
        throw error(QStringLiteral("is not a byte dataset"));
    try {
        H5::DataSet& ds = h5dataset();
        if (ds.getDataType().getSize() != 1)
            throw error(QStringLiteral("is not a byte dataset (elements of %1 bytes)")
                            .arg(ds.getDataType().getSize()));
        const size_t n = size();
        QByteArray bytes(qsizetype(n), Qt::Uninitialized);
        if (n > 0)
            ds.read(bytes.data(), H5::PredType::NATIVE_UINT8);
        return bytes;
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot read the bytes (%1)").arg(detailOf(e)));
    }
}

} // namespace kinemark
