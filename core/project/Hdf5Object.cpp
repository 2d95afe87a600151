#include "core/project/Hdf5Object.h"

#include <H5Cpp.h>

#include <QStringList>

#include <cstdlib>
#include <mutex>

namespace kinemark {

namespace {

// The innermost description of the last failure on this thread (see installErrorRecorder).
thread_local QString t_lastError;

herr_t collectDescription(unsigned, const H5E_error2_t* error, void* clientData)
{
    if (error->desc && *error->desc)
        static_cast<QStringList*>(clientData)->append(QString::fromUtf8(error->desc));
    return 0;
}

QString innermostDescription(hid_t stack)
{
    QStringList descriptions;
    H5Ewalk2(stack, H5E_WALK_DOWNWARD, collectDescription, &descriptions);
    if (descriptions.isEmpty())
        return QString();
    // The innermost entry is the most specific ("file signature not found",
    // "truncated file: eof = ..."). For failed system calls HDF5 embeds
    // strerror() as "error message = '...'", which is what a user needs.
    QString detail = descriptions.last().simplified();
    const QString marker = QStringLiteral("error message = '");
    const int at = detail.indexOf(marker);
    if (at >= 0) {
        const int from = at + marker.size();
        const int to = detail.indexOf(QLatin1Char('\''), from);
        if (to > from)
            detail = detail.mid(from, to - from);
    }
    return detail;
}

// HDF5's automatic error handler, called by a failing API function before it returns.
herr_t recordError(hid_t stack, void*)
{
    t_lastError = innermostDescription(stack);
    return 0;
}

std::string utf8(const QString& s)
{
    return s.toStdString();
}

} // namespace

Hdf5Object::Hdf5Object(std::shared_ptr<H5::H5Object> object, QString filePath, QString path)
    : m_object(std::move(object)), m_filePath(std::move(filePath)), m_path(std::move(path))
{}

QString Hdf5Object::childPath(const QString& name) const
{
    return m_path == QLatin1String("/") ? m_path + name : m_path + QLatin1Char('/') + name;
}

FormatError Hdf5Object::error(const QString& message, const QString& child) const
{
    return FormatError(m_filePath, (child.isEmpty() ? m_path : childPath(child)) +
                                       QStringLiteral(": ") + message);
}

QString Hdf5Object::hdf5ErrorDetail(const QString& fallback)
{
    QString detail;
    std::swap(detail, t_lastError);
    if (detail.isEmpty())
        detail = innermostDescription(H5E_DEFAULT);
    return detail.isEmpty() ? fallback : detail;
}

void Hdf5Object::installErrorRecorder()
{
    thread_local bool installed = false;
    if (!installed) {
        H5::Exception::dontPrint();
        H5Eset_auto2(H5E_DEFAULT, recordError, nullptr);
        installed = true;
    }
    // HDF5 1.10 leaks a free-list block when it meets a corrupt object header
    // (H5O_protect inside H5Oget_info; valgrind shows it), and its termination
    // at exit then prints "HDF5: infinite loop closing library" and a list of
    // interfaces, but only while an automatic error handler is installed. At
    // exit there is nothing left to record, so the handler is removed first.
    // Creating an H5 object makes the C++ library register its own terminator
    // (H5Library::termH5cpp, which calls H5close) before ours, and handlers
    // run in reverse order of registration, so ours runs before it.
    static std::once_flag quietExit;
    std::call_once(quietExit, [] {
        const H5::PropList registersTheCppTerminator;
        std::atexit([] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
    });
}

bool Hdf5Object::hasAttribute(const QString& name) const
{
    try {
        return object().attrExists(utf8(name));
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot look up attribute '%1' (%2)")
                        .arg(name, hdf5ErrorDetail(QString::fromStdString(e.getDetailMsg()))));
    }
}

void Hdf5Object::setStringAttribute(const QString& name, const QString& value)
{
    try {
        H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
        type.setCset(H5T_CSET_UTF8);
        H5::Attribute attribute =
            object().createAttribute(utf8(name), type, H5::DataSpace(H5S_SCALAR));
        attribute.write(type, utf8(value));
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot write attribute '%1' (%2)")
                        .arg(name, hdf5ErrorDetail(QString::fromStdString(e.getDetailMsg()))));
    }
}

