// kinemark-cli end to end: import from files into a project, then info on it.
#include "core/project/ProjectFile.h"
#include "tests/support/CliRunner.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <hdf5.h>
#include <map>

using kinemark::test::CliResult;
using kinemark::test::runCli;

namespace {

QJsonObject parseJson(const QString& text)
{
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(text.toUtf8(), &e);
    if (e.error != QJsonParseError::NoError)
        qWarning() << "bad JSON:" << e.errorString() << text.left(500);
    return d.object();
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void usageErrors();
    void genericCsvFromMappingOptions();
    void badCsvNamesFileAndLine();
    void importRefusesToOverwrite();
    void haptImportAndInfo();
    void labelsImportRefusesToEmptyATrack();
    void labelsImportUnknownClassNames();
    void labelsImportChecksTheProjectsLabelSet();
    void importAppendChecksTheProjectsLabelSet();
    void damagedProjectIsNamedSo();
};

void TestCli::usageErrors()
{
    QCOMPARE(runCli({}).exitCode, 2);
    QCOMPARE(runCli({"frobnicate"}).exitCode, 2);
    const CliResult r = runCli({"import", "x.csv"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("usage"));
    const CliResult bad = runCli({"info", "x.csv", "--unit", "furlongs"});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("--unit"), qPrintable(bad.err));
    // An ablation `ablate` does not know is named, with the ones it knows.
    const CliResult forest = runCli({"ablate", "forest", "x.kmk"});
    QCOMPARE(forest.exitCode, 2);
    QVERIFY2(forest.err.contains("unknown ablation 'forest' (known: mstcn, usad)"),
             qPrintable(forest.err));

    // train --encoder takes a file or a stored encoder's id, and names what it got otherwise.
    QTemporaryDir dir;
    const QString project = dir.filePath("demo.kmk");
    QVERIFY(runCli({"demo", "-o", project}).exitCode == 0);
    const CliResult encoder = runCli({"train", project, "--model", "selfpab", "--encoder",
                                      "no-such-encoder", "-o", dir.filePath("m.kmodel")});
    QCOMPARE(encoder.exitCode, 2);
    QVERIFY2(encoder.err.contains("'no-such-encoder' is neither a file nor the id"),
             qPrintable(encoder.err));
}

void TestCli::genericCsvFromMappingOptions()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath("walk.csv");
    // ms time stamps, a thigh sensor in m/s^2, labels; 100 rows at 50 Hz.
    QByteArray content = "time;ax;ay;az;activity\n";
    for (int i = 0; i < 100; ++i)
        content += QByteArray::number(1700000000000LL + i * 20) + ";9.80665;0;-4.903325;" +
                   (i < 60 ? "1" : "7") + "\n";
    kinemark::test::writeFile(csv, content);
    const QString kmk = dir.filePath("walk.kmk");
    const CliResult imp = runCli({"import",
                                  csv,
                                  "--format",
                                  "csv",
                                  "--delimiter",
                                  ";",
                                  "--time-column",
                                  "time",
                                  "--time-format",
                                  "unix-ms",
                                  "--sensor",
                                  "thigh=ax,ay,az",
                                  "--unit",
                                  "m/s2",
                                  "--label-column",
                                  "activity",
                                  "--label-set",
                                  "harth",
                                  "--subject",
                                  "P01",
                                  "-o",
                                  kmk});
    QVERIFY2(imp.exitCode == 0, qPrintable(imp.err));
    const CliResult info = runCli({"info", kmk, "--json"});
    QVERIFY2(info.exitCode == 0, qPrintable(info.err));
    const QJsonObject j = parseJson(info.out);
    QCOMPARE(j["recording_count"].toInt(), 1);
    QCOMPARE(j["subjects"].toArray(), QJsonArray({"P01"}));
    QCOMPARE(j["sample_rates_hz"].toArray(), QJsonArray({50}));
    QCOMPARE(j["channel_counts"].toArray(), QJsonArray({3}));
    QCOMPARE(j["total_samples"].toInteger(), 100);
    const QJsonArray labels = j["label_summary"].toArray();
    QCOMPARE(labels.size(), 2);
    QCOMPARE(labels[0].toObject()["name"].toString(), QStringLiteral("walking"));
    QCOMPARE(labels[0].toObject()["labelled_samples"].toInteger(), 60);
    QCOMPARE(labels[1].toObject()["labelled_samples"].toInteger(), 40);
    const QJsonObject rec = j["recordings"].toArray()[0].toObject();
    QCOMPARE(rec["start"].toString(), QStringLiteral("2023-11-14T22:13:20.000Z"));
}

