// Fuzzes the project file reader (ProjectFile::open over HDF5). HDF5 keeps
// global state across runs, so after every run the harness checks that the
// reader closed everything it opened: a leaked file, group, dataset, datatype
// or attribute handle is a finding (it is what makes HDF5 print "infinite loop
// closing library" at exit), reported by aborting.
#include "core/project/ProjectFile.h"
#include "fuzz/FuzzScratch.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <hdf5.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace kinemark;
    const QString path = FuzzScratch::write(QStringLiteral("input.kmk"), data, size);
    try {
        ProjectFile::open(path);
    } catch (const std::exception&) {
        // FormatError and its kin: the reader refused the file, as it should.
    }
    // Files, groups, datasets and attributes must all be closed. Datatypes are
    // counted apart: HDF5's C++ library keeps its predefined types (PredType)
    // open for the whole process, so only a count that grows after the first
    // run is a leak.
    const ssize_t open = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_FILE | H5F_OBJ_GROUP |
                                                           H5F_OBJ_DATASET | H5F_OBJ_ATTR);
    const ssize_t types = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_DATATYPE);
    static const ssize_t baseTypes = types;
    if (open != 0 || types > baseTypes) {
        std::fprintf(stderr,
                     "fuzz_project: HDF5 objects left open after ProjectFile::open: %zd files, "
                     "groups, datasets or attributes, %zd datatypes (%zd after the first run)\n",
                     open, types, baseTypes);
        std::abort();
    }
    return 0;
}
