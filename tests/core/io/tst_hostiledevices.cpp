// Hostile device files (issue #16): time stamps, sizes and counts read from
// .cwa, GENEActiv .bin and .gt3x files are checked before they drive an
// allocation or a loop. Every crafted input is made here from a valid file
// written by the test; each case checks the error names the file and the place
// (block, page, record, ZIP entry), that peak memory stays bounded (getrusage)
// and that it takes seconds, not minutes.
#include "core/base/FormatError.h"
#include "core/io/RecordingImporter.h"
#include "core/io/RecordingSizeLimit.h"
#include "core/io/devices/CwaReader.h"
#include "core/io/devices/DeviceRecordingBuilder.h"
#include "core/io/devices/DeviceTimeBudget.h"
#include "core/io/devices/GeneActivReader.h"
#include "core/io/devices/Gt3xReader.h"
#include "tests/support/CliRunner.h"
#include "tests/support/CwaTestWriter.h"
#include "tests/support/Gt3xTestWriter.h"
#include "tests/support/TestSupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <cstring>
#include <sys/resource.h>
#include <zip.h>

using namespace kinemark;
using kinemark::test::CwaTestWriter;

namespace {

constexpr double kStart = 1.7e9; // 2023-11-14

// Runs `f`, which must throw a FormatError; returns its text, and checks that
// it took under `seconds` and raised the peak memory by under `megabytes`.
QString refusal(const std::function<void()>& f, double seconds = 5, double megabytes = 100)
{
    const double before = test::peakMemoryMb();
    QElapsedTimer timer;
    timer.start();
    QString text;
    try {
        f();
    } catch (const FormatError& e) {
        text = e.describe();
    } catch (const std::exception& e) {
        text = QStringLiteral("not a FormatError: ") + QString::fromStdString(e.what());
    }
    const double took = timer.elapsed() / 1000.0;
    const double grew = test::peakMemoryMb() - before;
    if (took > seconds || grew > megabytes)
        return QStringLiteral("took %1 s, peak memory grew %2 MB: %3")
            .arg(took)
            .arg(grew)
            .arg(text);
    return text;
}

// A 3-minute AX3 file at 100 Hz: 150 blocks of 120 packed samples.
QByteArray cwaFile()
{
    CwaTestWriter::Options options;
    return CwaTestWriter::makeFile(options, kStart, 150 * 120, [](int64_t i, float* xyz) {
        xyz[0] = float(std::sin(double(i) / 50.0));
        xyz[1] = 0.1f;
        xyz[2] = 0.98f;
    });
}

// Block `block`'s packed time stamp, changed by `change`, with its checksum fixed.
void changeBlockTime(QByteArray& file, int block,
                     const std::function<uint32_t(uint32_t packed)>& change)
{
    uchar* b = reinterpret_cast<uchar*>(file.data()) + 1024 + 512 * block;
    uint32_t packed;
    std::memcpy(&packed, b + 14, 4);
    packed = change(packed);
    std::memcpy(b + 14, &packed, 4);
    uint16_t sum = 0;
    for (int i = 0; i < 510; i += 2)
        sum = uint16_t(sum + (b[i] | (b[i + 1] << 8)));
    const uint16_t check = uint16_t(-sum);
    b[510] = uchar(check & 0xff);
    b[511] = uchar(check >> 8);
}

// Packed YYYYYYMM MMDDDDDh hhhhmmmm mmssssss fields.
uint32_t withField(uint32_t packed, int shift, int bits, uint32_t value)
{
    const uint32_t mask = ((1u << bits) - 1) << shift;
    return (packed & ~mask) | ((value << shift) & mask);
}
uint32_t field(uint32_t packed, int shift, int bits)
{
    return (packed >> shift) & ((1u << bits) - 1);
}

// The second half of cwaFile() (blocks 75-149, all at 22:1x on 14 November)
// twelve hours later: the next day at 10:1x, as if the device stopped and
// was restarted.
void restartTwelveHoursLater(QByteArray& file)
{
    for (int block = 75; block < 150; ++block)
        changeBlockTime(file, block, [](uint32_t p) {
            return withField(withField(p, 17, 5, field(p, 17, 5) + 1), 12, 5, field(p, 12, 5) - 12);
        });
}

// A GENEActiv file of `pages` pages of 300 samples at 100 Hz, page p at
// `times[p]`, with the temperature `temperatures[p]` where given.
QByteArray geneActivFile(const QStringList& times, const QStringList& temperatures = {})
{
    QByteArray f = "Device Identity\r\nDevice Unique Serial Code:1\r\nx gain:25600\r\n"
                   "x offset:0\r\ny gain:25600\r\ny offset:0\r\nz gain:25600\r\nz offset:0\r\n"
                   "Measurement Frequency:100 Hz\r\n";
    for (int p = 0; p < times.size(); ++p) {
        f += "Recorded Data\r\nPage Time:" + times[p].toLatin1() + "\r\n";
        if (p < temperatures.size())
            f += "Temperature:" + temperatures[p].toLatin1() + "\r\n";
        for (int s = 0; s < 300; ++s)
            f += "100100100000";
        f += "\r\n";
    }
    return f;
}

// `seconds` records of 30 int16 samples each (30 Hz), one a second from `first`.
QByteArray gt3xLog(uint32_t first, int seconds)
{
    QByteArray log;
    QByteArray payload(30 * 6, '\0');
    for (int s = 0; s < 30; ++s)
        payload[s * 6 + 4] = char(1); // z: 256 counts
    for (int i = 0; i < seconds; ++i)
        log += test::Gt3xTestWriter::record(0x1a, first + uint32_t(i), payload);
    return log;
}

const QByteArray kGt3xInfo = "Serial Number: MOS2E0000001\r\nDevice Type: wGT3XBT\r\n"
                             "Sample Rate: 30\r\nStart Date: 638000000000000000\r\n";

// log.bin as `head` followed by `zeros` zero bytes, produced as libzip reads
// it, so that hundreds of MB of zeros never sit in the test's memory.
struct ZeroTail
{
    QByteArray head;
    zip_uint64_t zeros = 0;
    zip_uint64_t at = 0;
    zip_error_t error{};
};

zip_int64_t zeroTailSource(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command)
{
    auto* s = static_cast<ZeroTail*>(state);
    const zip_uint64_t total = zip_uint64_t(s->head.size()) + s->zeros;
    switch (command) {
    case ZIP_SOURCE_OPEN:
        s->at = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        const zip_uint64_t n = std::min(length, total - s->at);
        char* out = static_cast<char*>(data);
        for (zip_uint64_t i = 0; i < n; ++i) {
            const zip_uint64_t k = s->at + i;
            out[i] = k < zip_uint64_t(s->head.size()) ? s->head[int(k)] : '\0';
        }
        s->at += n;
        return zip_int64_t(n);
    }
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:
        return 0;
    case ZIP_SOURCE_STAT: {
        auto* st = static_cast<zip_stat_t*>(data);
        zip_stat_init(st);
        st->size = total;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&s->error, data, length);
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              -1);
    default:
        zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

// A .gt3x with info.txt and a log.bin of `log` followed by `zeros` zero bytes.
bool writeGt3x(const QString& path, const QByteArray& log, zip_uint64_t zeros = 0)
{
    int error = 0;
    zip_t* z = zip_open(QFile::encodeName(path).constData(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!z)
        return false;
    ZeroTail tail;
    tail.head = log;
    tail.zeros = zeros;
    zip_error_init(&tail.error);
    zip_source_t* info = zip_source_buffer(z, kGt3xInfo.constData(), kGt3xInfo.size(), 0);
    zip_source_t* bin = zip_source_function(z, zeroTailSource, &tail);
    const zip_int64_t infoIndex = zip_file_add(z, "info.txt", info, ZIP_FL_ENC_UTF_8);
    const zip_int64_t binIndex = zip_file_add(z, "log.bin", bin, ZIP_FL_ENC_UTF_8);
    if (infoIndex < 0 || binIndex < 0)
        return false;
    zip_set_file_compression(z, zip_uint64_t(binIndex), ZIP_CM_DEFLATE, 1);
    const bool ok = zip_close(z) == 0;
    zip_error_fini(&tail.error);
    return ok;
}

// Sets the uncompressed size that the central directory claims for `entry`.
void claimSize(QByteArray& archive, const QByteArray& entry, uint32_t size)
{
    for (int at = archive.indexOf("PK\x01\x02"); at >= 0;
         at = archive.indexOf("PK\x01\x02", at + 4)) {
        const uchar* h = reinterpret_cast<const uchar*>(archive.constData()) + at;
        const int nameLength = h[28] | (h[29] << 8);
        if (archive.mid(at + 46, nameLength) != entry)
            continue;
        for (int i = 0; i < 4; ++i)
            archive[at + 24 + i] = char((size >> (8 * i)) & 0xff);
    }
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::vector<Recording> import(const QString& path)
{
    return RecordingImporter::read(path, RecordingImporter::Format::Auto);
}

} // namespace

class TestHostileDevices : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { RecordingSizeLimit::setBytes(0); }
    void sizeLimitDefaultsToHalfTheAvailableMemory();
    void cwaBlockMovedAMonthOrAYearIsRefused();
    void cwaInvalidDatesAndBackwardJumpsAreRefused();
    void cwaRestartWithinTheBudgetImports();
    void recordingSizeLimitNamesFileAndBlock();
    void geneActivPageDatesAreChecked();
    void geneActivTemperaturesAreChecked();
    void gt3xRecordMovedAMonthIsRefused();
    void gt3xZipDirectoryClaimsAreChecked();
    void gt3xLogOfZerosIsScannedOnce();
    void realFilesKeepToTheBudget();
    void cliNamesFileAndCauseNeverBareBadAlloc();
};

void TestHostileDevices::sizeLimitDefaultsToHalfTheAvailableMemory()
{
    const int64_t available = RecordingSizeLimit::availableMemoryBytes();
    QVERIFY(available > 0);
    // Read once, at first use: within a factor of the current half.
    const double ratio = double(RecordingSizeLimit::defaultBytes()) / (double(available) / 2);
    QVERIFY2(ratio > 0.5 && ratio < 2.0, qPrintable(QString::number(ratio)));
    QCOMPARE(RecordingSizeLimit::bytes(), RecordingSizeLimit::defaultBytes());
    QVERIFY(RecordingSizeLimit::describe().contains("available memory / 2"));
    QVERIFY(RecordingSizeLimit::setGigabytes(1.5));
    QCOMPARE(RecordingSizeLimit::bytes(), int64_t(1.5 * 1024 * 1024 * 1024));
    QCOMPARE(RecordingSizeLimit::describe(), QStringLiteral("1.5 GB (as set)"));
    for (double bad : {0.0, -1.0, double(NAN), double(INFINITY)})
        QVERIFY(!RecordingSizeLimit::setGigabytes(bad));
    RecordingSizeLimit::setBytes(0);
    QCOMPARE(RecordingSizeLimit::bytes(), RecordingSizeLimit::defaultBytes());
}

// The case: one block with its month (or year) raised by one, checksum
// fixed, made a 75 KB file a 28-day, 1.7 GB recording (or std::bad_alloc).
void TestHostileDevices::cwaBlockMovedAMonthOrAYearIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("moved.cwa");
    const QByteArray good = cwaFile();
    kinemark::test::writeFile(path, good);
    QCOMPARE(import(path).front().sampleCount(), size_t(150 * 120 / 2)); // 3 min at 50 Hz