void TestCli::badCsvNamesFileAndLine()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath("broken.csv");
    kinemark::test::writeFile(csv, "t,x,y,z\n0,1,2,3\n0.02,1,oops,3\n");
    const CliResult r = runCli({"info", csv, "--format", "csv", "--time-column", "t",
                                "--time-format", "seconds", "--sensor", "thigh=x,y,z"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("broken.csv:3"), qPrintable(r.err));
    QVERIFY2(r.err.contains("oops"), qPrintable(r.err));
}

void TestCli::importRefusesToOverwrite()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath("a.csv");
    kinemark::test::writeFile(csv, "x,y,z\n1,2,3\n1,2,3\n");
    const QString kmk = dir.filePath("a.kmk");
    const QStringList base{"import", csv,        "--format",   "csv", "--rate",
                           "50",     "--sensor", "back=1,2,3", "-o",  kmk};
    QCOMPARE(runCli(base).exitCode, 0);
    const CliResult again = runCli(base);
    QCOMPARE(again.exitCode, 2);
    QVERIFY(again.err.contains("--append"));
    QCOMPARE(runCli(base + QStringList{"--append"}).exitCode, 0);
    const QJsonObject j = parseJson(runCli({"info", kmk, "--json"}).out);
    QCOMPARE(j["recording_count"].toInt(), 2);
}

void TestCli::haptImportAndInfo()
{
    KINEMARK_REQUIRE_SHARED("hapt/RawData/labels.txt");
    QTemporaryDir dir;
    const QString kmk = dir.filePath("hapt.kmk");
    const CliResult imp = runCli({"import", kinemark::test::sharedDataPath("hapt"), "--format",
                                  "hapt", "-o", kmk, "--quiet"});
    QVERIFY2(imp.exitCode == 0, qPrintable(imp.err));
    const CliResult info = runCli({"info", kmk, "--json"});
    QVERIFY2(info.exitCode == 0, qPrintable(info.err));
    const QJsonObject j = parseJson(info.out);
    QCOMPARE(j["recording_count"].toInt(), 42);
    QCOMPARE(j["subject_count"].toInt(), 21);
    QCOMPARE(j["sample_rates_hz"].toArray(), QJsonArray({50}));
    QCOMPARE(j["channel_counts"].toArray(), QJsonArray({6}));

    // Independent count from labels.txt: rows "exp user activity start end",
    // 1-based inclusive sample indices.
    QFile labels(kinemark::test::sharedDataPath("hapt/RawData/labels.txt"));
    QVERIFY(labels.open(QIODevice::ReadOnly));
    std::map<int, qint64> expected;
    while (!labels.atEnd()) {
        const QList<QByteArray> f = labels.readLine().simplified().split(' ');
        if (f.size() == 5)
            expected[f[2].toInt()] += f[4].toLongLong() - f[3].toLongLong() + 1;
    }
    QCOMPARE(expected.size(), size_t(12));
    const QJsonArray summary = j["label_summary"].toArray();
    QCOMPARE(summary.size(), 12);
    for (const QJsonValue& v : summary) {
        const QJsonObject o = v.toObject();
        QCOMPARE(o["labelled_samples"].toInteger(), expected[o["class_id"].toInt()]);
    }
    QCOMPARE(summary[0].toObject()["name"].toString(), QStringLiteral("walking"));
}

