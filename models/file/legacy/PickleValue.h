#pragma once

#include <QHash>
#include <QString>
#include <cstdint>
#include <vector>

namespace kinemark {

// The values a version-1 model file's pickle (LegacyTorchArchive) can build.

// The element types of the storages LibTorch's module archives hold.
enum class PickleStorageType
{
    Float,
    Long,
    Double
};

// Bytes per element of a storage in the archive.
int storageElementSize(PickleStorageType t);

// Every value the pickle builds lives in one arena and refers to others by
// index: a hostile pickle can make cycles or deep structures, which then cost
// neither a recursive destructor nor a leak.
struct PickleValue
{
    enum class Kind
    {
        None,
        Bool,
        Int,
        Float,
        String,
        Tuple,
        List,
        Dict,
        Global,
        Storage,
        Tensor,
        Object
    };
    Kind kind = Kind::None;
    int depth = 1; // nesting, for the bound
    int64_t integer = 0;
    double real = 0;
    QString text;                 // String; Global "module name"; Storage key; Object class
    std::vector<int> items;       // Tuple, List; Dict: key, value, key, value...
    QHash<QString, int> keyIndex; // Dict: position in items of a string key
    int state = -1;               // Object: its attribute dict
    // Storage
    PickleStorageType storageType = PickleStorageType::Float;
    int64_t storageElements = 0;
    // Tensor
    int storage = -1;
    int64_t offset = 0;
    std::vector<int64_t> shape, stride;
};

// "a tuple", "a module object": what a value is, for error messages.
const char* pickleKindName(PickleValue::Kind kind);

} // namespace kinemark
