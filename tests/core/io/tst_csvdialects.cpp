// The generic CSV reader on the dialects and label forms of real datasets
// (issue #18): text labels (made into a label set, mapped by a label map, or
// placed in an existing set by name), unlabelled values, the cap on distinct
// texts, and the dialects: ';' terminators, trailing delimiters, BOM, CRLF,
// quotes, decimal commas, comment and blank lines, Unix us and ns. Every
// file is written here and its samples, rate and labels are checked exactly.
#include "core/base/FormatError.h"
#include "core/io/ColumnMapping.h"
#include "core/io/DelimitedTextReader.h"
#include "core/io/LabelTextCollector.h"
#include "core/io/RecordingImporter.h"
#include "core/io/TextChunkParser.h"
#include "core/labels/LabelMapFile.h"
#include "core/labels/TextLabelDictionary.h"
#include "core/model/LabelSet.h"
#include "core/model/Project.h"
#include "tests/support/CaughtFormatError.h"
#include "tests/support/TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cstdlib>

using namespace kinemark;

namespace {

constexpr double kGravity = 9.80665;
constexpr int64_t kStartUs = 1600000000000000LL; // 2020-09-13 12:26:40 UTC

// Rows of a 20 Hz recording: x, y, z in m/s2 and a label text.
struct Row
{
    double x, y, z;
    const char* label;
};
const Row kRows[] = {
    {7.091625, -0.5916671, 8.195502, "A"},
    {6.9, -0.6, 8.1, "A"},
    {1.5, 2.25, -9.75, "B"},
    {1.25, 2.5, -9.5, "B"},
    {0.5, -0.25, 9.81, "A"},
    {0.0, 0.125, 9.8, "C"},
};
constexpr int kRowCount = int(sizeof kRows / sizeof kRows[0]);

// WISDM's layout: user,activity,timestamp-ns,x,y,z;
QByteArray wisdmFile(const QByteArray& lineEnd = ";\n")
{
    QByteArray out;
    for (int i = 0; i < kRowCount; ++i) {
        const int64_t ns = (kStartUs + int64_t(i) * 50000) * 1000;
        out += "1600," + QByteArray(kRows[i].label) + "," + QByteArray::number(qlonglong(ns)) +
               "," + QByteArray::number(kRows[i].x, 'g', 10) + "," +
               QByteArray::number(kRows[i].y, 'g', 10) + "," +
               QByteArray::number(kRows[i].z, 'g', 10) + lineEnd;
    }
    return out;
}

ColumnMapping wisdmMapping()
{
    ColumnMapping m;
    m.hasHeader = false;
    m.timeColumn = QStringLiteral("3");
    ColumnMapping::SensorColumns s;
    s.sensor = QStringLiteral("phone");
    s.columns = QStringList{"4", "5", "6"};
    m.sensors.push_back(s);
    m.labelColumn = QStringLiteral("2");
    m.unit = ColumnMapping::Unit::MetresPerSecond2;
    return m;
}

float expectedG(double metresPerSecond2)
{
    return float(metresPerSecond2 / kGravity);
}

void checkSamples(const Recording& r, bool metresPerSecond2)
{
    QCOMPARE(r.sampleCount(), size_t(kRowCount));
    QCOMPARE(r.sampleRateHz, 20.0);
    QCOMPARE(r.startTimeUs, kStartUs);
    const Sensor& s = r.sensors.at(0);
    for (int i = 0; i < kRowCount; ++i) {
        const double v[3] = {kRows[i].x, kRows[i].y, kRows[i].z};
        for (int a = 0; a < 3; ++a) {
            const float want = metresPerSecond2 ? expectedG(v[a]) : float(v[a]);
            QVERIFY2(s.channels[size_t(a)].samples[size_t(i)] == want,
                     qPrintable(QStringLiteral("row %1 axis %2: %3 != %4")
                                    .arg(i)
                                    .arg(a)
                                    .arg(s.channels[size_t(a)].samples[size_t(i)], 0, 'g', 9)
                                    .arg(want, 0, 'g', 9)));
        }
    }
}

std::vector<int32_t> labelsOf(const Recording& r)
{
    const AnnotationTrack* t = r.groundTruth();
    if (!t)
        return {};
    return t->toSampleLabels(r.sampleCount());
}

using test::catchFormatError;
using test::Caught;

} // namespace

class TestCsvDialects : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wisdmLettersAndTerminators();
    void wisdmPhoneClockNeedsUnixNs();
    void textLabelsSorted();
    void textLabelsIntoAnExistingSetByName();
    void labelMapAndUnlabelledValues_data();
    void labelMapAndUnlabelledValues();
    void integerLabelsAsBefore();
    void integerColumnWithALetterSaysWhatToDo();
    void tooManyTextsAreRefused();
    void textLabelsIndependentOfChunking();
    void importMakesTheLabelSetOfTheProject();
    void dialects_data();
    void dialects();
    void headerDetection_data();
    void headerDetection();
    void headerOfNumbersIsReadAsData();
    void decimalCommaNeedsAnotherDelimiter();
    void unixMicroseconds();
    void labelMapFiles();
    void unevenTimeStampsAreResampled();
    void commentInsideTheDataSaysSo();
    void describePreviewsTheReadersRules();
};

