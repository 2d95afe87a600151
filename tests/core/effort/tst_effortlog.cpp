// The opt-in log of the annotator's own effort: which operation an edit is (from
// the patches the editor's operations make), a session's tally (time spent, the
// recording reviewed) and the log file with its summary.
#include "core/editing/TrackEdits.h"
#include "core/effort/EffortLog.h"
#include "core/effort/EffortTally.h"
#include "core/effort/PatchOperation.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace kinemark;
using Op = CorrectionEffort::Operation;

namespace {
// A [0, 300), B [300, 600), gap, A [800, 1000).
AnnotationTrack sample()
{
    AnnotationTrack t("truth", AnnotationTrack::Kind::GroundTruth);
    t.append(Segment(0, 300, 1));
    t.append(Segment(300, 600, 2));
    t.append(Segment(800, 1000, 1));
    return t;
}

std::optional<Op> kindOf(const std::optional<TrackPatch>& patch)
{
    return patch ? PatchOperation::of(*patch) : std::nullopt;
}

const EditStamp kStamp{QStringLiteral("me"), 1};
} // namespace

class TestEffortLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyEditorOperationIsRecognised()
    {
        const AnnotationTrack t = sample();
        QCOMPARE(kindOf(TrackEdits::relabel(t, 1, 3, kStamp)), std::optional<Op>(Op::Relabel));
        QCOMPARE(kindOf(TrackEdits::moveBoundary(t, 300, 350, 1000, kStamp)),
                 std::optional<Op>(Op::Drag));
        QCOMPARE(kindOf(TrackEdits::moveBoundary(t, 600, 700, 1000, kStamp)),
                 std::optional<Op>(Op::Drag)); // into the gap
        QCOMPARE(kindOf(TrackEdits::split(t, 100, kStamp)), std::optional<Op>(Op::Split));
        QCOMPARE(kindOf(TrackEdits::merge(t, 0, TrackEdits::Direction::Next, kStamp)),
                 std::optional<Op>(Op::Merge));
        QCOMPARE(kindOf(TrackEdits::merge(t, 1, TrackEdits::Direction::Next, kStamp)),
                 std::optional<Op>(Op::Merge)); // across the gap
        QCOMPARE(kindOf(TrackEdits::paint(t, 620, 780, 4, kStamp)), std::optional<Op>(Op::Paint));
        QCOMPARE(kindOf(TrackEdits::erase(t, 2)), std::optional<Op>(Op::Delete));
        QCOMPARE(kindOf(TrackEdits::paint(t, 100, 200, kUnlabelled, kStamp)),
                 std::optional<Op>(Op::Delete)); // a selected stretch cleared
        // Not one of the six: a note, and painting over labels.
        QCOMPARE(kindOf(TrackEdits::setNote(t, 0, QStringLiteral("check"))), std::nullopt);
        QCOMPARE(kindOf(TrackEdits::paint(t, 250, 350, 4, kStamp)), std::nullopt);
    }

    void aSessionTalliesEditsTimeAndTheReviewedStretch()
    {
        EffortTally tally(QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC), "p.kmk");
        QVERIFY(tally.isEmpty());
        tally.view("rec", 0, 60, 0);            // a minute on screen
        tally.edit("rec", Op::Relabel, 10000);  // 10 s later
        tally.edit("rec", Op::Drag, 25000);     // 15 s later
        tally.view("rec", 30, 90, 30000);       // scrolled by half a screen, 5 s later
        tally.edit("rec", std::nullopt, 40000); // 10 s later: reviewed now 0-90 s
        // Away for longer than kIdleMs: that pause is not time spent.
        const qint64 back = 40000 + EffortTally::kIdleMs + 1;
        tally.undo("rec", back);
        tally.view("other", 0, 600, back + 1000); // looked at, never edited: not logged
        QVERIFY(!tally.isEmpty());
        const std::vector<EffortLog::Entry> entries = tally.entries();
        QCOMPARE(entries.size(), size_t(1));
        const EffortLog::Entry& e = entries.front();
        QCOMPARE(e.recording, QStringLiteral("rec"));
        QCOMPARE(e.project, QStringLiteral("p.kmk"));
        QCOMPARE(e.operations[Op::Relabel], int64_t(1));
        QCOMPARE(e.operations[Op::Drag], int64_t(1));
        QCOMPARE(e.otherEdits, int64_t(1));
        QCOMPARE(e.undos, int64_t(1));
        QCOMPARE(e.activeSeconds, 10.0 + 15.0 + 5.0 + 10.0);
        QCOMPARE(e.reviewedSeconds, 90.0);
        // 40 s for 1.5 min of recording.
        QCOMPARE(EffortLog::secondsPerReviewedMinute(e.activeSeconds, e.reviewedSeconds),
                 40.0 / 1.5);
        tally.clear();
        QVERIFY(tally.isEmpty());
    }

    void theLogAppendsReadsAndSummarises()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("sub/effort-log.jsonl"); // the folder is made
        QVERIFY(EffortLog::read(path).empty());
        QVERIFY(EffortLog::summary({}).contains("No editing effort"));
        EffortLog::Entry a;
        a.sessionStart = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
        a.project = "p.kmk";
        a.recording = "rec";
        a.operations[Op::Relabel] = 3;
        a.operations[Op::Paint] = 2;
        a.otherEdits = 1;
        a.undos = 1;
        a.activeSeconds = 90;
        a.reviewedSeconds = 120;
        EffortLog::Entry b = a;
        b.sessionStart = a.sessionStart.addSecs(3600);
        b.recording = "rec2";
        b.operations = {};
        b.operations[Op::Delete] = 4;
        b.otherEdits = 0;
        b.activeSeconds = 30;
        b.reviewedSeconds = 60;
        EffortLog::append(path, {a});
        EffortLog::append(path, {b});
        // A line half written when the program died is skipped.
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        f.write("{\"session\": \"2026-");
        f.close();
        const std::vector<EffortLog::Entry> read = EffortLog::read(path);
        QCOMPARE(read.size(), size_t(2));
        QCOMPARE(read[0].toJson(), a.toJson());
        QCOMPARE(read[1].toJson(), b.toJson());
        const QString text = EffortLog::summary(read);
        QVERIFY2(text.contains("Sessions: 2, recordings: 2\nEdits: 10"), qPrintable(text));
        QVERIFY2(text.contains("relabel 3"), qPrintable(text));
        QVERIFY2(text.contains("delete 4"), qPrintable(text));
        // (90 + 30) s for (120 + 60) s = 3 min reviewed: 40 s per reviewed minute.
        QVERIFY2(text.contains(QStringLiteral("%1 s per reviewed minute")
                                   .arg(QString::number(
                                       EffortLog::secondsPerReviewedMinute(120, 180), 'f', 1))),
                 qPrintable(text));
        QVERIFY2(text.contains("40.0 s per reviewed minute"), qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(TestEffortLog)
#include "tst_effortlog.moc"
