// kinemark-cli video attach|detach|list|sync|relocate (issue #19): videos of
// a recording without the GUI, end to end through the process and the
// project file, and label exports that never carry a video.
#include "core/project/ProjectFile.h"
#include "core/video/VideoAttachment.h"
#include "tests/support/CliRunner.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace kinemark;
using kinemark::test::CliResult;
using kinemark::test::runCli;

namespace {
// A recording of ten seconds at 50 Hz with a ground-truth track of two segments.
Recording labelledRecording(const QString& id, const LabelSet& set)
{
    Recording r;
    r.id = id;
    r.subjectId = QStringLiteral("1");
    r.sampleRateHz = 50;
    r.labelSetId = set.id;
    Sensor s;
    s.name = QStringLiteral("thigh");
    for (const char* axis : {"x", "y", "z"}) {
        Channel c;
        c.name = QString::fromLatin1(axis);
        c.quantity = QStringLiteral("acceleration");
        c.unit = QStringLiteral("g");
        c.samples.assign(500, 0.5f);
        s.channels.push_back(c);
    }
    r.sensors.push_back(s);
    AnnotationTrack truth(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth,
                          set.id);
    truth.setSegments({Segment(0, 200, set.classes[0].id), Segment(200, 500, set.classes[1].id)});
    r.tracks.push_back(truth);
    return r;
}

// A project with `ids` recordings at `path`.
void writeProject(const QString& path, const QStringList& ids)
{
    Project p;
    p.ensureBuiltinLabelSet(QStringLiteral("harth"));
    for (const QString& id : ids)
        p.addRecording(labelledRecording(id, *p.labelSet(QStringLiteral("harth"))));
    ProjectFile::save(p, path);
}

void writeVideo(const QString& path, int seed)
{
    QByteArray bytes(40000, Qt::Uninitialized);
    for (int i = 0; i < bytes.size(); ++i)
        bytes[i] = char((i * 13 + seed) & 0xff);
    QDir().mkpath(QFileInfo(path).absolutePath());
    test::writeFile(path, bytes);
}

// The rows of `video list` (header dropped), split at tabs.
QList<QStringList> listRows(const QString& project, const QStringList& extra = {})
{
    const CliResult r = runCli(QStringList{"video", "list", project} + extra);
    QList<QStringList> rows;
    if (r.exitCode != 0)
        return rows;
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (qsizetype i = 1; i < lines.size(); ++i)
        rows << lines[i].split(QLatin1Char('\t'));
    return rows;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestCliVideo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void attachListSyncDetach()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath("study.kmk");
        writeProject(project, {"day1", "day2"});
        const QString video = dir.filePath("videos/chest.mp4");
        writeVideo(video, 1);

        CliResult r = runCli({"video", "attach", project, "--recording", "day2", video, "--offset",
                              "-2.5", "--rate-correction", "35"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("attached videos/chest.mp4"), qPrintable(r.out));
        {
            const Project p = ProjectFile::open(project);
            QVERIFY(p.videos("day1").empty());
            QCOMPARE(p.videos("day2").size(), size_t(1));
            const VideoAttachment& v = p.videos("day2").front();
            QCOMPARE(v.path, QStringLiteral("videos/chest.mp4")); // relative to the project
            QCOMPARE(v.offsetS, -2.5);
            QCOMPARE(v.driftPpm, 35.0);
            QCOMPARE(v.sizeBytes, qint64(40000));
            QCOMPARE(v.hash.size(), 64);
        }
        // info names the video, with its offset and drift (text and JSON).
        r = runCli({"info", project});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("day2: videos/chest.mp4 (offset -2.500 s, drift 35.0 ppm)"),
                 qPrintable(r.out));
        r = runCli({"info", project, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray recordings =
            QJsonDocument::fromJson(r.out.toUtf8()).object().value("recordings").toArray();
        QCOMPARE(recordings.size(), 2);
        QVERIFY(!recordings[0].toObject().contains("videos"));
        const QJsonObject infoVideo =
            recordings[1].toObject().value("videos").toArray().first().toObject();
        QCOMPARE(infoVideo.value("path").toString(), QStringLiteral("videos/chest.mp4"));
        QCOMPARE(infoVideo.value("offset_s").toDouble(), -2.5);
        QCOMPARE(infoVideo.value("drift_ppm").toDouble(), 35.0);

        QList<QStringList> rows = listRows(project);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0], (QStringList{"day2", "videos/chest.mp4", "-2.500000", "35.000", "ok"}));
        QVERIFY(listRows(project, {"--recording", "day1"}).isEmpty());

        // Attaching it twice is refused; so is a file that is not there.
        r = runCli({"video", "attach", project, "--recording", "day2", video});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("already attached"), qPrintable(r.err));
        r = runCli({"video", "attach", project, "--recording", "day2", dir.filePath("none.mp4")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("none.mp4"), qPrintable(r.err));

        // Two claps: video 1 s = recording 4 s, video 3601 s = recording 3604.36 s
        // (the camera runs 100 ppm slow).
        r = runCli({"video", "sync", project, "--recording", "day2", "chest.mp4", "--pair", "1=4",
                    "--pair", "3601=3604.36"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("offset 2.999900 s, drift 100.000 ppm"), qPrintable(r.out));
        {
            const VideoAttachment v = ProjectFile::open(project).videos("day2").front();
            QVERIFY(std::abs(v.offsetS - 2.9999) < 1e-9);
            QVERIFY(std::abs(v.driftPpm - 100) < 1e-6);
            QVERIFY(std::abs(v.recordingTimeAt(3601) - 3604.36) < 1e-9);
        }
        // One pair moves the offset and keeps the drift.
        r = runCli({"video", "sync", project, "--recording", "day2", "videos/chest.mp4", "--pair",
                    "0=10"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        rows = listRows(project);
        QCOMPARE(rows[0].mid(2, 2), (QStringList{"10.000000", "100.000"}));
        // Pairs that cannot be right are refused, and nothing changes.
        r = runCli({"video", "sync", project, "--recording", "day2", "chest.mp4", "--pair", "5=1",
                    "--pair", "5=9"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("same video time"), qPrintable(r.err));
        QCOMPARE(listRows(project)[0].mid(2, 2), (QStringList{"10.000000", "100.000"}));

        r = runCli({"video", "detach", project, "--recording", "day2", video});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(ProjectFile::open(project).videos("day2").empty());
        r = runCli({"video", "list", project});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("no videos attached"), qPrintable(r.err));
    }

    void movedFileIsReportedAndRelocatedKeepingTheOffset()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath("study.kmk");
        writeProject(project, {"visit"});
        const QString video = dir.filePath("videos/visit.mkv");
        writeVideo(video, 2);
        QCOMPARE(runCli({"video", "attach", project, video, "--offset", "12.04"}).exitCode, 0);

        QDir().mkpath(dir.filePath("archive/cam"));
        QVERIFY(QFile::rename(video, dir.filePath("archive/cam/visit.mkv")));
        CliResult r = runCli({"video", "list", project});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("\tmissing\n"), qPrintable(r.out));
        QVERIFY2(r.err.contains("visit.mkv"), qPrintable(r.err));

        r = runCli(
            {"video", "relocate", project, "visit.mkv", "--search", dir.filePath("archive")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("relocated to archive/cam/visit.mkv"), qPrintable(r.out));
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        QCOMPARE(listRows(project)[0],
                 (QStringList{"visit", "archive/cam/visit.mkv", "12.040000", "0.000", "ok"}));

        // The file changed in place: 'changed'.
        writeVideo(dir.filePath("archive/cam/visit.mkv"), 3);
        QCOMPARE(listRows(project)[0].last(), QStringLiteral("changed"));
        // Relocated by hand to another file: kept offset, with a warning.
        writeVideo(dir.filePath("other.mkv"), 4);
        r = runCli({"video", "relocate", project, "visit.mkv", dir.filePath("other.mkv")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("warning") && r.err.contains("not the file"), qPrintable(r.err));
        QCOMPARE(listRows(project)[0].mid(1),
                 (QStringList{"other.mkv", "12.040000", "0.000", "ok"}));
        r = runCli(
            {"video", "relocate", project, "visit.mkv", "--search", dir.filePath("archive")});
        QCOMPARE(r.exitCode, 2); // 'visit.mkv' is no longer attached
        r = runCli({"video", "relocate", project, "other.mkv", "--search", dir.filePath("videos")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("found no file"), qPrintable(r.err));
    }

    void labelExportsNeverIncludeTheVideo()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath("study.kmk");
        writeProject(project, {"visit"});
        const QString video = dir.filePath("face-visible.mp4");
        writeVideo(video, 5);
        QCOMPARE(runCli({"video", "attach", project, video, "--offset", "3"}).exitCode, 0);
        for (const char* name : {"labels.csv", "labels.eaf", "samples.csv"}) {
            const QString out = dir.filePath(name);
            QStringList args{"labels", "export", project, "-o", out};
            if (QByteArray(name) == "samples.csv")
                args << "--format"
                     << "samples";
            const CliResult r = runCli(args);
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            const QByteArray text = readAll(out);
            QVERIFY(!text.isEmpty());
            QVERIFY2(!text.contains("face-visible"), name);
            QVERIFY2(!text.contains(".mp4"), name);
        }
    }

    void usageErrors()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath("study.kmk");
        writeProject(project, {"a", "b"});
        const QString video = dir.filePath("v.mp4");
        writeVideo(video, 6);
        CliResult r = runCli({"video", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("video sync") && r.out.contains("--rate-correction"));
        QVERIFY(runCli({"--help"}).out.contains("video attach|detach|list|sync|relocate"));
        QCOMPARE(runCli({"video", "play", project}).exitCode, 2);
        r = runCli({"video", "attach", project, video});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--recording"), qPrintable(r.err));
        r = runCli({"video", "attach", project, "--recording", "a", video, "--offset", "soon"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("'soon' is not a number"), qPrintable(r.err));
        r = runCli(
            {"video", "attach", project, "--recording", "a", video, "--rate-correction", "50000"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("beyond +-10000 ppm"), qPrintable(r.err));
        QCOMPARE(runCli({"video", "attach", project, "--recording", "a", video}).exitCode, 0);
        r = runCli({"video", "sync", project, "--recording", "a", video, "--pair", "3"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("VIDEO_S=REC_S"), qPrintable(r.err));
        r = runCli({"video", "sync", project, "--recording", "a", video});
        QCOMPARE(r.exitCode, 2);
        r = runCli({"video", "detach", project, "--recording", "b", video});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("has no video"), qPrintable(r.err));
        r = runCli({"video", "relocate", project, "--recording", "a", video});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("NEWPATH or --search"), qPrintable(r.err));
        QCOMPARE(runCli({"video", "list", dir.filePath("missing.kmk")}).exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestCliVideo)
#include "tst_cli_video.moc"
