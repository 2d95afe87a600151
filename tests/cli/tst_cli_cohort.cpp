// kinemark-cli cohort run / collate end to end: 20 short demo participants
// written as HARTH CSV (one of them damaged), processed as one process, as two
// shards, and as three shards of which one stops part-way (--max-participants,
// a temporary folder left as a killed process leaves it) and another is killed
// with SIGKILL, then restarted: the collated summaries are identical bytes, the
// restarted shards redo no finished participant, and the damaged participant is
// the one failure.
#include "core/demo/DemoRecordingGenerator.h"
#include "core/model/Project.h"
#include "core/project/ProjectFile.h"
#include "core/timeuse/TimeUseSummary.h"
#include "tests/support/CliRunner.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace kinemark;
using kinemark::test::CliResult;
using kinemark::test::runCli;

namespace {

constexpr int kParticipants = 20;
constexpr double kSeconds = 10 * 60;
const QString kCorrupt = QStringLiteral("P13");

QString participantId(int i)
{
    return QStringLiteral("P%1").arg(i, 2, 10, QLatin1Char('0'));
}

Recording demoRecording(int i)
{
    DemoOptions o;
    o.durationSeconds = kSeconds;
    o.seed = uint64_t(100 + i);
    o.recordingId = participantId(i);
    o.subjectId = participantId(i);
    return DemoRecordingGenerator::generate(o);
}

// The recording as HARTH's CSV (time stamps, back and thigh in g, class ids;
// -1 for an unlabelled sample).
QByteArray harthCsv(const Recording& r)
{
    QByteArray text = "timestamp,back_x,back_y,back_z,thigh_x,thigh_y,thigh_z,label\n";
    const AnnotationTrack* truth = r.groundTruth();
    const std::vector<int32_t> labels = truth->toSampleLabels(r.sampleCount());
    const int64_t startMs = r.startTimeUs / 1000;
    for (size_t s = 0; s < r.sampleCount(); ++s) {
        const qint64 ms = startMs + qint64(std::llround(s * 1000.0 / r.sampleRateHz));
        text += QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
                    .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
                    .toLatin1();
        for (const Sensor& sensor : r.sensors)
            for (const Channel& c : sensor.channels)
                text += ',' + QByteArray::number(c.samples[s], 'f', 6);
        text += ',' + QByteArray::number(labels[s] >= 0 ? labels[s] : -1) + '\n';
    }
    return text;
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size(), qPrintable(path));
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The participants a run's progress says it processed ("P07: done in").
QStringList processed(const QString& err)
{
    QStringList ids;
    static const QRegularExpression done(QStringLiteral("(P\\d\\d): done in"));
    auto it = done.globalMatch(err);
    while (it.hasNext())
        ids << it.next().captured(1);
    return ids;
}

QStringList temporaries(const QString& dir)
{
    return QDir(dir).entryList({QStringLiteral(".partial-*")},
                               QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
}

} // namespace

class TestCliCohort : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_manifest;
    QString m_walkingMinutesP07; // from TimeUseSummary on the generated recording

    QStringList runArguments(const QString& out) const
    {
        // --format on the command line for every participant; the manifest's
        // format column overrides it for its rows (harth there too).
        return {QStringLiteral("cohort"),
                QStringLiteral("run"),
                m_manifest,
                QStringLiteral("--out"),
                out,
                QStringLiteral("--format"),
                QStringLiteral("harth"),
                QStringLiteral("--min-wear-hours"),
                QStringLiteral("0.1")};
    }