void TestCsvDialects::wisdmLettersAndTerminators()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("wisdm.txt");
    test::writeFile(path, wisdmFile());
    ReadReport report;
    LabelSet made;
    const Recording r = DelimitedTextReader::read(path, wisdmMapping(), &report, nullptr, &made);
    checkSamples(r, true);
    // Ids in order of first appearance: A 1, B 2, C 3.
    QCOMPARE(labelsOf(r), (std::vector<int32_t>{1, 1, 2, 2, 1, 3}));
    QCOMPARE(made.id, QStringLiteral("wisdm"));
    QCOMPARE(r.labelSetId, made.id);
    QCOMPARE(r.groundTruth()->labelSetId(), made.id);
    QCOMPARE(made.classes.size(), size_t(3));
    const char* names[] = {"A", "B", "C"};
    for (int k = 0; k < 3; ++k) {
        QCOMPARE(made.classes[size_t(k)].id, k + 1);
        QCOMPARE(made.classes[size_t(k)].name, QString::fromLatin1(names[k]));
        QCOMPARE(made.classes[size_t(k)].shortcut, QString::number(k + 1));
        QCOMPARE(made.classes[size_t(k)].colour, TextLabelDictionary::colourFor(k));
    }
    const QString notes = report.warnings.join('\n');
    QVERIFY2(notes.contains("lines end with ';'"), qPrintable(notes));
    QVERIFY2(notes.contains("delimiter ','"), qPrintable(notes));
    QVERIFY2(notes.contains("labels as text"), qPrintable(notes));
    QVERIFY2(notes.contains("Unix nanoseconds"), qPrintable(notes));
    QVERIFY2(notes.contains("1 'A', 2 'B', 3 'C'"), qPrintable(notes));

    // Without hasHeader the first line, a text label like every row's, is data.
    ColumnMapping detect = wisdmMapping();
    detect.hasHeader.reset();
    ReadReport detectedReport;
    const Recording detected = DelimitedTextReader::read(path, detect, &detectedReport);
    checkSamples(detected, true);
    QCOMPARE(labelsOf(detected), (std::vector<int32_t>{1, 1, 2, 2, 1, 3}));
    QVERIFY2(detectedReport.warnings.join('\n').contains("no header (detected)"),
             qPrintable(detectedReport.warnings.join('\n')));
}

void TestCsvDialects::wisdmPhoneClockNeedsUnixNs()
{
    // WISDM's time stamps count ns from the phone's start (9e13 ns = 25 h):
    // read as milliseconds they are the year 4835, and the refusal names
    // the option; with --time-format unix-ns they read.
    QTemporaryDir dir;
    const QString path = dir.filePath("wisdm.txt");
    QByteArray text;
    for (int i = 0; i < 4; ++i)
        text += "1600,A," + QByteArray::number(qlonglong(90426708196641LL + i * 50000000LL)) +
                ",7.091625,-0.5916671,8.195502;\n";
    test::writeFile(path, text);
    ColumnMapping m = wisdmMapping();
    const Caught c = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY(c.thrown);
    QVERIFY2(c.text.contains("unix-ns"), qPrintable(c.text));
    QCOMPARE(c.line, qint64(1));
    QCOMPARE(c.column, 3);
    m.timeFormat = ColumnMapping::TimeFormat::UnixNanoseconds;
    const Recording r = DelimitedTextReader::read(path, m);
    QCOMPARE(r.sampleRateHz, 20.0);
    QCOMPARE(r.startTimeUs, int64_t(90426708197)); // rounded to the microsecond
    QCOMPARE(r.sampleCount(), size_t(4));
}

void TestCsvDialects::textLabelsSorted()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("s.csv");
    test::writeFile(path, "t,x,y,z,activity\n"
                          "0.00,1,2,3,walking\n"
                          "0.02,1,2,3,sitting\n"
                          "0.04,1,2,3,10\n"
                          "0.06,1,2,3,2\n"
                          "0.08,1,2,3,sitting\n");
    ColumnMapping m;
    m.timeColumn = "t";
    m.sampleRateHz = 50;
    m.sensors.push_back({"wrist", "acc", {"x", "y", "z"}, {}});
    m.labelColumn = "activity";
    m.labelFormat = ColumnMapping::LabelFormat::Text;
    m.labelOrder = ColumnMapping::LabelOrder::Sorted;
    m.labelSetId = "mine";
    LabelSet made;
    const Recording r = DelimitedTextReader::read(path, m, nullptr, nullptr, &made);
    // Numbers first, as numbers (2 before 10), then texts.
    QCOMPARE(made.classes.size(), size_t(4));
    QCOMPARE(made.classes[0].name, QStringLiteral("2"));
    QCOMPARE(made.classes[1].name, QStringLiteral("10"));
    QCOMPARE(made.classes[2].name, QStringLiteral("sitting"));
    QCOMPARE(made.classes[3].name, QStringLiteral("walking"));
    QCOMPARE(labelsOf(r), (std::vector<int32_t>{4, 3, 2, 1, 3}));
}

