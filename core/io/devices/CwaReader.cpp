#include "core/io/devices/CwaReader.h"

#include "core/base/FormatError.h"
#include "core/io/RecordingSizeLimit.h"
#include "core/io/devices/DeviceFileSupport.h"
#include "core/io/devices/DeviceTimeBudget.h"

#include <QFile>
#include <QFileInfo>
#include <QUrl>
#include <algorithm>
#include <atomic>
#include <cmath>

namespace kinemark {

using DeviceFileSupport::le16;
using DeviceFileSupport::le32;

namespace {

// Layout (byte offsets, little-endian), from the format description:
// header  0 "MD", 4 hardware type, 5 device id (u16), 7 session id (u32),
//         11 upper device id (u16, 0xffff = none), 35 sensor config, 36 rate code,
//         64..511 metadata as URL-encoded key=value pairs joined by '&'.
// block   0 "AX", 2 length (508), 4 device id or, top bit set, 15-bit fraction of
//         the timestamp's second, 6 session id, 10 sequence id, 14 packed time
//         stamp, 18 light (top 3 bits: 16-bit accel scale exponent, next 3: gyro
//         range), 20 temperature, 24 rate code, 25 axes (high nibble) and format
//         (low nibble: 0 packed, 2 16-bit), 26 timestamp offset (s16), 28 sample
//         count, 30 samples, 510 checksum making the 256 words sum to zero.
constexpr qint64 kHeaderSize = 1024;
constexpr qint64 kBlockSize = 512;
constexpr int kPayloadBytes = 480;
constexpr double kPi = 3.14159265358979323846;

enum class BlockState : uint8_t
{
    Good,
    Empty,   // a valid block without samples
    NotData, // not an "AX" block
    BadChecksum,
    WrongSession,
    BadFormat,
    AxesChanged,
};

QString stateText(BlockState s)
{
    switch (s) {
    case BlockState::Good:
    case BlockState::Empty:
        return QString();
    case BlockState::NotData:
        return QStringLiteral("not a data block (no 'AX' header)");
    case BlockState::BadChecksum:
        return QStringLiteral("checksum error (the block's 16-bit words do not sum to zero)");
    case BlockState::WrongSession:
        return QStringLiteral("belongs to another recording session than the file header");
    case BlockState::BadFormat:
        return QStringLiteral("unknown sample format or sample count");
    case BlockState::AxesChanged:
        return QStringLiteral("number of axes differs from the first block");
    }
    return QString();
}

double rateFromCode(uint8_t code)
{
    return 3200.0 / double(1u << (15 - (code & 15)));
}

// Packed YYYYYYMM MMDDDDDh hhhhmmmm mmssssss, year since 2000.
struct PackedTime
{
    int year, month, day, hour, minute, second;
    explicit PackedTime(uint32_t v)
        : year(int((v >> 26) & 0x3f) + 2000), month(int((v >> 22) & 0x0f)),
          day(int((v >> 17) & 0x1f)), hour(int((v >> 12) & 0x1f)), minute(int((v >> 6) & 0x3f)),
          second(int(v & 0x3f))
    {}
    bool isValid() const
    {
        return DeviceFileSupport::isValidDateTime(year, month, day, hour, minute, second);
    }
    QString text() const
    {
        return QStringLiteral("%1-%2-%3 %4:%5:%6")
            .arg(year)
            .arg(month, 2, 10, QLatin1Char('0'))
            .arg(day, 2, 10, QLatin1Char('0'))
            .arg(hour, 2, 10, QLatin1Char('0'))
            .arg(minute, 2, 10, QLatin1Char('0'))
            .arg(second, 2, 10, QLatin1Char('0'));
    }
};

double packedTimeToSeconds(uint32_t v)
{
    const PackedTime t(v);
    return DeviceFileSupport::secondsFromCivil(t.year, std::max(t.month, 1), std::max(t.day, 1),
                                               t.hour, t.minute, t.second);
}

int bytesPerSample(int axes, int format)
{
    if (format == 0)
        return axes == 3 ? 4 : 0;
    if (format == 2)
        return axes * 2;
    return 0;
}

struct BlockInfo
{
    BlockState state = BlockState::Good;
    uint16_t samples = 0;
};

BlockInfo checkBlock(const uchar* b, uint32_t session, int axes)
{
    BlockInfo info;
    if (b[0] != 'A' || b[1] != 'X') {
        info.state = BlockState::NotData;
        return info;
    }
    uint32_t sum = 0;
    for (int i = 0; i < 512; i += 2)
        sum += le16(b + i);
    if ((sum & 0xffff) != 0) {
        info.state = BlockState::BadChecksum;
        return info;
    }
    if (session != 0 && le32(b + 6) != session) {
        info.state = BlockState::WrongSession;
        return info;
    }
    const int blockAxes = b[25] >> 4;
    const int bps = bytesPerSample(blockAxes, b[25] & 15);
    const int count = le16(b + 28);
    if (bps == 0 || count * bps > kPayloadBytes) {
        info.state = BlockState::BadFormat;
        return info;
    }
    if (blockAxes != axes) {
        info.state = BlockState::AxesChanged;
        return info;
    }
    info.samples = uint16_t(count);
    info.state = count > 0 ? BlockState::Good : BlockState::Empty;
    return info;
}

QString urlDecode(const QByteArray& text)
{
    QByteArray t = text;
    t.replace('+', ' ');
    return QUrl::fromPercentEncoding(t);
}

QString readableKey(const QString& key)
{
    // The keys Axivity's OMGUI writes; others are kept as they are.
    static const QMap<QString, QString> names = {{"_c", "study centre"},
                                                 {"_s", "study code"},
                                                 {"_i", "investigator"},
                                                 {"_x", "exercise code"},
                                                 {"_so", "volunteer number"},
                                                 {"_p", "body location"},
                                                 {"_sc", "subject code"},
                                                 {"_se", "sex"},
                                                 {"_h", "handedness"},
                                                 {"_ht", "height"},
                                                 {"_w", "weight"},
                                                 {"_sn", "study notes"},
                                                 {"_n", "notes"}};
    return names.value(key, key);
}

void parseMetadata(const uchar* header, DeviceSamples* out)
{
    QByteArray text(reinterpret_cast<const char*>(header + 64), 448);
    // Unused bytes are spaces, 0xff or 0x00.
    text.replace('\xff', ' ');
    text.replace('\0', ' ');
    text = text.trimmed();
    for (const QByteArray& pair : text.split('&')) {
        const int eq = pair.indexOf('=');
        if (eq <= 0)
            continue;
        const QString key = QString::fromLatin1(pair.left(eq).trimmed());
        const QString value = urlDecode(pair.mid(eq + 1)).trimmed();
        if (value.isEmpty())
            continue;
        if (key == QLatin1String("_p"))
            out->bodyLocation = value;
        else if (key == QLatin1String("_sc"))
            out->subjectCode = value;
        out->metadata.insert(readableKey(key), value);
    }
}

QString hardwareName(uint8_t type)
{
    switch (type) {
    case 0x00:
    case 0xff:
    case 0x17:
        return QStringLiteral("Axivity AX3");
    case 0x64:
        return QStringLiteral("Axivity AX6");
    default:
        return QStringLiteral("Axivity (hardware type 0x%1)").arg(type, 2, 16, QLatin1Char('0'));
    }
}

// Decodes the samples of one good block into the columns at `at`, and returns its anchor.
DeviceSamples::TimeAnchor decodeBlock(const uchar* b, float* const* columns, int64_t at,
                                      int64_t block)
{
    const int axes = b[25] >> 4;
    const int format = b[25] & 15;
    const int count = le16(b + 28);
    const uchar* p = b + 30;
    if (format == 0) {
        // Three 10-bit signed values and a 2-bit exponent: value << exponent / 256 g.
        static const float scale[4] = {1.0f / 256, 2.0f / 256, 4.0f / 256, 8.0f / 256};
        float* x = columns[0] + at;
        float* y = columns[1] + at;
        float* z = columns[2] + at;
        for (int k = 0; k < count; ++k) {
            const uint32_t v = le32(p + 4 * k);
            const float s = scale[v >> 30];
            x[k] = float(int32_t(v << 22) >> 22) * s;
            y[k] = float(int32_t(v << 12) >> 22) * s;
            z[k] = float(int32_t(v << 2) >> 22) * s;
        }
    } else {
        const uint16_t light = le16(b + 18);
        const float accelScale = 1.0f / float(1u << (8 + ((light >> 13) & 7)));
        if (axes == 3) {
            for (int k = 0; k < count; ++k)
                for (int a = 0; a < 3; ++a)
                    columns[a][at + k] = float(int16_t(le16(p + 6 * k + 2 * a))) * accelScale;
        } else {
            // Gyro x, y, z then accel x, y, z (then magnetometer, ignored); the
            // gyro's full scale is 8000 >> n degrees per second over 32768 counts.
            const double rangeDps = double(8000 >> ((light >> 10) & 7));
            const float gyroScale = float(rangeDps / 32768.0 * kPi / 180.0);
            const int stride = 2 * axes;
            for (int k = 0; k < count; ++k) {
                const uchar* s = p + stride * k;
                for (int a = 0; a < 3; ++a) {
                    columns[a][at + k] = float(int16_t(le16(s + 6 + 2 * a))) * accelScale;
                    columns[3 + a][at + k] = float(int16_t(le16(s + 2 * a))) * gyroScale;
                }
            }
        }
    }
    // The anchor: the whole-second time stamp holds at sample `timestampOffset`.
    // With the fraction flag, the offset was moved back by the fraction's whole
    // samples for old readers; undo that and use the fractional time (as the
    // format's authors' own converter does).
    const double rate = rateFromCode(b[24]);
    int offset = int16_t(le16(b + 26));
    double time = packedTimeToSeconds(le32(b + 14));
    const uint16_t fractional = le16(b + 4);
    if (fractional & 0x8000) {
        const uint32_t frac65536 = uint32_t(fractional & 0x7fff) << 1;
        offset += int((uint64_t(frac65536) * uint64_t(rate)) >> 16);
        time += double(frac65536) / 65536.0;
    }
    return {at + offset, time, block};
}

// The header's device, serial number, rate, range and metadata; returns the
// session id every block must carry.
uint32_t readHeader(const uchar* data, DeviceSamples* out)
{
    const uint8_t hardware = data[4];
    out->device = hardwareName(hardware);
    uint32_t deviceId = le16(data + 5);
    if (le16(data + 11) != 0xffff)
        deviceId |= uint32_t(le16(data + 11)) << 16;
    out->serial = QString::number(deviceId);
    const uint32_t session = le32(data + 7);
    out->nominalRateHz = rateFromCode(data[36]);
    out->metadata.insert(QStringLiteral("session id"), QString::number(session));
    out->metadata.insert(QStringLiteral("range"),
                         QStringLiteral("%1 g").arg(16 >> (data[36] >> 6)));
    parseMetadata(data, out);
    return session;
}

// The number of whole data blocks; a partial last one is reported and ignored.
int64_t countBlocks(qint64 size, const QString& name, ReadReport* report)
{
    const int64_t blocks = (size - kHeaderSize) / kBlockSize;
    const qint64 trailing = (size - kHeaderSize) % kBlockSize;
    if (blocks == 0)
        throw FormatError(name, trailing
                                    ? QStringLiteral("the file is truncated: it ends at byte %1, "
                                                     "inside the first data block")
                                          .arg(size)
                                    : QStringLiteral("has a header but no data blocks"));
    if (trailing && report)
        report->warnings << QStringLiteral("%1: the file is truncated: it ends %2 bytes into data "
                                           "block %3 (offset %4), which is ignored")
                                .arg(name)
                                .arg(trailing)
                                .arg(blocks)
                                .arg(kHeaderSize + blocks * kBlockSize);
    return blocks;
}

// The number of axes comes from the first block that passes the checksum.
int axesOfFirstGoodBlock(const uchar* data, int64_t blocks, uint32_t session, const QString& name)
{
    int axes = 0;
    for (int64_t i = 0; i < blocks && axes == 0; ++i) {
        const uchar* b = data + kHeaderSize + i * kBlockSize;
        if (checkBlock(b, session, b[25] >> 4).state == BlockState::Good)
            axes = b[25] >> 4;
    }
    if (axes != 3 && axes != 6 && axes != 9) {
        const BlockInfo first = checkBlock(data + kHeaderSize, session, 3);
        throw FormatError(name,
                          QStringLiteral("none of the %1 data blocks is valid (the first: %2)")
                              .arg(blocks)
                              .arg(stateText(first.state).isEmpty() ? QStringLiteral("no samples")
                                                                    : stateText(first.state)),
                          0, 0, QStringLiteral("block"));
    }
    return axes;
}

constexpr int64_t kChunk = 4096; // blocks per task of the parallel passes

// Pass 1: check and count, in chunks of blocks.
std::vector<BlockInfo> checkBlocks(const uchar* data, int64_t blocks, uint32_t session, int axes,
                                   int threads, const JobControl* job)
{
    const int64_t chunks = (blocks + kChunk - 1) / kChunk;
    std::vector<BlockInfo> blockInfo(static_cast<size_t>(blocks));
    std::atomic<int64_t> done{0};
    DeviceFileSupport::parallelFor(chunks, threads, [&](int64_t c) {
        throwIfCancelled(job);
        const int64_t end = std::min(blocks, (c + 1) * kChunk);
        for (int64_t i = c * kChunk; i < end; ++i)
            blockInfo[size_t(i)] = checkBlock(data + kHeaderSize + i * kBlockSize, session, axes);
        reportProgress(job, 0.3 * double(done.fetch_add(1) + 1) / double(chunks),
                       QStringLiteral("checking blocks"));
    });
    return blockInfo;
}

// The good blocks' time stamps, checked before any sample is allocated: each
// must be a valid date and time, and together they must keep to
// DeviceTimeBudget's rule for the samples the blocks hold (one block with its
// month raised by one made a 75 KB file a 28-day recording). The first that
// does not is an error naming the block.
void checkBlockTimes(const uchar* data, const std::vector<BlockInfo>& blockInfo, double rateHz,
                     const QString& name)
{
    double samples = 0;
    for (const BlockInfo& b : blockInfo)
        if (b.state == BlockState::Good)
            samples += b.samples;
    DeviceTimeBudget::Walker walker(DeviceTimeBudget::allowedSpanS(samples, rateHz),
                                    QStringLiteral("block"));
    for (size_t i = 0; i < blockInfo.size(); ++i) {
        if (blockInfo[i].state != BlockState::Good)
            continue;
        const qint64 offset = kHeaderSize + qint64(i) * kBlockSize;
        const uint32_t packed = le32(data + offset + 14);
        const PackedTime time(packed);
        QString why;
        if (!time.isValid())
            why = QStringLiteral("its time stamp %1 is not a valid date and time").arg(time.text());
        else
            why = walker.take({packedTimeToSeconds(packed), int64_t(i), offset});
        if (!why.isEmpty())
            throw FormatError(
                name, QStringLiteral("block %1 (offset %2): %3").arg(i).arg(offset).arg(why));
    }
}

// Where each good block's samples and time anchor go.
struct BlockLayout
{
    std::vector<int64_t> firstSample; // per block, and the total at the end
    std::vector<int64_t> anchorIndex; // per block, -1 for blocks not decoded
    int64_t total = 0;
    int64_t good = 0;
};

// Places the good blocks one after the other; the others go to out->skipped
// (empty blocks silently).
BlockLayout layOut(const std::vector<BlockInfo>& blockInfo, DeviceSamples* out)
{
    const int64_t blocks = int64_t(blockInfo.size());
    BlockLayout layout;
    layout.firstSample.assign(size_t(blocks) + 1, 0);
    layout.anchorIndex.assign(size_t(blocks), -1);
    for (int64_t i = 0; i < blocks; ++i) {
        const BlockInfo& b = blockInfo[size_t(i)];
        layout.firstSample[size_t(i)] = layout.total;
        if (b.state == BlockState::Good) {
            layout.anchorIndex[size_t(i)] = layout.good++;
            layout.total += b.samples;
        } else if (b.state != BlockState::Empty) {
            out->skipped.push_back({i, kHeaderSize + i * kBlockSize, stateText(b.state)});
        }
    }
    layout.firstSample[size_t(blocks)] = layout.total;
    return layout;
}

// Acceleration x, y, z, and gyroscope x, y, z when the device has one.
void addChannels(int axes, int64_t total, DeviceSamples* out)
{
    const char* axisNames[3] = {"x", "y", "z"};
    const int channels = axes >= 6 ? 6 : 3;
    out->channels.resize(size_t(channels));
    for (int c = 0; c < channels; ++c) {
        Channel& ch = out->channels[size_t(c)];
        ch.name = QLatin1String(axisNames[c % 3]);
        ch.quantity = c < 3 ? QStringLiteral("acc") : QStringLiteral("gyro");
        ch.unit = c < 3 ? QStringLiteral("g") : QStringLiteral("rad/s");
        ch.samples.resize(size_t(total));
    }
}

// Pass 2: decode the good blocks into their places.
void decodeBlocks(const uchar* data, int64_t blocks, const BlockLayout& layout, int threads,
                  const JobControl* job, DeviceSamples* out)
{
    float* columns[6] = {};
    for (size_t c = 0; c < out->channels.size(); ++c)
        columns[c] = out->channels[c].samples.data();
    const int64_t chunks = (blocks + kChunk - 1) / kChunk;
    std::atomic<int64_t> done{0};
    DeviceFileSupport::parallelFor(chunks, threads, [&](int64_t c) {
        throwIfCancelled(job);
        const int64_t end = std::min(blocks, (c + 1) * kChunk);
        for (int64_t i = c * kChunk; i < end; ++i) {
            const int64_t a = layout.anchorIndex[size_t(i)];
            if (a < 0)
                continue;
            out->anchors[size_t(a)] = decodeBlock(data + kHeaderSize + i * kBlockSize, columns,
                                                  layout.firstSample[size_t(i)], i);
        }
        reportProgress(job, 0.3 + 0.7 * double(done.fetch_add(1) + 1) / double(chunks),
                       QStringLiteral("decoding blocks"));
    });
}

// Each good block's temperature, at its first sample. The block keeps the
// sensor's last 10-bit reading (0: none); degrees C = raw * 75 / 256 - 50, the
// conversion of the format's authors' own reader (an MCP9700-style sensor,
// 10 mV per degree at 500 mV for 0 C, on a 3 V 10-bit converter). Other
// readers use other affine conversions; calibration, which fits a straight
// line in temperature, comes out the same with any of them.
void readTemperatures(const uchar* data, int64_t blocks, const BlockLayout& layout,
                      DeviceSamples* out)
{
    out->temperature.reserve(size_t(layout.good));
    for (int64_t i = 0; i < blocks; ++i) {
        if (layout.anchorIndex[size_t(i)] < 0)
            continue;
        const uint16_t raw = le16(data + kHeaderSize + i * kBlockSize + 20) & 0x3ff;
        const int64_t at = layout.firstSample[size_t(i)];
        if (raw != 0 && (out->temperature.empty() || at > out->temperature.back().sample))
            out->temperature.push_back({at, float(double(raw) * 75.0 / 256.0 - 50.0)});
    }
}

// The first skipped blocks one by one, then how many in all.
void reportSkipped(const DeviceSamples& out, const QString& name, ReadReport* report)
{
    constexpr size_t kListed = 20;
    for (size_t i = 0; i < std::min(out.skipped.size(), kListed); ++i) {
        const auto& s = out.skipped[i];
        report->warnings << QStringLiteral("%1, block %2 (offset %3): skipped: %4")
                                .arg(name)
                                .arg(s.index)
                                .arg(s.offset)
                                .arg(s.reason);
    }
    if (out.skipped.size() > kListed)
        report->warnings
            << QStringLiteral("%1: %2 blocks skipped in all").arg(name).arg(out.skipped.size());
}

} // namespace

bool CwaReader::hasSignature(const QByteArray& head)
{
    // "MD" is short; where the head reaches the first block, its "AX" must be there too.
    return head.startsWith("MD") && (head.size() < 1026 || head.mid(1024, 2) == "AX");
}

DeviceSamples CwaReader::read(const QString& path, ReadReport* report, const JobControl* job,
                              int threads)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw FormatError(path, QStringLiteral("cannot open: %1").arg(file.errorString()));
    const qint64 size = file.size();
    if (size == 0)
        throw FormatError(path, QStringLiteral("is empty, not an Axivity .cwa file"));
    // Memory-mapped: the kernel pages the file in as the passes need it, so a
    // week-long file never sits in memory twice.
    uchar* data = file.map(0, size);
    if (!data)
        throw FormatError(path, QStringLiteral("cannot map the file: %1").arg(file.errorString()));
    DeviceSamples out = decode(data, size, path, report, job, threads);
    file.unmap(data);
    return out;
}

