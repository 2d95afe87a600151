#pragma once

#include <QByteArray>
#include <QString>
#include <vector>

namespace kinemark::test {

// One array of a NumPy .npy file (little-endian float64, float32, int64 or
// int32, C order), as doubles. .npz reference decodes are ZIP archives of these,
// opened with kinemark::ZipArchive; this keeps Python out of the tests.
struct NpyArray
{
    std::vector<size_t> shape;
    std::vector<double> values;

    size_t rows() const { return shape.empty() ? 0 : shape[0]; }
    size_t columns() const { return shape.size() > 1 ? shape[1] : 1; }
    double at(size_t row, size_t column = 0) const { return values[row * columns() + column]; }

    // Throws std::runtime_error with the reason when `bytes` is not a supported .npy.
    static NpyArray parse(const QByteArray& bytes);
    // Reads `name`.npy from the .npz archive at `path`.
    static NpyArray fromNpz(const QString& path, const QString& name);
};

} // namespace kinemark::test
