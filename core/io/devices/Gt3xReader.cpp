#include "core/io/devices/Gt3xReader.h"

#include "core/io/devices/DeviceFileSupport.h"
#include "core/base/FormatError.h"
#include "core/io/devices/ZipArchive.h"

#include <QFileInfo>
#include <cmath>

namespace kinemark {

using DeviceFileSupport::le16;
using DeviceFileSupport::le32;

namespace {

constexpr uint8_t kSeparator = 0x1e;
constexpr uint8_t kActivity = 0x00;
constexpr uint8_t kActivity2 = 0x1a;
constexpr qint64 kTicksAtUnixEpoch = 621355968000000000LL; // .NET ticks (100 ns) at 1970-01-01
// Longest idle-sleep gap that is filled; a longer jump in time means a broken
// file, not a device asleep.
constexpr int64_t kMaxFilledSeconds = 31LL * 86400;

double ticksToSeconds(qint64 ticks)
{
    return double(ticks - kTicksAtUnixEpoch) / 1e7;
}

int signed12(uint32_t v)
{
    return v > 2047 ? int(v) - 4096 : int(v);
}

// Appends samples of 12-bit packed Y, X, Z values, big-endian bit order
// (two samples in every nine bytes).
void appendPacked12(const uchar* p, int64_t bytes, double countsPerG, DeviceSamples* out)
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

void appendInt16(const uchar* p, int64_t bytes, double countsPerG, DeviceSamples* out)
{
    const float scale = float(1.0 / countsPerG);
    for (int64_t i = 0; i + 6 <= bytes; i += 6)
        for (int a = 0; a < 3; ++a)
            out->channels[size_t(a)].samples.push_back(float(int16_t(le16(p + i + 2 * a))) * scale);
}

} // namespace

double Gt3xReader::countsPerGForSerial(const QString& serial)
{
    const QString prefix = serial.left(3).toUpper();
    if (prefix == QLatin1String("NEO") || prefix == QLatin1String("CLE"))
        return 341;
    if (prefix == QLatin1String("MOS") || prefix == QLatin1String("MRA") ||
        prefix == QLatin1String("TAS"))
        return 256;
    return 0;
}

DeviceSamples Gt3xReader::read(const QString& path, ReadReport* report, const JobControl* job)
{
    if (!QFileInfo(path).isFile())
        throw FormatError(path, QStringLiteral("no such file"));
    ZipArchive zip(path);
    if (!zip.contains(QStringLiteral("info.txt")))
        throw FormatError(path, QStringLiteral("not an ActiGraph .gt3x file: the archive has no "
                                               "info.txt"));
    DeviceSamples out;
    out.file = path;
    out.format = QStringLiteral("gt3x");
    QMap<QString, QString> info;
    int lineNo = 0;
    for (const QByteArray& line : zip.readAll(QStringLiteral("info.txt")).split('\n')) {
        ++lineNo;
        const int colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QString key = QString::fromUtf8(line.left(colon)).trimmed();
        const QString value = QString::fromUtf8(line.mid(colon + 1)).trimmed();
        info.insert(key, value);
        out.metadata.insert(key.toLower(), value);
    }
    out.serial = info.value(QStringLiteral("Serial Number"));
    out.device = QStringLiteral("ActiGraph %1")
                     .arg(info.value(QStringLiteral("Device Type"), QStringLiteral("GT3X")));
    out.subjectCode = info.value(QStringLiteral("Subject Name"));
    out.bodyLocation = info.value(QStringLiteral("Limb")).toLower();
    bool ok = false;
    out.nominalRateHz = info.value(QStringLiteral("Sample Rate")).toDouble(&ok);
    if (!ok || !(out.nominalRateHz > 0) || out.nominalRateHz > 10000)
        throw FormatError(path + QStringLiteral("/info.txt"),
                          QStringLiteral("no valid 'Sample Rate' ('%1')")
                              .arg(info.value(QStringLiteral("Sample Rate"))));
    const qint64 startTicks = info.value(QStringLiteral("Start Date")).toLongLong(&ok);
    if (!ok || startTicks < kTicksAtUnixEpoch)
        throw FormatError(path + QStringLiteral("/info.txt"),
                          QStringLiteral("no valid 'Start Date' in .NET ticks ('%1')")
                              .arg(info.value(QStringLiteral("Start Date"))));
    double countsPerG = info.value(QStringLiteral("Acceleration Scale")).toDouble(&ok);
    QString scaleSource = QStringLiteral("info.txt");
    if (!ok || !(countsPerG > 0)) {
        countsPerG = countsPerGForSerial(out.serial);
        scaleSource = QStringLiteral("serial number");
        if (countsPerG <= 0) {
            countsPerG = 341;
            scaleSource = QStringLiteral("default");
            if (report)
                report->warnings << QStringLiteral("%1: unknown serial number prefix '%2' and no "
                                                   "acceleration scale; assuming 341 counts per g")
                                        .arg(path, out.serial.left(3));
        }
    }
    out.metadata.insert(QStringLiteral("counts per g"),
                        QStringLiteral("%1 (from the %2)").arg(countsPerG).arg(scaleSource));

    out.channels.resize(3);
    const char* names[3] = {"x", "y", "z"};
    for (int a = 0; a < 3; ++a) {
        out.channels[size_t(a)].name = QLatin1String(names[a]);
        out.channels[size_t(a)].quantity = QStringLiteral("acc");
        out.channels[size_t(a)].unit = QStringLiteral("g");
    }
    const int rate = int(std::lround(out.nominalRateHz));

    if (zip.contains(QStringLiteral("log.bin"))) {
        const qint64 total = zip.entrySize(QStringLiteral("log.bin"));
        for (Channel& c : out.channels)
            c.samples.reserve(size_t(std::max<qint64>(0, total) / 4));
        QByteArray pending;
        qint64 consumed = 0; // bytes of log.bin before `pending`
        int64_t record = 0, badChecksums = 0, lastSecond = -1, idleSeconds = 0, skippedRuns = 0;
        auto parse = [&](bool atEnd) {
            const uchar* p = reinterpret_cast<const uchar*>(pending.constData());
            const qint64 n = pending.size();
            qint64 i = 0;
            while (i < n) {
                if (p[i] != kSeparator) {
                    // Lost the record boundary: find the next separator and say what was skipped
                    // (zero padding at the very end of log.bin is normal and passes silently).
                    qint64 j = i;
                    while (j < n && p[j] != kSeparator)
                        ++j;
                    if (j == n && !atEnd)
                        break;
                    bool zeros = true;
                    for (qint64 k = i; k < j && zeros; ++k)
                        zeros = p[k] == 0;
                    if (!(zeros && j == n) && report)
                        report->warnings << QStringLiteral("%1/log.bin, byte %2: %3 bytes that are "
                                                           "no record skipped")
                                                .arg(path)
                                                .arg(consumed + i)
                                                .arg(j - i);
                    ++skippedRuns;
                    if (skippedRuns > 1000 && out.sampleCount() == 0)
                        throw FormatError(path + QStringLiteral("/log.bin"),
                                          QStringLiteral("no valid records found"),
                                          consumed + i + 1, 0, QStringLiteral("byte"));
                    i = j;
                    continue;
                }
                if (n - i < 8)
                    break;
                const uint8_t type = p[i + 1];
                const uint32_t second = le32(p + i + 2);
                const qint64 size = le16(p + i + 6);
                if (n - i < 8 + size + 1)
                    break;
                ++record;
                uint8_t check = 0;
                for (qint64 k = 0; k < 8 + size; ++k)
                    check ^= p[i + k];
                const bool checksumOk = uint8_t(~check) == p[i + 8 + size];
                const uchar* payload = p + i + 8;
                if ((type == kActivity || type == kActivity2) && size > 1) {
                    if (!checksumOk) {
                        ++badChecksums;
                        if (report && badChecksums <= 20)
                            report->warnings
                                << QStringLiteral("%1/log.bin, byte %2: activity record %3 has a "
                                                  "bad checksum; skipped")
                                       .arg(path)
                                       .arg(consumed + i)
                                       .arg(record);
                    } else {
                        const int64_t before = int64_t(out.channels[0].samples.size());
                        if (lastSecond >= 0 && int64_t(second) > lastSecond + 1 && before > 0) {
                            const int64_t missing = int64_t(second) - lastSecond - 1;
                            if (missing <= kMaxFilledSeconds) {
                                // Idle sleep: ActiLife repeats the last sample.
                                for (int64_t s = 0; s < missing; ++s) {
                                    out.anchors.push_back(
                                        {before + s * rate, double(lastSecond + 1 + s)});
                                }
                                for (Channel& c : out.channels)
                                    c.samples.insert(c.samples.end(), size_t(missing * rate),
                                                     c.samples.back());
                                out.filled.push_back(
                                    {before, missing * rate,
                                     QStringLiteral("idle sleep (last sample repeated, as ActiLife "
                                                    "does)")});
                                idleSeconds += missing;
                            }
                        }
                        const int64_t start = int64_t(out.channels[0].samples.size());
                        out.anchors.push_back({start, double(second)});
                        if (type == kActivity)
                            appendPacked12(payload, size, countsPerG, &out);
                        else
                            appendInt16(payload, size, countsPerG, &out);
                        lastSecond = second;
                    }
                }
                i += 8 + size + 1;
            }
            if (atEnd && i < n && report)
                report->warnings << QStringLiteral("%1/log.bin: the file is truncated: the last "
                                                   "record (byte %2) is incomplete; ignored")
                                        .arg(path)
                                        .arg(consumed + i);
            consumed += i;
            pending.remove(0, int(i));
        };
        qint64 streamed = 0;
        zip.stream(QStringLiteral("log.bin"), [&](const char* data, qint64 n) {
            throwIfCancelled(job);
            pending.append(data, int(n));
            parse(false);
            streamed += n;
            if (total > 0)
                reportProgress(job, double(streamed) / double(total),
                               QStringLiteral("reading log.bin"));
            return true;
        });
        parse(true);
        if (idleSeconds > 0 && report)
            report->repairs << QStringLiteral(
                                   "%1: %2 s of idle sleep in %3 span(s) filled with the "
                                   "last sample, as ActiLife does, and marked")
                                   .arg(path)
                                   .arg(idleSeconds)
                                   .arg(out.filled.size());
        out.metadata.insert(QStringLiteral("records"), QString::number(record));
    } else if (zip.contains(QStringLiteral("activity.bin"))) {
        const QByteArray bytes = zip.readAll(QStringLiteral("activity.bin"));
        appendPacked12(reinterpret_cast<const uchar*>(bytes.constData()), bytes.size(), countsPerG,
                       &out);
        out.anchors.push_back({0, ticksToSeconds(startTicks)});
    } else {
        throw FormatError(path,
                          QStringLiteral("not an ActiGraph .gt3x file: the archive has neither "
                                         "log.bin nor activity.bin"));
    }
    if (out.sampleCount() == 0)
        throw FormatError(path, QStringLiteral("holds no acceleration samples"));
    return out;
}

} // namespace kinemark