namespace {
QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

void TestCli::labelsImportRefusesToEmptyATrack()
{
    // A segment CSV with only its header, and an ELAN file without tiers, must
    // not wipe the ground truth by accident (issue #16).
    QTemporaryDir dir;
    const QString kmk = dir.filePath("demo.kmk");
    QCOMPARE(runCli({"demo", "-o", kmk}).exitCode, 0);
    const QString before = dir.filePath("before.csv");
    const CliResult exported = runCli({"labels", "export", kmk, "-o", before});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
    QVERIFY2(!exported.out.startsWith("wrote 0 "), qPrintable(exported.out));

    const QString empty = dir.filePath("header-only.csv");
    kinemark::test::writeFile(
        empty, "start_s,end_s,start_sample,end_sample,class_id,class_name,author,edited_ms\n");
    const CliResult refused = runCli({"labels", "import", kmk, empty});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(empty + ": holds no segments"), qPrintable(refused.err));
    QVERIFY2(refused.err.contains("--allow-empty"), qPrintable(refused.err));
    const QString after = dir.filePath("after.csv");
    QCOMPARE(runCli({"labels", "export", kmk, "-o", after}).exitCode, 0);
    QFile a(before), b(after);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(b.readAll(), a.readAll());

    const QString eaf = dir.filePath("no-tiers.eaf");
    kinemark::test::writeFile(eaf, "<?xml version=\"1.0\"?>\n<ANNOTATION_DOCUMENT FORMAT=\"3.0\">"
                                   "\n<TIME_ORDER/>\n</ANNOTATION_DOCUMENT>\n");
    const CliResult noTiers = runCli({"labels", "import", kmk, eaf});
    QCOMPARE(noTiers.exitCode, 1);
    QVERIFY2(noTiers.err.contains(eaf + ": ") && noTiers.err.contains("no tiers"),
             qPrintable(noTiers.err));

    // Every label format: an ELAN tier without annotations, a segment CSV of
    // names with only its header, a per-sample file of only unlabelled values.
    const QString emptyTier = dir.filePath("empty-tier.eaf");
    kinemark::test::writeFile(emptyTier,
                              "<?xml version=\"1.0\"?>\n<ANNOTATION_DOCUMENT FORMAT=\"3.0\">"
                              "\n<TIME_ORDER/>\n<TIER TIER_ID=\"ground truth\"/>\n"
                              "</ANNOTATION_DOCUMENT>\n");
    const QString namesOnly = dir.filePath("names-header.csv");
    kinemark::test::writeFile(namesOnly, "start_s,end_s,class_name\n");
    const QString unlabelled = dir.filePath("unlabelled.csv");
    QByteArray minusOnes = "label\n";
    for (int i = 0; i < 100; ++i)
        minusOnes += "-1\n";
    kinemark::test::writeFile(unlabelled, minusOnes);
    for (const QStringList& args : {QStringList{emptyTier}, QStringList{namesOnly},
                                    QStringList{unlabelled, "--format", "samples"}}) {
        const CliResult r = runCli(QStringList{"labels", "import", kmk} + args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(args[0] + ": holds no segments for track 'ground truth'"),
                 qPrintable(r.err));
    }
    const QString stillAfter = dir.filePath("still-after.csv");
    QCOMPARE(runCli({"labels", "export", kmk, "-o", stillAfter}).exitCode, 0);
    QCOMPARE(readAll(stillAfter), readAll(before));

    QVERIFY(runCli({"labels", "--help"}).out.contains("--allow-empty"));
    const CliResult allowed = runCli({"labels", "import", kmk, empty, "--allow-empty"});
    QVERIFY2(allowed.exitCode == 0, qPrintable(allowed.err));
    QVERIFY2(allowed.out.contains("imported 0 segments"), qPrintable(allowed.out));
}

