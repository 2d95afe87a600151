// Fuzzes the model file parser (ModelFile::fromBytes: signature, version,
// header length, JSON header, weights length, checksum), the part of loading a
// .kmodel that runs before any network exists. Compiled with models/file and
// models/registry only (QtCore + core), never with LibTorch.
#include "models/file/ModelFile.h"

#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace kinemark;
    try {
        ModelFile::fromBytes(
            QByteArray::fromRawData(reinterpret_cast<const char*>(data), int(size)),
            QStringLiteral("fuzz.kmodel"));
    } catch (const std::exception&) {
        // FormatError and its kin: the parser refused the file, as it should.
    }
    return 0;
}
