// Crash safety of annotation editing: a worker process (this executable with
// --crash-worker) opens a project, recovers its journal as Kinemark does,
// applies random edits and undos through the same core editing and journal code
// as the GUI (TrackEdits, ProjectEdit, EditJournal, ProjectFile::save), saving
// now and then; the test kills it with SIGKILL at random moments and checks
// that the project file always opens and that no journaled edit older than one
// second is lost. KINEMARK_CRASH_TRIALS sets the number of trials (default 12;
// scripts/crash-test.sh runs 150).
#include "core/editing/EditJournal.h"
#include "core/editing/TrackEdits.h"
#include "core/project/ProjectFile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cstdio>
#include <random>
#include <time.h>

using namespace kinemark;

namespace {
constexpr int64_t kSamples = 30000; // 10 minutes at 50 Hz
constexpr int kEditsPerSave = 60;

// A clock both processes share (CLOCK_MONOTONIC), to judge "older than one second".
qint64 monotonicMs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

QByteArray digest(const Project& project)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    for (const LabelSet& set : project.labelSets)
        hash.addData(set.toJson());
    for (const auto& r : project.recordings)
        for (const AnnotationTrack& t : r->tracks) {
            hash.addData(t.name().toUtf8());
            for (const Segment& s : t.segments()) {
                const int64_t v[4] = {s.start, s.end, s.classId, s.editedMs};
                hash.addData(QByteArrayView(reinterpret_cast<const char*>(v), sizeof v));
                hash.addData(s.author.toUtf8());
            }
        }
    return hash.result().toHex().left(16);
}

Project makeProject()
{
    Project p;
    p.labelSets.push_back(LabelSet::builtin("harth"));
    Recording r;
    r.id = QStringLiteral("crash");
    r.subjectId = QStringLiteral("s1");
    r.sampleRateHz = 50;
    r.labelSetId = QStringLiteral("harth");
    for (const char* name : {"back", "thigh"}) {
        Sensor s;
        s.name = QString::fromLatin1(name);
        for (const char* axis : {"x", "y", "z"}) {
            std::vector<float> v(kSamples);
            for (int64_t i = 0; i < kSamples; ++i)
                v[size_t(i)] = float(std::sin(i * 0.01) + (axis[0] - 'x'));
            s.channels.push_back(Channel{QString::fromLatin1(axis), "acc", "g", std::move(v)});
        }
        r.sensors.push_back(std::move(s));
    }
    AnnotationTrack truth(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth,
                          "harth");
    AnnotationTrack model(QStringLiteral("model"), AnnotationTrack::Kind::Prediction, "harth");
    for (int64_t s = 0; s < kSamples; s += 1500)
        truth.append(Segment{s, s + 1500, int32_t(1 + (s / 1500) % 8), QString(), 0});
    for (int64_t s = 0; s < kSamples; s += 1000)
        model.append(Segment{s, s + 1000, int32_t(1 + (s / 1000) % 5), QString(), 0});
    r.tracks.push_back(truth);
    r.tracks.push_back(model);
    p.addRecording(std::move(r));
    return p;
}

// What Kinemark does when it opens a project: replay what the journal holds beyond the file.
int64_t recover(Project& project, const QString& path, JournalContents* contentsOut = nullptr)
{
    const JournalContents contents = EditJournal::read(EditJournal::pathFor(path));
    const auto pending = EditJournal::pendingEntries(project, contents);
    EditJournal::replay(project, pending);
    if (contentsOut)
        *contentsOut = contents;
    return pending.empty() ? EditJournal::coveredSeqOf(project) : pending.back().seq;
}