DeviceSamples CwaReader::decode(const uchar* data, qint64 size, const QString& name,
                                ReadReport* report, const JobControl* job, int threads)
{
    if (size < 2 || data[0] != 'M' || data[1] != 'D')
        throw FormatError(name,
                          QStringLiteral("not an Axivity .cwa file: it does not start with "
                                         "the 'MD' header"),
                          1, 0, QStringLiteral("byte"));
    if (size < kHeaderSize)
        throw FormatError(name, QStringLiteral("the file is truncated: it ends at byte %1, inside "
                                               "the 1024-byte header")
                                    .arg(size));
    DeviceSamples out;
    out.file = name;
    out.format = QStringLiteral("cwa");
    out.placeKind = QStringLiteral("block");
    const uint32_t session = readHeader(data, &out);
    const int64_t blocks = countBlocks(size, name, report);
    const int axes = axesOfFirstGoodBlock(data, blocks, session, name);
    if (axes >= 6 && data[4] == 0x00)
        out.device = QStringLiteral("Axivity AX6");

    const std::vector<BlockInfo> blockInfo = checkBlocks(data, blocks, session, axes, threads, job);
    const int channels = axes >= 6 ? 6 : 3;
    checkBlockTimes(data, blockInfo, out.nominalRateHz, name);
    const BlockLayout layout = layOut(blockInfo, &out);
    RecordingSizeLimit::check(name, QStringLiteral("its %1 good blocks").arg(layout.good),
                              double(layout.total), channels, out.nominalRateHz);
    addChannels(axes, layout.total, &out);
    out.anchors.resize(size_t(layout.good));
    decodeBlocks(data, blocks, layout, threads, job, &out);
    readTemperatures(data, blocks, layout, &out);

    if (layout.total == 0)
        throw FormatError(name,
                          QStringLiteral("none of the %1 data blocks holds samples").arg(blocks), 0,
                          0, QStringLiteral("block"));
    if (report && !out.skipped.empty())
        reportSkipped(out, name, report);
    out.metadata.insert(QStringLiteral("blocks"), QString::number(blocks));
    out.metadata.insert(QStringLiteral("skipped blocks"), QString::number(out.skipped.size()));
    return out;
}

} // namespace kinemark