void TestCsvDialects::textLabelsIntoAnExistingSetByName()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("h.csv");
    test::writeFile(path, "t,x,y,z,activity\n"
                          "0.00,1,2,3,Walking\n"
                          "0.02,1,2,3,running\n"
                          "0.04,1,2,3,sitting\n");
    ColumnMapping m;
    m.timeColumn = "t";
    m.sampleRateHz = 50;
    m.sensors.push_back({"thigh", "acc", {"x", "y", "z"}, {}});
    m.labelColumn = "activity";
    m.labelSetId = "harth";
    LabelSet made;
    const Recording r = DelimitedTextReader::read(path, m, nullptr, nullptr, &made);
    const LabelSet harth = LabelSet::builtin("harth");
    auto idOf = [&](const char* name) {
        for (const LabelClass& c : harth.classes)
            if (c.name == QLatin1String(name))
                return c.id;
        return kUnlabelled;
    };
    QVERIFY(made.id.isEmpty());
    QCOMPARE(r.labelSetId, QStringLiteral("harth"));
    QCOMPARE(labelsOf(r),
             (std::vector<int32_t>{idOf("walking"), idOf("running"), idOf("sitting")}));

    // A word that is no class of the set is refused at its line and column.
    test::writeFile(path, "t,x,y,z,activity\n"
                          "0.00,1,2,3,walking\n"
                          "0.02,1,2,3,jogging\n");
    const Caught c = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY(c.thrown);
    QCOMPARE(c.line, qint64(3));
    QCOMPARE(c.column, 5);
    QVERIFY2(c.text.contains("'jogging' is no class of label set 'harth'"), qPrintable(c.text));
    QVERIFY2(c.text.contains("--label-map") && c.text.contains("--unlabelled jogging"),
             qPrintable(c.text));
}

void TestCsvDialects::labelMapAndUnlabelledValues_data()
{
    QTest::addColumn<QByteArray>("mapFile");
    QTest::addColumn<QString>("mapName");
    QTest::newRow("csv") << QByteArray("text,class_id,name\nA,7,walking\nB,3,jogging\n")
                         << "map.csv";
    QTest::newRow("json")
        << QByteArray(R"({"A": {"id": 7, "name": "walking"}, "B": {"id": 3, "name": "jogging"}})")
        << "map.json";
}

void TestCsvDialects::labelMapAndUnlabelledValues()
{
    QFETCH(QByteArray, mapFile);
    QFETCH(QString, mapName);
    QTemporaryDir dir;
    const QString path = dir.filePath("m.csv");
    test::writeFile(path, "t;x;y;z;label\n"
                          "0;1;2;3;A\n"
                          "0,05;1;2;3;null\n"
                          "0,1;1;2;3;B\n"
                          "0,15;1;2;3;\n"
                          "0,2;1;2;3;A\n");
    test::writeFile(dir.filePath(mapName), mapFile);
    ColumnMapping m;
    m.timeColumn = "t";
    m.timeFormat = ColumnMapping::TimeFormat::RelativeSeconds;
    m.sensors.push_back({"wrist", "acc", {"x", "y", "z"}, {}});
    m.labelColumn = "label";
    m.labelMap = LabelMapFile::read(dir.filePath(mapName));
    m.unlabelledValues = QStringList{"null"};
    m.labelSetId = "lab";
    LabelSet made;
    ReadReport report;
    Recording r;
    const Caught failed =
        catchFormatError([&] { r = DelimitedTextReader::read(path, m, &report, nullptr, &made); });
    QVERIFY2(!failed.thrown, qPrintable(failed.text));
    QCOMPARE(r.sampleRateHz, 20.0);
    QCOMPARE(labelsOf(r), (std::vector<int32_t>{7, kUnlabelled, 3, kUnlabelled, 7}));
    QCOMPARE(made.id, QStringLiteral("lab"));
    QCOMPARE(made.classes.size(), size_t(2));
    QCOMPARE(made.classes[0].id, 3);
    QCOMPARE(made.classes[0].name, QStringLiteral("jogging"));
    QCOMPARE(made.classes[1].id, 7);
    QCOMPARE(made.classes[1].name, QStringLiteral("walking"));
    QVERIFY2(report.warnings.join('\n').contains("no label: 'null', (empty)"),
             qPrintable(report.warnings.join('\n')));

    // A text the map does not know is refused, naming both options.
    m.unlabelledValues.clear();
    const Caught c = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY(c.thrown);
    QCOMPARE(c.line, qint64(3));
    QCOMPARE(c.column, 5);
    QVERIFY2(c.text.contains("label 'null' is not in the label map") &&
                 c.text.contains("--unlabelled null"),
             qPrintable(c.text));
}

