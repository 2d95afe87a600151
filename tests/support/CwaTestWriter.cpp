#include "tests/support/CwaTestWriter.h"

#include <QBuffer>
#include <QIODevice>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace kinemark::test {

namespace {

void put16(uchar* p, uint16_t v)
{
    p[0] = uchar(v);
    p[1] = uchar(v >> 8);
}
void put32(uchar* p, uint32_t v)
{
    put16(p, uint16_t(v));
    put16(p + 2, uint16_t(v >> 16));
}

int rateCode(double rateHz)
{
    // fs = 3200 / 2^(15 - code)
    return 15 - int(std::lround(std::log2(3200.0 / rateHz)));
}

// The block's 10-bit temperature for degrees C (C = raw * 75 / 256 - 50).
uint16_t temperatureRaw(double celsius)
{
    return uint16_t(std::clamp<long>(std::lround((celsius + 50.0) * 256.0 / 75.0), 1, 1023));
}

// Packed time stamp YYYYYYMM MMDDDDDh hhhhmmmm mmssssss (year - 2000) of whole seconds.
uint32_t packTime(int64_t seconds)
{
    int64_t days = seconds / 86400;
    int64_t rest = seconds % 86400;
    // civil_from_days (Howard Hinnant).
    days += 719468;
    const int64_t era = days / 146097;
    const int64_t doe = days - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t year = yoe + era * 400;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const int64_t month = mp < 10 ? mp + 3 : mp - 9;
    year += month <= 2 ? 1 : 0;
    const uint32_t h = uint32_t(rest / 3600), m = uint32_t(rest / 60 % 60), s = uint32_t(rest % 60);
    return (uint32_t(year - 2000) << 26) | (uint32_t(month) << 22) | (uint32_t(day) << 17) |
           (h << 12) | (m << 6) | s;
}

} // namespace

CwaTestWriter::CwaTestWriter(QIODevice* out, const Options& options)
    : m_out(out), m_options(options)
{}

void CwaTestWriter::writeHeader()
{
    std::vector<uchar> h(1024, 0xff);
    h[0] = 'M';
    h[1] = 'D';
    put16(&h[2], 1020);
    h[4] = 0x17; // AX3
    put16(&h[5], m_options.deviceId);
    put32(&h[7], m_options.sessionId);
    put16(&h[11], 0);
    h[35] = 0x00;
    h[36] = uchar(rateCode(m_options.rateHz) | (1 << 6)); // +-8 g
    std::fill(h.begin() + 64, h.begin() + 512, uchar(' '));
    const QByteArray meta = m_options.metadata.toLatin1().left(448);
    std::memcpy(&h[64], meta.constData(), size_t(meta.size()));
    m_out->write(reinterpret_cast<const char*>(h.data()), qint64(h.size()));
}

void CwaTestWriter::writeBlock(int64_t first, double startS, const SampleSource& source)
{
    uchar b[512];
    std::memset(b, 0, sizeof b);
    b[0] = 'A';
    b[1] = 'X';
    put16(b + 2, 508);
    // The time stamp holds at sample 0: whole second plus a 1/32768 s fraction;
    // the stored offset is moved back by the fraction's whole samples, as devices do.
    const double whole = std::floor(startS);
    uint32_t frac = uint32_t(std::lround((startS - whole) * 32768.0));
    int64_t seconds = int64_t(whole);
    if (frac >= 32768) {
        frac -= 32768;
        ++seconds;
    }
    put16(b + 4, uint16_t(0x8000 | frac));
    put32(b + 6, m_options.sessionId);
    put32(b + 10, m_sequence++);
    put32(b + 14, packTime(seconds));
    put16(b + 18, 0);
    put16(b + 20, m_options.temperatureAt ? temperatureRaw(m_options.temperatureAt(first)) : 300);
    b[24] = uchar(rateCode(m_options.rateHz) | (1 << 6));
    b[25] = m_options.packed ? 0x30 : 0x32;
    const int shift = int((uint64_t(frac << 1) * uint64_t(m_options.rateHz)) >> 16);
    put16(b + 26, uint16_t(int16_t(-shift)));
    const int count = samplesPerBlock();
    put16(b + 28, uint16_t(count));
    float xyz[3];
    for (int k = 0; k < count; ++k) {
        source(first + k, xyz);
        if (m_options.packed) {
            int v[3];
            int e = 0;
            for (int a = 0; a < 3; ++a)
                v[a] = int(std::lround(double(xyz[a]) * 256.0));
            const int big = std::max({std::abs(v[0]), std::abs(v[1]), std::abs(v[2])});
            while (e < 3 && (big >> e) > 511)
                ++e;
            uint32_t word = uint32_t(e) << 30;
            for (int a = 0; a < 3; ++a) {
                const int q = std::clamp(v[a] >> e, -512, 511);
                word |= (uint32_t(q) & 0x3ff) << (10 * a);
            }
            put32(b + 30 + 4 * k, word);
        } else {
            for (int a = 0; a < 3; ++a)
                put16(b + 30 + 6 * k + 2 * a,
                      uint16_t(int16_t(
                          std::clamp<long>(std::lround(double(xyz[a]) * 256.0), -32768, 32767))));
        }
    }
    uint16_t sum = 0;
    for (int i = 0; i < 510; i += 2)
        sum = uint16_t(sum + (b[i] | (b[i + 1] << 8)));
    put16(b + 510, uint16_t(-sum));
    m_out->write(reinterpret_cast<const char*>(b), 512);
}

double CwaTestWriter::storedTemperature(double celsius)
{
    return double(temperatureRaw(celsius)) * 75.0 / 256.0 - 50.0;
}

QByteArray CwaTestWriter::makeFile(const Options& options, double startS, int64_t samples,
                                   const SampleSource& source,
                                   const std::vector<int64_t>& skipBlocks)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    CwaTestWriter w(&buffer, options);
    w.writeHeader();
    const int per = w.samplesPerBlock();
    for (int64_t block = 0; block * per < samples; ++block) {
        const double t = startS + double(block * per) / options.rateHz;
        if (std::find(skipBlocks.begin(), skipBlocks.end(), block) != skipBlocks.end()) {
            ++w.m_sequence;
            continue;
        }
        w.writeBlock(block * per, t, source);
    }
    return bytes;
}

} // namespace kinemark::test
