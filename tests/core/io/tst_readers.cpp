// Text recording readers: DelimitedTextReader (generic CSV), HarthCsvReader,
// HaptReader, and the parallel chunk parser under them. Fixtures are written by
// the tests into temporary folders; the HAPT tests read ../shared/data.
#include "core/base/FormatError.h"
#include "core/io/ColumnMapping.h"
#include "core/io/DelimitedTextReader.h"
#include "core/io/FastNumberParser.h"
#include "core/io/HaptReader.h"
#include "core/io/HarthCsvReader.h"
#include "core/io/TextChunkParser.h"
#include "core/labels/SampleLabelColumnFormat.h"
#include "core/labels/SegmentCsvFormat.h"
#include "core/model/LabelSet.h"
#include "tests/support/CaughtFormatError.h"
#include "tests/support/TestSupport.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>
#include <atomic>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <sys/resource.h>

using namespace kinemark;

namespace {

constexpr int64_t kHarthStartUs = 1547251200000000LL; // 2019-01-12 00:00:00 UTC

const QByteArray kHarthHeader = "timestamp,back_x,back_y,back_z,thigh_x,thigh_y,thigh_z,label";

// Five HARTH rows, 50 Hz, two classes.
const QByteArray kHarthRows[] = {
    "2019-01-12 00:00:00.000,-0.760242,0.299570,0.468570,-5.092732,-0.298644,0.709439,6",
    "2019-01-12 00:00:00.020,-0.530154,0.281150,0.319337,-0.949222,-0.221437,0.175143,6",
    "2019-01-12 00:00:00.040,-1.170529,0.186492,-0.167017,-0.661707,0.479260,-0.023217,6",
    "2019-01-12 00:00:00.060,-0.648108,0.016623,0.054898,-0.822157,0.334800,-0.037829,1",
    "2019-01-12 00:00:00.080,-0.354740,-0.051732,0.113552,-0.875018,0.312625,0.009779,1",
};

using test::catchFormatError;
using test::Caught;

float strtofC(const QByteArray& text)
{
    return std::strtof(text.constData(), nullptr);
}

bool sameBits(float a, float b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

QByteArray harthFile(const QByteArray& lineEnd = "\n", bool indexColumn = false)
{
    QByteArray out = (indexColumn ? "," : "") + kHarthHeader + lineEnd;
    int i = 0;
    for (const QByteArray& row : kHarthRows)
        out += (indexColumn ? QByteArray::number(i++) + "," : QByteArray()) + row + lineEnd;
    return out;
}

ColumnMapping threeAxisMapping(const QString& time = QStringLiteral("t"))
{
    ColumnMapping m;
    m.timeColumn = time;
    ColumnMapping::SensorColumns s;
    s.sensor = QStringLiteral("thigh");
    s.columns = QStringList{QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")};
    m.sensors.push_back(s);
    return m;
}

// The expected per-row value of one field of a row of kHarthRows.
float harthValue(int row, int field)
{
    return strtofC(kHarthRows[row].split(',')[field]);
}

void checkHarthRecording(const Recording& r, const QString& path, const QString& labelSet)
{
    QCOMPARE(r.id, QStringLiteral("S006"));
    QCOMPARE(r.subjectId, QStringLiteral("S006"));
    QCOMPARE(r.source, path);
    QCOMPARE(r.sampleRateHz, 50.0);
    QCOMPARE(r.startTimeUs, kHarthStartUs);
    QCOMPARE(r.labelSetId, labelSet);
    QCOMPARE(r.sampleCount(), size_t(5));
    QCOMPARE(r.sensors.size(), size_t(2));
    QCOMPARE(r.sensors[0].name, QStringLiteral("back"));
    QCOMPARE(r.sensors[1].name, QStringLiteral("thigh"));
    QCOMPARE(r.channelCount(), size_t(6));
    for (size_t c = 0; c < 6; ++c) {
        const Channel& ch = r.channel(c);
        QCOMPARE(ch.name, QString(QChar(u"xyz"[c % 3])));
        QCOMPARE(ch.quantity, QStringLiteral("acc"));
        QCOMPARE(ch.unit, QStringLiteral("g"));
        for (int row = 0; row < 5; ++row)
            QVERIFY2(sameBits(ch.samples[size_t(row)], harthValue(row, int(c) + 1)),
                     qPrintable(QStringLiteral("channel %1 row %2").arg(c).arg(row)));
    }
    const AnnotationTrack* gt = r.groundTruth();
    QVERIFY(gt);
    QCOMPARE(gt->name(), QStringLiteral("ground truth"));
    QCOMPARE(gt->kind(), AnnotationTrack::Kind::GroundTruth);
    QCOMPARE(gt->labelSetId(), labelSet);
    QCOMPARE(gt->size(), size_t(2));
    QCOMPARE(gt->segments()[0], (Segment{0, 3, 6, QString(), 0}));
    QCOMPARE(gt->segments()[1], (Segment{3, 5, 1, QString(), 0}));
    QVERIFY2(r.checkConsistency().isEmpty(), qPrintable(r.checkConsistency()));
}

// A generated file of `rows` rows for the chunk tests: date-time (crossing
// midnight, so the date cache must notice), three values in assorted notations,
// a label. Returns the file and the values as std::strtof reads them.
struct BigFile
{
    QByteArray bytes;
    QByteArray header;
    std::vector<std::vector<float>> expected; // [column][row]
    std::vector<int32_t> labels;
    std::vector<qsizetype> lineStarts; // offset of each data line in bytes
};

QByteArray formatValue(std::mt19937_64& rng, int variant)
{
    std::uniform_real_distribution<double> value(-8.0, 8.0);
    char buffer[64];
    const double v = value(rng);
    switch (variant % 9) {
    case 0:
        std::snprintf(buffer, sizeof buffer, "%.3e", v);
        break;
    case 1:
        std::snprintf(buffer, sizeof buffer, "%d", int(v * 100));
        break;
    case 2:
        std::snprintf(buffer, sizeof buffer, "%.9f", v);
        break;
    case 3:
        std::snprintf(buffer, sizeof buffer, "%.22f", v); // more digits than the fast path takes
        break;
    case 4:
        std::snprintf(buffer, sizeof buffer, "%+.4f", v);
        break;
    case 5:
        std::snprintf(buffer, sizeof buffer, "%.2E", v * 1e-9);
        break;
    default:
        std::snprintf(buffer, sizeof buffer, "%.6f", v);
        break;
    }
    return QByteArray(buffer);
}

BigFile makeBigFile(int rows)
{
    BigFile f;
    f.header = "time,a,b,c,label\n";
    f.bytes = f.header;
    f.bytes.reserve(rows * 80);
    f.expected.assign(3, std::vector<float>(size_t(rows)));
    f.labels.resize(size_t(rows));
    std::mt19937_64 rng(12345);
    // 2019-01-12 23:58:00 plus 20 ms per row.
    const int64_t startMs = (kHarthStartUs / 1000) + (23 * 3600 + 58 * 60) * 1000LL;
    for (int r = 0; r < rows; ++r) {
        f.lineStarts.push_back(f.bytes.size());
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(startMs + r * 20LL, QTimeZone::utc());
        f.bytes += t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")).toLatin1();
        for (int c = 0; c < 3; ++c) {
            const QByteArray text = formatValue(rng, int(rng() % 1000));
            f.expected[size_t(c)][size_t(r)] = strtofC(text);
            f.bytes += ',' + text;
        }
        const int32_t label = int32_t(1 + (r / 700) % 8);
        f.labels[size_t(r)] = label;
        f.bytes += ',' + QByteArray::number(label) + '\n';
    }
    return f;
}

ColumnMapping bigFileMapping()
{
    ColumnMapping m;
    m.timeColumn = QStringLiteral("time");
    m.timeFormat = ColumnMapping::TimeFormat::DateTime;
    ColumnMapping::SensorColumns s;
    s.sensor = QStringLiteral("s");
    s.columns = QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    m.sensors.push_back(s);
    m.labelColumn = QStringLiteral("label");
    return m;
}

// Where the reader cuts the data lines of `f` into chunks (same arithmetic).
std::vector<size_t> bigFileChunkStarts(const BigFile& f)
{
    const char* data = f.bytes.constData() + f.header.size();
    const size_t size = size_t(f.bytes.size() - f.header.size()) - 1; // without the final '\n'
    const size_t chunkBytes =
        TextChunkParser::defaultChunkBytes(size, TextChunkParser::defaultThreadCount());
    return TextChunkParser::chunkStarts(data, size, chunkBytes);
}

// The data-line index of the line starting at `offset` from the first data line.
int rowAtOffset(const BigFile& f, size_t offset)
{
    const qsizetype absolute = f.header.size() + qsizetype(offset);
    const auto it = std::lower_bound(f.lineStarts.begin(), f.lineStarts.end(), absolute);
    return int(it - f.lineStarts.begin());
}

// Replaces the first character of value column `column` (1-based field 2..4) of
// row `row` with `c`, keeping the length so the chunk boundaries do not move.
void corrupt(BigFile* f, int row, int field, char c)
{
    qsizetype p = f->lineStarts[size_t(row)];
    for (int i = 1; i < field; ++i)
        p = f->bytes.indexOf(',', p) + 1;
    f->bytes[p] = c;
}

// A tiny HAPT raw folder: two experiments of `rows` rows each.
void writeHaptFixture(const QString& dir, int rows, const QByteArray& labels)
{
    QDir().mkpath(dir);
    for (const char* name : {"exp01_user01", "exp02_user03"}) {
        QByteArray acc, gyro;
        for (int i = 0; i < rows; ++i) {
            acc += QByteArray::number(1.0 + i * 0.001) + " -0.125 0.5\n";
            gyro += "0.01 " + QByteArray::number(-0.002 * i) + " 3e-2\n";
        }
        test::writeFile(dir + "/acc_" + name + ".txt", acc);
        test::writeFile(dir + "/gyro_" + name + ".txt", gyro);
    }
    test::writeFile(dir + "/labels.txt", labels);
}

} // namespace

class TestReaders : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    // Fast number and time parsing.
    void floatsMatchStrtof();
    void dateTimes();

    // HARTH.
    void harth();
    void harthWithIndexColumn();
    void harthCrlfBomAndLineEnds_data();
    void harthCrlfBomAndLineEnds();
    void scientificNotation();

    // Generic CSV mappings.
    void headerNamesSemicolonUnixMs();
    void columnNumbersWithoutHeader();
    void tabAndSpaceDelimiters();
    void skipLinesAndQuotedHeader();
    void unitsMetresPerSecondAndCounts();
    void unixSecondsAndRelativeStart();
    void estimatedRate();
    void jitterIsAccepted();
    void gapsAreMarkedWhenAsked();
    void gapFillingHasABudget();
    void timeStampsOutOfRange_data();
    void timeStampsOutOfRange();

    // Bad input: file, line, column and what is wrong.
    void badInput_data();
    void badInput();
    void badMapping_data();
    void badMapping();
    void emptyFiles_data();
    void emptyFiles();

    // Parallel parsing.
    void parallelEqualsSequentialReference();
    void chunkParserIndependentOfChunking();
    void errorsAtChunkBoundaries();
    void earliestErrorWinsAcrossChunks();
    void progressAndCancel();

    // HAPT.
    void haptFixtureConvention();
    void haptErrors();
    void haptSharedData();

    // Class ids (issue #16): integers without overflow, not negative, in the label set.
    void classIdsInRecordings();
    void classIdsInLabelFiles();
};

void TestReaders::initTestCase()
{
    // The references are computed with std::strtof, which follows LC_NUMERIC;
    // QCoreApplication may have set the user's locale.
    std::setlocale(LC_NUMERIC, "C");
}

void TestReaders::floatsMatchStrtof()
{
    const char* const texts[] = {
        "0",
        "-0",
        "1",
        "-0.760242",
        "0.299570",
        "5.092732",
        "123456.75",
        "1e-3",
        "1.5E+2",
        "-2.5e-7",
        ".5",
        "5.",
        "+3.25",
        "0.000000123",
        "16777217",
        "3.4028234e38",
        "1e-45",
        "7e-46",
        "0.1",
        "0.2",
        "0.30000001",
        "9007199254740993",
        "1e22",
        "123456789012345678901234567890",
        "0.00000000000000000000000000001",
        "2.5000000000000000000000000001e-3",
    };
    for (const char* text : texts) {
        const char* end = text + std::strlen(text);
        float value = -1;
        const char* stop = FastNumberParser::parseFloat(text, end, &value);
        QVERIFY2(stop == end, text);
        QVERIFY2(sameBits(value, std::strtof(text, nullptr)), text);
        double wide = -1;
        QVERIFY2(FastNumberParser::parseDouble(text, end, &wide) == end, text);
        QVERIFY2(wide == std::strtod(text, nullptr), text);
    }
    // Random decimals with 1 to 9 fraction digits, values near float rounding boundaries included.
    std::mt19937_64 rng(7);
    int mismatches = 0;
    for (int i = 0; i < 200000; ++i) {
        char text[64];
        const int decimals = 1 + int(rng() % 9);
        const double v = std::ldexp(double(rng() >> 11), -int(rng() % 60)) * (rng() & 1 ? -1 : 1);
        std::snprintf(text, sizeof text, "%.*f", decimals, v);
        float value;
        const char* end = text + std::strlen(text);
        if (FastNumberParser::parseFloat(text, end, &value) != end ||
            !sameBits(value, std::strtof(text, nullptr)))
            ++mismatches;
    }
    QCOMPARE(mismatches, 0);

    // Not numbers.
    for (const char* text : {"nan", "inf", "-inf", "abc", "", "-", ".", "e5", "0x10"}) {
        float value;
        const char* end = text + std::strlen(text);
        QVERIFY2(FastNumberParser::parseFloat(text, end, &value) != end, text);
    }
    // "1e" stops before the 'e'; the reader then rejects the field.
    const char* e = "1e";
    float value;
    QVERIFY(FastNumberParser::parseFloat(e, e + 2, &value) == e + 1);
    // Beyond the float range.
    const char* big = "1e39";
    QVERIFY(FastNumberParser::parseFloat(big, big + 4, &value) == nullptr);

    int32_t label = 0;
    const char* three = "3.0";
    QVERIFY(FastNumberParser::parseInt32(three, three + 3, &label) == three + 3);
    QCOMPARE(label, 3);
    const char* half = "1.5";
    QVERIFY(FastNumberParser::parseInt32(half, half + 3, &label) == nullptr);
}

void TestReaders::dateTimes()
{
    struct Case
    {
        const char* text;
        int64_t us;
    };
    const Case cases[] = {
        {"1970-01-01 00:00:00", 0},
        {"2019-01-12 00:00:00.000", kHarthStartUs},
        {"2019-01-12T00:00:00.020Z", kHarthStartUs + 20000},
        {"2019-01-12T01:00:00+01:00", kHarthStartUs},
        {"2000-02-29 12:34:56.123456", 951827696123456LL},
        {"2024-03-04 08:00:00.5", 1709539200500000LL},
        {"1969-12-31 23:59:59", -1000000},
    };
    for (const Case& c : cases) {
        int64_t us = -7;
        const char* end = c.text + std::strlen(c.text);
        QVERIFY2(FastNumberParser::parseDateTime(c.text, end, &us) == end, c.text);
        QCOMPARE(us, c.us);
        const QDateTime reference =
            QDateTime::fromString(QString::fromLatin1(c.text), Qt::ISODateWithMs);
        if (reference.isValid() && reference.timeSpec() != Qt::LocalTime)
            QCOMPARE(us / 1000, reference.toMSecsSinceEpoch());
    }
    // Every day from 1900 to 2100 agrees with QDate.
    const QDate epoch(1970, 1, 1);
    for (QDate d(1900, 1, 1); d.year() < 2100; d = d.addDays(1))
        QCOMPARE(FastNumberParser::daysFromCivil(d.year(), d.month(), d.day()), epoch.daysTo(d));
    for (const char* bad : {"2019-13-01 00:00:00", "2019-02-29 00:00:00", "2019-01-12 24:00:00",
                            "2019-01-12", "12/01/2019 00:00:00", "2019-01-12 00:00:00."}) {
        int64_t us;
        const char* end = bad + std::strlen(bad);
        QVERIFY2(FastNumberParser::parseDateTime(bad, end, &us) != end, bad);
    }

    // A decimal comma, except in a comma-separated file, where a time without
    // fraction is followed by the next field (it once swallowed ",1" as 0.1 s).
    const char comma[] = "2019-01-12 00:00:00,5";
    const char* commaEnd = comma + std::strlen(comma);
    int64_t us = 0;
    QVERIFY(FastNumberParser::parseDateTime(comma, commaEnd, &us, nullptr, ';') == commaEnd);
    QCOMPARE(us, kHarthStartUs + 500000);
    QVERIFY(FastNumberParser::parseDateTime(comma, commaEnd, &us, nullptr, ',') == comma + 19);
    QCOMPARE(us, kHarthStartUs);
    QTemporaryDir dir;
    const QString path = dir.filePath("whole-seconds.csv");
    test::writeFile(path, "t,x,y,z\n2019-01-12 00:00:00,1,0,0\n2019-01-12 00:00:01,2,0,0\n"
                          "2019-01-12 00:00:02,3,0,0\n");
    const Recording r = DelimitedTextReader::read(path, threeAxisMapping());
    QCOMPARE(r.sampleRateHz, 1.0);
    QCOMPARE(r.startTimeUs, kHarthStartUs);
    QCOMPARE(r.sensors[0].channels[0].samples, (std::vector<float>{1, 2, 3}));
}

void TestReaders::harth()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("S006.csv");
    test::writeFile(path, harthFile());
    checkHarthRecording(HarthCsvReader::read(path), path, QStringLiteral("harth"));
    if (QTest::currentTestFailed())
        return;
    checkHarthRecording(HarthCsvReader::read(path, QStringLiteral("har70plus")), path,
                        QStringLiteral("har70plus"));
}