void TestCsvDialects::integerLabelsAsBefore()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("i.csv");
    test::writeFile(path, "t,x,y,z,label\n0,1,2,3,6\n0.02,1,2,3,6\n0.04,1,2,3,1\n0.06,1,2,3,-1\n");
    ColumnMapping m;
    m.timeColumn = "t";
    m.timeFormat = ColumnMapping::TimeFormat::RelativeSeconds;
    m.sensors.push_back({"thigh", "acc", {"x", "y", "z"}, {}});
    m.labelColumn = "label";
    m.labelSetId = "harth";
    LabelSet made;
    ReadReport report;
    const Recording r = DelimitedTextReader::read(path, m, &report, nullptr, &made);
    QVERIFY(made.id.isEmpty());
    QCOMPARE(r.labelSetId, QStringLiteral("harth"));
    QCOMPARE(labelsOf(r), (std::vector<int32_t>{6, 6, 1, kUnlabelled}));
    QVERIFY(report.warnings.join('\n').contains("labels as class ids"));
}

void TestCsvDialects::integerColumnWithALetterSaysWhatToDo()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("i.csv");
    test::writeFile(path, "t,x,y,z,label\n0,1,2,3,6\n0.02,1,2,3,B\n");
    ColumnMapping m;
    m.timeColumn = "t";
    m.timeFormat = ColumnMapping::TimeFormat::RelativeSeconds;
    m.sensors.push_back({"thigh", "acc", {"x", "y", "z"}, {}});
    m.labelColumn = "label";
    const Caught c = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY(c.thrown);
    QCOMPARE(c.line, qint64(3));
    QCOMPARE(c.column, 5);
    QVERIFY2(c.text.contains("'B' is not an integer class id") &&
                 c.text.contains("--label-format text"),
             qPrintable(c.text));
    // As text, both are classes.
    m.labelFormat = ColumnMapping::LabelFormat::Text;
    LabelSet made;
    const Recording r = DelimitedTextReader::read(path, m, nullptr, nullptr, &made);
    QCOMPARE(labelsOf(r), (std::vector<int32_t>{1, 2}));
    QCOMPARE(made.id, QStringLiteral("i"));
    QCOMPARE(made.classes[0].name, QStringLiteral("6"));
}

void TestCsvDialects::tooManyTextsAreRefused()
{
    // A label column with a new text on every row (a time stamp given as
    // the label column) is refused at the first text beyond the cap, before
    // any class is made.
    QTemporaryDir dir;
    const QString path = dir.filePath("many.csv");
    QByteArray text = "x,y,z,label\n";
    for (int i = 0; i < 5000; ++i)
        text += "1,2,3,t" + QByteArray::number(i) + "\n";
    test::writeFile(path, text);
    ColumnMapping m;
    m.sampleRateHz = 50;
    m.sensors.push_back({"wrist", "acc", {"x", "y", "z"}, {}});
    m.labelColumn = "label";
    const Caught c = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY(c.thrown);
    QCOMPARE(c.line, qint64(2 + LabelTextCollector::kMaxTexts));
    QCOMPARE(c.column, 4);
    QVERIFY2(c.text.contains(QStringLiteral("more than %1").arg(LabelTextCollector::kMaxTexts)) &&
                 c.text.contains("--label-map"),
             qPrintable(c.text));
}

