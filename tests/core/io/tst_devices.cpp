// Native device files (issue #8): .cwa, .gt3x and GENEActiv .bin readers
// against reference decodes, damaged files, resampling with explicit gaps,
// multi-sensor alignment, import through the registry and the CLI.
#include "core/base/FormatError.h"
#include "core/io/RecordingImporter.h"
#include "core/io/devices/CwaReader.h"
#include "core/io/devices/DeviceRecordingBuilder.h"
#include "core/io/devices/DeviceTimeline.h"
#include "core/io/devices/GeneActivReader.h"
#include "core/io/devices/Gt3xReader.h"
#include "core/io/devices/SensorAlignment.h"
#include "core/io/devices/UniformResampler.h"
#include "core/model/Project.h"
#include "core/project/ProjectFile.h"
#include "tests/support/CwaTestWriter.h"
#include "tests/support/Gt3xTestWriter.h"
#include "tests/support/NpyArray.h"
#include "tests/support/TestSupport.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <zip.h>

using namespace kinemark;
using kinemark::test::CwaTestWriter;
using kinemark::test::NpyArray;

namespace {

constexpr double kPi = 3.14159265358979323846;

QString shared(const QString& relative)
{
    return kinemark::test::sharedDataPath(relative);
}

// Largest |decoded - expected| over all samples and axes.
double maxAxisDifference(const DeviceSamples& d, size_t firstChannel, const NpyArray& expected,
                         double expectedScale = 1.0)
{
    double worst = 0;
    for (size_t i = 0; i < expected.rows(); ++i)
        for (size_t a = 0; a < 3; ++a)
            worst = std::max(worst, std::abs(double(d.channels[firstChannel + a].samples[i]) -
                                             expected.at(i, a) * expectedScale));
    return worst;
}

double maxTimeDifference(const DeviceSamples& d, const NpyArray& time)
{
    const DeviceTimeline tl(d);
    double worst = 0;
    for (size_t i = 0; i < time.rows(); ++i)
        worst = std::max(worst, std::abs(tl.timeAt(int64_t(i)) - time.at(i)));
    return worst;
}

QString expectFormatError(const std::function<void()>& f)
{
    try {
        f();
    } catch (const FormatError& e) {
        return e.describe();
    }
    return QString();
}

// A day-like test signal: gravity on z plus bursts of "walking" whose timing
// two sensors share (so that alignment has something to find).
void activitySignal(double t, float* xyz, double phase = 0)
{
    const double burst = std::fmod(t, 97.0) < 31.0 ? 1.0 : 0.0;
    const double walk = burst * (0.4 * std::sin(2 * kPi * 1.8 * t + phase) +
                                 0.15 * std::sin(2 * kPi * 3.6 * t + 0.3));
    const double jolt = std::exp(-std::pow(std::fmod(t, 53.0) - 20.0, 2) * 4.0);
    xyz[0] = float(0.1 + walk);
    xyz[1] = float(-0.05 + 0.5 * walk + 0.8 * jolt);
    xyz[2] = float(0.98 - 0.3 * walk + 0.2 * burst);
}

} // namespace

class TestDevices : public QObject
{
    Q_OBJECT

private slots:
    void ax3MatchesReferenceDecode();
    void ax6MatchesReferenceDecode();
    void geneActivMatchesReferenceDecode();
    void neoGt3xMatchesManufacturerCsv();
    void logBinGt3xDecodes();
    void writtenGt3xRecordsAndIdleSleep();
    void corruptBlocksAreSkippedAndReported();
    void ggirTestFilesDecodeWithMetadata();
    void truncatedAndGarbageFilesGiveClearErrors();
    void implausibleGainsAndScalesAreRefused();
    void writtenCwaRoundTripsAndGapsStayExplicit();
    void resamplingMethods();
    void alignmentFindsClockOffset();
    void alignmentLooksWhereThereIsMovement();
    void formatsAreDetectedBySignature();
    void twoSensorImportThroughRegistryAndCli();
};

void TestDevices::ax3MatchesReferenceDecode()
{
    KINEMARK_REQUIRE_SHARED("device-formats/skdh/ax3_sample.cwa");
    ReadReport report;
    const DeviceSamples d = CwaReader::read(shared("device-formats/skdh/ax3_sample.cwa"), &report);
    const QString npz = shared("device-formats/skdh/ax3_data.npz");
    const NpyArray accel = NpyArray::fromNpz(npz, "accel");
    const NpyArray time = NpyArray::fromNpz(npz, "time");
    QCOMPARE(d.sampleCount(), accel.rows());
    QCOMPARE(d.channels.size(), size_t(3));
    QCOMPARE(d.nominalRateHz, NpyArray::fromNpz(npz, "fs").at(0));
    QVERIFY(d.skipped.empty());
    const double accelDiff = maxAxisDifference(d, 0, accel);
    QVERIFY2(accelDiff < 1e-6, qPrintable(QString::number(accelDiff)));
    // Times: the reference places each block from its whole-second time stamp,
    // ignoring the stored 1/32768 s fraction, lets a block start where the
    // previous one ended, and spaces the samples inside a block at the nominal
    // 200 Hz; this reader uses the fraction and the rate the device really ran
    // at between blocks (about 197 Hz here). Measured: they agree within 7.4 ms,
    // under two sample periods, everywhere.
    const DeviceTimeline tl(d);
    const double timeDiff = maxTimeDifference(d, time);
    QVERIFY2(timeDiff < 2.0 / d.nominalRateHz, qPrintable(QString::number(timeDiff)));
    QCOMPARE(tl.breakCount(), 0);
    // Temperature: one reading per block, at its first sample. The reference
    // converts the block's 10-bit value as (raw - 171) / 3.142, this reader as
    // the format's authors do (raw * 75 / 256 - 50): both are affine, so
    // turning each back into the raw value must give the same number.
    const NpyArray celsius = NpyArray::fromNpz(npz, "temperature");
    QCOMPARE(d.temperature.size(), d.anchors.size());
    for (const DeviceSamples::TemperatureReading& t : d.temperature) {
        const double mine = (double(t.celsius) + 50.0) * 256.0 / 75.0;
        const double theirs = celsius.at(size_t(t.sample)) * 3.142 + 171.0;
        QVERIFY2(std::abs(mine - theirs) < 0.01,
                 qPrintable(QStringLiteral("sample %1: raw %2 here, %3 in the reference")
                                .arg(t.sample)
                                .arg(mine)
                                .arg(theirs)));
    }
}