void TestReaders::harthWithIndexColumn()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("S006.csv");
    test::writeFile(path, harthFile("\n", true));
    checkHarthRecording(HarthCsvReader::read(path), path, QStringLiteral("harth"));
}

void TestReaders::harthCrlfBomAndLineEnds_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("crlf") << harthFile("\r\n");
    QTest::newRow("bom") << "\xEF\xBB\xBF" + harthFile();
    QTest::newRow("bom crlf index") << "\xEF\xBB\xBF" + harthFile("\r\n", true);
    QByteArray noFinal = harthFile();
    noFinal.chop(1);
    QTest::newRow("no final newline") << noFinal;
    QByteArray noFinalCrlf = harthFile("\r\n");
    noFinalCrlf.chop(2);
    QTest::newRow("crlf, no final newline") << noFinalCrlf;
    QTest::newRow("blank final line") << harthFile() + "\n";
    QTest::newRow("blank final lines crlf") << harthFile("\r\n") + "\r\n  \r\n";
}

void TestReaders::harthCrlfBomAndLineEnds()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString path = dir.filePath("S006.csv");
    test::writeFile(path, content);
    checkHarthRecording(HarthCsvReader::read(path), path, QStringLiteral("harth"));
}

void TestReaders::scientificNotation()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("sci.csv");
    const QList<QByteArray> values = {"1.5e-3",    "-2E+2",          "3e0", ".5",  "+1.25",
                                      "-7.25E-05", "6.02214076e+23", "1E1", "-0.0"};
    QByteArray content = "t,x,y,z\n";
    for (int i = 0; i < values.size(); i += 3)
        content += QByteArray::number(i / 3 * 0.02) + ',' + values[i] + ',' + values[i + 1] + ',' +
                   values[i + 2] + '\n';
    test::writeFile(path, content);
    ColumnMapping m = threeAxisMapping();
    m.timeFormat = ColumnMapping::TimeFormat::RelativeSeconds;
    const Recording r = DelimitedTextReader::read(path, m);
    QCOMPARE(r.sampleCount(), size_t(3));
    for (int i = 0; i < values.size(); ++i)
        QVERIFY2(sameBits(r.channel(size_t(i % 3)).samples[size_t(i / 3)], strtofC(values[i])),
                 values[i].constData());
    QVERIFY(std::signbit(r.channel(2).samples[2]));
}

