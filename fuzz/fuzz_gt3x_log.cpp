// Fuzzes the .gt3x record parser (Gt3xLogParser) behind the ZIP layer: the
// input is log.bin itself, handed over in chunks whose size the first byte
// chooses (records split across chunks are the parser's hardest case), at a
// 30 Hz rate and 256 counts per g, then resampled like an import.
#include "core/io/devices/DeviceRecordingBuilder.h"
#include "core/io/devices/Gt3xLogParser.h"

#include <algorithm>
#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace kinemark;
    if (size < 1)
        return 0;
    const qint64 chunk = 1 + qint64(data[0]) * 7;
    const char* log = reinterpret_cast<const char*>(data + 1);
    const qint64 bytes = qint64(size) - 1;
    try {
        std::vector<DeviceSamples> devices(1);
        DeviceSamples& samples = devices.front();
        samples.format = QStringLiteral("gt3x");
        samples.nominalRateHz = 30;
        samples.channels.resize(3);
        const char* names[3] = {"x", "y", "z"};
        for (int a = 0; a < 3; ++a) {
            samples.channels[size_t(a)].name = QLatin1String(names[a]);
            samples.channels[size_t(a)].quantity = QStringLiteral("acc");
            samples.channels[size_t(a)].unit = QStringLiteral("g");
        }
        Gt3xLogParser parser(QStringLiteral("fuzz.gt3x"), 256.0, samples, nullptr);
        for (qint64 at = 0; at < bytes; at += chunk)
            parser.append(log + at, std::min(chunk, bytes - at));
        parser.finish();
        DeviceRecordingBuilder::build(devices, QStringList(), DeviceImportOptions());
    } catch (const std::exception&) {
        // FormatError and its kin: the reader refused the file, as it should.
    }
    return 0;
}
