#pragma once

#include "core/base/JobControl.h"
#include "core/model/Project.h"

namespace kinemark {

class Hdf5File;

// Reads a project from an open HDF5 file in the layout of
// docs/project-format.md (see ProjectFileLayout.h), validating format, version
// and structure as it goes: a FormatError names the file and the object in it
// that is wrong. Channel data is read last, in one go with progress in bytes.
class ProjectFileReader
{
public:
    static Project read(const Hdf5File& file, const JobControl* job);
};

} // namespace kinemark