    struct Case
    {
        const char* what;
        std::function<uint32_t(uint32_t)> change;
    };
    const Case cases[] = {
        {"month + 1", [](uint32_t p) { return withField(p, 22, 4, field(p, 22, 4) % 12 + 1); }},
        {"year + 1", [](uint32_t p) { return withField(p, 26, 6, field(p, 26, 6) + 1); }},
        {"year + 40", [](uint32_t p) { return withField(p, 26, 6, field(p, 26, 6) + 40); }},
    };
    for (const Case& c : cases) {
        QByteArray file = good;
        changeBlockTime(file, 77, c.change);
        kinemark::test::writeFile(path, file);
        const QString e = refusal([&] { import(path); });
        QVERIFY2(e.startsWith(path + ": block 77 (offset 40448): its time stamp") &&
                     e.contains("would make the file span") &&
                     e.contains("2 times the time its samples take, plus 24.0 h"),
                 qPrintable(QString::fromLatin1(c.what) + ": " + e));
        // The reader alone says the same.
        const QString r = refusal([&] { CwaReader::read(path); });
        QCOMPARE(r, e);
    }
}

void TestHostileDevices::cwaInvalidDatesAndBackwardJumpsAreRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("dates.cwa");
    const QByteArray good = cwaFile();
    struct Case
    {
        const char* what;
        std::function<uint32_t(uint32_t)> change;
        const char* expected;
    };
    const Case cases[] = {
        {"month 13", [](uint32_t p) { return withField(p, 22, 4, 13); }, "-13-"},
        {"month 0", [](uint32_t p) { return withField(p, 22, 4, 0); }, "-00-"},
        {"day 0", [](uint32_t p) { return withField(p, 17, 5, 0); }, "-00 "},
        {"November 31", [](uint32_t p) { return withField(withField(p, 22, 4, 11), 17, 5, 31); },
         "2023-11-31"},
        {"hour 25", [](uint32_t p) { return withField(p, 12, 5, 25); }, " 25:"},
        {"second 61", [](uint32_t p) { return withField(p, 0, 6, 61); }, ":61"},
    };
    for (const Case& c : cases) {
        QByteArray file = good;
        changeBlockTime(file, 3, c.change);
        kinemark::test::writeFile(path, file);
        const QString e = refusal([&] { import(path); });
        QVERIFY2(e.startsWith(path + ": block 3 (offset 2560): its time stamp") &&
                     e.contains("is not a valid date and time") && e.contains(c.expected),
                 qPrintable(QString::fromLatin1(c.what) + ": " + e));
    }
    // Two hours back from the block before: a damaged block, not a clock change.
    QByteArray file = good;
    changeBlockTime(file, 100, [](uint32_t p) { return withField(p, 12, 5, field(p, 12, 5) - 2); });
    kinemark::test::writeFile(path, file);
    const QString e = refusal([&] { import(path); });
    QVERIFY2(e.startsWith(path + ": block 100 (offset 52224): its time stamp") &&
                 e.contains("before the previous block's") && e.contains("2.0 h"),
             qPrintable(e));
}