void TestCsvDialects::textLabelsIndependentOfChunking()
{
    // Runs of labels with texts spread over the file: any chunking and any
    // thread count give the same texts in the same order and the same rows.
    QByteArray data;
    const char* words[] = {"walk", "sit", "\"lie, down\"", "stand", "cycle", "run"};
    std::srand(7);
    int run = 0;
    int word = 0;
    for (int i = 0; i < 20000; ++i) {
        if (run-- <= 0) {
            run = std::rand() % 300;
            word = std::rand() % 6;
        }
        data += QByteArray::number(i % 7) + ",1.5," + words[word] + "\n";
    }
    data.chop(1);
    TextChunkParser::Layout layout;
    layout.delimiter = ',';
    layout.textLabels = true;
    layout.fields.resize(3);
    layout.fields[0].kind = TextChunkParser::FieldKind::Value;
    layout.fields[0].target = 0;
    layout.fields[1].kind = TextChunkParser::FieldKind::Value;
    layout.fields[1].target = 1;
    layout.fields[2].kind = TextChunkParser::FieldKind::Label;
    layout.valueColumns = 2;
    TextChunkParser::Columns reference;
    QVERIFY(!TextChunkParser(data.constData(), size_t(data.size()), layout, 1, size_t(1) << 30)
                 .parse(&reference)
                 .isSet());
    QCOMPARE(reference.rows, int64_t(20000));
    QVERIFY(reference.labelTexts.size() >= 5);
    for (size_t chunk : {size_t(64), size_t(1000), size_t(4096)}) {
        for (int threads : {1, 3}) {
            TextChunkParser::Columns columns;
            QVERIFY(!TextChunkParser(data.constData(), size_t(data.size()), layout, threads, chunk)
                         .parse(&columns)
                         .isSet());
            QCOMPARE(columns.labelTexts, reference.labelTexts);
            QVERIFY(columns.labels == reference.labels);
        }
    }
    QVERIFY(std::find(reference.labelTexts.begin(), reference.labelTexts.end(),
                      QByteArray("lie, down")) != reference.labelTexts.end());
}

void TestCsvDialects::importMakesTheLabelSetOfTheProject()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("wisdm.txt");
    test::writeFile(path, wisdmFile());
    Project project;
    ColumnMapping m = wisdmMapping();
    m.labelSetId = "wisdm";
    QCOMPARE(RecordingImporter::importInto(project, path, RecordingImporter::Format::Csv, m), 1);
    const LabelSet* set = project.labelSet("wisdm");
    QVERIFY(set);
    QCOMPARE(set->classes.size(), size_t(3));
    QVERIFY2(project.checkConsistency().isEmpty(), qPrintable(project.checkConsistency()));
    // A second file goes into the same classes by name: C before A is still 3.
    const QString second = dir.filePath("second.txt");
    test::writeFile(second,
                    "1601,C,1600000000000000000,1,2,3;\n1601,A,1600000000050000000,1,2,3;\n");
    m.recordingId = "second";
    QCOMPARE(RecordingImporter::importInto(project, second, RecordingImporter::Format::Csv, m), 1);
    QCOMPARE(project.labelSets.size(), size_t(1));
    QCOMPARE(labelsOf(*project.recordings.back()), (std::vector<int32_t>{3, 1}));
}

void TestCsvDialects::dialects_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("hasHeader");

    // The same six rows of x, y, z in g, 20 Hz, relative seconds.
    auto rows = [](const char* delimiter, bool comma, const char* end, const char* quote = "") {
        QByteArray out;
        for (int i = 0; i < kRowCount; ++i) {
            QByteArray fields[4] = {
                QByteArray::number(i * 0.05, 'f', 2), QByteArray::number(kRows[i].x, 'g', 10),
                QByteArray::number(kRows[i].y, 'g', 10), QByteArray::number(kRows[i].z, 'g', 10)};
            for (QByteArray& f : fields) {
                if (comma)
                    f.replace('.', ',');
                f = quote + f + quote;
            }
            out += fields[0] + delimiter + fields[1] + delimiter + fields[2] + delimiter +
                   fields[3] + delimiter + quote + kRows[i].label + quote + end;
        }
        return out;
    };
    QTest::newRow("plain") << "t,x,y,z,label\n" + rows(",", false, "\n") << true;
    QTest::newRow("no final newline")
        << "t,x,y,z,label\n" + rows(",", false, "\n").chopped(1) << true;
    QTest::newRow("bom and crlf") << "\xEF\xBB\xBFt,x,y,z,label\r\n" + rows(",", false, "\r\n")
                                  << true;
    QTest::newRow("terminator") << "t,x,y,z,label;\n" + rows(",", false, ";\n") << true;
    QTest::newRow("terminator without header") << rows(",", false, ";\r\n") << false;
    QTest::newRow("trailing delimiter") << "t,x,y,z,label,\n" + rows(",", false, ",\n") << true;
    QTest::newRow("trailing delimiters, header without")
        << "t,x,y,z,label\n" + rows(",", false, ",,\n") << true;
    QTest::newRow("quoted fields")
        << "\"t\",\"x\",\"y\",\"z\",\"label\"\n" + rows(",", false, "\n", "\"") << true;
    QTest::newRow("decimal comma") << "t;x;y;z;label\n" + rows(";", true, "\n") << true;
    QTest::newRow("decimal comma, quoted, crlf")
        << "\"t\";\"x\";\"y\";\"z\";\"label\"\r\n" + rows(";", true, "\r\n", "\"") << true;
    QTest::newRow("tabs") << "t\tx\ty\tz\tlabel\n" + rows("\t", false, "\n") << true;
    QTest::newRow("comments above")
        << "# logger v2\n# rate 20 Hz\nt,x,y,z,label\n" + rows(",", false, "\n") << true;
    QTest::newRow("blank and comment lines at the end")
        << "t,x,y,z,label\n" + rows(",", false, "\n") + "\n\n# end of log\n  \n"
        << true;
}