void TestDevices::ax6MatchesReferenceDecode()
{
    KINEMARK_REQUIRE_SHARED("device-formats/skdh/ax6_sample.cwa");
    const DeviceSamples d = CwaReader::read(shared("device-formats/skdh/ax6_sample.cwa"));
    const QString npz = shared("device-formats/skdh/ax6_data.npz");
    const NpyArray accel = NpyArray::fromNpz(npz, "accel");
    const NpyArray gyro = NpyArray::fromNpz(npz, "gyro");
    const NpyArray time = NpyArray::fromNpz(npz, "time");
    QCOMPARE(d.sampleCount(), accel.rows());
    QCOMPARE(d.channels.size(), size_t(6));
    QCOMPARE(d.channels[3].quantity, QStringLiteral("gyro"));
    QCOMPARE(d.device, QStringLiteral("Axivity AX6"));
    // The reference is rounded to 6 decimals (g) and is in degrees per second.
    const double accelDiff = maxAxisDifference(d, 0, accel);
    QVERIFY2(accelDiff < 1e-5, qPrintable(QString::number(accelDiff)));
    const double gyroDiff = maxAxisDifference(d, 3, gyro, kPi / 180.0);
    QVERIFY2(gyroDiff < 1e-5, qPrintable(QString::number(gyroDiff)));
    const double timeDiff = maxTimeDifference(d, time);
    QVERIFY2(timeDiff < 1.0 / d.nominalRateHz, qPrintable(QString::number(timeDiff)));
}

void TestDevices::geneActivMatchesReferenceDecode()
{
    KINEMARK_REQUIRE_SHARED("device-formats/skdh/gnactv_sample.bin");
    const DeviceSamples d = GeneActivReader::read(shared("device-formats/skdh/gnactv_sample.bin"));
    const QString npz = shared("device-formats/skdh/gnactv_data.npz");
    const NpyArray accel = NpyArray::fromNpz(npz, "accel");
    const NpyArray time = NpyArray::fromNpz(npz, "time");
    QCOMPARE(d.sampleCount(), accel.rows());
    QCOMPARE(d.nominalRateHz, 50.0);
    QCOMPARE(d.bodyLocation, QStringLiteral("back"));
    QCOMPARE(d.subjectCode, QStringLiteral("0001"));
    // The reference is rounded to 4 decimals.
    const double accelDiff = maxAxisDifference(d, 0, accel);
    QVERIFY2(accelDiff <= 5.1e-5, qPrintable(QString::number(accelDiff)));
    const double timeDiff = maxTimeDifference(d, time);
    QVERIFY2(timeDiff < 1e-4, qPrintable(QString::number(timeDiff)));
    // Page 1 starts 6.5 s after page 0 but holds 6 s: a 0.5 s gap, not stretched samples.
    QCOMPARE(DeviceTimeline(d).breakCount(), 1);
    // Each page's "Temperature" holds for its samples, as in the reference.
    const NpyArray celsius = NpyArray::fromNpz(npz, "temperature");
    QCOMPARE(d.temperature.size(), d.anchors.size());
    for (const DeviceSamples::TemperatureReading& t : d.temperature)
        QCOMPARE(double(t.celsius), double(float(celsius.at(size_t(t.sample)))));
}

