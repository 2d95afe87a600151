#pragma once

#include <QByteArray>
#include <cstdint>

namespace kinemark::test {

// Writes the records of an ActiGraph .gt3x log.bin for tests, benchmarks and
// fuzz seeds (never shipped), from the format description: separator 0x1E,
// type, u32 second, u16 payload size (little-endian), payload, and the one's
// complement of the XOR of everything before it.
class Gt3xTestWriter
{
public:
    // One record; `damaged` flips a bit of its checksum.
    static QByteArray record(uint8_t type, uint32_t second, const QByteArray& payload,
                             bool damaged = false);
};

} // namespace kinemark::test
