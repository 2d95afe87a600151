#include "core/io/devices/Gt3xLogParser.h"

#include "core/base/FormatError.h"
#include "core/io/RecordingSizeLimit.h"
#include "core/io/devices/DeviceFileSupport.h"

#include <cmath>
#include <cstring>

namespace kinemark {

using DeviceFileSupport::le16;
using DeviceFileSupport::le32;

namespace {

constexpr uint8_t kSeparator = 0x1e;
constexpr uint8_t kActivity = 0x00;
constexpr uint8_t kActivity2 = 0x1a;
// Longest idle-sleep gap that is filled; a longer jump in time means a broken
// file, not a device asleep.
constexpr int64_t kMaxFilledSeconds = 31LL * 86400;

int signed12(uint32_t v)
{
    return v > 2047 ? int(v) - 4096 : int(v);
}

} // namespace

Gt3xLogParser::Gt3xLogParser(const QString& path, double countsPerG, DeviceSamples& out,
                             ReadReport* report, qint64 logBytes)
    : m_path(path), m_countsPerG(countsPerG), m_out(out), m_report(report),
      m_rate(int(std::lround(out.nominalRateHz))), m_logBytes(logBytes),
      m_walker(DeviceTimeBudget::allowedSpanS(0, out.nominalRateHz), QStringLiteral("record"))
{}

// The most samples `bytesSeen` bytes of log.bin (or all of it, when its size
// is known) can hold: 12-bit packed samples take 4.5 bytes, and every record
// has 9 more.
double Gt3xLogParser::maxDataSamples(qint64 bytesSeen) const
{
    const qint64 bytes = m_logBytes >= 0 ? std::max(m_logBytes, bytesSeen) : bytesSeen;
    return double(bytes) / 4.5;
}

[[noreturn]] void Gt3xLogParser::refuse(int64_t record, qint64 byte, const QString& why) const
{
    throw FormatError(m_path + QStringLiteral("/log.bin"),
                      QStringLiteral("record %1 (byte %2): %3").arg(record).arg(byte).arg(why));
}

// An activity record's time, before its samples or any idle sleep before it
// are added: within the span the file's bytes can account for.
void Gt3xLogParser::checkTime(uint32_t second, qint64 byte)
{
    m_walker.setAllowedSpanS(
        DeviceTimeBudget::allowedSpanS(maxDataSamples(byte + 1), m_out.nominalRateHz));
    m_recordByte = byte;
    const DeviceTimeBudget::Stamp stamp{double(second), m_record, byte};
    const QString why = m_walker.take(stamp);
    if (!why.isEmpty())
        refuse(m_record, byte, why);
    m_stamps.push_back(stamp);
}

void Gt3xLogParser::append(const char* data, qint64 size)
{
    m_pending.append(data, int(size));
    parse(false);
}

void Gt3xLogParser::finish()
{
    parse(true);
    // The rule again, now that the samples read (idle sleep not counted) are known.
    DeviceTimeBudget::check(m_stamps, double(m_dataSamples), m_out.nominalRateHz,
                            QStringLiteral("record"),
                            [&](const DeviceTimeBudget::Stamp& s, const QString& why) {
                                refuse(s.index, s.offset, why);
                            });
    if (m_idleSeconds > 0 && m_report)
        m_report->repairs << QStringLiteral("%1: %2 s of idle sleep in %3 span(s) filled with the "
                                            "last sample, as ActiLife does, and marked")
                                 .arg(m_path)
                                 .arg(m_idleSeconds)
                                 .arg(m_out.filled.size());
    m_out.metadata.insert(QStringLiteral("records"), QString::number(m_record));
}

void Gt3xLogParser::parse(bool atEnd)
{
    const uchar* p = reinterpret_cast<const uchar*>(m_pending.constData());
    const qint64 n = m_pending.size();
    qint64 i = 0;
    while (i < n) {
        if (m_skipFrom >= 0 || p[i] != kSeparator) {
            skipToSeparator(p, n, i);
            continue;
        }
        if (n - i < 8)
            break;
        const uint8_t type = p[i + 1];
        const uint32_t second = le32(p + i + 2);
        const qint64 size = le16(p + i + 6);
        if (n - i < 8 + size + 1)
            break;
        ++m_record;
        uint8_t check = 0;
        for (qint64 k = 0; k < 8 + size; ++k)
            check ^= p[i + k];
        const bool checksumOk = uint8_t(~check) == p[i + 8 + size];
        if ((type == kActivity || type == kActivity2) && size > 1) {
            if (checksumOk) {
                checkTime(second, m_consumed + i);
                readActivity(type, second, p + i + 8, size);
            } else {
                ++m_badChecksums;
                if (m_report && m_badChecksums <= 20)
                    m_report->warnings << QStringLiteral("%1/log.bin, byte %2: activity record %3 "
                                                         "has a bad checksum; skipped")
                                              .arg(m_path)
                                              .arg(m_consumed + i)
                                              .arg(m_record);
            }
        }
        i += 8 + size + 1;
    }
    if (atEnd && m_skipFrom >= 0)
        endSkippedRun(m_consumed + i, true);
    if (atEnd && i < n && m_report)
        m_report->warnings << QStringLiteral("%1/log.bin: the file is truncated: the last "
                                             "record (byte %2) is incomplete; ignored")
                                  .arg(m_path)
                                  .arg(m_consumed + i);
    m_consumed += i;
    m_pending.remove(0, int(i));
}

// Lost the record boundary at `i`: moves `i` to the next separator, or to
// the end of the bytes at hand, which are then consumed: a run of bytes that
// are no record is scanned once however many chunks it spans (rescanning it
// from its start for every chunk made 400 MB of zeros take minutes).
void Gt3xLogParser::skipToSeparator(const uchar* p, qint64 n, qint64& i)
{
    if (m_skipFrom < 0) {
        m_skipFrom = m_consumed + i;
        m_skipZeros = true;
    }
    const void* found = std::memchr(p + i, kSeparator, size_t(n - i));
    const qint64 j = found ? static_cast<const uchar*>(found) - p : n;
    for (qint64 k = i; k < j && m_skipZeros; ++k)
        m_skipZeros = p[k] == 0;
    i = j;
    if (found)
        endSkippedRun(m_consumed + j, false);
}

// The run of bytes that are no record ends at `end` (at log.bin's end when
// `reachesEnd`): says what was skipped (zero padding at the very end of
// log.bin is normal and passes silently).
void Gt3xLogParser::endSkippedRun(qint64 end, bool reachesEnd)
{
    const qint64 from = m_skipFrom;
    m_skipFrom = -1;
    const bool padding = m_skipZeros && reachesEnd;
    if (!padding && m_report && m_skippedRuns < 1000)
        m_report->warnings << QStringLiteral("%1/log.bin, byte %2: %3 bytes that are "
                                             "no record skipped")
                                  .arg(m_path)
                                  .arg(from)
                                  .arg(end - from);
    ++m_skippedRuns;
    if (m_skippedRuns > 1000 && m_out.sampleCount() == 0)
        throw FormatError(m_path + QStringLiteral("/log.bin"),
                          QStringLiteral("no valid records found"), from + 1, 0,
                          QStringLiteral("byte"));
}

// One second of samples, after the idle sleep since the previous record.
void Gt3xLogParser::readActivity(uint8_t type, uint32_t second, const uchar* payload, qint64 size)
{
    fillIdleSleep(second);
    const int64_t start = int64_t(m_out.channels[0].samples.size());
    m_out.anchors.push_back({start, double(second), m_record});
    if (type == kActivity)
        appendPacked12(payload, size, m_countsPerG, &m_out);
    else
        appendInt16(payload, size, m_countsPerG, &m_out);
    m_dataSamples += int64_t(m_out.channels[0].samples.size()) - start;
    m_lastSecond = second;
}

// Idle sleep: seconds without a record between two records; ActiLife repeats
// the last sample for them.
void Gt3xLogParser::fillIdleSleep(uint32_t second)
{
    const int64_t before = int64_t(m_out.channels[0].samples.size());
    if (m_lastSecond < 0 || int64_t(second) <= m_lastSecond + 1 || before <= 0)
        return;
    const int64_t missing = int64_t(second) - m_lastSecond - 1;
    if (missing > kMaxFilledSeconds)
        return;
    // The fill is allocated here: within the recording size limit.
    const QString tooLarge = RecordingSizeLimit::problem(double(before + missing * m_rate),
                                                         int(m_out.channels.size()), m_rate);
    if (!tooLarge.isEmpty())
        refuse(m_record, m_recordByte,
               QStringLiteral("%1 s of idle sleep before it %2").arg(missing).arg(tooLarge));
    for (int64_t s = 0; s < missing; ++s)
        m_out.anchors.push_back({before + s * m_rate, double(m_lastSecond + 1 + s), m_record});
    for (Channel& c : m_out.channels)
        c.samples.insert(c.samples.end(), size_t(missing * m_rate), c.samples.back());
    m_out.filled.push_back({before, missing * m_rate,
                            QStringLiteral("idle sleep (last sample repeated, as ActiLife does)")});
    m_idleSeconds += missing;
}

void Gt3xLogParser::appendPacked12(const uchar* p, int64_t bytes, double countsPerG,
                                   DeviceSamples* out)
{
    const int64_t samples = bytes * 8 / 36;
    auto& xs = out->channels[0].samples;
    auto& ys = out->channels[1].samples;
    auto& zs = out->channels[2].samples;
    const float scale = float(1.0 / countsPerG);
    for (int64_t s = 0; s < samples; ++s) {
        int v[3];
        for (int a = 0; a < 3; ++a) {
            const int64_t bit = (s * 3 + a) * 12;
            const int64_t byte = bit >> 3;
            uint32_t raw;
            if ((bit & 7) == 0)
                raw = (uint32_t(p[byte]) << 4) | (p[byte + 1] >> 4);
            else
                raw = (uint32_t(p[byte] & 0x0f) << 8) | p[byte + 1];
            v[a] = signed12(raw);
        }
        ys.push_back(float(v[0]) * scale);
        xs.push_back(float(v[1]) * scale);
        zs.push_back(float(v[2]) * scale);
    }
}

void Gt3xLogParser::appendInt16(const uchar* p, int64_t bytes, double countsPerG,
                                DeviceSamples* out)
{
    const float scale = float(1.0 / countsPerG);
    for (int64_t i = 0; i + 6 <= bytes; i += 6)
        for (int a = 0; a < 3; ++a)
            out->channels[size_t(a)].samples.push_back(float(int16_t(le16(p + i + 2 * a))) * scale);
}

} // namespace kinemark