void TestReaders::headerNamesSemicolonUnixMs()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("walk.csv");
    QByteArray content = "time;ax;ay;az;activity;comment\n";
    for (int i = 0; i < 10; ++i)
        content += QByteArray::number(1700000000000LL + i * 10) + ";0.5;-1;" +
                   QByteArray::number(i) + ";" + (i < 4 ? "1" : "7") + ";ok\n";
    test::writeFile(path, content);
    ColumnMapping m;
    m.timeColumn = QStringLiteral("time");
    m.timeFormat = ColumnMapping::TimeFormat::UnixMilliseconds;
    ColumnMapping::SensorColumns s;
    s.sensor = QStringLiteral("wrist");
    s.columns = QStringList{QStringLiteral("ax"), QStringLiteral("ay"), QStringLiteral("az")};
    m.sensors.push_back(s);
    m.labelColumn = QStringLiteral("activity");
    m.labelSetId = QStringLiteral("harth");
    m.subjectId = QStringLiteral("P01");
    const Recording r = DelimitedTextReader::read(path, m);
    QCOMPARE(r.id, QStringLiteral("walk"));
    QCOMPARE(r.subjectId, QStringLiteral("P01"));
    QCOMPARE(r.sampleRateHz, 100.0); // estimated: 10 ms steps
    QCOMPARE(r.startTimeUs, int64_t(1700000000000000LL));
    QCOMPARE(r.sampleCount(), size_t(10));
    QCOMPARE(r.sensors[0].name, QStringLiteral("wrist"));
    QCOMPARE(r.channel(2).samples[7], 7.0f);
    QCOMPARE(r.channel(1).samples[3], -1.0f);
    QCOMPARE(r.groundTruth()->labelSetId(), QStringLiteral("harth"));
    QCOMPARE(r.groundTruth()->segments().size(), size_t(2));
    QCOMPARE(r.groundTruth()->segments()[1], (Segment{4, 10, 7, QString(), 0}));
}

void TestReaders::columnNumbersWithoutHeader()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("raw.txt");
    test::writeFile(path, "1,2,3,4,5,6\n7,8,9,10,11,12\n");
    ColumnMapping m;
    m.hasHeader = false;
    m.sampleRateHz = 25;
    m.startTimeUs = 1709539200000000LL;
    ColumnMapping::SensorColumns back;
    back.sensor = QStringLiteral("back");
    back.columns = QStringList{"1", "2", "3"};
    ColumnMapping::SensorColumns gyro;
    gyro.sensor = QStringLiteral("wrist");
    gyro.quantity = QStringLiteral("gyro");
    gyro.columns = QStringList{"6", "5", "4"};
    gyro.axisNames = QStringList{"roll", "pitch", "yaw"};
    m.sensors = {back, gyro};
    m.unit = ColumnMapping::Unit::MetresPerSecond2; // applies to acc only
    m.recordingId = QStringLiteral("r1");
    const Recording r = DelimitedTextReader::read(path, m);
    QCOMPARE(r.id, QStringLiteral("r1"));
    QCOMPARE(r.subjectId, QStringLiteral("r1"));
    QCOMPARE(r.sampleRateHz, 25.0);
    QCOMPARE(r.startTimeUs, int64_t(1709539200000000LL));
    QCOMPARE(r.sampleCount(), size_t(2));
    QCOMPARE(r.channel(0).samples[1], float(7 / 9.80665));
    QCOMPARE(r.channel(3).name, QStringLiteral("roll"));
    QCOMPARE(r.channel(3).quantity, QStringLiteral("gyro"));
    QCOMPARE(r.channel(3).unit, QStringLiteral("rad/s"));
    QCOMPARE(r.channel(3).samples[0], 6.0f);
    QCOMPARE(r.channel(5).samples[1], 10.0f);
    QVERIFY(r.tracks.empty());
}

void TestReaders::tabAndSpaceDelimiters()
{
    QTemporaryDir dir;
    const QString tab = dir.filePath("tab.tsv");
    test::writeFile(tab, "t\tx\ty\tz\n0\t1.5\t-2\t3\n0.02\t4\t5\t6.25\n");
    ColumnMapping m = threeAxisMapping();
    Recording r = DelimitedTextReader::read(tab, m);
    QCOMPARE(r.sampleCount(), size_t(2));
    QCOMPARE(r.channel(2).samples[1], 6.25f);
    QCOMPARE(r.sampleRateHz, 50.0);
    QCOMPARE(r.startTimeUs, int64_t(0));

    // Space separated (runs of spaces, leading spaces), no header, as HAPT is.
    const QString space = dir.filePath("space.txt");
    test::writeFile(space, "  1.5 -2   3\n4 5 6.25  \n");
    ColumnMapping n;
    n.hasHeader = false;
    n.sampleRateHz = 50;
    n.sensors = threeAxisMapping().sensors;
    n.sensors[0].columns = QStringList{"1", "2", "3"};
    r = DelimitedTextReader::read(space, n);
    QCOMPARE(r.sampleCount(), size_t(2));
    QCOMPARE(r.channel(0).samples[0], 1.5f);
    QCOMPARE(r.channel(1).samples[0], -2.0f);
    QCOMPARE(r.channel(2).samples[1], 6.25f);

    // The semicolon is detected too, and spaces around values are allowed.
    const QString semi = dir.filePath("semi.csv");
    test::writeFile(semi, "t; x; y; z\n0; 1; 2; 3\n0.02; 4 ; 5; 6\n");
    r = DelimitedTextReader::read(semi, threeAxisMapping());
    QCOMPARE(r.channel(0).samples[1], 4.0f);
}

void TestReaders::skipLinesAndQuotedHeader()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("device.csv");
    test::writeFile(path, "Device export v2\nserial: 1234\n\"t\",\"x\",\"y\",\"z\"\n0,1,2,3\n"
                          "0.1,4,5,6\n0.2,7,8,oops\n");
    ColumnMapping m = threeAxisMapping();
    m.skipLines = 2;
    const Caught c = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY(c.thrown);
    // Line numbers count the skipped lines and the header.
    QVERIFY2(c.text.contains("device.csv:6:4: 'oops' is not a number"), qPrintable(c.text));
    test::writeFile(path, "Device export v2\nserial: 1234\n\"t\",\"x\",\"y\",\"z\"\n0,1,2,3\n"
                          "0.1,4,5,6\n");
    const Recording r = DelimitedTextReader::read(path, m);
    QCOMPARE(r.sampleRateHz, 10.0);
    QCOMPARE(r.channel(0).samples[1], 4.0f);
}

void TestReaders::unitsMetresPerSecondAndCounts()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("u.csv");
    test::writeFile(path, "t,x,y,z\n0,9.80665,-4.903325,0\n0.02,19.6133,1,256\n");
    ColumnMapping m = threeAxisMapping();
    m.unit = ColumnMapping::Unit::MetresPerSecond2;
    Recording r = DelimitedTextReader::read(path, m);
    QCOMPARE(r.channel(0).samples[0], 1.0f);
    QCOMPARE(r.channel(1).samples[0], -0.5f);
    QCOMPARE(r.channel(0).samples[1], 2.0f);
    QCOMPARE(r.channel(1).samples[1], float(1 / 9.80665));
    QCOMPARE(r.channel(0).unit, QStringLiteral("g"));

    m.unit = ColumnMapping::Unit::Counts;
    m.countsPerG = 256;
    r = DelimitedTextReader::read(path, m);
    QCOMPARE(r.channel(2).samples[1], 1.0f);
    QCOMPARE(r.channel(1).samples[1], float(1.0 / 256));
    QCOMPARE(r.channel(0).samples[0], float(9.80665 / 256));
}

void TestReaders::unixSecondsAndRelativeStart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("unix.csv");
    test::writeFile(path, "t,x,y,z\n1547251200.000000,1,2,3\n1547251200.040000,1,2,3\n"
                          "1547251200.080001,1,2,3\n");
    ColumnMapping m = threeAxisMapping();
    ReadReport report;
    Recording r = DelimitedTextReader::read(path, m, &report); // Auto: detected as Unix seconds
    QCOMPARE(r.startTimeUs, kHarthStartUs);
    QCOMPARE(r.sampleRateHz, 25.0);
    QVERIFY2(report.warnings.join('\n').contains("Unix seconds"),
             qPrintable(report.warnings.join('\n')));

    test::writeFile(path, "t,x,y,z\n0.5,1,2,3\n0.54,1,2,3\n");
    m.timeFormat = ColumnMapping::TimeFormat::RelativeSeconds;
    m.startTimeUs = kHarthStartUs;
    r = DelimitedTextReader::read(path, m);
    QCOMPARE(r.startTimeUs, kHarthStartUs + 500000);

    // Unix milliseconds, detected from their size.
    test::writeFile(path, "t,x,y,z\n1547251200000,1,2,3\n1547251200010,1,2,3\n");
    m.timeFormat = ColumnMapping::TimeFormat::Auto;
    r = DelimitedTextReader::read(path, m);
    QCOMPARE(r.startTimeUs, kHarthStartUs);
    QCOMPARE(r.sampleRateHz, 100.0);
}