// A device stopped and restarted 12 hours later: within the budget (a day's
// allowance), imported with the time between as an explicit gap.
void TestHostileDevices::cwaRestartWithinTheBudgetImports()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("restart.cwa");
    QByteArray file = cwaFile();
    restartTwelveHoursLater(file);
    kinemark::test::writeFile(path, file);
    ReadReport report;
    const std::vector<Recording> r =
        RecordingImporter::read(path, RecordingImporter::Format::Auto, {}, &report);
    QCOMPARE(r.size(), size_t(1));
    const double hours = r.front().durationSeconds() / 3600.0;
    QVERIFY2(std::abs(hours - 12.05) < 0.01, qPrintable(QString::number(hours)));
    QVERIFY2(report.warnings.filter("gap").size() == 1, qPrintable(report.warnings.join("\n")));
    // Three days later is beyond it: 2 x 3 min + 24 h.
    file = cwaFile();
    for (int block = 75; block < 150; ++block)
        changeBlockTime(file, block, [](uint32_t p) {
            return withField(p, 17, 5, field(p, 17, 5) + 3); // mid-November: stays valid
        });
    kinemark::test::writeFile(path, file);
    const QString e = refusal([&] { import(path); });
    QVERIFY2(e.startsWith(path + ": block 75 (offset 39424)") &&
                 e.contains("would make the file span 3.0 days"),
             qPrintable(e));
}