    QByteArray collate(const QString& out)
    {
        const QString summary = out + QStringLiteral("-summary.csv");
        const CliResult r = runCli({"cohort", "collate", out, "-o", summary});
        if (r.exitCode != 0)
            qWarning() << r.err;
        return readFile(summary);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QByteArray manifest = "# 20 demo participants; P13's file is damaged\n"
                              "participant,files,format\n";
        // Written in reverse: the run sorts by id, whatever the file's order.
        for (int i = kParticipants - 1; i >= 0; --i) {
            const Recording r = demoRecording(i);
            QByteArray csv = harthCsv(r);
            if (participantId(i) == kCorrupt) {
                // A row cut short halfway through the file.
                const qsizetype middle = csv.indexOf('\n', csv.size() / 2);
                csv.insert(middle + 1, "2024-03-04 08:05:00.000,0.1,0.2\n");
            }
            const QString name = participantId(i) + QStringLiteral(".csv");
            writeFile(m_dir.filePath(name), csv);
            manifest += participantId(i).toUtf8() + ',' + name.toUtf8() + ',' +
                        (i % 2 ? "harth" : "") + '\n';
            if (i == 7) {
                const Project p = DemoRecordingGenerator::demoProject(DemoOptions());
                TimeUseOptions options;
                options.minimumWearSeconds = 0.1 * 3600;
                const TimeUseSummary s =
                    TimeUseSummary::compute(r, r.groundTruth(), p.labelSet(r.labelSetId), options);
                double walking = 0;
                const int walk = s.classIndex(1); // HARTH's walking
                QVERIFY(walk >= 0);
                for (const DaySummary& d : s.days)
                    walking += d.classSeconds[size_t(walk)] / 60;
                QVERIFY(walking > 0.5);
                m_walkingMinutesP07 = QString::number(walking, 'f', 2);
            }
        }
        m_manifest = m_dir.filePath(QStringLiteral("manifest.csv"));
        writeFile(m_manifest, manifest);
    }

