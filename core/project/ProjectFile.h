#pragma once

#include "core/base/JobControl.h"
#include "core/model/Project.h"

namespace kinemark {

// The project file (.kmk): an HDF5 file holding recordings as chunked,
// compressed datasets, label sets, annotation tracks and metadata, with a
// format version. See docs/project-format.md for the layout.
class ProjectFile
{
public:
    static constexpr int kFormatVersion = 1;

    // Writes a new file beside `path` and atomically renames it over `path`, so
    // that a failure at any point leaves the old file as it was. Throws
    // std::runtime_error (or FormatError) saying why; Cancelled on cancel.
    static void save(const Project& project, const QString& path, const JobControl* job = nullptr);

    // Validates format, version and structure while reading; throws FormatError
    // naming the file and the object in it that is wrong.
    static Project open(const QString& path, const JobControl* job = nullptr);

    // True when the file starts with the HDF5 signature and carries our format attribute.
    static bool isProjectFile(const QString& path);
};

} // namespace kinemark
