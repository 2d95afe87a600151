#include "core/project/Hdf5Group.h"

#include "core/base/ChunkPipeline.h"
#include "core/project/Hdf5Types.h"
#include "core/project/ShuffleDeflate.h"

#include <algorithm>

namespace kinemark {

namespace {

using hdf5::detailOf;
using hdf5::memoryType;

std::string utf8(const QString& s)
{
    return s.toStdString();
}

// Little-endian on disk whatever the machine, as h5py and numpy default to.
const H5::PredType& fileType(Hdf5Dataset::Element element)
{
    switch (element) {
    case Hdf5Dataset::Element::Float32:
        return H5::PredType::IEEE_F32LE;
    case Hdf5Dataset::Element::Int32:
        return H5::PredType::STD_I32LE;
    case Hdf5Dataset::Element::Int64:
        break;
    }
    return H5::PredType::STD_I64LE;
}

H5::StrType utf8StringType()
{
    H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
    type.setCset(H5T_CSET_UTF8);
    return type;
}

// Object modification times make two saves of the same project differ; we
// keep our own notion of time where it matters, so HDF5's is switched off.
H5::DSetCreatPropList datasetProperties()
{
    H5::DSetCreatPropList plist;
    H5Pset_obj_track_times(plist.getId(), false);
    return plist;
}

struct WriteSlot
{
    std::vector<unsigned char> shuffled;
    std::vector<unsigned char> compressed;
};

} // namespace

Hdf5Group::Hdf5Group(std::shared_ptr<H5::Group> group, QString filePath, QString path)
    : Hdf5Object(std::move(group), std::move(filePath), std::move(path))
{}

H5::Group& Hdf5Group::h5group() const
{
    return static_cast<H5::Group&>(object());
}

Hdf5Group::ChildKind Hdf5Group::childKind(const QString& name) const
{
    try {
        if (name.isEmpty() || name.contains(QLatin1Char('/')) || !h5group().nameExists(utf8(name)))
            return ChildKind::Missing;
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot look up '%1' (%2)").arg(name, detailOf(e)));
    }
    try {
        switch (h5group().childObjType(utf8(name))) {
        case H5O_TYPE_GROUP:
            return ChildKind::Group;
        case H5O_TYPE_DATASET:
            return ChildKind::Dataset;
        default:
            return ChildKind::Other;
        }
    } catch (const H5::Exception&) {
        hdf5ErrorDetail();       // consume the record: this failure is an answer, not an error
        return ChildKind::Other; // e.g. a dangling soft link
    }
}

QStringList Hdf5Group::childNames() const
{
    try {
        QStringList names;
        const hsize_t n = h5group().getNumObjs();
        for (hsize_t i = 0; i < n; ++i)
            names << QString::fromStdString(h5group().getObjnameByIdx(i));
        return names;
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot list the members (%1)").arg(detailOf(e)));
    }
}

Hdf5Group Hdf5Group::createGroup(const QString& name)
{
    try {
        // The C++ API of HDF5 1.10 takes no group creation properties, hence the C call.
        const hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
        H5Pset_obj_track_times(gcpl, false);
        const hid_t id =
            H5Gcreate2(h5group().getId(), utf8(name).c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT);
        H5Pclose(gcpl);
        if (id < 0)
            throw error(QStringLiteral("cannot create the group (%1)").arg(hdf5ErrorDetail()),
                        name);
        auto group = std::make_shared<H5::Group>(id);
        H5Idec_ref(id); // H5::Group(id) took its own reference
        return Hdf5Group(std::move(group), m_filePath, childPath(name));
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot create the group (%1)").arg(detailOf(e)), name);
    }
}

Hdf5Group Hdf5Group::group(const QString& name) const
{
    switch (childKind(name)) {
    case ChildKind::Group:
        break;
    case ChildKind::Missing:
        throw error(QStringLiteral("group is missing"), name);
    default:
        throw error(QStringLiteral("is not a group"), name);
    }
    try {
        return Hdf5Group(std::make_shared<H5::Group>(h5group().openGroup(utf8(name))), m_filePath,
                         childPath(name));
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot open the group (%1)").arg(detailOf(e)), name);
    }
}

Hdf5Dataset Hdf5Group::dataset(const QString& name) const
{
    switch (childKind(name)) {
    case ChildKind::Dataset:
        break;
    case ChildKind::Missing:
        throw error(QStringLiteral("dataset is missing"), name);
    default:
        throw error(QStringLiteral("is not a dataset"), name);
    }
    try {
        return Hdf5Dataset(std::make_shared<H5::DataSet>(h5group().openDataSet(utf8(name))),
                           m_filePath, childPath(name));
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot open the dataset (%1)").arg(detailOf(e)), name);
    }
}

Hdf5Dataset Hdf5Group::writeFloats(const QString& name, const float* data, size_t count,
                                   const Hdf5Dataset::Options& options,
                                   const Hdf5Dataset::Progress& progress)
{
    return writeArray(name, Hdf5Dataset::Element::Float32, data, count, options, progress);
}

Hdf5Dataset Hdf5Group::writeInt32s(const QString& name, const int32_t* data, size_t count,
                                   const Hdf5Dataset::Options& options,
                                   const Hdf5Dataset::Progress& progress)
{
    return writeArray(name, Hdf5Dataset::Element::Int32, data, count, options, progress);
}

Hdf5Dataset Hdf5Group::writeInt64s(const QString& name, const int64_t* data, size_t count,
                                   const Hdf5Dataset::Options& options,
                                   const Hdf5Dataset::Progress& progress)
{
    return writeArray(name, Hdf5Dataset::Element::Int64, data, count, options, progress);
}

Hdf5Dataset Hdf5Group::writeArray(const QString& name, Hdf5Dataset::Element element,
                                  const void* data, size_t count,
                                  const Hdf5Dataset::Options& options,
                                  const Hdf5Dataset::Progress& progress)
{
    const size_t esize = element == Hdf5Dataset::Element::Int64 ? 8 : 4;
    const auto* bytes = static_cast<const unsigned char*>(data);
    try {
        const hsize_t dims = count;
        const H5::DataSpace space(1, &dims);
        H5::DSetCreatPropList plist = datasetProperties();
        const bool chunked = count > 0 && count * esize >= options.compressFromBytes;
        // HDF5 limits a chunk to 4 GiB; far below that, 64 Mi elements is plenty.
        const size_t chunk =
            std::min({count, std::max<size_t>(1, options.chunkElements), size_t(1) << 26});
        if (chunked) {
            const hsize_t chunkDims = chunk;
            plist.setChunk(1, &chunkDims);
            plist.setShuffle();
            plist.setDeflate(1);
            plist.setFillTime(H5D_FILL_TIME_NEVER);
        }
        auto ds = std::make_shared<H5::DataSet>(
            h5group().createDataSet(utf8(name), fileType(element), space, plist));
        Hdf5Dataset result(ds, m_filePath, childPath(name));

        if (!chunked) {
            if (count > 0)
                ds->write(data, memoryType(element));
            if (progress)
                progress(count);
            return result;
        }

        const int threads =
            options.threads > 0 ? options.threads : ChunkPipeline::defaultThreadCount();
        const size_t slotCount = options.inFlight > 0 ? options.inFlight : size_t(threads) * 2 + 2;
        const ChunkPipeline pipeline(threads, slotCount);
        std::vector<WriteSlot> buffers(slotCount);
        const size_t chunks = (count + chunk - 1) / chunk;
        const hid_t id = ds->getId();

        const auto process = [&](size_t job, size_t s) {
            const size_t offset = job * chunk;
            ShuffleDeflate::compress(bytes + offset * esize, std::min(chunk, count - offset), esize,
                                     chunk, buffers[s].shuffled, buffers[s].compressed);
        };
        const auto consume = [&](size_t job, size_t s) {
            const hsize_t offset = hsize_t(job) * chunk;
            const std::vector<unsigned char>& stored = buffers[s].compressed;
            if (H5Dwrite_chunk(id, H5P_DEFAULT, 0, &offset, stored.size(), stored.data()) < 0)
                throw error(QStringLiteral("cannot write the chunk at element %1 (%2)")
                                .arg(offset)
                                .arg(hdf5ErrorDetail()),
                            name);
            if (progress)
                progress(std::min(count, size_t(offset) + chunk));
        };
        pipeline.run(chunks, {}, process, consume);
        return result;
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot write the dataset (%1)").arg(detailOf(e)), name);
    }
}

Hdf5Dataset Hdf5Group::writeStrings(const QString& name, const QStringList& values)
{
    try {
        const hsize_t dims = hsize_t(values.size());
        const H5::DataSpace space(1, &dims);
        const H5::StrType type = utf8StringType();
        auto ds = std::make_shared<H5::DataSet>(
            h5group().createDataSet(utf8(name), type, space, datasetProperties()));
        if (!values.isEmpty()) {
            std::vector<std::string> storage;
            storage.reserve(size_t(values.size()));
            for (const QString& v : values)
                storage.push_back(utf8(v));
            std::vector<const char*> pointers;
            for (const std::string& s : storage)
                pointers.push_back(s.c_str());
            ds->write(pointers.data(), type);
        }
        return Hdf5Dataset(ds, m_filePath, childPath(name));
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot write the strings (%1)").arg(detailOf(e)), name);
    }
}

Hdf5Dataset Hdf5Group::writeText(const QString& name, const QString& text)
{
    try {
        const H5::StrType type = utf8StringType();
        auto ds = std::make_shared<H5::DataSet>(h5group().createDataSet(
            utf8(name), type, H5::DataSpace(H5S_SCALAR), datasetProperties()));
        ds->write(utf8(text), type);
        return Hdf5Dataset(ds, m_filePath, childPath(name));
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot write the text (%1)").arg(detailOf(e)), name);
    }
}

Hdf5Dataset Hdf5Group::writeBytes(const QString& name, const QByteArray& bytes)
{
    try {
        const hsize_t dims = hsize_t(bytes.size());
        const H5::DataSpace space(1, &dims);
        auto ds = std::make_shared<H5::DataSet>(h5group().createDataSet(
            utf8(name), H5::PredType::STD_U8LE, space, datasetProperties()));
        if (!bytes.isEmpty())
            ds->write(bytes.constData(), H5::PredType::NATIVE_UINT8);
        return Hdf5Dataset(ds, m_filePath, childPath(name));
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot write the bytes (%1)").arg(detailOf(e)), name);
    }
}

} // namespace kinemark
