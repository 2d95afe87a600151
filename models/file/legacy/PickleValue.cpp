#include "models/file/legacy/PickleValue.h"

namespace kinemark {

int storageElementSize(PickleStorageType t)
{
    return t == PickleStorageType::Float ? 4 : 8;
}

const char* pickleKindName(PickleValue::Kind k)
{
    switch (k) {
    case PickleValue::Kind::None:
        return "None";
    case PickleValue::Kind::Bool:
        return "a bool";
    case PickleValue::Kind::Int:
        return "an int";
    case PickleValue::Kind::Float:
        return "a float";
    case PickleValue::Kind::String:
        return "a string";
    case PickleValue::Kind::Tuple:
        return "a tuple";
    case PickleValue::Kind::List:
        return "a list";
    case PickleValue::Kind::Dict:
        return "a dict";
    case PickleValue::Kind::Global:
        return "a global";
    case PickleValue::Kind::Storage:
        return "a storage";
    case PickleValue::Kind::Tensor:
        return "a tensor";
    case PickleValue::Kind::Object:
        return "a module object";
    }
    return "?";
}

} // namespace kinemark