void TestReaders::estimatedRate()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("rate.csv");
    // 30 Hz with time stamps in whole milliseconds: steps of 33 and 34 ms.
    QByteArray content = "t,x,y,z\n";
    for (int i = 0; i < 300; ++i)
        content += QByteArray::number(1700000000000LL + (i * 1000) / 30) + ",0,0,1\n";
    test::writeFile(path, content);
    ColumnMapping m = threeAxisMapping();
    m.timeFormat = ColumnMapping::TimeFormat::UnixMilliseconds;
    ReadReport report;
    Recording r = DelimitedTextReader::read(path, m, &report);
    QCOMPARE(r.sampleRateHz, 30.0);
    QVERIFY2(report.warnings.join('\n').contains("estimated"),
             qPrintable(report.warnings.join('\n')));

    // A given rate is used as it is.
    m.sampleRateHz = 32;
    r = DelimitedTextReader::read(path, m);
    QCOMPARE(r.sampleRateHz, 32.0);

    // 12.5 Hz, not a whole number.
    content = "t,x,y,z\n";
    for (int i = 0; i < 50; ++i)
        content += QByteArray::number(i * 0.08, 'f', 2) + ",0,0,1\n";
    test::writeFile(path, content);
    m.sampleRateHz = 0;
    m.timeFormat = ColumnMapping::TimeFormat::RelativeSeconds;
    r = DelimitedTextReader::read(path, m);
    QCOMPARE(r.sampleRateHz, 12.5);
}

void TestReaders::jitterIsAccepted()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("jitter.csv");
    // 50 Hz with up to +-4 ms of jitter: every step between 12 and 28 ms, under 1.5 periods.
    QByteArray content = "t,x,y,z\n";
    std::mt19937 rng(3);
    for (int i = 0; i < 1000; ++i) {
        const int jitter = int(rng() % 9) - 4;
        content += QByteArray::number(1547251200000LL + i * 20 + jitter) + "," +
                   QByteArray::number(i) + ",0,1\n";
    }
    test::writeFile(path, content);
    ColumnMapping m = threeAxisMapping();
    m.timeFormat = ColumnMapping::TimeFormat::UnixMilliseconds;
    m.sampleRateHz = 50;
    const Recording r = DelimitedTextReader::read(path, m);
    QCOMPARE(r.sampleCount(), size_t(1000));
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(r.channel(0).samples[size_t(i)], float(i));
}

void TestReaders::gapsAreMarkedWhenAsked()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("gap.csv");
    // 50 Hz; after row 3 (line 5) 100 ms are missing (4 samples), after row 5 one step of 40 ms (1
    // sample).
    test::writeFile(path, "t,x,y,z,label\n"
                          "0.00,1,0,0,4\n0.02,2,0,0,4\n0.04,3,0,0,4\n0.06,4,0,0,4\n"
                          "0.16,5,0,0,4\n0.18,6,0,0,5\n0.22,7,0,0,5\n");
    ColumnMapping m = threeAxisMapping();
    m.timeFormat = ColumnMapping::TimeFormat::RelativeSeconds;
    m.labelColumn = QStringLiteral("label");
    m.sampleRateHz = 50;

    const Caught c = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY(c.thrown);
    QVERIFY2(
        c.text.contains("gap.csv:6:1: gap of 100.0 ms before time stamp 0.16 (the previous one "
                        "is on line 5"),
        qPrintable(c.text));
    // ... and the option that imports it anyway.
    QVERIFY2(c.text.contains("give --gaps mark"), qPrintable(c.text));

    m.gapPolicy = ColumnMapping::GapPolicy::MarkGap;
    ReadReport report;
    const Recording r = DelimitedTextReader::read(path, m, &report);
    const std::vector<float> expected = {1, 2, 3, 4, 4, 4, 4, 4, 5, 6, 6, 7};
    QCOMPARE(r.channel(0).samples, expected);
    QCOMPARE(r.channel(1).samples.size(), expected.size());
    const std::vector<int32_t> labels = r.groundTruth()->toSampleLabels(r.sampleCount());
    const std::vector<int32_t> expectedLabels = {4, 4, 4, 4, -1, -1, -1, -1, 4, 5, -1, 5};
    QCOMPARE(labels, expectedLabels);
    QCOMPARE(report.repairs.size(), 2);
    QVERIFY2(report.repairs[0].contains("gap.csv:6:") && report.repairs[0].contains("100.0 ms") &&
                 report.repairs[0].contains("4 samples"),
             qPrintable(report.repairs[0]));
    QVERIFY2(report.repairs[1].contains("gap.csv:8:") && report.repairs[1].contains("(1 sample)"),
             qPrintable(report.repairs[1]));
}

void TestReaders::gapFillingHasABudget()
{
    // A 1 KB file with ten gaps of 23 h at 50 Hz: each gap alone is under the
    // 24 h limit, but filling them would take 41 M samples per column. All
    // gaps together may fill 10 times the samples read plus one hour.
    QTemporaryDir dir;
    const QString path = dir.filePath("gaps.csv");
    QByteArray content = "t,x,y,z\n";
    const double gapSeconds = 23 * 3600.0;
    int line = 1;
    int firstGapLine = 0;
    for (int block = 0; block < 11; ++block) {
        for (int i = 0; i < 3; ++i) {
            const double t = block * gapSeconds + i * 0.02;
            content += QByteArray::number(t, 'f', 2) + ",1,0,0\n";
            ++line;
            if (block == 1 && i == 0)
                firstGapLine = line;
        }
    }
    QVERIFY(content.size() < 1024);
    test::writeFile(path, content);
    ColumnMapping m = threeAxisMapping();
    m.timeFormat = ColumnMapping::TimeFormat::RelativeSeconds;
    m.sampleRateHz = 50;
    m.gapPolicy = ColumnMapping::GapPolicy::MarkGap;

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const long before = usage.ru_maxrss;
    const Caught c = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    getrusage(RUSAGE_SELF, &usage);
    QVERIFY2(usage.ru_maxrss - before < 100 * 1024,
             qPrintable(QStringLiteral("peak memory grew by %1 KB").arg(usage.ru_maxrss - before)));
    QVERIFY(c.thrown);
    qInfo("%s", qPrintable(c.text));
    QVERIFY2(c.text.contains(QStringLiteral("gaps.csv:%1:1: gap of 23.00 h before time stamp "
                                            "82800.00 would fill the recording to 4140030 samples")
                                 .arg(firstGapLine)),
             qPrintable(c.text));
    QVERIFY2(c.text.contains("split the file"), qPrintable(c.text));

    // Within the budget (an hour of gaps in a short file) the gaps are filled.
    QByteArray small = "t,x,y,z\n0.00,1,0,0\n0.02,2,0,0\n3000.00,3,0,0\n3000.02,4,0,0\n";
    test::writeFile(path, small);
    const Recording r = DelimitedTextReader::read(path, m);
    QCOMPARE(r.sampleCount(), size_t(150002));
}

void TestReaders::timeStampsOutOfRange_data()
{
    QTest::addColumn<QByteArray>("rows");
    QTest::addColumn<int>("format"); // ColumnMapping::TimeFormat
    QTest::addColumn<double>("rate");
    QTest::addColumn<QString>("expected"); // after "<path>"

    using F = ColumnMapping::TimeFormat;
    // +-9e12 s: within int64 as microseconds, but their difference is not;
    // they once imported as a 5.6e-11 Hz recording.
    QTest::newRow("+-9e12 s") << QByteArray("-9e12,0,0,1\n9e12,0,0,1\n") << int(F::UnixSeconds)
                              << 0.0
                              << ":2:1: time stamp '-9e12' is outside the plausible range "
                                 "(1900-01-01 to 2200-01-01)";
    QTest::newRow("9e12 s relative")
        << QByteArray("0,0,0,1\n0.02,0,0,1\n9e12,0,0,1\n") << int(F::RelativeSeconds) << 50.0
        << ":4:1: time stamp '9e12' is outside the plausible range (-1e10 s to 1e10 s";
    QTest::newRow("9e12 s read as auto (Unix ms)")
        << QByteArray("9e12,0,0,1\n9.00000000002e12,0,0,1\n") << int(F::Auto) << 0.0
        << ":2:1: time stamp '9e12' is outside the plausible range (1900-01-01";
    QTest::newRow("overflowing microseconds")
        << QByteArray("0,0,0,1\n1e14,0,0,1\n") << int(F::RelativeSeconds) << 0.0
        << ":3:1: time stamp '1e14' is out of range (its microseconds overflow";
    QTest::newRow("overflowing milliseconds")
        << QByteArray("1700000000000,0,0,1\n-1e17,0,0,1\n") << int(F::UnixMilliseconds) << 0.0
        << ":3:1: time stamp '-1e17' is out of range";
    QTest::newRow("year 1")
        << QByteArray("0001-01-01T00:00:00.000,0,0,1\n0001-01-01T00:00:01.000,0,0,1\n")
        << int(F::DateTime) << 0.0
        << ":2:1: time stamp '0001-01-01T00:00:00.000' is outside the plausible "
           "range";
    QTest::newRow("year 9999")
        << QByteArray("2019-01-01T00:00:00.000,0,0,1\n9999-01-01T00:00:01.000,0,0,1\n")
        << int(F::DateTime) << 50.0 << ":3:1: time stamp '9999-01-01T00:00:01.000'";
    // In range, but a step of 1e7 s: the rate is implausible, not the time stamps.
    QTest::newRow("rate 1e-7 Hz")
        << QByteArray("0,0,0,1\n1e7,0,0,1\n2e7,0,0,1\n") << int(F::RelativeSeconds) << 0.0
        << ": the sampling rate estimated from the time stamps, 1e-07 Hz, is outside the "
           "plausible range (0.1 to 10000 Hz)";
    QTest::newRow("rate 1 MHz")
        << QByteArray("1.000001,0,0,1\n1.000002,0,0,1\n1.000003,0,0,1\n") << int(F::RelativeSeconds)
        << 0.0 << ": the sampling rate estimated from the time stamps, 1e+06 Hz, is outside";
    QTest::newRow("given rate 1e9 Hz")
        << QByteArray("0,0,0,1\n1,0,0,1\n") << int(F::RelativeSeconds) << 1e9
        << ": the sampling rate given, 1e+09 Hz, is outside the plausible range";
}

