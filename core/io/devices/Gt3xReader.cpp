#include "core/io/devices/Gt3xReader.h"

#include "core/base/FormatError.h"
#include "core/io/RecordingSizeLimit.h"
#include "core/io/devices/Gt3xLogParser.h"
#include "core/io/devices/ZipArchive.h"

#include <QFileInfo>
#include <cmath>

namespace kinemark {

namespace {

constexpr qint64 kTicksAtUnixEpoch = 621355968000000000LL; // .NET ticks (100 ns) at 1970-01-01

double ticksToSeconds(qint64 ticks)
{
    return double(ticks - kTicksAtUnixEpoch) / 1e7;
}

// info.txt's "Key: Value" lines, all of them also in the metadata (keys in
// lower case), and the device, subject and rate they name; the start date in
// .NET ticks.
qint64 readInfo(const ZipArchive& zip, const QString& path, QMap<QString, QString>& info,
                DeviceSamples& out)
{
    // info.txt is a few hundred bytes of "Key: Value" lines.
    constexpr qint64 kMaxInfoBytes = 1 << 20;
    for (const QByteArray& line :
         zip.readAll(QStringLiteral("info.txt"), kMaxInfoBytes).split('\n')) {
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
    return startTicks;
}

// Plausible counts per g: ActiGraph devices have 256 or 341. A scale outside
// these bounds would turn every sample into NaN, infinity or nonsense.
constexpr double kMinCountsPerG = 1;
constexpr double kMaxCountsPerG = 1e6;

// Counts per g: info.txt's acceleration scale (refused when it is not a
// plausible number), else the serial number's, else 341 with a warning;
// where it came from goes into the metadata.
double accelerationScale(const QMap<QString, QString>& info, const QString& path,
                         DeviceSamples& out, ReadReport* report)
{
    const QString field = QStringLiteral("Acceleration Scale");
    const QString text = info.value(field);
    bool ok = false;
    double countsPerG = text.toDouble(&ok);
    if (!text.isEmpty() && (!ok || !std::isfinite(countsPerG) ||
                            !(countsPerG >= kMinCountsPerG && countsPerG <= kMaxCountsPerG)))
        throw FormatError(path + QStringLiteral("/info.txt"),
                          QStringLiteral("the field '%1' is '%2', not a plausible number of "
                                         "counts per g (%3 to %4)")
                              .arg(field, text)
                              .arg(kMinCountsPerG)
                              .arg(kMaxCountsPerG));
    QString scaleSource = QStringLiteral("info.txt");
    if (text.isEmpty()) {
        countsPerG = Gt3xReader::countsPerGForSerial(out.serial);
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
    return countsPerG;
}

// Streams log.bin through the record parser, with progress and cancel.
void readLog(ZipArchive& zip, const QString& path, double countsPerG, DeviceSamples& out,
             ReadReport* report, const JobControl* job)
{
    const qint64 total = zip.entrySize(QStringLiteral("log.bin"));
    // Room for the samples log.bin can hold (4.5 bytes each), but no more than
    // 8 times what is stored compressed: real samples do not deflate better,
    // and a directory claiming 400 MB of zeros must not reserve a gigabyte.
    const qint64 stored = std::max<qint64>(0, zip.compressedSize(QStringLiteral("log.bin")));
    const qint64 reserve = std::min<qint64>(std::max<qint64>(0, total), 8 * stored) * 2 / 9;
    RecordingSizeLimit::check(path + QStringLiteral("/log.bin"),
                              QStringLiteral("its %1 bytes").arg(total), double(reserve),
                              int(out.channels.size()), out.nominalRateHz);
    for (Channel& c : out.channels)
        c.samples.reserve(size_t(reserve));
    Gt3xLogParser parser(path, countsPerG, out, report, total);
    qint64 streamed = 0;
    zip.stream(QStringLiteral("log.bin"), [&](const char* data, qint64 n) {
        throwIfCancelled(job);
        parser.append(data, n);
        streamed += n;
        if (total > 0)
            reportProgress(job, double(streamed) / double(total),
                           QStringLiteral("reading log.bin"));
        return true;
    });
    parser.finish();
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
    out.placeKind = QStringLiteral("record");
    QMap<QString, QString> info;
    const qint64 startTicks = readInfo(zip, path, info, out);
    const double countsPerG = accelerationScale(info, path, out, report);

    out.channels.resize(3);
    const char* names[3] = {"x", "y", "z"};
    for (int a = 0; a < 3; ++a) {
        out.channels[size_t(a)].name = QLatin1String(names[a]);
        out.channels[size_t(a)].quantity = QStringLiteral("acc");
        out.channels[size_t(a)].unit = QStringLiteral("g");
    }

    if (zip.contains(QStringLiteral("log.bin"))) {
        readLog(zip, path, countsPerG, out, report, job);
    } else if (zip.contains(QStringLiteral("activity.bin"))) {
        // 4.5 bytes a sample, all read at once: the size limit first.
        const qint64 size = zip.entrySize(QStringLiteral("activity.bin"));
        RecordingSizeLimit::check(path + QStringLiteral("/activity.bin"),
                                  QStringLiteral("its %1 bytes").arg(size), double(size) / 4.5, 3,
                                  out.nominalRateHz);
        const QByteArray bytes = zip.readAll(QStringLiteral("activity.bin"), size);
        Gt3xLogParser::appendPacked12(reinterpret_cast<const uchar*>(bytes.constData()),
                                      bytes.size(), countsPerG, &out);
        out.anchors.push_back({0, ticksToSeconds(startTicks), -1});
    } else {
        throw FormatError(path,
                          QStringLiteral("not an ActiGraph .gt3x file: the archive has neither "
                                         "log.bin nor activity.bin"));
    }
    if (out.sampleCount() == 0)
        throw FormatError(path,
                          QStringLiteral("holds no acceleration samples%1")
                              .arg(out.metadata.contains(QStringLiteral("records"))
                                       ? QStringLiteral(" (log.bin: %1 bytes, %2 records)")
                                             .arg(zip.entrySize(QStringLiteral("log.bin")))
                                             .arg(out.metadata.value(QStringLiteral("records")))
                                       : QString()));
    return out;
}

} // namespace kinemark
