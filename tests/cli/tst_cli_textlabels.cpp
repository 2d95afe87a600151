// kinemark-cli import on files with text labels (issue #18): WISDM-style
// letters with lines ending in ';', word labels placed in a lab's own
// --label-set my.json, a --label-map, and refusals that name the option.
#include "core/labels/LabelSetFile.h"
#include "core/project/ProjectFile.h"
#include "tests/support/CliRunner.h"
#include "tests/support/TestSupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace kinemark;
using kinemark::test::CliResult;
using kinemark::test::runCli;

namespace {

// WISDM's layout, user,activity,timestamp in ns,x,y,z in m/s2 and a ';' at
// each line's end: 40 rows at 20 Hz, A (20 rows) then B (12) then A (8).
QString writeWisdm(const QTemporaryDir& dir)
{
    QByteArray content;
    for (int i = 0; i < 40; ++i) {
        const char* label = i < 20 ? "A" : i < 32 ? "B" : "A";
        content += "1600," + QByteArray(label) + "," +
                   QByteArray::number(qlonglong(90426708196641LL + i * 50000000LL)) +
                   ",7.091625,-0.5916671,8.195502;\n";
    }
    const QString path = dir.filePath("wisdm.txt");
    test::writeFile(path, content);
    return path;
}

QStringList wisdmArgs(const QString& file, const QString& project)
{
    // No --no-header: a first line with a text label, like every other, is data.
    return {"import",
            file,
            "--format",
            "csv",
            "--time-column",
            "3",
            "--time-format",
            "unix-ns",
            "--sensor",
            "phone=4,5,6",
            "--unit",
            "m/s2",
            "--label-column",
            "2",
            "--label-set",
            "wisdm",
            "-o",
            project};
}

// Words in a ';'-delimited export with decimal commas.
QString writeWords(const QTemporaryDir& dir)
{
    QByteArray content = "time;x;y;z;activity\r\n";
    const char* words[] = {"lying", "lying", "cycling", "Cycling", "stairs", "null"};
    for (int i = 0; i < 6; ++i)
        content += QByteArray::number(i) + ",0;0,5;-0,25;1,0;" + words[i] + "\r\n";
    const QString path = dir.filePath("words.csv");
    test::writeFile(path, content);
    return path;
}

LabelSet labSet()
{
    LabelSet s;
    s.id = QStringLiteral("my-lab");
    s.name = QStringLiteral("My lab");
    s.classes = {
        {3, QStringLiteral("lying"), QStringLiteral("#1f77b4"), QStringLiteral("L"), kUnlabelled},
        {5, QStringLiteral("cycling"), QStringLiteral("#2ca02c"), QStringLiteral("C"), kUnlabelled},
        {8, QStringLiteral("stairs"), QStringLiteral("#d62728"), QStringLiteral("S"), kUnlabelled}};
    return s;
}

std::vector<int32_t> truthOf(const Project& p)
{
    const Recording& r = *p.recordings.front();
    return r.groundTruth()->toSampleLabels(r.sampleCount());
}

} // namespace