void TestCsvDialects::dialects()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, hasHeader);
    QTemporaryDir dir;
    const QString path = dir.filePath("d.csv");
    test::writeFile(path, content);
    ColumnMapping m;
    m.hasHeader = hasHeader;
    m.timeColumn = hasHeader ? "t" : "1";
    m.timeFormat = ColumnMapping::TimeFormat::RelativeSeconds;
    m.startTimeUs = kStartUs;
    m.sensors.push_back(
        {"wrist", "acc", hasHeader ? QStringList{"x", "y", "z"} : QStringList{"2", "3", "4"}, {}});
    m.labelColumn = hasHeader ? "label" : "5";
    ReadReport report;
    LabelSet made;
    const Recording r = DelimitedTextReader::read(path, m, &report, nullptr, &made);
    checkSamples(r, false);
    QCOMPARE(labelsOf(r), (std::vector<int32_t>{1, 1, 2, 2, 1, 3}));
    QCOMPARE(made.classes.size(), size_t(3));
    QCOMPARE(made.classes[2].name, QStringLiteral("C"));
    const QString notes = report.warnings.join('\n');
    QVERIFY2(notes.contains("read as delimiter"), qPrintable(notes));
    QVERIFY2(notes.contains(content.contains(";\n") && !content.startsWith("t;")
                                ? "lines end with ';'"
                                : "columns"),
             qPrintable(notes));
    if (QByteArray(QTest::currentDataTag()).startsWith("decimal comma"))
        QVERIFY2(notes.contains("decimal comma"), qPrintable(notes));

    // Not given, the header is detected in every dialect, and the note says so.
    m.hasHeader.reset();
    ReadReport detectedReport;
    const Recording detected = DelimitedTextReader::read(path, m, &detectedReport);
    checkSamples(detected, false);
    QCOMPARE(labelsOf(detected), (std::vector<int32_t>{1, 1, 2, 2, 1, 3}));
    const QString detectedNotes = detectedReport.warnings.join('\n');
    const int headerLine = content.startsWith("# logger") ? 3 : 1;
    QVERIFY2(detectedNotes.contains(
                 hasHeader ? QStringLiteral("header on line %1 (detected)").arg(headerLine)
                           : QStringLiteral("no header (detected)")),
             qPrintable(detectedNotes));
}

void TestCsvDialects::headerDetection_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("header");

    QByteArray numbers;
    QByteArray words; // x, y, z and a text label in every row
    for (int i = 0; i < kRowCount; ++i) {
        const QByteArray xyz = QByteArray::number(kRows[i].x, 'g', 10) + "," +
                               QByteArray::number(kRows[i].y, 'g', 10) + "," +
                               QByteArray::number(kRows[i].z, 'g', 10);
        numbers += xyz + "\n";
        words += xyz + "," + kRows[i].label + "\n";
    }
    QTest::newRow("names") << "x,y,z\n" + numbers << true;
    QTest::newRow("numbers only") << numbers << false;
    QTest::newRow("text labels in every row") << words << false;
    QTest::newRow("names and text labels") << "x,y,z,activity\n" + words << true;
    // A header that is a column name in one field only is still a header.
    QTest::newRow("one name") << "1,2,acc_z\n" + numbers << true;
    QTest::newRow("comment above numbers") << "# x,y,z\n" + numbers << false;
}

// The first line is a header when a column that is numeric below is not a
// number in it; a column that holds text in every row (WISDM) does not count.
void TestCsvDialects::headerDetection()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, header);
    QTemporaryDir dir;
    const QString path = dir.filePath("h.csv");
    test::writeFile(path, content);
    ColumnMapping m;
    m.sampleRateHz = 20;
    m.startTimeUs = kStartUs;
    m.sensors.push_back({"wrist", "acc", {"1", "2", "3"}, {}});
    ReadReport report;
    const Recording r = DelimitedTextReader::read(path, m, &report);
    QCOMPARE(r.sampleCount(), int64_t(kRowCount));
    QCOMPARE(r.sensors[0].channels[0].samples.front(), float(kRows[0].x));
    QCOMPARE(r.sensors[0].channels[2].samples.back(), float(kRows[kRowCount - 1].z));
    const QString notes = report.warnings.join('\n');
    QVERIFY2(notes.contains(header ? "header on line" : "no header (detected)"), qPrintable(notes));
    if (header)
        QVERIFY2(notes.contains("(detected)"), qPrintable(notes));
}

