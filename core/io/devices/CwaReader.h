#pragma once

#include "core/base/JobControl.h"
#include "core/base/ReadReport.h"
#include "core/io/devices/DeviceSamples.h"

#include <QByteArray>

namespace kinemark {

// Axivity .cwa files (AX3 and AX6): a 1024-byte "MD" header, then 512-byte "AX"
// data blocks (layout in ../shared/docs/reference-notes.md and the comments of
// CwaReader.cpp). The file is memory-mapped and decoded in two passes over the
// blocks: one that checks every block (its 16-bit words sum to zero, it belongs
// to the header's session, its sample format is one we know) and counts its
// samples, and one that decodes the good blocks straight into the float columns.
// Both passes run on `threads` threads (0: one per core). Blocks that fail a
// check are skipped and listed in DeviceSamples::skipped and the report; the
// time they covered becomes a gap. Every block contributes one time anchor: its
// timestamp, with the 1/32768 s fraction newer firmware stores, at its
// timestamp offset; sample times are interpolated between anchors (DeviceTimeline).
class CwaReader
{
public:
    static DeviceSamples read(const QString& path, ReadReport* report = nullptr,
                              const JobControl* job = nullptr, int threads = 0);
    // Decodes an in-memory file (`name` names it in errors).
    static DeviceSamples decode(const uchar* data, qint64 size, const QString& name,
                                ReadReport* report = nullptr, const JobControl* job = nullptr,
                                int threads = 0);
    // True when the first bytes look like a .cwa header.
    static bool hasSignature(const QByteArray& head);
};

} // namespace kinemark
