#include "tests/support/Gt3xTestWriter.h"

namespace kinemark::test {

QByteArray Gt3xTestWriter::record(uint8_t type, uint32_t second, const QByteArray& payload,
                                  bool damaged)
{
    QByteArray r;
    r.append(char(0x1e));
    r.append(char(type));
    for (int i = 0; i < 4; ++i)
        r.append(char((second >> (8 * i)) & 0xff));
    r.append(char(payload.size() & 0xff));
    r.append(char(payload.size() >> 8));
    r.append(payload);
    uint8_t x = 0;
    for (char c : r)
        x ^= uint8_t(c);
    r.append(char(uint8_t(~x) ^ (damaged ? 1 : 0)));
    return r;
}

} // namespace kinemark::test