// A first line of numbers is data: "1,2,3" as column names cannot be told
// from a row of samples, so it takes --header (ColumnMapping::hasHeader) to
// read it as names; a column given by name then says so.
void TestCsvDialects::headerOfNumbersIsReadAsData()
{
    QByteArray content = "1,2,3\n";
    for (int i = 0; i < kRowCount; ++i)
        content += QByteArray::number(kRows[i].x, 'g', 10) + "," +
                   QByteArray::number(kRows[i].y, 'g', 10) + "," +
                   QByteArray::number(kRows[i].z, 'g', 10) + "\n";
    QTemporaryDir dir;
    const QString path = dir.filePath("n.csv");
    test::writeFile(path, content);
    ColumnMapping m;
    m.sampleRateHz = 20;
    m.sensors.push_back({"wrist", "acc", {"1", "2", "3"}, {}});
    ReadReport report;
    const Recording detected = DelimitedTextReader::read(path, m, &report);
    QCOMPARE(detected.sampleCount(), int64_t(kRowCount + 1));
    QCOMPARE(detected.sensors[0].channels[0].samples.front(), 1.0f);
    QVERIFY2(report.warnings.join('\n').contains("no header (detected)"),
             qPrintable(report.warnings.join('\n')));

    m.hasHeader = true;
    const Recording given = DelimitedTextReader::read(path, m);
    QCOMPARE(given.sampleCount(), int64_t(kRowCount));
    QCOMPARE(given.sensors[0].channels[0].samples.front(), float(kRows[0].x));

    m.hasHeader.reset();
    m.sensors[0].columns = QStringList{"x", "2", "3"};
    const Caught c = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY(c.thrown);
    QVERIFY2(c.text.contains("no header (detected") && c.text.contains("--header"),
             qPrintable(c.text));
}

void TestCsvDialects::decimalCommaNeedsAnotherDelimiter()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("c.csv");
    test::writeFile(path, "x,y,z\n1,2,3\n");
    ColumnMapping m;
    m.sampleRateHz = 50;
    m.decimalMark = ',';
    m.sensors.push_back({"wrist", "acc", {"x", "y", "z"}, {}});
    const Caught c = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY(c.thrown);
    QVERIFY2(c.text.contains("--delimiter ';'"), qPrintable(c.text));
}

void TestCsvDialects::unixMicroseconds()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("us.csv");
    QByteArray text = "time,x,y,z\n";
    for (int i = 0; i < 5; ++i)
        text += QByteArray::number(qlonglong(kStartUs + i * 40000)) + ",0.5,0.25,1\n";
    test::writeFile(path, text);
    ColumnMapping m;
    m.timeColumn = "time";
    m.sensors.push_back({"wrist", "acc", {"x", "y", "z"}, {}});
    ReadReport report;
    const Recording r = DelimitedTextReader::read(path, m, &report);
    QCOMPARE(r.sampleRateHz, 25.0);
    QCOMPARE(r.startTimeUs, kStartUs);
    QVERIFY2(report.warnings.join('\n').contains("Unix microseconds"),
             qPrintable(report.warnings.join('\n')));
    m.timeFormat = ColumnMapping::TimeFormat::UnixMicroseconds;
    QCOMPARE(DelimitedTextReader::read(path, m).startTimeUs, kStartUs);
}

void TestCsvDialects::labelMapFiles()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.csv");
    test::writeFile(path, "A,1\nB,2\nA,3\n");
    const Caught c = catchFormatError([&] { LabelMapFile::read(path); });
    QVERIFY(c.thrown);
    QCOMPARE(c.line, qint64(3));
    QVERIFY2(c.text.contains("'A' is mapped twice"), qPrintable(c.text));
    test::writeFile(path, "A,x\n");
    QVERIFY(catchFormatError([&] { LabelMapFile::read(path); }).thrown);
    test::writeFile(path, "# codes of the study\nA;-1\nB;4;sitting\n");
    const auto entries = LabelMapFile::read(path);
    QCOMPARE(entries.size(), size_t(2));
    QCOMPARE(entries[0].classId, kUnlabelled);
    QCOMPARE(entries[1].name, QStringLiteral("sitting"));
}

