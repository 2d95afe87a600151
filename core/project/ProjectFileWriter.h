#pragma once

#include "core/base/JobControl.h"
#include "core/model/Project.h"

namespace kinemark {

class Hdf5File;

// Writes a project into a new, empty HDF5 file in the layout of
// docs/project-format.md (see ProjectFileLayout.h), with progress in bytes of
// channel data and cancel. ProjectFile::save gives it the temporary file that
// then replaces the project file.
class ProjectFileWriter
{
public:
    static void write(Hdf5File& file, const Project& project, const JobControl* job);
};

} // namespace kinemark
