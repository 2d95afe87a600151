// Fuzzes the GENEActiv .bin decoder (GeneActivReader::decode) and the
// resampling of what it decodes (DeviceRecordingBuilder), where page dates
// decide how much is allocated.
#include "core/io/devices/DeviceRecordingBuilder.h"
#include "core/io/devices/GeneActivReader.h"

#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace kinemark;
    try {
        std::vector<DeviceSamples> devices;
        devices.push_back(GeneActivReader::decode(reinterpret_cast<const char*>(data), qint64(size),
                                                  QStringLiteral("fuzz.bin")));
        DeviceRecordingBuilder::build(devices, QStringList(), DeviceImportOptions());
    } catch (const std::exception&) {
        // FormatError and its kin: the reader refused the file, as it should.
    }
    return 0;
}