void TestCli::labelsImportUnknownClassNames()
{
    // An ELAN annotation whose value is no class of the label set once became
    // class 0; now it is refused with the annotation named, mapped with
    // --class-map, or skipped with --unknown-classes skip and reported (issue #16).
    QTemporaryDir dir;
    const QString kmk = dir.filePath("demo.kmk");
    QCOMPARE(runCli({"demo", "-o", kmk}).exitCode, 0);
    const QString eaf = dir.filePath("labels.eaf");
    QCOMPARE(runCli({"labels", "export", kmk, "-o", eaf}).exitCode, 0);
    QByteArray xml = readAll(eaf);
    QCOMPARE(xml.count("<ANNOTATION_VALUE>lying</ANNOTATION_VALUE>"), qsizetype(1));
    xml.replace("<ANNOTATION_VALUE>lying<", "<ANNOTATION_VALUE>Flying<");
    const QString foreign = dir.filePath("foreign.eaf");
    kinemark::test::writeFile(foreign, xml);
    const QByteArray projectBefore = readAll(kmk);

    const CliResult refused = runCli({"labels", "import", kmk, foreign});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(foreign + ":"), qPrintable(refused.err));
    QVERIFY2(refused.err.contains("1 annotation(s) name classes that are not in the label set "
                                  "'harth' (unknown: 'Flying'; known: 'walking'"),
             qPrintable(refused.err));
    QVERIFY2(refused.err.contains("tier 'ground truth', annotation a"), qPrintable(refused.err));
    QVERIFY2(refused.err.contains("--class-map FILE") &&
                 refused.err.contains("--unknown-classes skip"),
             qPrintable(refused.err));
    QCOMPARE(readAll(kmk), projectBefore);

    // A map to an id the label set lacks is refused, naming the map's line.
    const QString badMap = dir.filePath("bad-map.csv");
    kinemark::test::writeFile(badMap, "name,class_id\nFlying,99\n");
    const CliResult badMapped = runCli({"labels", "import", kmk, foreign, "--class-map", badMap});
    QCOMPARE(badMapped.exitCode, 1);
    QVERIFY2(badMapped.err.contains(badMap + ":2:2: 'Flying' is mapped to class id 99"),
             qPrintable(badMapped.err));
    QCOMPARE(readAll(kmk), projectBefore);

    // Mapped back to lying (8): the same labels as exported.
    const QString map = dir.filePath("map.json");
    kinemark::test::writeFile(map, "{\"Flying\": 8}");
    const CliResult mapped = runCli({"labels", "import", kmk, foreign, "--class-map", map});
    QVERIFY2(mapped.exitCode == 0, qPrintable(mapped.err));
    QVERIFY2(mapped.out.contains("imported 66 segments"), qPrintable(mapped.out));
    const QString again = dir.filePath("again.eaf");
    QCOMPARE(runCli({"labels", "export", kmk, "-o", again}).exitCode, 0);
    QCOMPARE(readAll(again).count("<ANNOTATION_VALUE>lying</ANNOTATION_VALUE>"), qsizetype(1));

    // Skipped: one annotation fewer, and said so.
    const CliResult skipped =
        runCli({"labels", "import", kmk, foreign, "--unknown-classes", "skip"});
    QVERIFY2(skipped.exitCode == 0, qPrintable(skipped.err));
    QVERIFY2(skipped.out.contains("imported 65 segments"), qPrintable(skipped.out));
    QVERIFY2(skipped.out.contains("skipped 1 annotation(s) of unknown classes "
                                  "(--unknown-classes skip): 'Flying'"),
             qPrintable(skipped.out));
    QCOMPARE(runCli({"labels", "import", kmk, foreign, "--unknown-classes", "maybe"}).exitCode, 2);
    const CliResult help = runCli({"labels", "--help"});
    QVERIFY(help.out.contains("--class-map") && help.out.contains("--unknown-classes"));
}