// The worker: recover, then edit until killed.
int runWorker(const QString& path, quint32 seed)
{
    Project project = ProjectFile::open(path);
    JournalContents contents;
    const int64_t recovered = recover(project, path, &contents);
    EditJournal journal;
    const QString journalPath = EditJournal::pathFor(path);
    QString why;
    if (contents.exists && !EditJournal::pendingEntries(project, contents, &why).empty())
        journal.resume(journalPath, contents);
    else
        journal.start(journalPath,
                      EditJournal::lineageOf(project).isEmpty() ? EditJournal::newLineage()
                                                                : EditJournal::lineageOf(project),
                      EditJournal::coveredSeqOf(project));
    std::printf("R %lld %s\n", qlonglong(recovered), digest(project).constData());
    std::fflush(stdout);

    std::mt19937 rng(seed);
    auto pick = [&](int64_t n) {
        return int64_t(std::uniform_int_distribution<int64_t>(0, std::max<int64_t>(0, n - 1))(rng));
    };
    const QString recId = project.recordings[0]->id;
    std::vector<std::vector<ProjectEdit>> undo;
    for (int step = 0;; ++step) {
        Recording& r = *project.recordings[0];
        AnnotationTrack& truth = r.tracks[0];
        const EditStamp stamp{QStringLiteral("crash test"), QDateTime::currentMSecsSinceEpoch()};
        const long index = truth.isEmpty() ? -1 : long(pick(int64_t(truth.size())));
        const int64_t at = pick(kSamples);
        std::optional<TrackPatch> patch;
        bool isUndo = false;
        switch (pick(9)) {
        case 0:
            patch = TrackEdits::relabel(truth, index, int32_t(1 + pick(8)), stamp);
            break;
        case 1:
            patch = index >= 0 ? TrackEdits::moveBoundary(
                                     truth, truth.segments()[size_t(index)].end,
                                     truth.segments()[size_t(index)].end + pick(401) - 200,
                                     kSamples, stamp)
                               : std::nullopt;
            break;
        case 2:
            patch = TrackEdits::split(truth, at, stamp);
            break;
        case 3:
            patch = TrackEdits::merge(
                truth, index,
                pick(2) ? TrackEdits::Direction::Next : TrackEdits::Direction::Previous, stamp);
            break;
        case 4:
            patch = TrackEdits::erase(truth, index);
            break;
        case 5:
            patch = TrackEdits::paint(truth, at, std::min(kSamples, at + 1 + pick(900)),
                                      int32_t(1 + pick(8)), stamp);
            break;
        case 6:
            patch = TrackEdits::acceptPrediction(truth, r.tracks[1], at,
                                                 std::min(kSamples, at + 1 + pick(3000)), stamp);
            break;
        default:
            isUndo = !undo.empty();
            break;
        }
        std::vector<ProjectEdit> edits;
        if (isUndo) {
            for (auto it = undo.back().rbegin(); it != undo.back().rend(); ++it)
                edits.push_back(it->inverted());
            undo.pop_back();
        } else if (patch) {
            edits.push_back(ProjectEdit::patchTrack(recId, truth.name(), *patch));
            undo.push_back(edits);
        } else {
            continue;
        }
        // As in the GUI: change the project, then journal the step.
        for (const ProjectEdit& e : edits)
            e.apply(project);
        const int64_t seq = journal.append(stamp.author, stamp.ms, isUndo ? "Undo" : "Edit", edits);
        journal.syncIfDue();
        std::printf("E %lld %lld %s\n", qlonglong(seq), qlonglong(monotonicMs()),
                    digest(project).constData());
        std::fflush(stdout);
        if (step % kEditsPerSave == kEditsPerSave - 1) {
            // As MainWindow saves: stamp what the file covers, save atomically, compact the
            // journal.
            std::printf("B\n");
            std::fflush(stdout);
            EditJournal::stamp(project, journal.lineage(), journal.lastSeq());
            ProjectFile::save(project, path);
            journal.compact(journal.lastSeq());
            std::printf("S %lld\n", qlonglong(journal.lastSeq()));
            std::fflush(stdout);
        }
    }
}

struct Reported
{
    int64_t seq;
    qint64 ms;
    QByteArray digest;
};
} // namespace

class TestCrash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedEditorLosesNothingOlderThanOneSecond();
};