// Time stamps beyond a plausible range, or whose microseconds overflow, are
// errors at their line and column; the rate they give must be plausible too.
void TestReaders::timeStampsOutOfRange()
{
    QFETCH(QByteArray, rows);
    QFETCH(int, format);
    QFETCH(double, rate);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath("times.csv");
    test::writeFile(path, "t,x,y,z\n" + rows);
    ColumnMapping m = threeAxisMapping();
    m.delimiter = ',';
    m.timeFormat = ColumnMapping::TimeFormat(format);
    m.sampleRateHz = rate;
    m.gapPolicy = ColumnMapping::GapPolicy::MarkGap; // errors must not depend on the policy
    QElapsedTimer timer;
    timer.start();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const long before = usage.ru_maxrss;
    const Caught c = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    getrusage(RUSAGE_SELF, &usage);
    QVERIFY2(usage.ru_maxrss - before < 50 * 1024,
             qPrintable(QStringLiteral("peak memory grew by %1 KB").arg(usage.ru_maxrss - before)));
    QVERIFY(timer.elapsed() < 5000);
    QVERIFY2(c.thrown, "no FormatError");
    QVERIFY2(c.text.contains(path + expected), qPrintable(c.text + "\nexpected: " + expected));
}

void TestReaders::badInput_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected"); // must appear in "file:line:column: message"

    const QByteArray h = kHarthHeader + "\n";
    const QByteArray r0 = kHarthRows[0] + "\n";
    const QByteArray r1 = kHarthRows[1] + "\n";
    QTest::newRow("duplicate time stamp")
        << h + r0 + r1 + kHarthRows[1] + "\n"
        << "bad.csv:4:1: time stamp 2019-01-12 00:00:00.020 is not after the previous one (line 3)";
    QTest::newRow("time going back")
        << h + r1 + r0
        << "bad.csv:3:1: time stamp 2019-01-12 00:00:00.000 is not after the "
           "previous one (line 2)";
    QTest::newRow("gap") << h + r0 + "2019-01-12 00:00:01.000,1,1,1,1,1,1,6\n"
                         << "bad.csv:3:1: gap of 1.00 s before time stamp 2019-01-12 00:00:01.000";
    QTest::newRow("empty field") << h + r0 + "2019-01-12 00:00:00.020,-0.5,,0.3,1,1,1,6\n"
                                 << "bad.csv:3:3: empty field; expected a number";
    QTest::newRow("empty field at the end")
        << h + r0 + "2019-01-12 00:00:00.020,-0.5,1,0.3,1,1,1,\n"
        << "bad.csv:3:8: empty field; expected an integer class id";
    QTest::newRow("nan") << h + r0 + "2019-01-12 00:00:00.020,-0.5,1,NaN,1,1,1,6\n"
                         << "bad.csv:3:4: 'NaN' is not a finite number";
    QTest::newRow("inf") << h + r0 + "2019-01-12 00:00:00.020,-0.5,1,1,-inf,1,1,6\n"
                         << "bad.csv:3:5: '-inf' is not a finite number";
    QTest::newRow("overflow") << h + r0 + "2019-01-12 00:00:00.020,-0.5,1,1,1e40,1,1,6\n"
                              << "bad.csv:3:5: '1e40' is out of the range";
    QTest::newRow("too few fields") << h + r0 + "2019-01-12 00:00:00.020,-0.5,1,1,1,1,6\n"
                                    << "bad.csv:3:8: expected 8 fields, found 7";
    QTest::newRow("too many fields") << h + r0 + "2019-01-12 00:00:00.020,-0.5,1,1,1,1,1,6,9\n"
                                     << "bad.csv:3:9: expected 8 fields, found 9";
    QTest::newRow("not a number") << h + r0 + "2019-01-12 00:00:00.020,-0.5,1,abc,1,1,1,6\n"
                                  << "bad.csv:3:4: 'abc' is not a number";
    QTest::newRow("number with junk") << h + r0 + "2019-01-12 00:00:00.020,-0.5,1,1,1.5e,1,1,6\n"
                                      << "bad.csv:3:5: '1.5e' is not a number";
    QTest::newRow("label not an integer") << h + r0 + "2019-01-12 00:00:00.020,1,1,1,1,1,1,1.5\n"
                                          << "bad.csv:3:8: '1.5' is not an integer class id";
    QTest::newRow("label a word") << h + r0 + "2019-01-12 00:00:00.020,1,1,1,1,1,1,walking\n"
                                  << "bad.csv:3:8: 'walking' is not an integer class id";
    QTest::newRow("bad date") << h + r0 + "2019-13-12 00:00:00.020,1,1,1,1,1,1,6\n"
                              << "bad.csv:3:1: '2019-13-12 00:00:00.020' is not a date and time";
    QTest::newRow("empty time") << h + r0 + ",1,1,1,1,1,1,6\n"
                                << "bad.csv:3:1: empty field; expected a time stamp";
    QTest::newRow("blank line inside") << h + r0 + "\n" + r1 << "bad.csv:3:1: empty line";
    QTest::newRow("error on the last line without newline")
        << h + r0 + "2019-01-12 00:00:00.020,1,1,1,1,1,1,x"
        << "bad.csv:3:8: 'x' is not an integer class id";
    QTest::newRow("crlf line numbers") << h + "\r\n" + r0 + "\r\n"
                                       << "bad.csv:2:1: empty line";
}

void TestReaders::badInput()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.csv");
    test::writeFile(path, content);
    const Caught c = catchFormatError([&] { HarthCsvReader::read(path); });
    QVERIFY2(c.thrown, "no FormatError");
    QVERIFY2(c.text.contains(path), qPrintable(c.text));
    QVERIFY2(c.text.contains(expected), qPrintable(c.text + "\nexpected: " + expected));
}

void TestReaders::badMapping_data()
{
    QTest::addColumn<QString>("timeColumn");
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<bool>("hasHeader");
    QTest::addColumn<double>("rate");
    QTest::addColumn<QString>("labelColumn");
    QTest::addColumn<QString>("expected");

    QTest::newRow("unknown column")
        << "t" << QStringList{"x", "why", "z"} << true << 0.0 << ""
        << "m.csv:1: no column 'why' (thigh y axis) in the header; it has: t, x, y, z, label";
    QTest::newRow("unknown time column")
        << "time" << QStringList{"x", "y", "z"} << true << 0.0 << ""
        << "m.csv:1: no column 'time' (time column) in the header; it has: t, x, y, z, label";
    QTest::newRow("unknown label column")
        << "t" << QStringList{"x", "y", "z"} << true << 0.0 << "activity"
        << "m.csv:1: no column 'activity' (label column) in the header";
    QTest::newRow("column number too large")
        << "t" << QStringList{"2", "3", "9"} << true << 0.0 << ""
        << "m.csv:1: column 9 (thigh z axis) does not exist: lines have 5 fields";
    QTest::newRow("name without header")
        << "" << QStringList{"x", "y", "z"} << false << 50.0 << ""
        << "m.csv:1: column 'x' (thigh x axis) is given by name, but the file has no header";
    QTest::newRow("no rate without time")
        << "" << QStringList{"x", "y", "z"} << true << 0.0 << ""
        << "m.csv: there is no time column, so the sampling rate is needed";
    QTest::newRow("column mapped twice") << "t" << QStringList{"x", "y", "x"} << true << 0.0 << ""
                                         << "m.csv: column 'x' is mapped twice";
}

void TestReaders::badMapping()
{
    QFETCH(QString, timeColumn);
    QFETCH(QStringList, columns);
    QFETCH(bool, hasHeader);
    QFETCH(double, rate);
    QFETCH(QString, labelColumn);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath("m.csv");
    test::writeFile(path, hasHeader ? "t,x,y,z,label\n0,1,2,3,1\n0.02,1,2,3,1\n"
                                    : "0,1,2,3,1\n0.02,1,2,3,1\n");
    ColumnMapping m = threeAxisMapping(timeColumn);
    m.sensors[0].columns = columns;
    m.hasHeader = hasHeader;
    m.sampleRateHz = rate;
    m.labelColumn = labelColumn;
    const Caught c = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY2(c.thrown, "no FormatError");
    QVERIFY2(c.text.contains(path), qPrintable(c.text));
    QVERIFY2(c.text.contains(expected), qPrintable(c.text + "\nexpected: " + expected));
}

void TestReaders::emptyFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("hasHeader");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zero bytes") << QByteArray() << true << "e.csv: the file is empty";
    QTest::newRow("zero bytes, no header") << QByteArray() << false << "e.csv: the file is empty";
    QTest::newRow("blank lines") << QByteArray("\n\r\n  \n") << true << "e.csv: the file is empty";
    QTest::newRow("bom only") << QByteArray("\xEF\xBB\xBF") << true << "e.csv: the file is empty";
    QTest::newRow("header only") << QByteArray("t,x,y,z\n") << true
                                 << "e.csv:1: no data rows after the header";
    QTest::newRow("header and blank lines")
        << QByteArray("t,x,y,z\r\n\r\n\r\n") << true << "e.csv:1: no data rows after the header";
    QTest::newRow("blank, no header")
        << QByteArray("\n\n") << false << "e.csv: the file has no data rows";
}

