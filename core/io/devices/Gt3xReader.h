#pragma once

#include "core/base/JobControl.h"
#include "core/base/ReadReport.h"
#include "core/io/devices/DeviceSamples.h"

namespace kinemark {

// ActiGraph .gt3x files: a ZIP archive (read with libzip, streamed) holding
// info.txt ("Key: Value" lines: serial number, sample rate, start date in .NET
// ticks, optionally "Acceleration Scale") and the samples, either
// - log.bin (current devices): records 0x1E, type, u32 time (seconds), u16
//   payload size, payload, checksum byte; ACTIVITY (0x00) holds 12-bit packed
//   samples in Y, X, Z order and ACTIVITY2 (0x1A) int16 X, Y, Z; every
//   activity record is one second; or
// - activity.bin (older GT3X+ firmware): one continuous stream of 12-bit packed
//   Y, X, Z samples from the start date.
// Counts per g come from info.txt's acceleration scale, else from the serial
// number's prefix (NEO, CLE: 341; MOS, MRA, TAS: 256). Seconds missing between
// records are idle sleep: like ActiLife, the reader repeats the last sample for
// them, and marks those samples in DeviceSamples::filled.
class Gt3xReader
{
public:
    static DeviceSamples read(const QString& path, ReadReport* report = nullptr,
                              const JobControl* job = nullptr);
    // Counts per g for a serial number, 0 when the prefix is unknown.
    static double countsPerGForSerial(const QString& serial);
};

} // namespace kinemark
