#pragma once

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <vector>

namespace kinemark {

// Named tensors as plain data: a safetensors-style container Kinemark parses
// itself. A model file's weights are one, because loading LibTorch's own
// archive runs TorchScript (a crafted file could execute code); reading this
// one only copies bytes. Plain C++ and QtCore, so that it can be fuzzed
// without LibTorch.
//
// Layout: "KMKTENSR", uint64 header length (little-endian), the header (UTF-8
// JSON: {name: {"dtype": "F32" | "I64", "shape": [..], "offsets": [begin,
// end]}}, offsets into the buffer), then the buffer of raw little-endian
// elements. Every byte of the buffer belongs to exactly one tensor.
class TensorArchive
{
public:
    enum class DType
    {
        Float32,
        Int64
    };
    struct Entry
    {
        QString name; // "stage1.conv.weight", "optimizer.m3"
        DType dtype = DType::Float32;
        std::vector<int64_t> shape; // empty = scalar
        QByteArray data; // little-endian raw elements, size = elementCount * element size
        int64_t elementCount() const;
    };

    // Limits of what fromBytes accepts (generous: a network has a few hundred tensors).
    static constexpr int kMaxEntries = 100000;
    static constexpr int kMaxNameLength = 256;
    static constexpr int kMaxDimensions = 8;

    std::vector<Entry> entries;

    QByteArray toBytes() const;
    // Throws FormatError(source, ...) naming the entry and what is wrong. Never
    // allocates more than the input's size (plus small overhead) whatever the header claims.
    static TensorArchive fromBytes(const QByteArray& bytes, const QString& source);
    const Entry* find(const QString& name) const;
    int64_t elementCount() const; // all entries

    static int elementSize(DType dtype) { return dtype == DType::Int64 ? 8 : 4; }
    static QString dtypeName(DType dtype);                       // "F32", "I64"
    static QString shapeText(const std::vector<int64_t>& shape); // "[64, 3, 5]"
    // True when `bytes` starts with the archive's signature.
    static bool isArchive(const QByteArray& bytes);
};

} // namespace kinemark
