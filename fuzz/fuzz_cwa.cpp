// Fuzzes the Axivity .cwa decoder (CwaReader::decode, one thread) and the
// resampling of what it decodes onto the recording's grid
// (DeviceRecordingBuilder), where a file's dates decide how much is allocated.
#include "core/io/devices/CwaReader.h"
#include "core/io/devices/DeviceRecordingBuilder.h"

#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace kinemark;
    try {
        std::vector<DeviceSamples> devices;
        devices.push_back(
            CwaReader::decode(data, qint64(size), QStringLiteral("fuzz.cwa"), nullptr, nullptr, 1));
        DeviceRecordingBuilder::build(devices, QStringList(), DeviceImportOptions());
    } catch (const std::exception&) {
        // FormatError and its kin: the reader refused the file, as it should.
    }
    return 0;
}