// The recording size limit: refused before allocating, naming the file, the
// block where it is crossed, the size and the limit.
void TestHostileDevices::recordingSizeLimitNamesFileAndBlock()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("limit.cwa");
    QByteArray file = cwaFile();
    restartTwelveHoursLater(file);
    kinemark::test::writeFile(path, file);
    // 12 h at 50 Hz, 3 channels: 24.7 MB; the raw file at 100 Hz: 18000 samples.
    RecordingSizeLimit::setBytes(10 << 20);
    const QString e = refusal([&] { import(path); });
    QVERIFY2(e.startsWith(path + ": block 75 (2023-11-15 10:14:5") &&
                 e.contains(" h at 50 Hz, 24.8 MB; the limit is 10.0 MB (as set); raise it "
                            "with --max-recording-gb"),
             qPrintable(e));
    // The reader's own check, at the device's rate, before the blocks are decoded.
    RecordingSizeLimit::setBytes(100 << 10);
    const QString r = refusal([&] { CwaReader::read(path); });
    QVERIFY2(r.startsWith(path + ": ") && r.contains("would make the recording") &&
                 r.contains("the limit is 100 KB (as set)"),
             qPrintable(r));
    RecordingSizeLimit::setBytes(0);
    QCOMPARE(import(path).size(), size_t(1));
    // Text formats go through the same limit.
    const QString csv = dir.filePath("walk.csv");
    QByteArray text = "t,x,y,z\n";
    for (int i = 0; i < 2000; ++i)
        text += QByteArray::number(i * 0.02, 'f', 2) + ",0.1,0.2,0.98\n";
    kinemark::test::writeFile(csv, text);
    RecordingSizeLimit::setBytes(4 << 10);
    const QString c = refusal([&] { import(csv); });
    QVERIFY2(c.startsWith(csv + ": ") && c.contains("the limit is 4 KB (as set)"), qPrintable(c));
}