    void oneProcessTwoShardsAndARestartedThreeAgree()
    {
        QElapsedTimer timer;
        timer.start();
        // One process.
        const QString one = m_dir.filePath(QStringLiteral("one"));
        CliResult r = runCli(runArguments(one));
        QCOMPARE(r.exitCode, 1); // one participant failed
        QVERIFY2(processed(r.err).size() == kParticipants - 1, qPrintable(r.err));
        QVERIFY2(r.err.contains(kCorrupt + QStringLiteral(": FAILED")), qPrintable(r.err));
        const QByteArray summaryOne = collate(one);
        QCOMPARE(summaryOne.count('\n'), kParticipants); // header + 19 rows
        QVERIFY(!summaryOne.contains(kCorrupt.toUtf8() + ','));

        // The figures are the time use of the ground truth: P07's walking
        // minutes as TimeUseSummary gives them on the generated recording.
        const QList<QByteArray> lines = summaryOne.split('\n');
        const QList<QByteArray> header = lines[0].split(',');
        const qsizetype walkingColumn = header.indexOf("min_walking");
        QVERIFY(walkingColumn > 0);
        QByteArray p07;
        for (const QByteArray& l : lines)
            if (l.startsWith("P07,"))
                p07 = l;
        QCOMPARE(QString::fromUtf8(p07.split(',')[walkingColumn]), m_walkingMinutesP07);
        // Sorted by participant.
        QVERIFY(lines[1].startsWith("P00,"));
        QVERIFY(lines[kParticipants - 1].startsWith("P19,"));

        // The failure, with its place in the file.
        const QByteArray failures = readFile(QDir(one).filePath(QStringLiteral("failures.csv")));
        QCOMPARE(failures.count('\n'), 2);
        QVERIFY2(failures.contains(kCorrupt.toUtf8() + ",") && failures.contains("P13.csv"),
                 failures.constData());

        // Two shards from --shard, and the same from a launcher's environment (RANK/WORLD_SIZE).
        const QString two = m_dir.filePath(QStringLiteral("two"));
        QStringList seen;
        r = runCli(runArguments(two) << QStringLiteral("--shard") << QStringLiteral("0/2"));
        QVERIFY(r.exitCode == 0 || r.exitCode == 1);
        seen << processed(r.err);
        {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("RANK"), QStringLiteral("1"));
            env.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(KINEMARK_CLI_PATH), runArguments(two));
            QVERIFY(p.waitForFinished(120000));
            const QString err = QString::fromUtf8(p.readAllStandardError());
            QVERIFY2(err.contains(QStringLiteral("[shard 1/2]")), qPrintable(err));
            seen << processed(err);
        }
        seen.sort();
        QCOMPARE(seen.size(), kParticipants - 1);
        QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), kParticipants - 1);
        QCOMPARE(collate(two), summaryOne);

        // Three shards: shard 0 stops after 2 participants (as a job hitting
        // its time limit), with the temporary folder a killed process would
        // leave for its next participant; shard 1 is killed outright.
        const QString three = m_dir.filePath(QStringLiteral("three"));
        r = runCli(runArguments(three) << "--shard"
                                       << "0/3"
                                       << "--max-participants"
                                       << "2");
        QCOMPARE(r.exitCode, 0);
        const QStringList firstRun = processed(r.err);
        QCOMPARE(firstRun, QStringList({"P00", "P03"}));
        const QString stale = QDir(three).filePath(QStringLiteral(".partial-P06-deadhost-99999"));
        QVERIFY(QDir().mkpath(stale));
        writeFile(QDir(stale).filePath(QStringLiteral("daily.csv")), "half-written");

        QStringList killedRun;
        {
            QProcess p;
            p.start(QStringLiteral(KINEMARK_CLI_PATH), runArguments(three) << "--shard"
                                                                           << "1/3");
            QVERIFY(p.waitForStarted());
            // Killed once its first participant is done (or when it ends first).
            QElapsedTimer wait;
            wait.start();
            while (!QFileInfo(QDir(three).filePath(QStringLiteral("P01"))).isDir() &&
                   p.state() == QProcess::Running && wait.elapsed() < 60000)
                QThread::msleep(2);
            p.kill();
            p.waitForFinished();
            killedRun = processed(QString::fromUtf8(p.readAllStandardError()));
        }
        const QStringList doneBefore =
            QDir(three).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QVERIFY(doneBefore.contains(QStringLiteral("P00")) &&
                doneBefore.contains(QStringLiteral("P03")) &&
                doneBefore.contains(QStringLiteral("P01")));

        // Restarted: all three shards with the same command.
        QStringList restarted;
        QString restartErr;
        for (const char* shard : {"0/3", "1/3", "2/3"}) {
            r = runCli(runArguments(three) << "--shard" << shard);
            QVERIFY(r.exitCode == 0 || r.exitCode == 1);
            const QStringList again = processed(r.err);
            for (const QString& id : again)
                QVERIFY2(!doneBefore.contains(id), qPrintable(id + " was processed twice"));
            restarted << again;
            restartErr += r.err;
        }
        // Each participant done before is skipped as done, and the one failure
        // of the restart is the damaged file.
        for (const QString& id : doneBefore)
            QVERIFY2(restartErr.contains(id + QStringLiteral(": already done")), qPrintable(id));
        QCOMPARE(restartErr.count(QStringLiteral(": FAILED")), 1);
        QVERIFY(restartErr.contains(kCorrupt + QStringLiteral(": FAILED")));
        QVERIFY(restarted.contains(QStringLiteral("P06"))); // the stale temporary's participant
        QCOMPARE(restarted.size() + doneBefore.size(), kParticipants - 1);
        QVERIFY(temporaries(three).isEmpty());
        QCOMPARE(collate(three), summaryOne);
        const QByteArray failuresThree =
            readFile(QDir(three).filePath(QStringLiteral("failures.csv")));
        QCOMPARE(failuresThree.count('\n'), 2);
        QVERIFY(failuresThree.contains(kCorrupt.toUtf8() + ","));

        // A participant's folder holds its tables and track.
        const QDir p07Folder(QDir(one).filePath(QStringLiteral("P07")));
        for (const char* file : {"daily.csv", "hourly.csv", "ground-truth.csv", "participant.json"})
            QVERIFY2(p07Folder.exists(QString::fromLatin1(file)), file);
        qInfo() << "cohort runs took" << timer.elapsed()
                << "ms; done before the restart:" << doneBefore
                << "(the killed shard's own lines:" << killedRun << ")";
    }

    // With a model (a tiny one trained here): its prediction is the track, the
    // summary names the model, and --report / --save-projects add the PDF and
    // the project.
    void aModelsPredictionWithReportAndProject()
    {
        Project training = DemoRecordingGenerator::demoProject(DemoOptions());
        training.recordings.clear();
        training.addRecording(demoRecording(50));
        const QString trainingPath = m_dir.filePath(QStringLiteral("training.kmk"));
        ProjectFile::save(training, trainingPath);
        const QString model = m_dir.filePath(QStringLiteral("tiny.kmodel"));
        CliResult r = runCli({"train", trainingPath, "--model", "cnn-center", "--epochs", "1",
                              "--threads", "1", "-o", model});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));

        const QString manifest = m_dir.filePath(QStringLiteral("two.csv"));
        writeFile(manifest, "participant,files\nP00,P00.csv\nP01,P01.csv\n");
        const QString out = m_dir.filePath(QStringLiteral("model"));
        r = runCli({"cohort", "run", manifest, "--out", out, "--format", "harth", "--model-file",
                    model, "--report", "--save-projects", "--threads", "1"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QDir p00(QDir(out).filePath(QStringLiteral("P00")));
        QVERIFY(readFile(p00.filePath(QStringLiteral("report.pdf"))).startsWith("%PDF"));
        QVERIFY(p00.exists(QStringLiteral("prediction.csv")));
        QVERIFY(!p00.exists(QStringLiteral("ground-truth.csv")));
        const Project saved = ProjectFile::open(p00.filePath(QStringLiteral("project.kmk")));
        QCOMPARE(int(saved.recordings.size()), 1);
        QVERIFY(saved.recordings.front()->track(QStringLiteral("cnn-center")));

        const QList<QByteArray> lines = collate(out).split('\n');
        const QList<QByteArray> header = lines[0].split(',');
        const QList<QByteArray> row = lines[1].split(',');
        QCOMPARE(row[header.indexOf("track")], QByteArray("cnn-center"));
        QCOMPARE(row[header.indexOf("model_file")], QByteArray("tiny.kmodel"));
        QCOMPARE(row[header.indexOf("model_kind")], QByteArray("cnn-center"));
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{16}$"))
                    .match(QString::fromLatin1(row[header.indexOf("model_id")]))
                    .hasMatch());
        QVERIFY(!row[header.indexOf("model_created")].isEmpty());
    }

    void aBadManifestStopsBeforeAnythingRuns()
    {
        const QString manifest = m_dir.filePath(QStringLiteral("bad.csv"));
        writeFile(manifest, "participant,files,rate\nP00,P00.csv,50\nP01,P01.csv,fast\n");
        const QString out = m_dir.filePath(QStringLiteral("bad"));
        const CliResult r = runCli({"cohort", "run", manifest, "--out", out});
        QCOMPARE(r.exitCode, 2);
        // File, line and column of the refused cell.
        QVERIFY2(r.err.contains(manifest + QStringLiteral(":3:13:")) &&
                     r.err.contains(QStringLiteral("--rate")),
                 qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(QDir(out).filePath(QStringLiteral("P00"))));

        // Options whose names other options' help mentions take their values
        // (the option list comes from the import options' help text), and a
        // switch takes yes or no.
        writeFile(manifest, "participant,files,time-column,sensors,offset,rate,no-header\n"
                            "P00,P00.csv,1,\"back,thigh\",thigh=0.5,50,no\n");
        CliResult ok = runCli({"cohort", "run", manifest, "--out", out, "--max-participants", "0"});
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
        writeFile(manifest, "participant,files,no-header\nP00,P00.csv,maybe\n");
        ok = runCli({"cohort", "run", manifest, "--out", out});
        QCOMPARE(ok.exitCode, 2);
        QVERIFY2(ok.err.contains(QStringLiteral(":2:13:")) &&
                     ok.err.contains(QStringLiteral("yes or no")),
                 qPrintable(ok.err));
    }
};

QTEST_GUILESS_MAIN(TestCliCohort)
#include "tst_cli_cohort.moc"