void TestCsvDialects::unevenTimeStampsAreResampled()
{
    // A phone's events: uneven steps around 20 Hz and a gap of 0.4 s. x is
    // ten times the time, so linear interpolation onto the grid gives
    // exactly 10 t_k; the labels are the nearest row's; the gap's samples
    // are unlabelled and reported.
    const double times[] = {0.0, 0.06, 0.09, 0.15, 0.20, 0.60, 0.65, 0.71};
    const char* labels[] = {"walk", "walk", "walk", "sit", "sit", "sit", "walk", "walk"};
    QByteArray text = "t,x,y,z,label\n";
    for (int i = 0; i < 8; ++i)
        text += QByteArray::number(qlonglong(kStartUs + int64_t(std::llround(times[i] * 1e6)))) +
                "," + QByteArray::number(times[i] * 10, 'f', 3) + ",0,1," + labels[i] + "\n";
    QTemporaryDir dir;
    const QString path = dir.filePath("phone.csv");
    test::writeFile(path, text);
    ColumnMapping m;
    m.timeColumn = "t";
    m.timeFormat = ColumnMapping::TimeFormat::UnixMicroseconds;
    m.sampleRateHz = 20;
    m.sensors.push_back({"phone", "acc", {"x", "y", "z"}, {}});
    m.labelColumn = "label";
    // Without --resample the uneven steps are a gap error naming the option.
    const Caught c = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY(c.thrown);
    m.resample = true;
    ReadReport report;
    const Recording r = DelimitedTextReader::read(path, m, &report);
    QCOMPARE(r.sampleRateHz, 20.0);
    QCOMPARE(r.startTimeUs, kStartUs);
    QCOMPARE(r.sampleCount(), size_t(15)); // 0 .. 0.70 s
    const std::vector<int32_t> truth = labelsOf(r);
    const std::vector<float>& x = r.sensors[0].channels[0].samples;
    int gapSamples = 0;
    for (int k = 0; k < 15; ++k) {
        const double tk = k / 20.0;
        const bool inGap = tk > 0.2 + 1e-9 && tk < 0.6 - 1e-9;
        if (inGap) {
            ++gapSamples;
            QCOMPARE(truth[size_t(k)], kUnlabelled);
            continue;
        }
        QVERIFY2(std::fabs(x[size_t(k)] - 10 * tk) < 1e-5,
                 qPrintable(QStringLiteral("k %1: %2").arg(k).arg(x[size_t(k)])));
        int nearest = 0;
        for (int i = 1; i < 8; ++i)
            if (std::fabs(times[i] - tk) < std::fabs(times[nearest] - tk))
                nearest = i;
        QCOMPARE(truth[size_t(k)], QLatin1String(labels[nearest]) == QLatin1String("walk") ? 1 : 2);
    }
    QCOMPARE(gapSamples, 7);
    const QString repairs = report.repairs.join('\n');
    QVERIFY2(repairs.contains("8 rows with uneven time stamps resampled onto a 20 Hz grid"),
             qPrintable(repairs));
    QVERIFY2(repairs.contains("gap of 0.35 s at 0.25 s"), qPrintable(repairs));
}

void TestCsvDialects::commentInsideTheDataSaysSo()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("mid.csv");
    test::writeFile(path, "t,x,y,z\n0,1,2,3\n# paused\n0.02,1,2,3\n");
    ColumnMapping m;
    m.timeColumn = "t";
    m.timeFormat = ColumnMapping::TimeFormat::RelativeSeconds;
    m.sensors.push_back({"thigh", "acc", {"x", "y", "z"}, {}});
    const Caught c = catchFormatError([&] { DelimitedTextReader::read(path, m); });
    QVERIFY(c.thrown);
    QCOMPARE(c.line, qint64(3));
    QVERIFY2(c.text.contains("a comment line inside the data") &&
                 c.text.contains("above and below the data only"),
             qPrintable(c.text));
}

void TestCsvDialects::describePreviewsTheReadersRules()
{
    // What the import dialog shows for a column's first texts: exactly what
    // the reader will make of them, including the ones it would refuse.
    ColumnMapping m;
    m.unlabelledValues = QStringList{"null"};
    QCOMPARE(TextLabelDictionary::describe({"walk", "null", "sit", ""}, m),
             (QStringList{"1 walk", "no label", "2 sit", "no label"}));
    m.labelOrder = ColumnMapping::LabelOrder::Sorted;
    QCOMPARE(TextLabelDictionary::describe({"walk", "sit"}, m), (QStringList{"2 walk", "1 sit"}));
    // Against a built-in set: by name (any case) or id; a stranger says why.
    m.labelSetId = "hapt";
    const QStringList onSet = TextLabelDictionary::describe({"WALKING", "4", "jog"}, m);
    QCOMPARE(onSet[0], QStringLiteral("1 walking"));
    QCOMPARE(onSet[1], QStringLiteral("4 sitting"));
    QVERIFY2(onSet[2].contains("no class of label set 'hapt'"), qPrintable(onSet[2]));
    // A label map places what it knows; the rest is refused text by text.
    m.labelSetId.clear();
    m.labelMap = {{"w", 3, "walking"}, {"s", 5, "sitting"}};
    const QStringList mapped = TextLabelDictionary::describe({"w", "x", "s"}, m);
    QCOMPARE(mapped[0], QStringLiteral("3 walking"));
    QVERIFY2(mapped[1].contains("not in the label map"), qPrintable(mapped[1]));
    QCOMPARE(mapped[2], QStringLiteral("5 sitting"));
}

QTEST_GUILESS_MAIN(TestCsvDialects)
#include "tst_csvdialects.moc"