void TestHostileDevices::geneActivPageDatesAreChecked()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("pages.bin");
    const QStringList good = {"2019-05-21 16:16:43:500", "2019-05-21 16:16:46:500",
                              "2019-05-21 16:16:49:500"};
    kinemark::test::writeFile(path, geneActivFile(good));
    QCOMPARE(import(path).front().sampleCount(), size_t(450));
    // The case: day 81 (3.2 GB before), and other invalid fields.
    for (const char* bad :
         {"2019-05-81 16:16:46:500", "2019-13-21 16:16:46:500", "2019-02-29 16:16:46:500",
          "2019-05-21 24:16:46:500", "2019-05-21 16:60:46:500"}) {
        QStringList times = good;
        times[1] = QString::fromLatin1(bad);
        kinemark::test::writeFile(path, geneActivFile(times));
        const QString e = refusal([&] { import(path); });
        QVERIFY2(e.startsWith(path + ":14: page 1: cannot read the page time '" +
                              QString::fromLatin1(bad) + "'"),
                 qPrintable(e));
    }
    // A valid date two months on: the span rule, naming the page and its line.
    QStringList times = good;
    times[2] = QStringLiteral("2019-07-21 16:16:49:500");
    kinemark::test::writeFile(path, geneActivFile(times));
    const QString e = refusal([&] { import(path); });
    QVERIFY2(e.startsWith(path + ":17: page 2: its time stamp 2019-07-21 16:16:49.500 would make "
                                 "the file span 61.0 days"),
             qPrintable(e));
    // A leap day is a date.
    times = good;
    for (QString& t : times)
        t.replace("2019-05-21", "2020-02-29");
    kinemark::test::writeFile(path, geneActivFile(times));
    QCOMPARE(GeneActivReader::read(path).sampleCount(), size_t(900));
}

void TestHostileDevices::geneActivTemperaturesAreChecked()
{
    // A page's temperature that is no number, not finite or beyond the
    // sensor's range is left out (calibration goes without it); the file imports.
    QTemporaryDir dir;
    const QString path = dir.filePath("warm.bin");
    QStringList times;
    for (int p = 0; p < 6; ++p)
        times << QStringLiteral("2019-05-21 16:16:%1:500").arg(40 + 3 * p);
    kinemark::test::writeFile(
        path, geneActivFile(times, {"21.5", "nan", "1e308", "warm", "-300", "30.25"}));
    const DeviceSamples d = GeneActivReader::read(path);
    QCOMPARE(d.sampleCount(), size_t(1800));
    QCOMPARE(d.temperature.size(), size_t(2));
    QCOMPARE(d.temperature[0].sample, int64_t(0));
    QCOMPARE(d.temperature[0].celsius, 21.5f);
    QCOMPARE(d.temperature[1].sample, int64_t(1500));
    QCOMPARE(d.temperature[1].celsius, 30.25f);
}

