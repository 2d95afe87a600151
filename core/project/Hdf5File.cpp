#include "core/project/Hdf5File.h"

#include "core/project/Hdf5GlobalHeapCheck.h"

#include <H5Cpp.h>

#include <QFile>
#include <type_traits>

namespace kinemark {

static_assert(std::is_same<hid_t, int64_t>::value, "Hdf5File keeps a hid_t in an int64_t");

namespace {

std::string localPath(const QString& path)
{
    return QFile::encodeName(path).toStdString();
}

// Property lists for the C calls, closed however the scope is left.
class PropertyList
{
public:
    explicit PropertyList(hid_t cls) : m_id(H5Pcreate(cls)) {}
    ~PropertyList()
    {
        if (m_id >= 0)
            H5Pclose(m_id);
    }
    PropertyList(const PropertyList&) = delete;
    PropertyList& operator=(const PropertyList&) = delete;
    hid_t id() const { return m_id; }

private:
    hid_t m_id;
};

} // namespace

bool Hdf5File::hasSignature(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    static const char kSignature[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
    return file.read(8) == QByteArray(kSignature, 8);
}

Hdf5File::Hdf5File(int64_t id, QString path, QString displayPath)
    : m_id(id), m_path(std::move(path)),
      m_displayPath(displayPath.isEmpty() ? m_path : std::move(displayPath))
{}

Hdf5File::Hdf5File(Hdf5File&& other) noexcept
    : m_id(other.m_id), m_path(std::move(other.m_path)),
      m_displayPath(std::move(other.m_displayPath))
{
    other.m_id = -1;
}

Hdf5File& Hdf5File::operator=(Hdf5File&& other) noexcept
{
    if (this != &other) {
        if (m_id >= 0)
            H5Fclose(m_id);
        m_id = other.m_id;
        other.m_id = -1;
        m_path = std::move(other.m_path);
        m_displayPath = std::move(other.m_displayPath);
    }
    return *this;
}

Hdf5File::~Hdf5File()
{
    // Nothing to report from a destructor: the caller is unwinding already or
    // did not care. One attempt only (see m_id).
    if (m_id >= 0) {
        H5Fclose(m_id);
        Hdf5Object::hdf5ErrorDetail(); // drop what a failure recorded
    }
}

Hdf5File Hdf5File::create(const QString& path, const QString& displayPath)
{
    Hdf5Object::installErrorRecorder();
    const QString shown = displayPath.isEmpty() ? path : displayPath;
    PropertyList fapl(H5P_FILE_ACCESS);
    // 1.8 object headers at least: attributes beyond 64 KiB, compact groups.
    H5Pset_libver_bounds(fapl.id(), H5F_LIBVER_V18, H5F_LIBVER_V110);
    // Closing fails while any object is still open, rather than leaving the
    // file open behind our back (see close()).
    H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_SEMI);
    // The root group is made by H5Fcreate, not by createGroup: without this it
    // stores the second of its creation, and two saves of one project made in
    // different seconds differ (tst_projectfile's saveIsDeterministic failed
    // now and then).
    PropertyList fcpl(H5P_FILE_CREATE);
    H5Pset_obj_track_times(fcpl.id(), false);
    const hid_t id = H5Fcreate(localPath(path).c_str(), H5F_ACC_EXCL, fcpl.id(), fapl.id());
    if (id < 0)
        throw FormatError(
            shown, QStringLiteral("cannot create the file (%1)")
                       .arg(Hdf5Object::hdf5ErrorDetail(QStringLiteral("HDF5 gave no reason"))));
    return Hdf5File(id, path, shown);
}

Hdf5File Hdf5File::openReadOnly(const QString& path, const QString& displayPath)
{
    Hdf5Object::installErrorRecorder();
    const QString shown = displayPath.isEmpty() ? path : displayPath;
    // HDF5 would trust what the file's global heap says when it reads a string.
    Hdf5GlobalHeapCheck::check(path, shown);
    const hid_t id = H5Fopen(localPath(path).c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0) {
        const QString detail = Hdf5Object::hdf5ErrorDetail(QStringLiteral("HDF5 gave no reason"));
        // HDF5 notices a short file when it compares the superblock's end of file with the size.
        if (detail.startsWith(QLatin1String("truncated file")))
            throw FormatError(shown, QStringLiteral("the file is truncated: it ends before the "
                                                    "data it describes (HDF5: %1)")
                                         .arg(detail));
        throw FormatError(shown, QStringLiteral("cannot open the file as HDF5 (%1)").arg(detail));
    }
    return Hdf5File(id, path, shown);
}

Hdf5Group Hdf5File::root() const
{
    const hid_t id = m_id >= 0 ? H5Gopen2(m_id, "/", H5P_DEFAULT) : -1;
    if (id < 0)
        throw FormatError(m_displayPath, QStringLiteral("/: cannot open the root group (%1)")
                                             .arg(Hdf5Object::hdf5ErrorDetail(
                                                 QStringLiteral("the file is closed"))));
    auto group = std::make_shared<H5::Group>(id);
    H5Idec_ref(id); // H5::Group(id) took a reference of its own
    return Hdf5Group(std::move(group), m_displayPath, QStringLiteral("/"));
}

void Hdf5File::close()
{
    if (m_id < 0)
        return;
    // Handles still open are a bug of ours; refuse before trying, and keep
    // the file open so that it can still be closed once they are gone.
    const ssize_t openObjects = H5Fget_obj_count(
        m_id, H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_ATTR | H5F_OBJ_LOCAL);
    if (openObjects > 0)
        throw FormatError(m_displayPath,
                          QStringLiteral("cannot close the file: %1 of its objects are still open")
                              .arg(openObjects));
    // Flush first: a flush that fails (a full disk) leaves the file open and
    // intact, so the caller can free space (save() truncates its temporary
    // file) before the destructor closes it. A failing H5Fclose is worse: it
    // leaves HDF5 1.10 with a dangling file id that crashes at exit.
    unsigned intent = 0;
    const bool writable = H5Fget_intent(m_id, &intent) >= 0 && (intent & H5F_ACC_RDWR);
    if (writable && H5Fflush(m_id, H5F_SCOPE_LOCAL) < 0)
        throw FormatError(m_displayPath, QStringLiteral("cannot finish writing the file (%1)")
                                             .arg(Hdf5Object::hdf5ErrorDetail(
                                                 QStringLiteral("HDF5 gave no reason"))));
    const hid_t id = m_id;
    m_id = -1; // whatever happens, never again (see m_id)
    if (H5Fclose(id) < 0)
        throw FormatError(m_displayPath, QStringLiteral("cannot finish writing the file (%1)")
                                             .arg(Hdf5Object::hdf5ErrorDetail(
                                                 QStringLiteral("HDF5 gave no reason"))));
}

} // namespace kinemark
