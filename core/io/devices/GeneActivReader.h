#pragma once

#include "core/base/JobControl.h"
#include "core/base/ReadReport.h"
#include "core/io/devices/DeviceSamples.h"

namespace kinemark {

// GENEActiv .bin files: a text header ("Device Identity", ..., "Calibration
// Data" with x/y/z gain and offset, volts and lux, "Memory Status") followed by
// pages, each "Recorded Data", a few "Key:Value" lines (sequence number, page
// time "2019-05-21 16:16:43:500", temperature, measurement frequency) and one
// line of 300 samples as hexadecimal, 12 characters a sample: x, y, z as 12-bit
// signed values, then 10 bits of light, the button and a reserved bit.
// Acceleration in g is (raw * 100 - offset) / gain with the device's own
// calibration. Each page anchors its first sample at its page time. The file is
// memory-mapped and parsed in place.
class GeneActivReader
{
public:
    static DeviceSamples read(const QString& path, ReadReport* report = nullptr,
                              const JobControl* job = nullptr);
    static DeviceSamples decode(const char* data, qint64 size, const QString& name,
                                ReadReport* report = nullptr, const JobControl* job = nullptr);
    static bool hasSignature(const QByteArray& head);
};

} // namespace kinemark