// The case: one record moved 30 days was filled as a month of idle
// sleep (2.3 GB, bad_alloc).
void TestHostileDevices::gt3xRecordMovedAMonthIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("moved.gt3x");
    const uint32_t start = 1600000000;
    QVERIFY(writeGt3x(path, gt3xLog(start, 120)));
    QCOMPARE(Gt3xReader::read(path).sampleCount(), size_t(120 * 30));
    // Record 61 (the 61st activity record) 30 days later.
    QByteArray log = gt3xLog(start, 120);
    const int recordBytes = 9 + 30 * 6;
    QByteArray moved = gt3xLog(start + 60 + 30 * 86400, 1);
    log.replace(60 * recordBytes, recordBytes, moved);
    QVERIFY(writeGt3x(path, log));
    const QString e = refusal([&] { import(path); });
    QVERIFY2(e.startsWith(path + "/log.bin: record 61 (byte 11340): its time stamp") &&
                 e.contains("would make the file span 30.0 days"),
             qPrintable(e));
    // A night of idle sleep (8 h) in two hours of data is filled and reported.
    log = gt3xLog(start, 3600) + gt3xLog(start + 3600 + 8 * 3600, 3600);
    QVERIFY(writeGt3x(path, log));
    ReadReport report;
    const DeviceSamples d = Gt3xReader::read(path, &report);
    QCOMPARE(d.sampleCount(), size_t((2 + 8) * 3600 * 30));
    QVERIFY(report.repairs.filter("idle sleep").size() == 1);
    // Ten days of it in two hours is not: the budget is 2 x 2 h + 24 h.
    log = gt3xLog(start, 3600) + gt3xLog(start + 3600 + 10 * 86400, 3600);
    QVERIFY(writeGt3x(path, log));
    const QString far = refusal([&] { import(path); });
    QVERIFY2(far.startsWith(path + "/log.bin: record 3601 (byte ") &&
                 far.contains("would make the file span 10.0 days"),
             qPrintable(far));
}

// A ZIP directory claiming 4 GB for log.bin reserved it; now every claim is
// checked against the archive's size before anything is reserved.
void TestHostileDevices::gt3xZipDirectoryClaimsAreChecked()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("claims.gt3x");
    QVERIFY(writeGt3x(path, gt3xLog(1600000000, 60)));
    const QByteArray good = readFile(path);
    QByteArray archive = good;
    claimSize(archive, "log.bin", 0xF0000000u);
    kinemark::test::writeFile(path, archive);
    QString e = refusal([&] { import(path); });
    QVERIFY2(e.startsWith(path + ": ZIP entry 'log.bin' claims 4026531840 bytes") &&
                 e.contains("cannot expand to that"),
             qPrintable(e));
    // info.txt claiming 100 MB: more than its compressed size can hold.
    archive = good;
    claimSize(archive, "info.txt", 100u << 20);
    kinemark::test::writeFile(path, archive);
    e = refusal([&] { import(path); });
    QVERIFY2(e.startsWith(path + ": ZIP entry 'info.txt' claims 104857600 bytes"), qPrintable(e));
    // A claim smaller than the entry: the stream stops at the claim.
    archive = good;
    claimSize(archive, "log.bin", 100);
    kinemark::test::writeFile(path, archive);
    e = refusal([&] { import(path); });
    QVERIFY2(e.startsWith(path + ": ") && e.contains("log.bin"), qPrintable(e));
}

// The separator scan restarted from the start of a run of non-record bytes
// for every 1 MB chunk: 400 MB of zeros took minutes. Now each byte is looked
// at once.
void TestHostileDevices::gt3xLogOfZerosIsScannedOnce()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("zeros.gt3x");
    // One second of samples, then 300 MB of zeros (a few hundred KB compressed).
    QVERIFY(writeGt3x(path, gt3xLog(1600000000, 1), 300u << 20));
    QVERIFY(QFileInfo(path).size() < 2 << 20);
    ReadReport report;
    const double before = test::peakMemoryMb();
    QElapsedTimer timer;
    timer.start();
    const DeviceSamples d = Gt3xReader::read(path, &report);
    const double took = timer.elapsed() / 1000.0;
    QVERIFY2(took < 8, qPrintable(QString::number(took)));
    QVERIFY2(test::peakMemoryMb() - before < 100,
             qPrintable(QString::number(test::peakMemoryMb() - before)));
    QCOMPARE(d.sampleCount(), size_t(30));
    QVERIFY(report.warnings.isEmpty()); // zero padding at the end passes silently
    // Zeros and nothing else: a clear error, as fast.
    QVERIFY(writeGt3x(path, QByteArray(), 300u << 20));
    const QString e = refusal([&] { import(path); }, 8);
    QVERIFY2(e.startsWith(path + ": holds no acceleration samples (log.bin: 314572800 bytes, 0 "
                                 "records)"),
             qPrintable(e));
}

