// kinemark-cli effort: the editor operations that correct a track into the ground
// truth, per recording and pooled, as text and JSON, and its usage errors.
#include "core/analysis/CorrectionEffort.h"
#include "core/project/ProjectFile.h"
#include "tests/support/AnnotatedProject.h"
#include "tests/support/CliRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace kinemark;
using kinemark::test::CliResult;
using kinemark::test::runCli;

namespace {
// HARTH classes: walking, running, standing, sitting, lying.
constexpr int32_t kWalk = 1, kRun = 2, kStand = 6, kSit = 7, kLie = 8;

AnnotationTrack track(const QString& name, AnnotationTrack::Kind kind,
                      const std::vector<std::tuple<int64_t, int64_t, int32_t>>& segments)
{
    AnnotationTrack t(name, kind, QStringLiteral("harth"));
    for (const auto& [start, end, classId] : segments)
        t.append(Segment(start, end, classId));
    return t;
}

// Three recordings of 100 s at 10 Hz:
//  rec   the model's walk/run boundary 5 s late (1 drag) and lying for sitting (1 relabel)
//  rec2  the model labels the stretch the truth leaves unlabelled (1 delete)
//  rec3  no model track (skipped)
QString writeProject(const QTemporaryDir& dir)
{
    using K = AnnotationTrack::Kind;
    Project p = test::annotatedProject(
        10.0, 1000,
        {track("ground truth", K::GroundTruth,
               {{0, 300, kWalk}, {300, 600, kRun}, {600, 1000, kSit}}),
         track("model", K::Prediction, {{0, 350, kWalk}, {350, 600, kRun}, {600, 1000, kLie}})});
    // annotatedProject makes one recording "rec"; the others are moved over from projects
    // of their own, renamed.
    const auto addRecording = [&p](const QString& id, std::vector<AnnotationTrack> tracks) {
        Project other = test::annotatedProject(10.0, 1000, std::move(tracks));
        other.recordings.front()->id = id;
        p.addRecording(std::move(*other.recordings.front()));
    };
    addRecording(
        "rec2",
        {track("ground truth", K::GroundTruth, {{0, 500, kStand}, {700, 1000, kWalk}}),
         track("model", K::Prediction, {{0, 500, kStand}, {500, 700, kSit}, {700, 1000, kWalk}})});
    addRecording("rec3", {track("ground truth", K::GroundTruth, {{0, 1000, kWalk}})});
    const QString path = dir.filePath("effort.kmk");
    ProjectFile::save(p, path);
    return path;
}

QJsonObject json(const CliResult& r)
{
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}
} // namespace

class TestCliEffort : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countsPerRecordingAndPooled()
    {
        QTemporaryDir dir;
        const QString project = writeProject(dir);
        const CliResult r = runCli({"effort", project, "--track", "model", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = json(r);
        const QJsonArray rows = o["recordings"].toArray();
        QCOMPARE(rows.size(), 2);
        const QJsonObject rec = rows[0].toObject(), rec2 = rows[1].toObject();
        QCOMPARE(rec["recording"].toString(), QStringLiteral("rec"));
        QCOMPARE(rec["operations"].toObject()["drag"].toInt(), 1);
        QCOMPARE(rec["operations"].toObject()["relabel"].toInt(), 1);
        QCOMPARE(rec["total"].toInt(), 2);
        QCOMPARE(rec["from_scratch"].toInt(), 3);
        QCOMPARE(rec2["operations"].toObject()["delete"].toInt(), 1);
        QCOMPARE(rec2["total"].toInt(), 1);
        QCOMPARE(rec2["in_unlabelled_stretches"].toInt(), 1);
        QCOMPARE(rec["in_unlabelled_stretches"].toInt(), 0);
        QCOMPARE(rec2["from_scratch"].toInt(), 2);
        // The corrections leave no boundary within the tolerance: the result is the truth.
        QCOMPARE(rec["kappa_after"].toDouble(), 1.0);
        QVERIFY(rec["kappa_before"].toDouble() < 1.0);
        QCOMPARE(o["skipped"].toArray().size(), 1);
        QCOMPARE(o["skipped"].toArray()[0].toObject()["recording"].toString(),
                 QStringLiteral("rec3"));
        const QJsonObject pooled = o["pooled"].toObject();
        QCOMPARE(pooled["total"].toInt(), 3);
        QCOMPARE(pooled["from_scratch"].toInt(), 5);
        QCOMPARE(pooled["ratio"].toDouble(), 3.0 / 5.0);
        QCOMPARE(pooled["recordings"].toInt(), 2);
        QCOMPARE(pooled["kappa_after"].toDouble(), 1.0);
    }

    void textNamesEveryRecording()
    {
        QTemporaryDir dir;
        const QString project = writeProject(dir);
        const CliResult r = runCli({"effort", project, "--track", "model"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(
            r.out.contains("rec: 2 operations (relabel 1, drag 1, split 0, merge 0, paint 0, "
                           "delete 0; 0 in stretches the truth leaves unlabelled), from scratch 3"),
            qPrintable(r.out));
        QVERIFY2(r.out.contains("rec3: skipped (no track 'model')"), qPrintable(r.out));
        QVERIFY2(r.out.contains("pooled over 2 recordings: 3 operations"), qPrintable(r.out));
    }

    void recordingsAndToleranceAreOptions()
    {
        QTemporaryDir dir;
        const QString project = writeProject(dir);
        // 10 s of tolerance accepts the boundary 5 s late: only the relabel remains.
        const CliResult r = runCli({"effort", project, "--track", "model", "--recording", "rec",
                                    "--tolerance", "10", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray rows = json(r)["recordings"].toArray();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].toObject()["total"].toInt(), 1);
        QCOMPARE(rows[0].toObject()["operations"].toObject()["relabel"].toInt(), 1);
        QVERIFY(rows[0].toObject()["kappa_after"].toDouble() < 1.0);
        // --truth names the reference: the model against itself needs nothing.
        const CliResult self = runCli({"effort", project, "--track", "model", "--truth", "model",
                                       "--recording", "rec2", "--recording", "rec", "--json"});
        QVERIFY2(self.exitCode == 0, qPrintable(self.err));
        QCOMPARE(json(self)["recordings"].toArray().size(), 2);
        QCOMPARE(json(self)["pooled"].toObject()["total"].toInt(), 0);
    }

    void usageAndFailures()
    {
        QTemporaryDir dir;
        const QString project = writeProject(dir);
        QCOMPARE(runCli({"effort", project}).exitCode, 2);
        QCOMPARE(runCli({"effort"}).exitCode, 2);
        QCOMPARE(runCli({"effort", project, "--track", "model", "--tolerance", "-1"}).exitCode, 2);
        const CliResult noTrack = runCli({"effort", project, "--track", "nothing"});
        QCOMPARE(noTrack.exitCode, 1);
        QVERIFY2(noTrack.err.contains("nothing"), qPrintable(noTrack.err));
        const CliResult noRecording =
            runCli({"effort", project, "--track", "model", "--recording", "elsewhere"});
        QCOMPARE(noRecording.exitCode, 1);
        QVERIFY2(noRecording.err.contains("elsewhere"), qPrintable(noRecording.err));
        QCOMPARE(runCli({"effort", dir.filePath("missing.kmk"), "--track", "model"}).exitCode, 1);
        const CliResult help = runCli({"effort", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--tolerance"));
        QVERIFY(runCli({"--help"}).out.contains("effort <project>"));
    }
};

QTEST_GUILESS_MAIN(TestCliEffort)
#include "tst_cli_effort.moc"
