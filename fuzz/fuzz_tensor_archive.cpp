// Fuzzes the model file's weights container (TensorArchive::fromBytes: the
// signature, the header length, the JSON header's names, dtypes, shapes and
// offsets, and the buffer they cover). Like the model harness, compiled with
// models/file and models/registry only, never with LibTorch.
#include "models/file/TensorArchive.h"

#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace kinemark;
    try {
        TensorArchive::fromBytes(
            QByteArray::fromRawData(reinterpret_cast<const char*>(data), int(size)),
            QStringLiteral("fuzz.kmodel weights"));
    } catch (const std::exception&) {
        // FormatError and its kin: the parser refused the archive, as it should.
    }
    return 0;
}