// The real files of ../shared/data keep to the rule and the limit.
void TestHostileDevices::realFilesKeepToTheBudget()
{
    const QStringList files = {"device-formats/ax3_testfile.cwa",
                               "device-formats/ax6_testfile.cwa",
                               "device-formats/ax3_testfile_corrupt_blocks_0_13_14_142_143_144.cwa",
                               "device-formats/GENEActiv_testfile.bin",
                               "device-formats/skdh/ax3_sample.cwa",
                               "device-formats/skdh/ax6_sample.cwa",
                               "device-formats/skdh/gnactv_sample.bin",
                               "device-formats/gt3x/neo.gt3x",
                               "device-formats/gt3x/small.gt3x"};
    int read = 0;
    for (const QString& f : files) {
        const QString path = kinemark::test::sharedDataPath(f);
        if (path.isEmpty() || !QFileInfo::exists(path))
            continue;
        try {
            const std::vector<Recording> r = import(path);
            QVERIFY(!r.empty() && r.front().sampleCount() > 0);
            ++read;
        } catch (const std::exception& e) {
            QFAIL(qPrintable(f + ": " + QString::fromStdString(e.what())));
        }
    }
    if (read == 0)
        QSKIP("../shared/data/device-formats is absent");
}

// As a user sees it: kinemark-cli info and import name the file and the
// block, take --max-recording-gb, and running out of memory anyway (an
// address-space limit below what a legal request takes) says so with the file
// and what was being allocated, never only "std::bad_alloc".
void TestHostileDevices::cliNamesFileAndCauseNeverBareBadAlloc()
{
    QTemporaryDir dir;
    const QString moved = dir.filePath("moved.cwa");
    QByteArray file = cwaFile();
    changeBlockTime(file, 77,
                    [](uint32_t p) { return withField(p, 22, 4, field(p, 22, 4) % 12 + 1); });
    kinemark::test::writeFile(moved, file);
    for (const char* command : {"info", "import"}) {
        QStringList args = {QString::fromLatin1(command), moved};
        if (QByteArray(command) == "import")
            args << "-o" << dir.filePath("p.kmk");
        const auto r = kinemark::test::runCli(args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("kinemark-cli %1: %2: block 77 (offset 40448): its "
                                               "time stamp")
                                    .arg(QString::fromLatin1(command), moved)),
                 qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(dir.filePath("p.kmk")));
    }

    const QString restart = dir.filePath("restart.cwa");
    file = cwaFile();
    restartTwelveHoursLater(file);
    kinemark::test::writeFile(restart, file);
    auto r = kinemark::test::runCli({"info", restart, "--max-recording-gb", "0.01"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(restart + ": block 75 (") &&
                 r.err.contains("the limit is 10.2 MB (as set); raise it with --max-recording-gb"),
             qPrintable(r.err));
    r = kinemark::test::runCli({"info", restart, "--max-recording-gb", "-3"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--max-recording-gb: '-3' is not a positive number of gigabytes"),
             qPrintable(r.err));

    // 12 h at 8000 Hz is 4.1 GB; allowed by the limit, refused by a 3 GB
    // address space.
    QProcess p;
    p.setChildProcessModifier([] {
        rlimit limit{};
        limit.rlim_cur = limit.rlim_max = rlim_t(3) << 30;
        setrlimit(RLIMIT_AS, &limit);
    });
    p.start(QStringLiteral(KINEMARK_CLI_PATH),
            {"info", restart, "--rate", "8000", "--max-recording-gb", "1000"});
    QVERIFY(p.waitForFinished(120000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(err.contains("kinemark-cli info: " + restart +
                          ": out of memory while resampling it onto a 8000 Hz grid (the "
                          "recording size limit is 1000.0 GB (as set))") &&
                 !err.contains("std::bad_alloc"),
             qPrintable(err));
}

QTEST_GUILESS_MAIN(TestHostileDevices)
#include "tst_hostiledevices.moc"