void TestReaders::emptyFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, hasHeader);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath("e.csv");
    test::writeFile(path, content);
    ColumnMapping m = threeAxisMapping(hasHeader ? QStringLiteral("t") : QString());
    m.hasHeader = hasHeader;
    m.sampleRateHz = 50;
    if (!hasHeader)
        m.sensors[0].columns = QStringList{"1", "2", "3"};
    const Caught c = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY2(c.thrown, "no FormatError");
    QVERIFY2(c.text.contains(path), qPrintable(c.text));
    QVERIFY2(c.text.contains(expected), qPrintable(c.text + "\nexpected: " + expected));
    // The HARTH preset says the same.
    if (hasHeader) {
        const Caught h = catchFormatError([&] { HarthCsvReader::read(path); });
        QVERIFY(h.thrown);
    }
}

void TestReaders::parallelEqualsSequentialReference()
{
    const int rows = 200000;
    const BigFile f = makeBigFile(rows);
    QVERIFY2(bigFileChunkStarts(f).size() >= 4, "the file should be parsed in several chunks");
    QTemporaryDir dir;
    const QString path = dir.filePath("big.csv");
    test::writeFile(path, f.bytes);
    const Recording r = DelimitedTextReader::read(path, bigFileMapping());
    QCOMPARE(r.sampleCount(), size_t(rows));
    QCOMPARE(r.sampleRateHz, 50.0);
    QCOMPARE(r.startTimeUs, int64_t(kHarthStartUs + (23 * 3600 + 58 * 60) * 1000000LL));
    for (size_t c = 0; c < 3; ++c) {
        const std::vector<float>& got = r.channel(c).samples;
        for (size_t i = 0; i < size_t(rows); ++i) {
            if (!sameBits(got[i], f.expected[c][i])) {
                QFAIL(qPrintable(QStringLiteral("column %1 row %2 (line %3): %4, expected %5")
                                     .arg(c)
                                     .arg(i)
                                     .arg(i + 2)
                                     .arg(double(got[i]), 0, 'g', 9)
                                     .arg(double(f.expected[c][i]), 0, 'g', 9)));
            }
        }
    }
    QCOMPARE(r.groundTruth()->toSampleLabels(size_t(rows)), f.labels);
}

void TestReaders::chunkParserIndependentOfChunking()
{
    // The same bytes through one thread in one chunk and through 4 threads in
    // ~1000 chunks of a few KiB: every boundary case (a chunk starting at a
    // line, a CRLF split across chunks) must give the same columns.
    BigFile f = makeBigFile(30000);
    f.bytes.replace("\n", "\r\n");
    const char* data = f.bytes.constData() + f.header.size() + 1; // header now ends in \r\n
    const size_t size = size_t(f.bytes.size() - f.header.size() - 1) - 2;
    TextChunkParser::Layout layout;
    layout.delimiter = ',';
    layout.fields.resize(5);
    layout.fields[0].kind = TextChunkParser::FieldKind::Time;
    for (int i = 1; i <= 3; ++i) {
        layout.fields[size_t(i)].kind = TextChunkParser::FieldKind::Value;
        layout.fields[size_t(i)].target = i - 1;
    }
    layout.fields[4].kind = TextChunkParser::FieldKind::Label;
    layout.valueColumns = 3;

    TextChunkParser::Columns one, many;
    const TextChunkParser::Problem p1 =
        TextChunkParser(data, size, layout, 1, size + 1).parse(&one);
    const TextChunkParser manyParser(data, size, layout, 4, 2000);
    QVERIFY(TextChunkParser::chunkStarts(data, size, 2000).size() > 500);
    const TextChunkParser::Problem p2 = manyParser.parse(&many);
    QVERIFY2(!p1.isSet(), qPrintable(p1.message));
    QVERIFY2(!p2.isSet(), qPrintable(p2.message));
    QCOMPARE(one.rows, int64_t(30000));
    QCOMPARE(many.rows, int64_t(30000));
    QCOMPARE(many.times, one.times);
    QCOMPARE(many.labels, f.labels);
    for (size_t c = 0; c < 3; ++c) {
        QVERIFY(std::memcmp(many.values[c].data(), one.values[c].data(), 30000 * sizeof(float)) ==
                0);
        QVERIFY(std::memcmp(one.values[c].data(), f.expected[c].data(), 30000 * sizeof(float)) ==
                0);
    }
    for (size_t i = 1; i < one.times.size(); ++i)
        QCOMPARE(one.times[i] - one.times[i - 1], int64_t(20000));
}

void TestReaders::errorsAtChunkBoundaries()
{
    const BigFile clean = makeBigFile(200000);
    const std::vector<size_t> starts = bigFileChunkStarts(clean);
    QVERIFY(starts.size() >= 4);
    QTemporaryDir dir;
    const QString path = dir.filePath("edge.csv");
    // The first line of chunks 1 and 2, the last line of chunks 1 and 2, the very last line.
    std::vector<int> rows;
    for (size_t c : {size_t(1), size_t(2), size_t(3)}) {
        const int first = rowAtOffset(clean, starts[c]);
        rows.push_back(first);
        rows.push_back(first - 1);
    }
    rows.push_back(int(clean.lineStarts.size()) - 1);
    for (int row : rows) {
        for (int field : {2, 4}) {
            BigFile f = clean;
            corrupt(&f, row, field, 'x');
            test::writeFile(path, f.bytes);
            const Caught c =
                catchFormatError([&] { DelimitedTextReader::read(path, bigFileMapping()); });
            QVERIFY2(c.thrown, qPrintable(QStringLiteral("row %1 field %2").arg(row).arg(field)));
            QCOMPARE(c.line, qint64(row) + 2); // 1-based, after the header
            QCOMPARE(c.column, field);
            QVERIFY2(c.text.contains(QStringLiteral("edge.csv:%1:%2: 'x").arg(row + 2).arg(field)),
                     qPrintable(c.text));
        }
    }
}

void TestReaders::earliestErrorWinsAcrossChunks()
{
    const BigFile clean = makeBigFile(200000);
    const std::vector<size_t> starts = bigFileChunkStarts(clean);
    QVERIFY(starts.size() >= 4);
    const int inChunk1 = rowAtOffset(clean, starts[1]) + 5;
    const int inChunk3 = rowAtOffset(clean, starts[3]) + 5;
    QTemporaryDir dir;
    const QString path = dir.filePath("two.csv");

    // Two bad values: the one in the earlier chunk is reported, whatever finishes first.
    BigFile f = clean;
    corrupt(&f, inChunk3, 2, 'x');
    corrupt(&f, inChunk1, 3, 'y');
    test::writeFile(path, f.bytes);
    Caught c = catchFormatError([&] { DelimitedTextReader::read(path, bigFileMapping()); });
    QVERIFY(c.thrown);
    QVERIFY2(c.text.contains(QStringLiteral("two.csv:%1:3: 'y").arg(inChunk1 + 2)),
             qPrintable(c.text));

    // A time stamp going back in chunk 0 comes before a bad value in chunk 1.
    f = clean;
    corrupt(&f, inChunk1, 2, 'x');
    const int early = 1000;
    f.bytes.replace(f.lineStarts[size_t(early)], 23,
                    f.bytes.mid(f.lineStarts[size_t(early - 2)], 23));
    test::writeFile(path, f.bytes);
    c = catchFormatError([&] { DelimitedTextReader::read(path, bigFileMapping()); });
    QVERIFY(c.thrown);
    QVERIFY2(c.text.contains(QStringLiteral("two.csv:%1:1: time stamp").arg(early + 2)) &&
                 c.text.contains(
                     QStringLiteral("is not after the previous one (line %1)").arg(early + 1)),
             qPrintable(c.text));

    // ... but a bad value before that time stamp is reported first.
    corrupt(&f, early - 10, 4, 'z');
    test::writeFile(path, f.bytes);
    c = catchFormatError([&] { DelimitedTextReader::read(path, bigFileMapping()); });
    QVERIFY(c.thrown);
    QVERIFY2(c.text.contains(QStringLiteral("two.csv:%1:4: 'z").arg(early - 8)),
             qPrintable(c.text));

    // A time stamp going back after a bad value in another chunk: the bad value.
    f = clean;
    corrupt(&f, inChunk1, 2, 'x');
    f.bytes.replace(f.lineStarts[size_t(inChunk3)], 23,
                    f.bytes.mid(f.lineStarts[size_t(inChunk3 - 2)], 23));
    test::writeFile(path, f.bytes);
    c = catchFormatError([&] { DelimitedTextReader::read(path, bigFileMapping()); });
    QVERIFY(c.thrown);
    QVERIFY2(c.text.contains(QStringLiteral("two.csv:%1:2: 'x").arg(inChunk1 + 2)),
             qPrintable(c.text));

    // A gap comes before a later step back in time.
    f = clean;
    f.bytes.replace(f.lineStarts[size_t(early)], 23,
                    f.bytes.mid(f.lineStarts[size_t(early + 3)], 23));
    f.bytes.replace(f.lineStarts[size_t(inChunk3)], 23,
                    f.bytes.mid(f.lineStarts[size_t(inChunk3 - 2)], 23));
    test::writeFile(path, f.bytes);
    c = catchFormatError([&] { DelimitedTextReader::read(path, bigFileMapping()); });
    QVERIFY(c.thrown);
    QVERIFY2(c.text.contains(QStringLiteral("two.csv:%1:1: gap of 80.0 ms").arg(early + 2)),
             qPrintable(c.text));
}

