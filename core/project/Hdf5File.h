#pragma once

#include "core/project/Hdf5Group.h"

#include <QString>
#include <cstdint>

namespace kinemark {

// An open HDF5 file, the entry point of our HDF5 wrapper. Errors are
// FormatErrors naming `displayPath` (the path the user knows: the project
// file, not the temporary file a save writes first).
class Hdf5File
{
public:
    // Creates a new file; fails when `path` exists. The file is written with
    // the HDF5 1.8 object format or later (large attributes, compact groups),
    // which every HDF5 1.8+ reader (h5py included) understands.
    static Hdf5File create(const QString& path, const QString& displayPath = QString());
    static Hdf5File openReadOnly(const QString& path, const QString& displayPath = QString());

    Hdf5File(Hdf5File&&) noexcept;
    Hdf5File& operator=(Hdf5File&&) noexcept;
    ~Hdf5File(); // closes quietly if close() was not called

    const QString& path() const { return m_path; }
    const QString& displayPath() const { return m_displayPath; }
    Hdf5Group root() const;

    // Flushes and closes. Every Hdf5Group / Hdf5Dataset of the file must be
    // destroyed first: close() refuses otherwise (a created file could not
    // really close, and data would be flushed after a "successful" close).
    // Throws FormatError when flushing fails (e.g. the disk is full); the
    // file then stays open for the destructor to close.
    void close();

    // True when the file starts with the 8-byte HDF5 signature "\x89HDF\r\n\x1a\n".
    static bool hasSignature(const QString& path);

private:
    Hdf5File(int64_t id, QString path, QString displayPath);

    // The HDF5 file id (hid_t), -1 once closed. The C API is used for the
    // file itself because H5::H5File's destructor closes again after a
    // failed close, which crashes HDF5 1.10 (seen with a full disk): a
    // failed H5Fclose frees the file but leaves its id registered.
    int64_t m_id = -1;
    QString m_path;
    QString m_displayPath;
};

} // namespace kinemark
