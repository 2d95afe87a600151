#pragma once

// Internal to the Hdf5*.cpp files of core: it includes the HDF5 C++ API,
// which nothing outside core sees.
#include "core/project/Hdf5Dataset.h"
#include "core/project/Hdf5Object.h"

#include <H5Cpp.h>

namespace kinemark::hdf5 {

// The in-memory HDF5 type of a dataset element.
inline const H5::PredType& memoryType(Hdf5Dataset::Element element)
{
    switch (element) {
    case Hdf5Dataset::Element::Float32:
        return H5::PredType::NATIVE_FLOAT;
    case Hdf5Dataset::Element::Int32:
        return H5::PredType::NATIVE_INT32;
    case Hdf5Dataset::Element::Int64:
        break;
    }
    return H5::PredType::NATIVE_INT64;
}

// What an HDF5 exception says, cleaned up for an error message.
inline QString detailOf(const H5::Exception& e)
{
    return Hdf5Object::hdf5ErrorDetail(QString::fromStdString(e.getDetailMsg()));
}

} // namespace kinemark::hdf5