void TestCli::labelsImportChecksTheProjectsLabelSet()
{
    // Class ids are checked against the project's copy of the label set, which
    // the user may have edited, not against the built-in one (issue #16).
    QTemporaryDir dir;
    const QString kmk = dir.filePath("demo.kmk");
    QCOMPARE(runCli({"demo", "-o", kmk}).exitCode, 0);
    {
        kinemark::Project project = kinemark::ProjectFile::open(kmk);
        QCOMPARE(project.labelSets.size(), size_t(1));
        kinemark::LabelClass flying;
        flying.id = 99;
        flying.name = QStringLiteral("flying");
        flying.colour = QStringLiteral("#123456");
        project.labelSets[0].classes.push_back(flying);
        kinemark::ProjectFile::save(project, kmk);
    }
    const QString csv = dir.filePath("labels.csv");
    kinemark::test::writeFile(csv, "start_sample,end_sample,class_id\n0,50,99\n50,100,77\n");
    const CliResult refused = runCli({"labels", "import", kmk, csv});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(csv + ":3:3: class id 77 is not in the label set 'harth' "
                                        "(known ids: 1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 130, 140, "
                                        "99)"),
             qPrintable(refused.err));
    kinemark::test::writeFile(csv, "start_s,end_s,class_name\n0,1,Flying\n1,2,walking\n");
    const CliResult named = runCli({"labels", "import", kmk, csv});
    QVERIFY2(named.exitCode == 0, qPrintable(named.err));
    const kinemark::Project project = kinemark::ProjectFile::open(kmk);
    const auto& segments = project.recordings.front()->groundTruth()->segments();
    QCOMPARE(segments.size(), size_t(2));
    QCOMPARE(segments.front().classId, 99);
}

void TestCli::importAppendChecksTheProjectsLabelSet()
{
    // import --append of a CSV whose label column holds a class that the
    // project's edited copy of the label set no longer has (issue #16).
    QTemporaryDir dir;
    auto csvWithLabel = [&](const QString& name, int label) {
        QByteArray text = "t,x,y,z,label\n";
        for (int i = 0; i < 100; ++i)
            text += QByteArray::number(i * 0.02, 'f', 2) + ",0,0,1," +
                    QByteArray::number(i < 50 ? 1 : label) + "\n";
        const QString path = dir.filePath(name);
        kinemark::test::writeFile(path, text);
        return path;
    };
    const QStringList mapping = {"--format",    "csv",     "--time-column",  "t",
                                 "--sensor",    "s=x,y,z", "--label-column", "label",
                                 "--label-set", "harth"};
    const QString kmk = dir.filePath("p.kmk");
    const CliResult first =
        runCli(QStringList{"import", csvWithLabel("a.csv", 1)} + mapping + QStringList{"-o", kmk});
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    {
        kinemark::Project project = kinemark::ProjectFile::open(kmk);
        auto& classes = project.labelSets.at(0).classes;
        classes.erase(std::remove_if(classes.begin(), classes.end(),
                                     [](const kinemark::LabelClass& c) { return c.id == 6; }),
                      classes.end());
        kinemark::LabelClass flying;
        flying.id = 99;
        flying.name = QStringLiteral("flying");
        flying.colour = QStringLiteral("#123456");
        classes.push_back(flying);
        kinemark::ProjectFile::save(project, kmk);
    }
    const QByteArray before = readAll(kmk);
    const QString b = csvWithLabel("b.csv", 6);
    const CliResult refused =
        runCli(QStringList{"import", b} + mapping + QStringList{"-o", kmk, "--append"});
    QCOMPARE(refused.exitCode, 1);
    // The reader checks the label column against the project's copy: class 6
    // is refused at its line and column.
    QVERIFY2(refused.err.contains(b + ":52:5: class id 6 is not in the label set 'harth' (known "
                                      "ids: 1, 2, 3, 4, 5, 7, 8, 13, 14, 130, 140, 99)"),
             qPrintable(refused.err));
    QCOMPARE(readAll(kmk), before);
    const CliResult fine = runCli(QStringList{"import", csvWithLabel("c.csv", 7)} + mapping +
                                  QStringList{"-o", kmk, "--append"});
    QVERIFY2(fine.exitCode == 0, qPrintable(fine.err));
    // Class 99 is the project's own, unknown to the built-in set.
    const CliResult own = runCli(QStringList{"import", csvWithLabel("d.csv", 99)} + mapping +
                                 QStringList{"-o", kmk, "--append"});
    QVERIFY2(own.exitCode == 0, qPrintable(own.err));
    const kinemark::Project after = kinemark::ProjectFile::open(kmk);
    QCOMPARE(after.recordings.size(), size_t(3));
    QCOMPARE(after.recordings.back()->groundTruth()->segments().back().classId, 99);
}