void TestReaders::progressAndCancel()
{
    const BigFile f = makeBigFile(100000);
    QTemporaryDir dir;
    const QString path = dir.filePath("p.csv");
    test::writeFile(path, f.bytes);
    std::vector<double> fractions;
    JobControl job;
    job.progress = [&](double fraction, const QString&) { fractions.push_back(fraction); };
    DelimitedTextReader::read(path, bigFileMapping(), nullptr, &job);
    QVERIFY(fractions.size() >= 2);
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    QCOMPARE(fractions.back(), 1.0);

    std::atomic<bool> cancel{true};
    job.cancelRequested = &cancel;
    bool cancelled = false;
    try {
        DelimitedTextReader::read(path, bigFileMapping(), nullptr, &job);
    } catch (const Cancelled&) {
        cancelled = true;
    }
    QVERIFY(cancelled);

    // Cancelled while parsing: the progress callback asks for it.
    cancel = false;
    job.progress = [&](double fraction, const QString&) {
        if (fraction > 0.1)
            cancel = true;
    };
    cancelled = false;
    try {
        DelimitedTextReader::read(path, bigFileMapping(), nullptr, &job);
    } catch (const Cancelled&) {
        cancelled = true;
    }
    QVERIFY(cancelled);
}

void TestReaders::haptFixtureConvention()
{
    QTemporaryDir dir;
    const QString raw = dir.filePath("hapt/RawData");
    // 1-based inclusive: "1 3" is samples 0..2, and a segment may end on the last row (10).
    writeHaptFixture(raw, 10, "1 1 5 1 3\n1 1 7 4 4\n1 1 4 6 10\n2 3 6 2 9\n");
    QVERIFY(HaptReader::looksLikeHaptFolder(dir.filePath("hapt")));
    QVERIFY(HaptReader::looksLikeHaptFolder(raw));
    QVERIFY(!HaptReader::looksLikeHaptFolder(dir.path()));
    const std::vector<Recording> recordings = HaptReader::readFolder(dir.filePath("hapt"));
    QCOMPARE(recordings.size(), size_t(2));
    const Recording& r = recordings[0];
    QCOMPARE(r.id, QStringLiteral("exp01_user01"));
    QCOMPARE(r.subjectId, QStringLiteral("1"));
    QCOMPARE(recordings[1].id, QStringLiteral("exp02_user03"));
    QCOMPARE(recordings[1].subjectId, QStringLiteral("3"));
    QCOMPARE(r.sampleRateHz, 50.0);
    QCOMPARE(r.labelSetId, QStringLiteral("hapt"));
    QCOMPARE(r.sensors.size(), size_t(1));
    QCOMPARE(r.sensors[0].name, QStringLiteral("waist"));
    QCOMPARE(r.sensors[0].device, QStringLiteral("Samsung Galaxy S II"));
    QCOMPARE(r.channelCount(), size_t(6));
    const char* const quantities[] = {"acc", "acc", "acc", "gyro", "gyro", "gyro"};
    const char* const units[] = {"g", "g", "g", "rad/s", "rad/s", "rad/s"};
    for (size_t c = 0; c < 6; ++c) {
        QCOMPARE(r.channel(c).name, QString(QChar(u"xyz"[c % 3])));
        QCOMPARE(r.channel(c).quantity, QString::fromLatin1(quantities[c]));
        QCOMPARE(r.channel(c).unit, QString::fromLatin1(units[c]));
    }
    QCOMPARE(r.channel(0).samples[9], strtofC(QByteArray::number(1.0 + 9 * 0.001)));
    QCOMPARE(r.channel(1).samples[0], -0.125f);
    QCOMPARE(r.channel(4).samples[3], strtofC(QByteArray::number(-0.002 * 3)));
    QCOMPARE(r.channel(5).samples[0], 0.03f);
    const AnnotationTrack* gt = r.groundTruth();
    QVERIFY(gt);
    QCOMPARE(gt->name(), QStringLiteral("ground truth"));
    QCOMPARE(gt->labelSetId(), QStringLiteral("hapt"));
    const std::vector<Segment> expected = {Segment{0, 3, 5, QString(), 0},
                                           Segment{3, 4, 7, QString(), 0},
                                           Segment{5, 10, 4, QString(), 0}};
    QCOMPARE(gt->segments(), expected);
    QCOMPARE(recordings[1].groundTruth()->segments(),
             (std::vector<Segment>{Segment{1, 9, 6, QString(), 0}}));
    QVERIFY(r.checkConsistency().isEmpty());
}

void TestReaders::haptErrors()
{
    struct Case
    {
        const char* name;
        QByteArray labels;
        const char* expected;
    };
    const Case cases[] = {
        {"beyond the end", "1 1 5 1 3\n2 3 6 5 11\n",
         "labels.txt:2:5: the segment of experiment 2 (user 3) ends at sample 11, beyond the 10 "
         "samples of exp02_user03"},
        {"overlap", "1 1 5 1 3\n1 1 6 5 8\n1 1 4 3 4\n",
         "labels.txt:3:4: the segment 3-4 of experiment 1 (user 1) overlaps the segment 1-3 on "
         "line 1"},
        {"too few fields", "1 1 5 1 3\n1 1 6 5\n", "labels.txt:2:5: expected 5 fields"},
        {"not an integer", "1 1 5 1 3\n\n1 1 six 5 6\n",
         "labels.txt:3:3: 'six' is not a positive integer"},
        {"zero start", "1 1 5 0 3\n", "labels.txt:1:4: '0' is not a positive integer"},
        {"end before start", "1 1 5 4 3\n",
         "labels.txt:1:5: the segment ends (3) before it starts (4)"},
    };
    for (const Case& c : cases) {
        QTemporaryDir dir;
        writeHaptFixture(dir.path(), 10, c.labels);
        const Caught caught = catchFormatError([&] { HaptReader::readFolder(dir.path()); });
        QVERIFY2(caught.thrown, c.name);
        QVERIFY2(caught.text.contains(QString::fromLatin1(c.expected)),
                 qPrintable(QStringLiteral("%1: %2").arg(c.name, caught.text)));
    }

    // acc and gyro of different lengths.
    {
        QTemporaryDir dir;
        writeHaptFixture(dir.path(), 10, "1 1 5 1 3\n");
        QFile gyro(dir.filePath("gyro_exp02_user03.txt"));
        QVERIFY(gyro.open(QIODevice::Append));
        gyro.write("1 2 3\n");
        gyro.close();
        const Caught caught = catchFormatError([&] { HaptReader::readFolder(dir.path()); });
        QVERIFY(caught.thrown);
        QVERIFY2(caught.text.contains("gyro_exp02_user03.txt:11: has 11 rows but "
                                      "acc_exp02_user03.txt has 10"),
                 qPrintable(caught.text));
    }
    // A missing gyro file.
    {
        QTemporaryDir dir;
        writeHaptFixture(dir.path(), 10, "1 1 5 1 3\n");
        QVERIFY(QFile::remove(dir.filePath("gyro_exp01_user01.txt")));
        const Caught caught = catchFormatError([&] { HaptReader::readFolder(dir.path()); });
        QVERIFY(caught.thrown);
        QVERIFY2(caught.text.contains("acc_exp01_user01.txt: no matching gyroscope file "
                                      "gyro_exp01_user01.txt"),
                 qPrintable(caught.text));
    }
    // A bad value in a signal file names that file, line and column.
    {
        QTemporaryDir dir;
        writeHaptFixture(dir.path(), 10, "1 1 5 1 3\n");
        test::writeFile(dir.filePath("acc_exp02_user03.txt"), "1 2 3\n1 2 3\n1 nan 3\n");
        const Caught caught = catchFormatError([&] { HaptReader::readFolder(dir.path()); });
        QVERIFY(caught.thrown);
        QVERIFY2(caught.text.contains("acc_exp02_user03.txt:3:2: 'nan' is not a finite number"),
                 qPrintable(caught.text));
    }
    // Not a HAPT folder.
    {
        QTemporaryDir dir;
        const Caught caught = catchFormatError([&] { HaptReader::readFolder(dir.path()); });
        QVERIFY(caught.thrown);
        QVERIFY2(caught.text.contains("not a HAPT raw folder"), qPrintable(caught.text));
    }
}

void TestReaders::haptSharedData()
{
    KINEMARK_REQUIRE_SHARED("hapt/RawData/labels.txt");
    const QString hapt = test::sharedDataPath("hapt");
    QVERIFY(HaptReader::looksLikeHaptFolder(hapt));
    QVERIFY(HaptReader::looksLikeHaptFolder(hapt + "/RawData"));
    QElapsedTimer timer;
    timer.start();
    ReadReport report;
    const std::vector<Recording> recordings = HaptReader::readFolder(hapt, &report);
    qInfo("HAPT: %zu recordings read in %lld ms", recordings.size(), qint64(timer.elapsed()));
    QCOMPARE(recordings.size(), size_t(42));
    std::set<QString> subjects;
    for (const Recording& r : recordings) {
        subjects.insert(r.subjectId);
        QCOMPARE(r.sampleRateHz, 50.0);
        QCOMPARE(r.channelCount(), size_t(6));
        QVERIFY2(r.checkConsistency().isEmpty(), qPrintable(r.checkConsistency()));
        QCOMPARE(r.groundTruth()->kind(), AnnotationTrack::Kind::GroundTruth);
        // One row per sample: the sample count is the acc file's line count.
        QFile acc(r.source);
        QVERIFY(acc.open(QIODevice::ReadOnly));
        QCOMPARE(qsizetype(r.sampleCount()), acc.readAll().count('\n'));
    }
    QCOMPARE(subjects.size(), size_t(21));
    QVERIFY(subjects.count(QStringLiteral("1")) && subjects.count(QStringLiteral("30")));
    QCOMPARE(recordings[0].id, QStringLiteral("exp01_user01"));

    // Independently from labels.txt, with the convention settled in HaptReader
    // (1-based, inclusive end): a row labels end - start + 1 samples.
    QFile labels(test::sharedDataPath("hapt/RawData/labels.txt"));
    QVERIFY(labels.open(QIODevice::ReadOnly));
    std::map<int32_t, int64_t> expected;
    int64_t firstStart = -1;
    while (!labels.atEnd()) {
        const QList<QByteArray> f = labels.readLine().simplified().split(' ');
        if (f.size() != 5)
            continue;
        expected[f[2].toInt()] += f[4].toLongLong() - f[3].toLongLong() + 1;
        if (firstStart < 0 && f[0] == "1" && f[1] == "1")
            firstStart = f[3].toLongLong();
    }
    QCOMPARE(expected.size(), size_t(12));
    std::map<int32_t, int64_t> got;
    for (const Recording& r : recordings) {
        for (const auto& [classId, count] :
             r.groundTruth()->labelledSampleCounts(int64_t(r.sampleCount())))
            got[classId] += count;
    }
    QCOMPARE(got, expected);
    QCOMPARE(recordings[0].groundTruth()->segments().front().start, firstStart - 1);
}