void TestCrash::killedEditorLosesNothingOlderThanOneSecond()
{
    const int trials = qEnvironmentVariableIsSet("KINEMARK_CRASH_TRIALS")
                           ? qEnvironmentVariableIntValue("KINEMARK_CRASH_TRIALS")
                           : 12;
    QTemporaryDir dir;
    const QString path = dir.filePath("crash.kmk");
    ProjectFile::save(makeProject(), path);
    std::mt19937 rng(20240604);
    int killedDuringSave = 0, tornTails = 0, leftoverTemp = 0;
    int64_t totalEdits = 0;
    for (int trial = 0; trial < trials; ++trial) {
        QProcess worker;
        worker.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        worker.start(QCoreApplication::applicationFilePath(),
                     {QStringLiteral("--crash-worker"), path, QString::number(trial + 1)});
        QVERIFY2(worker.waitForStarted(), qPrintable(worker.errorString()));
        std::vector<Reported> edits;
        QByteArray pending;
        bool saving = false;
        auto readLines = [&] {
            pending += worker.readAllStandardOutput();
            int nl;
            while ((nl = pending.indexOf('\n')) >= 0) {
                const QList<QByteArray> f = pending.left(nl).split(' ');
                pending.remove(0, nl + 1);
                if (f.value(0) == "E" && f.size() == 4) {
                    edits.push_back({f[1].toLongLong(), f[2].toLongLong(), f[3]});
                } else if (f.value(0) == "B") {
                    saving = true;
                } else if (f.value(0) == "S") {
                    saving = false;
                }
            }
        };
        // Kill at a random moment: mostly within the first second, sometimes later.
        const int killAfterMs =
            std::uniform_int_distribution<int>(30, trial % 5 == 4 ? 2500 : 900)(rng);
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < killAfterMs && worker.state() == QProcess::Running) {
            worker.waitForReadyRead(5);
            readLines();
        }
        QCOMPARE(worker.state(), QProcess::Running); // the worker must not die on its own
        const qint64 killedAt = monotonicMs();
        worker.kill(); // SIGKILL
        QVERIFY(worker.waitForFinished(5000));
        readLines();
        killedDuringSave += saving ? 1 : 0;
        totalEdits += int64_t(edits.size());

        // 1. The project file is never corrupt.
        Project project;
        try {
            project = ProjectFile::open(path);
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QStringLiteral("trial %1: the project file does not open: %2")
                                 .arg(trial)
                                 .arg(e.what())));
        }
        // 2. Recovery brings back every reported edit older than a second, and the state matches.
        JournalContents contents;
        const int64_t recoveredSeq = recover(project, path, &contents);
        tornTails += contents.damage.isEmpty() ? 0 : 1;
        int64_t mustHave = -1, lastReported = -1;
        for (const Reported& r : edits) {
            lastReported = r.seq;
            if (r.ms < killedAt - 1000)
                mustHave = r.seq;
        }
        QVERIFY2(recoveredSeq >= mustHave,
                 qPrintable(
                     QStringLiteral("trial %1: recovered up to %2, but edit %3 was older than 1 s")
                         .arg(trial)
                         .arg(recoveredSeq)
                         .arg(mustHave)));
        // The worker may have journaled one edit it did not get to report.
        QVERIFY(lastReported < 0 || recoveredSeq <= lastReported + 1);
        for (const Reported& r : edits)
            if (r.seq == recoveredSeq)
                QCOMPARE(digest(project), r.digest);
        for (const auto& r : project.recordings)
            for (const AnnotationTrack& t : r->tracks)
                QVERIFY(AnnotationTrack::checkInvariant(t.segments()).isEmpty());
        // A save killed half-way leaves its temporary file; the project file itself is untouched.
        for (const QString& f :
             QDir(dir.path()).entryList({QStringLiteral("crash.kmk.tmp*")}, QDir::Files)) {
            ++leftoverTemp;
            QFile::remove(dir.filePath(f));
        }
    }
    qInfo("%d trials, %lld edits, %d killed while saving, %d torn journal tails, %d save temp "
          "files left behind",
          trials, qlonglong(totalEdits), killedDuringSave, tornTails, leftoverTemp);
}

int main(int argc, char* argv[])
{
    if (argc == 4 && qstrcmp(argv[1], "--crash-worker") == 0) {
        QCoreApplication app(argc, argv);
        try {
            return runWorker(QString::fromLocal8Bit(argv[2]),
                             quint32(QByteArray(argv[3]).toUInt()));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "crash worker: %s\n", e.what());
            return 3;
        }
    }
    QCoreApplication app(argc, argv);
    TestCrash test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_crash.moc"
