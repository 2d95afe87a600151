#pragma once

#include "core/base/FormatError.h"

#include <QString>
#include <cstdint>
#include <memory>

namespace H5 {
class H5Object;
}

namespace kinemark {

// Base of our thin wrapper over the HDF5 C++ API (Hdf5File, Hdf5Group,
// Hdf5Dataset): an open group or dataset that knows the file it belongs to and
// its path inside it, so that every failure becomes a FormatError such as
// "study.kmk: /recordings/0003/sensors/01/00: attribute 'unit' is missing".
// HDF5 types stay out of this header: callers never include H5Cpp.h.
//
// Objects are cheap handles (shared); they must all be gone before the file
// is closed. HDF5 is used from one thread per file: the library serialises
// calls anyway, so the project file runs its zlib work on other threads and
// keeps HDF5 calls on the calling one.
class Hdf5Object
{
public:
    const QString& filePath() const { return m_filePath; }
    const QString& path() const { return m_path; } // "/recordings/0003"
    QString childPath(const QString& name) const;

    bool hasAttribute(const QString& name) const;
    // Attributes are scalars: UTF-8 variable-length strings, int64, float64.
    void setStringAttribute(const QString& name, const QString& value);
    void setIntAttribute(const QString& name, int64_t value);
    void setDoubleAttribute(const QString& name, double value);
    // Readers throw FormatError when the attribute is missing, is not a scalar
    // (or one-element array), or has the wrong type class. Integers accept any
    // integer type; doubles accept integers and floats; strings accept fixed
    // and variable length.
    QString stringAttribute(const QString& name) const;
    int64_t intAttribute(const QString& name) const;
    double doubleAttribute(const QString& name) const;

    // A FormatError naming the file and this object (or its child `child`).
    FormatError error(const QString& message, const QString& child = QString()) const;

    // What HDF5 said about its last failure on this thread, innermost cause
    // (e.g. "No space left on device", "truncated file: eof = ..."), or
    // `fallback` when nothing was recorded. Consumes the record, so call it
    // once per failure, right after the failed call.
    static QString hdf5ErrorDetail(const QString& fallback = QString());

    // Makes HDF5 record the innermost description of each failure for
    // hdf5ErrorDetail() instead of printing its error stack to stderr (H5::
    // Exception::dontPrint() and a silent recorder). Recording at the moment
    // of failure matters: the error stack itself is cleared by the next HDF5
    // call, and destructors of HDF5 objects (property lists, dataspaces)
    // make such calls while an exception unwinds. HDF5's error settings are
    // per thread in thread-safe builds, so Hdf5File calls this on every
    // thread that opens or creates a file.
    static void installErrorRecorder();

protected:
    Hdf5Object(std::shared_ptr<H5::H5Object> object, QString filePath, QString path);
    H5::H5Object& object() const { return *m_object; }

    std::shared_ptr<H5::H5Object> m_object;
    QString m_filePath;
    QString m_path;
};

} // namespace kinemark