namespace {
// Where an object's header starts in the file, as HDF5 reports it.
qint64 objectHeaderAddress(const QString& path, const char* object)
{
    const hid_t file = H5Fopen(QFile::encodeName(path).constData(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0)
        return -1;
    H5O_info_t info;
    const herr_t status = H5Oget_info_by_name2(file, object, &info, H5O_INFO_BASIC, H5P_DEFAULT);
    H5Fclose(file);
    return status < 0 ? -1 : qint64(info.addr);
}
} // namespace

void TestCli::damagedProjectIsNamedSo()
{
    // A project cut in half, and one with bytes flipped in its middle, used to
    // be guessed as CSV ("the column mapping names no sensor columns"); they are
    // recognised by the HDF5 signature and called damaged (issue #16).
    QTemporaryDir dir;
    const QString kmk = dir.filePath("demo.kmk");
    QCOMPARE(runCli({"demo", "-o", kmk}).exitCode, 0);
    QFile whole(kmk);
    QVERIFY(whole.open(QIODevice::ReadOnly));
    const QByteArray bytes = whole.readAll();
    const QString half = dir.filePath("half.kmk");
    kinemark::test::writeFile(half, bytes.left(bytes.size() / 2));
    QByteArray flippedBytes = bytes;
    for (qsizetype i = bytes.size() / 2; i < bytes.size() / 2 + 64; ++i)
        flippedBytes[i] = char(~flippedBytes[i]);
    const QString flipped = dir.filePath("flipped.kmk");
    kinemark::test::writeFile(flipped, flippedBytes);
    // The object header of the first recording's group damaged: HDF5 1.10
    // leaks a block reading it, and its termination at exit used to print
    // "HDF5: infinite loop closing library" and a line of interface names.
    QByteArray headerBytes = bytes;
    const qint64 header = objectHeaderAddress(kmk, "/recordings/0000");
    QVERIFY(header > 0 && header + 100 < bytes.size());
    for (qint64 i = header + 40; i < header + 100; ++i)
        headerBytes[i] = char(~headerBytes[i]);
    const QString damagedHeader = dir.filePath("header.kmk");
    kinemark::test::writeFile(damagedHeader, headerBytes);
    for (const QString& path : {half, flipped, damagedHeader}) {
        const CliResult r = runCli({"info", path});
        QVERIFY2(r.exitCode != 0, qPrintable(path));
        QVERIFY2(r.err.contains(path + ": damaged Kinemark project: "), qPrintable(r.err));
        QVERIFY2(!r.err.contains("column mapping"), qPrintable(r.err));
        // One line: the message, and nothing HDF5 prints by itself.
        QVERIFY2(!r.err.contains("infinite loop") && !r.err.contains("HDF5-DIAG") &&
                     r.err.trimmed().count('\n') == 0,
                 qPrintable(r.err));
    }
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
