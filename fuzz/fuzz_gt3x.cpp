// Fuzzes the ActiGraph .gt3x reader as a whole: the input is the file, so the
// ZIP layer (ZipArchive over libzip: directory, entry sizes, streaming), then
// info.txt, then log.bin or activity.bin, then the resampling. Mutations inside
// a stored entry mostly stop at the ZIP's CRC; fuzz_gt3x_log reaches the record
// parser behind it.
#include "core/io/devices/DeviceRecordingBuilder.h"
#include "core/io/devices/Gt3xReader.h"
#include "fuzz/FuzzScratch.h"

#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace kinemark;
    const QString path = FuzzScratch::write(QStringLiteral("input.gt3x"), data, size);
    try {
        std::vector<DeviceSamples> devices;
        devices.push_back(Gt3xReader::read(path));
        DeviceRecordingBuilder::build(devices, QStringList(), DeviceImportOptions());
    } catch (const std::exception&) {
        // FormatError and its kin: the reader refused the file, as it should.
    }
    return 0;
}