void TestDevices::neoGt3xMatchesManufacturerCsv()
{
    KINEMARK_REQUIRE_SHARED("device-formats/gt3x/neo.gt3x");
    const DeviceSamples d = Gt3xReader::read(shared("device-formats/gt3x/neo.gt3x"));
    QFile csv(shared("device-formats/gt3x/neo.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    std::vector<std::array<double, 3>> expected;
    int line = 0;
    while (!csv.atEnd()) {
        const QByteArray row = csv.readLine().trimmed();
        if (++line <= 11 || row.isEmpty())
            continue; // ActiLife's header block and column names
        const QList<QByteArray> f = row.split(',');
        QCOMPARE(f.size(), 3);
        expected.push_back({f[0].toDouble(), f[1].toDouble(), f[2].toDouble()});
    }
    QCOMPARE(d.sampleCount(), expected.size());
    QCOMPARE(d.nominalRateHz, 30.0);
    QVERIFY(d.metadata.value("counts per g").startsWith("341"));
    double worst = 0;
    for (size_t i = 0; i < expected.size(); ++i)
        for (size_t a = 0; a < 3; ++a)
            worst = std::max(worst, std::abs(double(d.channels[a].samples[i]) - expected[i][a]));
    // ActiLife writes three decimals.
    QVERIFY2(worst <= 0.0005 + 1e-6, qPrintable(QString::number(worst)));
    // Start Date 637755981000000000 ticks = 2021-12-20 11:55:00 (device clock).
    QCOMPARE(DeviceTimeline(d).startTime(), 1640001300.0);
}

void TestDevices::logBinGt3xDecodes()
{
    KINEMARK_REQUIRE_SHARED("device-formats/gt3x/small.gt3x");
    ReadReport report;
    const DeviceSamples d = Gt3xReader::read(shared("device-formats/gt3x/small.gt3x"), &report);
    QCOMPARE(d.nominalRateHz, 30.0);
    QVERIFY(d.metadata.value("counts per g").startsWith("256"));
    QVERIFY2(d.sampleCount() > 30 * 3600, qPrintable(QString::number(d.sampleCount())));
    for (const QString& w : report.warnings)
        QVERIFY2(!w.contains("checksum"), qPrintable(w));
    // A worn or resting accelerometer reads about 1 g in magnitude on average.
    double sum = 0;
    for (size_t i = 0; i < d.sampleCount(); ++i)
        sum += std::sqrt(std::pow(d.channels[0].samples[i], 2) +
                         std::pow(d.channels[1].samples[i], 2) +
                         std::pow(d.channels[2].samples[i], 2));
    const double mean = sum / double(d.sampleCount());
    QVERIFY2(mean > 0.8 && mean < 1.2, qPrintable(QString::number(mean)));
    // Idle sleep is filled and marked, and the filled samples repeat the last one.
    for (const auto& f : d.filled) {
        QVERIFY(f.start > 0);
        for (int64_t i = f.start; i < f.start + f.count; ++i)
            QCOMPARE(d.channels[0].samples[size_t(i)], d.channels[0].samples[size_t(f.start - 1)]);
    }
    qInfo("small.gt3x: %zu samples, %zu idle-sleep spans", d.sampleCount(), d.filled.size());
}

// A .gt3x written here: ACTIVITY (12-bit packed) and ACTIVITY2 (int16)
// records, three seconds of idle sleep, a USB event and a damaged record.
void TestDevices::writtenGt3xRecordsAndIdleSleep()
{
    QByteArray log;
    auto record = [&](uint8_t type, uint32_t second, const QByteArray& payload,
                      bool damage = false) {
        log.append(test::Gt3xTestWriter::record(type, second, payload, damage));
    };
    const int rate = 4;
    auto packed = [&](int y, int x, int z) {
        // `rate` samples of Y, X, Z as 12-bit values, big-endian bits.
        QByteArray bits;
        std::vector<int> values;
        for (int s = 0; s < rate; ++s)
            values.insert(values.end(), {y, x, z});
        uint64_t acc = 0;
        int n = 0;
        for (int v : values) {
            acc = (acc << 12) | uint64_t(v & 0xfff);
            n += 12;
            while (n >= 8) {
                bits.append(char((acc >> (n - 8)) & 0xff));
                n -= 8;
            }
        }
        if (n > 0)
            bits.append(char((acc << (8 - n)) & 0xff));
        return bits;
    };
    auto int16 = [&](int x, int y, int z) {
        QByteArray b;
        for (int s = 0; s < rate; ++s)
            for (int v : {x, y, z}) {
                b.append(char(v & 0xff));
                b.append(char((v >> 8) & 0xff));
            }
        return b;
    };
    record(0x00, 1000, packed(-256, 128, 256)); // y -1 g, x 0.5 g, z 1 g at 256 counts/g
    record(0x1a, 1001, int16(64, 0, -512));
    record(0x1a, 1002, QByteArray(1, '\x01')); // USB event: no samples
    record(0x1a, 1005, int16(0, 256, 0));      // after 3 s of idle sleep
    record(0x1a, 1006, int16(1, 1, 1), true);  // bad checksum
    record(0x06, 1007, QByteArray(8, '\0'));   // another record type: ignored
    const QByteArray info =
        "Serial Number: MOS2E0000001\r\nDevice Type: wGT3XBT\r\nSample Rate: 4\r\n"
        "Start Date: 621355968000000000\r\nLimb: Thigh\r\n";

    QTemporaryDir dir;
    const QString path = dir.filePath("w.gt3x");
    int error = 0;
    zip_t* z = zip_open(QFile::encodeName(path).constData(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    QVERIFY(z);
    zip_source_t* a = zip_source_buffer(z, info.constData(), zip_uint64_t(info.size()), 0);
    zip_source_t* b = zip_source_buffer(z, log.constData(), zip_uint64_t(log.size()), 0);
    QVERIFY(zip_file_add(z, "info.txt", a, ZIP_FL_ENC_UTF_8) >= 0);
    QVERIFY(zip_file_add(z, "log.bin", b, ZIP_FL_ENC_UTF_8) >= 0);
    QCOMPARE(zip_close(z), 0);

    ReadReport report;
    const DeviceSamples d = Gt3xReader::read(path, &report);
    QCOMPARE(d.bodyLocation, QStringLiteral("thigh"));
    QVERIFY(d.metadata.value("counts per g").contains("serial number"));
    QCOMPARE(d.sampleCount(), size_t(rate * (2 + 3 + 1)));
    QCOMPARE(d.channels[0].samples[0], 0.5f);
    QCOMPARE(d.channels[1].samples[0], -1.0f);
    QCOMPARE(d.channels[2].samples[0], 1.0f);
    QCOMPARE(d.channels[0].samples[rate], 0.25f);
    QCOMPARE(d.channels[2].samples[rate], -2.0f);
    QCOMPARE(d.filled.size(), size_t(1));
    QCOMPARE(d.filled[0].start, int64_t(2 * rate));
    QCOMPARE(d.filled[0].count, int64_t(3 * rate));
    QCOMPARE(d.channels[2].samples[size_t(4 * rate)], -2.0f); // the last sample, repeated
    QCOMPARE(d.channels[1].samples[size_t(5 * rate)], 1.0f);
    QVERIFY2(report.warnings.filter("bad checksum").size() == 1,
             qPrintable(report.warnings.join("\n")));
    QVERIFY(report.repairs.filter("idle sleep").size() == 1);
    const DeviceTimeline tl(d);
    QCOMPARE(tl.breakCount(), 0);
    QCOMPARE(tl.timeAt(5 * rate), 1005.0);
    // Resampled, the idle-sleep samples stay marked.
    std::vector<DeviceSamples> devices;
    devices.push_back(Gt3xReader::read(path));
    DeviceImportOptions opts;
    opts.rateHz = 4;
    const Recording r = DeviceRecordingBuilder::build(devices, {"thigh"}, opts);
    QCOMPARE(r.metadata.value("thigh.filled"), QStringLiteral("8+12"));
}

void TestDevices::corruptBlocksAreSkippedAndReported()
{
    KINEMARK_REQUIRE_SHARED("device-formats/ax3_testfile_corrupt_blocks_0_13_14_142_143_144.cwa");
    ReadReport report;
    const DeviceSamples bad = CwaReader::read(
        shared("device-formats/ax3_testfile_corrupt_blocks_0_13_14_142_143_144.cwa"), &report);
    const DeviceSamples good = CwaReader::read(shared("device-formats/ax3_testfile.cwa"));
    std::vector<int64_t> skipped;
    for (const auto& s : bad.skipped)
        skipped.push_back(s.index);
    QCOMPARE(skipped, (std::vector<int64_t>{0, 13, 14, 142, 143, 144}));
    QVERIFY(good.skipped.empty());
    for (int64_t b : skipped)
        QVERIFY2(report.warnings.filter(QStringLiteral("block %1 ").arg(b)).size() == 1,
                 qPrintable(report.warnings.join("\n")));
    QVERIFY(report.warnings.first().contains("checksum"));
    // Everything else decodes exactly as in the intact file.
    QCOMPARE(bad.sampleCount(), good.sampleCount() - 6 * 120);
    QCOMPARE(bad.channels[0].samples[0], good.channels[0].samples[120]);
    QCOMPARE(bad.channels[2].samples[12 * 120], good.channels[2].samples[15 * 120]);
    // The skipped blocks' time is a gap, not stretched samples.
    const DeviceTimeline tl(bad);
    // Blocks 142-144 are the file's last: only 13-14 leave a gap inside the data.
    QCOMPARE(tl.breakCount(), 1);
    QVERIFY(std::abs(tl.startTime() - DeviceTimeline(good).timeAt(120)) < 1e-3);
}

void TestDevices::ggirTestFilesDecodeWithMetadata()
{
    KINEMARK_REQUIRE_SHARED("device-formats/ax6_testfile.cwa");
    const DeviceSamples ax3 = CwaReader::read(shared("device-formats/ax3_testfile.cwa"));
    QCOMPARE(ax3.bodyLocation, QStringLiteral("right wrist"));
    QCOMPARE(ax3.subjectCode, QStringLiteral("26"));
    QCOMPARE(ax3.nominalRateHz, 100.0);
    QCOMPARE(ax3.sampleCount(), size_t(145 * 120));
    const DeviceSamples ax6 = CwaReader::read(shared("device-formats/ax6_testfile.cwa"));
    QCOMPARE(ax6.channels.size(), size_t(6));
    QCOMPARE(ax6.subjectCode, QStringLiteral("993"));
    QVERIFY(ax6.metadata.contains("session id"));
    QVERIFY(!ax6.serial.isEmpty());
    ReadReport report;
    const DeviceSamples gn =
        GeneActivReader::read(shared("device-formats/GENEActiv_testfile.bin"), &report);
    QCOMPARE(gn.nominalRateHz, 85.7);
    QVERIFY(gn.sampleCount() >= 300 * 15);
}

void TestDevices::truncatedAndGarbageFilesGiveClearErrors()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("f.cwa");
    CwaTestWriter::Options options;
    const QByteArray file = CwaTestWriter::makeFile(
        options, 1.6e9, 1200, [](int64_t i, float* xyz) { activitySignal(i / 100.0, xyz); });
    // Inside the header.
    kinemark::test::writeFile(path, file.left(700));
    QString e = expectFormatError([&] { CwaReader::read(path); });
    QVERIFY2(e.contains("truncated") && e.contains("header") && e.contains("f.cwa"), qPrintable(e));
    // Inside the first block.
    kinemark::test::writeFile(path, file.left(1024 + 100));
    e = expectFormatError([&] { CwaReader::read(path); });
    QVERIFY2(e.contains("truncated") && e.contains("first data block"), qPrintable(e));
    // Inside a later block: the complete blocks are read, the cut one is reported.
    kinemark::test::writeFile(path, file.left(file.size() - 100));
    ReadReport report;
    const DeviceSamples d = CwaReader::read(path, &report);
    QCOMPARE(d.sampleCount(), size_t(1200 - 120));
    QVERIFY2(report.warnings.filter("truncated").size() == 1,
             qPrintable(report.warnings.join("\n")));
    QVERIFY(report.warnings.first().contains("block 9"));
    // Garbage.
    QByteArray garbage(5000, '\0');
    for (int i = 0; i < garbage.size(); ++i)
        garbage[i] = char((i * 7919) % 251);
    kinemark::test::writeFile(path, garbage);
    e = expectFormatError([&] { CwaReader::read(path); });
    QVERIFY2(e.contains("not an Axivity .cwa file"), qPrintable(e));
    // A valid header followed by garbage.
    kinemark::test::writeFile(path, file.left(1024) + garbage);
    e = expectFormatError([&] { CwaReader::read(path); });
    QVERIFY2(e.contains("none of the 9 data blocks is valid"), qPrintable(e));
    // .gt3x that is no ZIP, GENEActiv cut in its header.
    const QString gt3x = dir.filePath("g.gt3x");
    kinemark::test::writeFile(gt3x, garbage);
    e = expectFormatError([&] { Gt3xReader::read(gt3x); });
    QVERIFY2(e.contains("not a ZIP archive") && e.contains("g.gt3x"), qPrintable(e));
    const QString bin = dir.filePath("g.bin");
    kinemark::test::writeFile(bin, "Device Identity\r\nDevice Unique Serial Code:1\r\n");
    e = expectFormatError([&] { GeneActivReader::read(bin); });
    QVERIFY2(e.contains("gain") && e.contains("g.bin"), qPrintable(e));
    kinemark::test::writeFile(bin, garbage);
    e = expectFormatError([&] { GeneActivReader::read(bin); });
    QVERIFY2(e.contains("not a GENEActiv"), qPrintable(e));
    if (!shared("device-formats/skdh/gnactv_sample.bin").isEmpty()) {
        QFile f(shared("device-formats/skdh/gnactv_sample.bin"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray whole = f.readAll();
        kinemark::test::writeFile(bin, whole.left(whole.size() - 2000));
        ReadReport r;
        const DeviceSamples g = GeneActivReader::read(bin, &r);
        QVERIFY2(r.warnings.filter("truncated").size() == 1, qPrintable(r.warnings.join("\n")));
        QVERIFY(g.sampleCount() < 900 && g.sampleCount() >= 600);
    }
}

namespace {

// A GENEActiv .bin of one page whose x gain line (line 3) is `xGain`.
QByteArray geneActivFile(const QByteArray& xGain)
{
    QByteArray f = "Device Identity\r\nDevice Unique Serial Code:1\r\nx gain:" + xGain +
                   "\r\nx offset:0\r\ny gain:25600\r\ny offset:0\r\nz gain:25600\r\nz offset:0\r\n"
                   "Measurement Frequency:100 Hz\r\nRecorded Data\r\n"
                   "Page Time:2019-05-21 16:16:43:500\r\n";
    for (int s = 0; s < 300; ++s)
        f += "100100100000";
    return f + "\r\n";
}

// A .gt3x whose info.txt carries `infoExtra`, with one second of samples.
void writeGt3x(const QString& path, const QByteArray& infoExtra)
{
    const QByteArray info = "Serial Number: MOS2E0000001\r\nSample Rate: 4\r\n"
                            "Start Date: 621355968000000000\r\n" +
                            infoExtra;
    const QByteArray activity(18, '\x10'); // 4 samples of 3 packed 12-bit values
    int error = 0;
    zip_t* z = zip_open(QFile::encodeName(path).constData(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    QVERIFY(z);
    zip_source_t* a = zip_source_buffer(z, info.constData(), zip_uint64_t(info.size()), 0);
    zip_source_t* b = zip_source_buffer(z, activity.constData(), zip_uint64_t(activity.size()), 0);
    QVERIFY(zip_file_add(z, "info.txt", a, ZIP_FL_ENC_UTF_8) >= 0);
    QVERIFY(zip_file_add(z, "activity.bin", b, ZIP_FL_ENC_UTF_8) >= 0);
    QCOMPARE(zip_close(z), 0);
}

} // namespace

// Issue #16: a NaN, infinite, zero or absurd GENEActiv gain and a .gt3x
// acceleration scale that is not a plausible number of counts per g are
// refused with the file and the header field, not imported as NaN samples.
void TestDevices::implausibleGainsAndScalesAreRefused()
{
    QTemporaryDir dir;
    const QString bin = dir.filePath("gain.bin");
    kinemark::test::writeFile(bin, geneActivFile("25600"));
    const DeviceSamples good = GeneActivReader::read(bin);
    QCOMPARE(good.sampleCount(), size_t(300));
    QVERIFY(std::isfinite(good.channels[0].samples[0]));
    for (const QByteArray gain : {"nan", "inf", "-inf", "0", "1e-300", "1e300", "-2e9", "abc"}) {
        kinemark::test::writeFile(bin, geneActivFile(gain));
        const QString e = expectFormatError([&] { GeneActivReader::read(bin); });
        QVERIFY2(e.contains("gain.bin:3:") && e.contains("'x gain'") &&
                     e.contains(QString::fromLatin1(gain)),
                 qPrintable(QString::fromLatin1(gain) + ": " + e));
    }
    kinemark::test::writeFile(bin, geneActivFile("25600").replace("x offset:0", "x offset:nan"));
    QString e = expectFormatError([&] { GeneActivReader::read(bin); });
    QVERIFY2(e.contains("gain.bin:4:") && e.contains("'x offset'"), qPrintable(e));

    const QString gt3x = dir.filePath("scale.gt3x");
    writeGt3x(gt3x, "Acceleration Scale: 256\r\n");
    const DeviceSamples scaled = Gt3xReader::read(gt3x);
    QCOMPARE(scaled.sampleCount(), size_t(4));
    QVERIFY(scaled.metadata.value("counts per g").startsWith("256 (from the info.txt)"));
    for (const QByteArray scale : {"1e-300", "nan", "inf", "0", "-256", "0.5", "2e6", "x"}) {
        writeGt3x(gt3x, "Acceleration Scale: " + scale + "\r\n");
        e = expectFormatError([&] { Gt3xReader::read(gt3x); });
        QVERIFY2(e.contains("scale.gt3x/info.txt") && e.contains("'Acceleration Scale'") &&
                     e.contains(QString::fromLatin1(scale)),
                 qPrintable(QString::fromLatin1(scale) + ": " + e));
    }
}

void TestDevices::writtenCwaRoundTripsAndGapsStayExplicit()
{
    CwaTestWriter::Options options;
    options.metadata = QStringLiteral("_p=thigh&_sc=P07");
    const double start = 1.7e9 + 0.25;
    auto source = [](int64_t i, float* xyz) { activitySignal(i / 100.0, xyz); };
    const QByteArray file = CwaTestWriter::makeFile(options, start, 120 * 50, source, {20, 21});
    ReadReport report;
    const DeviceSamples d = CwaReader::decode(reinterpret_cast<const uchar*>(file.constData()),
                                              file.size(), "mem.cwa", &report);
    QCOMPARE(d.sampleCount(), size_t(120 * 48));
    QCOMPARE(d.bodyLocation, QStringLiteral("thigh"));
    QCOMPARE(d.subjectCode, QStringLiteral("P07"));
    QVERIFY(d.skipped.empty()); // left out, not damaged: only the time stamps show it
    const DeviceTimeline tl(d);
    QCOMPARE(tl.breakCount(), 1);
    QVERIFY(std::abs(tl.startTime() - start) < 1.0 / 32768);
    QVERIFY(std::abs(tl.timeAt(20 * 120) - (start + 22 * 1.2)) < 1e-4);
    // Values within the packed format's resolution.
    float xyz[3];
    activitySignal(7 / 100.0, xyz);
    QVERIFY(std::abs(d.channels[1].samples[7] - xyz[1]) <= 1.0 / 256);

    // Resampled to 50 Hz: the 2.4 s without blocks is a gap of 120 samples, held, listed.
    std::vector<DeviceSamples> devices;
    devices.push_back(CwaReader::decode(reinterpret_cast<const uchar*>(file.constData()),
                                        file.size(), "mem.cwa"));
    DeviceImportOptions opts;
    ReadReport buildReport;
    const Recording r = DeviceRecordingBuilder::build(devices, {"thigh"}, opts, &buildReport);
    QCOMPARE(r.sampleRateHz, 50.0);
    QCOMPARE(r.sampleCount(), size_t(60 * 50));
    QCOMPARE(r.subjectId, QStringLiteral("P07"));
    QCOMPARE(r.startTimeUs, int64_t(std::llround(start * 1e6)));
    QVERIFY(r.checkConsistency().isEmpty());
    const QString gaps = r.metadata.value("thigh.gaps");
    // Blocks 20-21 are samples 2400-2640 at 100 Hz = 24.0-26.4 s = grid 1200-1320;
    // grid 1200 lies within half a period... of sample 2399 (23.99 s)? No: 0.01 s
    // after it, more than half a 100 Hz period, so the gap starts at 1200.
    QVERIFY2(gaps == QStringLiteral("1200+120"), qPrintable(gaps));
    QVERIFY(buildReport.warnings.filter("gap").size() == 1);
    const auto& z = r.sensors[0].channels[2].samples;
    for (int k = 1200; k < 1320; ++k)
        QCOMPARE(z[size_t(k)], z[1199]);
    activitySignal(1400 / 50.0, xyz);
    QVERIFY(std::abs(z[1400] - xyz[2]) < 0.01);
}

void TestDevices::resamplingMethods()
{
    // 100 Hz ramp with a clock that runs 1% fast: linear resampling to 50 Hz follows the ramp.
    DeviceSamples d;
    d.nominalRateHz = 100;
    d.channels.resize(1);
    for (int i = 0; i < 1000; ++i)
        d.channels[0].samples.push_back(float(i));
    d.anchors = {{0, 100.0}, {500, 100.0 + 5.05}, {1000, 100.0 + 10.1}};
    const DeviceTimeline tl(d);
    QCOMPARE(tl.breakCount(), 0);
    auto lin =
        UniformResampler::resample(d, tl, 100.0, 500, 50.0, UniformResampler::Method::Linear);
    QVERIFY(lin.gaps.empty() || lin.gaps.front().start > 490);
    QVERIFY(std::abs(lin.channels[0].samples[100] - 2.0 / 1.01 * 100) < 1e-3);
    auto near =
        UniformResampler::resample(d, tl, 100.0, 500, 50.0, UniformResampler::Method::Nearest);
    QCOMPARE(near.channels[0].samples[100], std::round(2.0f / 1.01f * 100));
    auto mean = UniformResampler::resample(d, tl, 100.0, 500, 50.0, UniformResampler::Method::Mean);
    QVERIFY(std::abs(mean.channels[0].samples[100] - 2.0 / 1.01 * 100) < 1.0);
    // Outside the data: a gap before and after, held values.
    auto wide = UniformResampler::resample(d, tl, 99.0, 700, 50.0);
    QCOMPARE(wide.gaps.size(), size_t(2));
    QCOMPARE(wide.gaps[0].start, int64_t(0));
    QCOMPARE(wide.gaps[0].count, int64_t(50));
    QCOMPARE(wide.channels[0].samples[0], 0.0f);
    UniformResampler::Method m;
    QVERIFY(UniformResampler::methodFromName("mean", &m) && m == UniformResampler::Method::Mean);
    QVERIFY(!UniformResampler::methodFromName("cubic", &m));
}

void TestDevices::alignmentFindsClockOffset()
{
    // Two sensors see the same movement; the thigh's clock is 2.37 s ahead. (The
    // walking oscillation is in phase here: a phase difference between the two
    // places would shift the peak by up to half a step, 0.28 s at 1.8 Hz.)
    CwaTestWriter::Options options;
    const double start = 1.7e9;
    const int64_t samples = 100 * 60 * 12;
    const QByteArray back = CwaTestWriter::makeFile(
        options, start, samples, [](int64_t i, float* xyz) { activitySignal(i / 100.0, xyz); });
    const QByteArray thigh =
        CwaTestWriter::makeFile(options, start + 2.37 + 30, samples,
                                [](int64_t i, float* xyz) { activitySignal(i / 100.0 + 30, xyz); });
    std::vector<DeviceSamples> devices;
    devices.push_back(CwaReader::decode(reinterpret_cast<const uchar*>(back.constData()),
                                        back.size(), "back.cwa"));
    devices.push_back(CwaReader::decode(reinterpret_cast<const uchar*>(thigh.constData()),
                                        thigh.size(), "thigh.cwa"));
    const auto s = SensorAlignment::suggest(devices[0], DeviceTimeline(devices[0]), devices[1],
                                            DeviceTimeline(devices[1]));
    QVERIFY2(s.found, qPrintable(s.note));
    QVERIFY2(std::abs(s.offsetS + 2.37) <= 0.02, qPrintable(QString::number(s.offsetS)));
    // Applied by the builder when asked to.
    DeviceImportOptions opts;
    opts.autoAlign = true;
    ReadReport report;
    const Recording r = DeviceRecordingBuilder::build(devices, {"back", "thigh"}, opts, &report);
    QVERIFY(std::abs(r.metadata.value("thigh.offset s").toDouble() + 2.37) <= 0.02);
    QVERIFY(report.repairs.filter("aligned").size() == 1);
    QCOMPARE(r.sensors.size(), size_t(2));
    QVERIFY(r.checkConsistency().isEmpty());
    // After alignment the thigh's walking lines up with the back's: compare y at a jolt.
    const auto& by = r.sensors[0].channels[1].samples;
    const auto& ty = r.sensors[1].channels[1].samples;
    const size_t jolt =
        size_t((53 * 4 + 20 - 0) * 50); // a jolt at t = 232 s after the back's start
    QVERIFY2(std::abs(by[jolt] - ty[jolt]) < 0.05,
             qPrintable(QString("%1 %2").arg(by[jolt]).arg(ty[jolt])));
}

void TestDevices::alignmentLooksWhereThereIsMovement()
{
    // Three hours, the first two at rest: the search window must move to the third.
    CwaTestWriter::Options options;
    options.rateHz = 25;
    const int64_t samples = 25 * 3600 * 3;
    auto signal = [](double t, float* xyz) {
        if (t < 7200) {
            xyz[0] = xyz[1] = 0;
            xyz[2] = 1;
        } else {
            activitySignal(t, xyz);
        }
    };
    const QByteArray a = CwaTestWriter::makeFile(
        options, 1.7e9, samples, [&](int64_t i, float* xyz) { signal(i / 25.0, xyz); });
    const QByteArray b = CwaTestWriter::makeFile(
        options, 1.7e9 + 4.4, samples, [&](int64_t i, float* xyz) { signal(i / 25.0, xyz); });
    const DeviceSamples da =
        CwaReader::decode(reinterpret_cast<const uchar*>(a.constData()), a.size(), "a.cwa");
    const DeviceSamples db =
        CwaReader::decode(reinterpret_cast<const uchar*>(b.constData()), b.size(), "b.cwa");
    const auto s = SensorAlignment::suggest(da, DeviceTimeline(da), db, DeviceTimeline(db));
    QVERIFY2(s.found, qPrintable(s.note));
    QVERIFY2(std::abs(s.offsetS + 4.4) <= 0.05, qPrintable(QString::number(s.offsetS)));
}

void TestDevices::formatsAreDetectedBySignature()
{
    QTemporaryDir dir;
    const QString cwa = dir.filePath("x.dat");
    kinemark::test::writeFile(cwa, CwaTestWriter::makeFile({}, 1.6e9, 240, [](int64_t, float* xyz) {
                                  xyz[0] = xyz[1] = 0;
                                  xyz[2] = 1;
                              }));
    QCOMPARE(RecordingImporter::detect(cwa), RecordingImporter::Format::Cwa);
    RecordingImporter::Format f;
    QVERIFY(RecordingImporter::formatFromName("gt3x", &f) && f == RecordingImporter::Format::Gt3x);
    QVERIFY(RecordingImporter::formatFromName("geneactiv", &f) &&
            f == RecordingImporter::Format::GeneActiv);
    if (!shared("device-formats/gt3x/neo.gt3x").isEmpty()) {
        QCOMPARE(RecordingImporter::detect(shared("device-formats/gt3x/neo.gt3x")),
                 RecordingImporter::Format::Gt3x);
        QCOMPARE(RecordingImporter::detect(shared("device-formats/GENEActiv_testfile.bin")),
                 RecordingImporter::Format::GeneActiv);
        // Read with "auto" into one recording at 50 Hz.
        const auto recs = RecordingImporter::read(shared("device-formats/gt3x/neo.gt3x"),
                                                  RecordingImporter::Format::Auto);
        QCOMPARE(recs.size(), size_t(1));
        QCOMPARE(recs[0].sampleRateHz, 50.0);
        QCOMPARE(recs[0].sampleCount(), size_t(std::llround(18004 * 50 / 30.0)));
    }
}

void TestDevices::twoSensorImportThroughRegistryAndCli()
{
    QTemporaryDir dir;
    CwaTestWriter::Options back;
    back.metadata = "_p=lower+back&_sc=S01";
    CwaTestWriter::Options thigh = back;
    thigh.metadata = "_p=thigh&_sc=S01";
    thigh.deviceId = 999;
    const int64_t samples = 100 * 60 * 6;
    kinemark::test::writeFile(
        dir.filePath("back.cwa"),
        CwaTestWriter::makeFile(back, 1.7e9, samples,
                                [](int64_t i, float* xyz) { activitySignal(i / 100.0, xyz); }));
    kinemark::test::writeFile(
        dir.filePath("thigh.cwa"),
        CwaTestWriter::makeFile(thigh, 1.7e9 + 1.5, samples, [](int64_t i, float* xyz) {
            activitySignal(i / 100.0 + 3.0, xyz, 0.5);
        }));
    Project project;
    DeviceImportOptions opts;
    opts.sensorNames = QStringList{"back", "thigh"};
    opts.offsetsS = {0.0, 0.25};
    ReadReport report;
    QCOMPARE(RecordingImporter::importDevices(project,
                                              {dir.filePath("back.cwa"), dir.filePath("thigh.cwa")},
                                              RecordingImporter::Format::Cwa, opts, &report),
             1);
    const auto& r = *project.recordings.front();
    QCOMPARE(r.channelNames(),
             QStringList({"back_x", "back_y", "back_z", "thigh_x", "thigh_y", "thigh_z"}));
    QCOMPARE(r.subjectId, QStringLiteral("S01"));
    QCOMPARE(r.metadata.value("thigh.offset s"), QStringLiteral("0.250"));
    QVERIFY(project.checkConsistency().isEmpty());

    // The CLI, as in the issue, with automatic alignment.
    const QString kmk = dir.filePath("p.kmk");
    QProcess p;
    p.start(KINEMARK_CLI_PATH,
            {"import", dir.filePath("back.cwa"), dir.filePath("thigh.cwa"), "--format", "cwa",
             "--sensors", "back,thigh", "--align", "auto", "-o", kmk});
    QVERIFY(p.waitForFinished(120000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(p.exitCode() == 0, qPrintable(err));
    QVERIFY2(err.contains("aligned"), qPrintable(err));
    const Project opened = ProjectFile::open(kmk);
    QCOMPARE(opened.recordings.size(), size_t(1));
    const auto& o = *opened.recordings.front();
    QCOMPARE(o.sensors.size(), size_t(2));
    QCOMPARE(o.sampleRateHz, 50.0);
    // thigh's clock is 1.5 s ahead and its signal 3 s ahead: its offset is -1.5 + ... = +1.5 s.
    QVERIFY2(std::abs(o.metadata.value("thigh.offset s").toDouble() - 1.5) < 0.03,
             qPrintable(o.metadata.value("thigh.offset s")));
    // A bad sensor list is a usage error.
    QProcess bad;
    bad.start(KINEMARK_CLI_PATH, {"import", dir.filePath("back.cwa"), "--format", "cwa",
                                  "--sensors", "back,thigh", "-o", dir.filePath("q.kmk")});
    QVERIFY(bad.waitForFinished(60000));
    QCOMPARE(bad.exitCode(), 2);
}

QTEST_GUILESS_MAIN(TestDevices)
#include "tst_devices.moc"