class TestCliTextLabels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wisdmLettersWithTerminators()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath("w.kmk");
        const CliResult r = runCli(wisdmArgs(writeWisdm(dir), project));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // What detection decided and the mapping are printed.
        QVERIFY2(r.err.contains("lines end with ';'"), qPrintable(r.err));
        QVERIFY2(r.err.contains("no header (detected)"), qPrintable(r.err));
        QVERIFY2(r.err.contains("new label set 'wisdm': 1 'A', 2 'B'"), qPrintable(r.err));
        const Project p = ProjectFile::open(project);
        QCOMPARE(p.recordings.size(), size_t(1));
        const Recording& rec = *p.recordings.front();
        QCOMPARE(rec.sampleRateHz, 20.0);
        QCOMPARE(rec.sampleCount(), size_t(40));
        QCOMPARE(rec.sensors[0].channels[0].samples[0], float(7.091625 / 9.80665));
        QCOMPARE(rec.labelSetId, QStringLiteral("wisdm"));
        const LabelSet* set = p.labelSet(QStringLiteral("wisdm"));
        QVERIFY(set);
        QCOMPARE(set->classes.size(), size_t(2));
        QCOMPARE(set->classes[1].name, QStringLiteral("B"));
        QCOMPARE(set->classes[1].shortcut, QStringLiteral("2"));
        std::vector<int32_t> expected(40, 1);
        std::fill(expected.begin() + 20, expected.begin() + 32, 2);
        QVERIFY(truthOf(p) == expected);

        // --append with the same set id: B first this time, still class 2.
        QTemporaryDir other;
        QByteArray second;
        for (int i = 0; i < 4; ++i)
            second += QByteArray("1601,") + (i < 2 ? "B" : "A") + "," +
                      QByteArray::number(qlonglong(90426708196641LL + i * 50000000LL)) +
                      ",1,2,3;\n";
        const QString secondPath = other.filePath("second.txt");
        test::writeFile(secondPath, second);
        QStringList args = wisdmArgs(secondPath, project);
        args << "--append"
             << "--recording-id"
             << "second";
        const CliResult appended = runCli(args);
        QVERIFY2(appended.exitCode == 0, qPrintable(appended.err));
        const Project both = ProjectFile::open(project);
        QCOMPARE(both.labelSets.size(), size_t(1));
        const Recording& r2 = *both.recording(QStringLiteral("second"));
        QVERIFY(r2.groundTruth()->toSampleLabels(4) == (std::vector<int32_t>{2, 2, 1, 1}));
    }

    void wordsIntoTheLabsOwnSet()
    {
        QTemporaryDir dir;
        const QString setPath = dir.filePath("my.json");
        LabelSetFile::write(labSet(), setPath);
        const QString project = dir.filePath("p.kmk");
        const CliResult r =
            runCli({"import", writeWords(dir), "--format", "csv", "--time-column", "time",
                    "--time-format", "seconds", "--sensor", "wrist=x,y,z", "--label-column",
                    "activity", "--label-set", setPath, "--unlabelled", "null", "-o", project});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("decimal comma"), qPrintable(r.err));
        const Project p = ProjectFile::open(project);
        QCOMPARE(p.recordings.front()->labelSetId, QStringLiteral("my-lab"));
        QCOMPARE(p.recordings.front()->sensors[0].channels[0].samples[0], 0.5f);
        QVERIFY(truthOf(p) == (std::vector<int32_t>{3, 3, 5, 5, 8, kUnlabelled}));
    }

    void refusalsNameTheOption()
    {
        QTemporaryDir dir;
        const QString setPath = dir.filePath("my.json");
        LabelSetFile::write(labSet(), setPath);
        // 'null' is no class of the set: file, line, column and both options.
        const CliResult r =
            runCli({"import", writeWords(dir), "--format", "csv", "--time-column", "time",
                    "--time-format", "seconds", "--sensor", "wrist=x,y,z", "--label-column",
                    "activity", "--label-set", setPath, "-o", dir.filePath("p.kmk")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("words.csv:7:5: label 'null' is no class of label set 'my-lab'"),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains("--label-map") && r.err.contains("--unlabelled null"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(dir.filePath("p.kmk")));

        // A label map places them instead.
        const QString map = dir.filePath("map.csv");
        test::writeFile(map, "text,class_id\nlying,3\ncycling,5\nstairs,8\nnull,-1\n");
        const CliResult mapped = runCli(
            {"import", writeWords(dir), "--format", "csv", "--time-column", "time", "--time-format",
             "seconds", "--sensor", "wrist=x,y,z", "--label-column", "activity", "--label-set",
             setPath, "--label-map", map, "-o", dir.filePath("p.kmk")});
        QVERIFY2(mapped.exitCode == 0, qPrintable(mapped.err));
        QVERIFY(truthOf(ProjectFile::open(dir.filePath("p.kmk"))) ==
                (std::vector<int32_t>{3, 3, 5, 5, 8, kUnlabelled}));

        // WISDM's phone clock read as the default guess says which format to give.
        QStringList args = wisdmArgs(writeWisdm(dir), dir.filePath("w.kmk"));
        args.removeAt(args.indexOf("--time-format") + 1);
        args.removeAt(args.indexOf("--time-format"));
        const CliResult guessed = runCli(args);
        QCOMPARE(guessed.exitCode, 1);
        QVERIFY2(guessed.err.contains("wisdm.txt:1:3:") && guessed.err.contains("unix-ns"),
                 qPrintable(guessed.err));

        // The header forced both ways is refused.
        QStringList both = wisdmArgs(writeWisdm(dir), dir.filePath("b.kmk"));
        both << "--header"
             << "--no-header";
        const CliResult refused = runCli(both);
        QCOMPARE(refused.exitCode, 2); // a usage error
        QVERIFY2(refused.err.contains("--header or --no-header"), qPrintable(refused.err));
    }
};

QTEST_GUILESS_MAIN(TestCliTextLabels)
#include "tst_cli_textlabels.moc"