void Hdf5Object::setIntAttribute(const QString& name, int64_t value)
{
    try {
        H5::Attribute attribute = object().createAttribute(utf8(name), H5::PredType::STD_I64LE,
                                                           H5::DataSpace(H5S_SCALAR));
        attribute.write(H5::PredType::NATIVE_INT64, &value);
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot write attribute '%1' (%2)")
                        .arg(name, hdf5ErrorDetail(QString::fromStdString(e.getDetailMsg()))));
    }
}

void Hdf5Object::setDoubleAttribute(const QString& name, double value)
{
    try {
        H5::Attribute attribute = object().createAttribute(utf8(name), H5::PredType::IEEE_F64LE,
                                                           H5::DataSpace(H5S_SCALAR));
        attribute.write(H5::PredType::NATIVE_DOUBLE, &value);
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot write attribute '%1' (%2)")
                        .arg(name, hdf5ErrorDetail(QString::fromStdString(e.getDetailMsg()))));
    }
}

namespace {

// Opens attribute `name` of `object` and checks that it holds one value of
// class `expected` (or of one of the classes in `alsoAccepted`).
H5::Attribute openScalarAttribute(const Hdf5Object& self, H5::H5Object& object, const QString& name,
                                  H5T_class_t expected, const char* typeName,
                                  H5T_class_t alsoAccepted = H5T_NO_CLASS)
{
    if (!object.attrExists(utf8(name)))
        throw self.error(QStringLiteral("attribute '%1' is missing").arg(name));
    H5::Attribute attribute = object.openAttribute(utf8(name));
    const H5T_class_t cls = attribute.getTypeClass();
    if (cls != expected && (alsoAccepted == H5T_NO_CLASS || cls != alsoAccepted))
        throw self.error(QStringLiteral("attribute '%1' is not %2").arg(name, typeName));
    if (attribute.getSpace().getSimpleExtentNpoints() != 1)
        throw self.error(QStringLiteral("attribute '%1' is not a single value").arg(name));
    return attribute;
}

} // namespace

QString Hdf5Object::stringAttribute(const QString& name) const
{
    try {
        H5::Attribute attribute =
            openScalarAttribute(*this, object(), name, H5T_STRING, "a string");
        const H5::StrType fileType = attribute.getStrType();
        if (fileType.isVariableStr()) {
            // Not H5::Attribute::read(type, std::string): it builds the string
            // from HDF5's pointer unchecked, and a null string (a valid heap ID
            // of 0, or a damaged one) is a null pointer (found by fuzz_project).
            H5::StrType memType(H5::PredType::C_S1, H5T_VARIABLE);
            memType.setCset(fileType.getCset());
            char* raw = nullptr;
            if (H5Aread(attribute.getId(), memType.getId(), &raw) < 0)
                throw error(QStringLiteral("cannot read attribute '%1' (%2)")
                                .arg(name, hdf5ErrorDetail(QStringLiteral("HDF5 gave no reason"))));
            const QString value = QString::fromUtf8(raw ? raw : "");
            H5free_memory(raw);
            return value;
        }
        std::string value;
        attribute.read(fileType, value);
        return QString::fromStdString(value);
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot read attribute '%1' (%2)")
                        .arg(name, hdf5ErrorDetail(QString::fromStdString(e.getDetailMsg()))));
    }
}

int64_t Hdf5Object::intAttribute(const QString& name) const
{
    try {
        H5::Attribute attribute =
            openScalarAttribute(*this, object(), name, H5T_INTEGER, "an integer");
        int64_t value = 0;
        attribute.read(H5::PredType::NATIVE_INT64, &value);
        return value;
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot read attribute '%1' (%2)")
                        .arg(name, hdf5ErrorDetail(QString::fromStdString(e.getDetailMsg()))));
    }
}

double Hdf5Object::doubleAttribute(const QString& name) const
{
    try {
        H5::Attribute attribute =
            openScalarAttribute(*this, object(), name, H5T_FLOAT, "a number", H5T_INTEGER);
        double value = 0;
        attribute.read(H5::PredType::NATIVE_DOUBLE, &value);
        return value;
    } catch (const H5::Exception& e) {
        throw error(QStringLiteral("cannot read attribute '%1' (%2)")
                        .arg(name, hdf5ErrorDetail(QString::fromStdString(e.getDetailMsg()))));
    }
}

} // namespace kinemark
