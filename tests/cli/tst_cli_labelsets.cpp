// kinemark-cli and label set files: `--label-set my.json` on import and info,
// and `labels set export|import` moving a project's set to and from a file.
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
// A lab's own classes: ids no built-in set gives these names.
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

// 150 rows of x;y;z;label at 50 Hz: 50 of class 3, 50 of 5, 50 of 8.
QString writeCsv(const QTemporaryDir& dir)
{
    QByteArray content = "x;y;z;label\n";
    for (int i = 0; i < 150; ++i)
        content += QByteArray::number(0.01 * i) + ";0.5;-0.25;" +
                   QByteArray::number(i < 50    ? 3
                                      : i < 100 ? 5
                                                : 8) +
                   "\n";
    const QString path = dir.filePath("lab.csv");
    test::writeFile(path, content);
    return path;
}

QStringList importArgs(const QString& csv, const QString& labelSet, const QString& project)
{
    return {"import", csv,           "--format",
            "csv",    "--sensor",    "wrist=1,2,3",
            "--rate", "50",          "--label-column",
            "label",  "--label-set", labelSet,
            "-o",     project,       "-q"};
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestCliLabelSets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void importNamesTheClassesFromTheFile()
    {
        QTemporaryDir dir;
        const QString setPath = dir.filePath("my.json");
        LabelSetFile::write(labSet(), setPath);
        const QString project = dir.filePath("p.kmk");
        const CliResult r = runCli(importArgs(writeCsv(dir), setPath, project));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const Project p = ProjectFile::open(project);
        QCOMPARE(p.recordings.size(), size_t(1));
        QCOMPARE(p.recordings.front()->labelSetId, QStringLiteral("my-lab"));
        QVERIFY(p.labelSet(QStringLiteral("my-lab")));
        QCOMPARE(*p.labelSet(QStringLiteral("my-lab")), labSet());
        const AnnotationTrack* truth = p.recordings.front()->groundTruth();
        QVERIFY(truth);
        QCOMPARE(truth->segments().size(), size_t(3));
        QCOMPARE(truth->segments()[1].classId, 5);
        QCOMPARE(truth->segments()[1].start, int64_t(50));

        // info reads the same file the same way, without writing a project.
        const CliResult info =
            runCli({"info", writeCsv(dir), "--format", "csv", "--sensor", "wrist=1,2,3", "--rate",
                    "50", "--label-column", "label", "--label-set", setPath});
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
    }

    void importRefusesIdsTheFileLacksAndBadFiles()
    {
        QTemporaryDir dir;
        LabelSet twoClasses = labSet();
        twoClasses.classes.pop_back(); // no class 8
        const QString setPath = dir.filePath("two.json");
        LabelSetFile::write(twoClasses, setPath);
        const CliResult r = runCli(importArgs(writeCsv(dir), setPath, dir.filePath("p.kmk")));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("8"), qPrintable(r.err));
        QVERIFY(!QFile::exists(dir.filePath("p.kmk")));

        const QString bad = dir.filePath("bad.json");
        test::writeFile(
            bad,
            "{\"id\": \"lab\", \"classes\": [{\"id\": 1, \"name\": \"a\", \"colour\": \"#12\"}]}");
        const CliResult refused = runCli(importArgs(writeCsv(dir), bad, dir.filePath("q.kmk")));
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(bad + ": classes[0].colour: '#12' is not a colour"),
                 qPrintable(refused.err));
        QVERIFY(!QFile::exists(dir.filePath("q.kmk")));

        const CliResult missing =
            runCli(importArgs(writeCsv(dir), dir.filePath("none.json"), dir.filePath("q.kmk")));
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("none.json: no such file"), qPrintable(missing.err));
    }

    void exportAndImportTheProjectsSet()
    {
        QTemporaryDir dir;
        const QString setPath = dir.filePath("my.json");
        LabelSetFile::write(labSet(), setPath);
        const QString project = dir.filePath("p.kmk");
        QCOMPARE(runCli(importArgs(writeCsv(dir), setPath, project)).exitCode, 0);

        // Out again: the very bytes that went in.
        const QString exported = dir.filePath("out.json");
        const CliResult ex = runCli({"labels", "set", "export", project, "-o", exported});
        QVERIFY2(ex.exitCode == 0, qPrintable(ex.err));
        QVERIFY(ex.out.contains("3 classes"));
        QCOMPARE(readAll(exported), readAll(setPath));

        // Renamed and recoloured classes replace the project's.
        LabelSet edited = labSet();
        edited.classes[1].name = QStringLiteral("cycling (outdoor)");
        edited.classes[1].colour = QStringLiteral("#00aa00");
        const QString editedPath = dir.filePath("edited.json");
        LabelSetFile::write(edited, editedPath);
        const CliResult im = runCli({"labels", "set", "import", project, editedPath});
        QVERIFY2(im.exitCode == 0, qPrintable(im.err));
        QVERIFY2(im.out.contains("replaced"), qPrintable(im.out));
        QCOMPARE(*ProjectFile::open(project).labelSet(QStringLiteral("my-lab")), edited);

        // A file without class 5, which the ground truth uses, is refused, naming it.
        LabelSet without = labSet();
        without.classes.erase(without.classes.begin() + 1);
        without.classes.push_back({9, QStringLiteral("running"), QStringLiteral("#9467bd"),
                                   QStringLiteral("R"), kUnlabelled});
        const QString withoutPath = dir.filePath("without.json");
        LabelSetFile::write(without, withoutPath);
        const CliResult refused = runCli({"labels", "set", "import", project, withoutPath});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("5 'cycling (outdoor)' (recording 'lab', track 'ground "
                                      "truth')"),
                 qPrintable(refused.err));
        QCOMPARE(*ProjectFile::open(project).labelSet(QStringLiteral("my-lab")), edited);

        // --merge keeps class 5 and adds 9.
        const CliResult merged =
            runCli({"labels", "set", "import", project, withoutPath, "--merge"});
        QVERIFY2(merged.exitCode == 0, qPrintable(merged.err));
        const LabelSet now = *ProjectFile::open(project).labelSet(QStringLiteral("my-lab"));
        QCOMPARE(now.classes.size(), size_t(4));
        QCOMPARE(now.className(5), QStringLiteral("cycling (outdoor)"));
        QCOMPARE(now.className(9), QStringLiteral("running"));

        // A merge that would give one key to two classes says where.
        LabelSet clash;
        clash.id = QStringLiteral("my-lab");
        clash.classes = {
            {11, QStringLiteral("jumping"), QString(), QStringLiteral("L"), kUnlabelled}};
        const QString clashPath = dir.filePath("clash.json");
        LabelSetFile::write(clash, clashPath);
        const CliResult clashed =
            runCli({"labels", "set", "import", project, clashPath, "--merge"});
        QCOMPARE(clashed.exitCode, 1);
        QVERIFY2(clashed.err.contains("merged into 'my-lab': classes[4].shortcut: 'L' is also "
                                      "the key of classes[0]"),
                 qPrintable(clashed.err));
    }

    void usageAndUnknownSets()
    {
        QTemporaryDir dir;
        const QString setPath = dir.filePath("my.json");
        LabelSetFile::write(labSet(), setPath);
        const QString project = dir.filePath("p.kmk");
        QCOMPARE(runCli(importArgs(writeCsv(dir), setPath, project)).exitCode, 0);
        QCOMPARE(runCli({"labels", "set", "export", project}).exitCode, 2);
        QCOMPARE(runCli({"labels", "set", "frob", project}).exitCode, 2);
        const CliResult unknown = runCli({"labels", "set", "export", project, "--label-set",
                                          "harth", "-o", dir.filePath("x.json")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("no label set 'harth' (it has: my-lab)"),
                 qPrintable(unknown.err));
        const CliResult word = runCli(importArgs(writeCsv(dir), "my-lab", dir.filePath("q.kmk")));
        // A word that is neither a file nor a set id is named (class ids need a known set).
        QCOMPARE(word.exitCode, 1);
        QVERIFY2(word.err.contains("unknown label set 'my-lab'") &&
                     word.err.contains("--label-set FILE.json"),
                 qPrintable(word.err));
    }
};

QTEST_GUILESS_MAIN(TestCliLabelSets)
#include "tst_cli_labelsets.moc"