// A class id that overflows int32, is negative, has trailing characters or is
// not in the recording's label set is refused at its file, line and column;
// without a label set (generic CSV) ids are taken as they are.
void TestReaders::classIdsInRecordings()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("ids.csv");
    const QByteArray head = kHarthHeader + "\n" + kHarthRows[0] + "\n";
    const QByteArray row = "2019-01-12 00:00:00.020,1,1,1,1,1,1,";
    const struct
    {
        const char* label;
        const char* expected;
    } csvCases[] = {
        {"4294967298", "ids.csv:3:8: '4294967298' is not an integer class id"},
        {"-7", "ids.csv:3:8: class id -7 is negative"},
        {"999", "ids.csv:3:8: class id 999 is not in the label set 'harth' (known ids: 1, 2, 3, "
                "4, 5, 6, 7, 8, 13, 14, 130, 140)"},
    };
    for (const auto& c : csvCases) {
        test::writeFile(path, head + row + c.label + "\n");
        const Caught caught = catchFormatError([&] { HarthCsvReader::read(path); });
        QVERIFY2(caught.thrown, c.label);
        QVERIFY2(caught.text.contains(QString::fromLatin1(c.expected)), qPrintable(caught.text));
    }
    // HAR70+ has no class 2.
    test::writeFile(path, head + row + "2\n");
    Caught caught = catchFormatError([&] { HarthCsvReader::read(path, "har70plus"); });
    QVERIFY2(caught.text.contains("ids.csv:3:8: class id 2 is not in the label set 'har70plus'"),
             qPrintable(caught.text));
    // -1 is "unlabelled", as before.
    test::writeFile(path, head + row + "-1\n");
    const Recording unlabelled = HarthCsvReader::read(path);
    QCOMPARE(unlabelled.groundTruth()->segments().size(), size_t(1));

    // A generic CSV without a label set takes any id, but not a negative one.
    ColumnMapping m;
    m.timeColumn = QStringLiteral("timestamp");
    ColumnMapping::SensorColumns s;
    s.sensor = QStringLiteral("back");
    s.columns = QStringList{"back_x", "back_y", "back_z"};
    m.sensors.push_back(s);
    m.labelColumn = QStringLiteral("label");
    test::writeFile(path, head + row + "999\n");
    const Recording any = DelimitedTextReader::read(path, m);
    QCOMPARE(any.groundTruth()->segments().back().classId, 999);
    test::writeFile(path, head + row + "-7\n");
    caught = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY2(caught.text.contains("ids.csv:3:8: class id -7 is negative"), qPrintable(caught.text));
    m.labelSetId = QStringLiteral("hapt");
    test::writeFile(path, head + row + "999\n");
    caught = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY2(caught.text.contains("ids.csv:3:8: class id 999 is not in the label set 'hapt'"),
             qPrintable(caught.text));
    // A project's own copy of the set (edited: class 99 added, 6 gone) is the
    // one checked when the mapping carries it.
    m.labelSetId = QStringLiteral("harth");
    for (const LabelClass& c : LabelSet::builtin("harth").classes)
        if (c.id != 6)
            m.projectClasses.push_back(c);
    LabelClass flying;
    flying.id = 99;
    flying.name = QStringLiteral("flying");
    m.projectClasses.push_back(flying);
    const QByteArray headOfOne = kHarthHeader + "\n2019-01-12 00:00:00.000,1,1,1,1,1,1,1\n";
    test::writeFile(path, headOfOne + row + "99\n");
    QCOMPARE(DelimitedTextReader::read(path, m).groundTruth()->segments().back().classId, 99);
    test::writeFile(path, headOfOne + row + "6\n");
    caught = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY2(caught.text.contains("ids.csv:3:8: class id 6 is not in the label set 'harth' (known "
                                  "ids: 1, 2, 3, 4, 5, 7, 8, 13, 14, 130, 140, 99)"),
             qPrintable(caught.text));

    // HAPT labels.txt: fields are digits only, the activity one of HAPT's.
    const struct
    {
        const char* name;
        QByteArray labels;
        const char* expected;
    } haptCases[] = {
        {"NUL", QByteArray("1 1 5 1 3\n1 1 1\0 5 6\n", 21),
         "labels.txt:2:3: '1\\x00' is not a positive integer (the activity)"},
        {"trailing x", "1 1 5 1 3\n1 1 1x 5 6\n",
         "labels.txt:2:3: '1x' is not a positive integer (the activity)"},
        {"overflow", "1 1 4294967298 1 3\n",
         "labels.txt:1:3: activity 4294967298 is not in the HAPT label set"},
        {"unknown", "1 1 999 1 3\n",
         "labels.txt:1:3: activity 999 is not in the HAPT label set (known ids: 1, 2, 3, 4, 5, 6, "
         "7, 8, 9, 10, 11, 12)"},
        {"start with junk", "1 1 5 1z 3\n", "labels.txt:1:4: '1z' is not a positive integer"},
    };
    for (const auto& c : haptCases) {
        QTemporaryDir hapt;
        writeHaptFixture(hapt.path(), 10, c.labels);
        caught = catchFormatError([&] { HaptReader::readFolder(hapt.path()); });
        QVERIFY2(caught.thrown, c.name);
        QVERIFY2(caught.text.contains(QString::fromLatin1(c.expected)),
                 qPrintable(QStringLiteral("%1: %2").arg(c.name, caught.text)));
    }
}

// Segment CSV and one-class-per-sample files: the same checks, at the class
// id's line and column.
void TestReaders::classIdsInLabelFiles()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("labels.csv");
    const LabelSet hapt = LabelSet::builtin(QStringLiteral("hapt"));
    const auto kind = AnnotationTrack::Kind::GroundTruth;
    const struct
    {
        const char* id;
        const char* expected;
    } segmentCases[] = {
        {"4294967298", "labels.csv:3:3: class id '4294967298' is too large"},
        {"-7", "labels.csv:3:3: class id -7 is negative"},
        {"2x", "labels.csv:3:3: '2x' is not an integer class id"},
        {"999", "labels.csv:3:3: class id 999 is not in the label set 'hapt' (known ids: 1, 2, "
                "3, 4, 5, 6, 7, 8, 9, 10, 11, 12)"},
    };
    for (const auto& c : segmentCases) {
        test::writeFile(path,
                        QByteArray("start_sample,end_sample,class_id\n0,5,1\n5,8,") + c.id + "\n");
        const Caught caught = catchFormatError(
            [&] { SegmentCsvFormat::read(path, hapt, 50, 10, false, "gt", kind); });
        QVERIFY2(caught.thrown, c.id);
        QVERIFY2(caught.text.contains(QString::fromLatin1(c.expected)), qPrintable(caught.text));
    }
    // Valid ids, and -1 as an explicit unlabelled span, still read.
    test::writeFile(path, "start_sample,end_sample,class_id\n0,5,1\n5,8,-1\n8,10,12\n");
    const AnnotationTrack segments = SegmentCsvFormat::read(path, hapt, 50, 10, false, "gt", kind);
    QCOMPARE(segments.segments().size(), size_t(2));

    const struct
    {
        const char* id;
        const char* expected;
    } sampleCases[] = {
        {"4294967298", "labels.csv:4:1: class id '4294967298' is too large"},
        {"-7", "labels.csv:4:1: class id -7 is negative"},
        {"1x", "labels.csv:4:1: '1x' is not an integer class id"},
        {"999", "labels.csv:4:1: class id 999 is not in the label set 'hapt'"},
    };
    for (const auto& c : sampleCases) {
        test::writeFile(path, QByteArray("label\n1\n1\n") + c.id + "\n");
        const Caught caught = catchFormatError([&] {
            SampleLabelColumnFormat::read(path, QString(), true, 10, false, "gt", kind, "hapt",
                                          &hapt);
        });
        QVERIFY2(caught.thrown, c.id);
        QVERIFY2(caught.text.contains(QString::fromLatin1(c.expected)), qPrintable(caught.text));
    }
    test::writeFile(path, "label\n1\n\n-1\n12\n");
    const AnnotationTrack samples =
        SampleLabelColumnFormat::read(path, QString(), true, 10, false, "gt", kind, "hapt", &hapt);
    QCOMPARE(samples.segments().size(), size_t(2));
    // Without a label set, any non-negative id.
    test::writeFile(path, "label\n999\n");
    QCOMPARE(SampleLabelColumnFormat::read(path, QString(), true, 10, false, "gt", kind, QString())
                 .segments()
                 .front()
                 .classId,
             999);
}

QTEST_GUILESS_MAIN(TestReaders)
#include "tst_readers.moc"
