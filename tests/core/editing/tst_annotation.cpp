// Annotation editing in core: edit operations and their undo, navigation,
// the edit journal, label import/export (segment CSV, sample column, ELAN) and agreement.
#include "core/analysis/TrackAgreement.h"
#include "core/editing/EditJournal.h"
#include "core/editing/ProjectEdit.h"
#include "core/editing/TrackEdits.h"
#include "core/editing/TrackNavigation.h"
#include "core/labels/ClassNameMap.h"
#include "core/labels/ElanFormat.h"
#include "core/labels/LabelTrackBuilder.h"
#include "core/labels/SampleLabelColumnFormat.h"
#include "core/labels/SegmentCsvFormat.h"
#include "tests/support/TestSupport.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <random>

using namespace kinemark;

namespace {
using Triple = std::tuple<int64_t, int64_t, int32_t>;

AnnotationTrack makeTrack(std::initializer_list<Triple> segs,
                          const QString& name = QStringLiteral("truth"))
{
    AnnotationTrack t(name, AnnotationTrack::Kind::GroundTruth, QStringLiteral("harth"));
    for (const auto& [a, b, c] : segs)
        t.append(Segment{a, b, c, QString(), 0});
    return t;
}

std::vector<Triple> triples(const AnnotationTrack& t)
{
    std::vector<Triple> out;
    for (const Segment& s : t.segments())
        out.emplace_back(s.start, s.end, s.classId);
    return out;
}

// Applies a patch, checks the result, reverts it and checks the original came back.
void applyAndUndo(AnnotationTrack& track, const std::optional<TrackPatch>& patch,
                  const std::vector<Triple>& expected)
{
    QVERIFY(patch.has_value());
    const AnnotationTrack original = track;
    patch->apply(track);
    QVERIFY(AnnotationTrack::checkInvariant(track.segments()).isEmpty());
    QCOMPARE(triples(track), expected);
    patch->revert(track);
    QVERIFY(track == original);
    patch->apply(track);
}

const EditStamp kStamp{QStringLiteral("ann"), 1700000000000};
} // namespace

class TestAnnotation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void relabelSplitMergeErase();
    void moveBoundaryNeighbourFollowsAndClamps();
    void paintAndAcceptPrediction();
    void paintSpansChangesAMultiSelectionInOnePatch();
    void composeMergesSteps();
    void notesAndUnsureFollowTheirSegment();
    void navigation();
    void projectEditsRoundTripThroughJson();
    void journalAppendReadCompactAndTornTail();
    void journalPendingEntriesAndReplay();
    void journalReplaysNotesAndUnsure();
    void segmentCsvRoundTrip();
    void sampleColumnRoundTrip();
    void elanRoundTrip();
    void segmentCsvNotesAndUnsureRoundTrip();
    void elanNotesAndUnsureRoundTrip();
    void elanDependentTiersFromElan();
    void rangeErrorsNameFileAndLineAndClip();
    void elanWithoutTiersIsAnError();
    void elanTierInsideAnAnnotationIsAnError();
    void elanAnnotationOutOfPlaceIsAnError();
    void unknownClassNamesAreRefusedMappedOrSkipped();
    void classMapFiles();
    void elanTimeSlotOutOfRange();
    void kappaHandComputed();
    void boundaryOffsets();
};

void TestAnnotation::relabelSplitMergeErase()
{
    AnnotationTrack t = makeTrack({{0, 100, 1}, {100, 200, 2}, {250, 300, 3}});
    applyAndUndo(t, TrackEdits::relabel(t, 1, 7, kStamp),
                 {{0, 100, 1}, {100, 200, 7}, {250, 300, 3}});
    QCOMPARE(t.segments()[1].author, QStringLiteral("ann"));
    QCOMPARE(t.segments()[1].editedMs, kStamp.ms);
    QVERIFY(!TrackEdits::relabel(t, 1, 7, kStamp)); // already that class

    applyAndUndo(t, TrackEdits::split(t, 150, kStamp),
                 {{0, 100, 1}, {100, 150, 7}, {150, 200, 7}, {250, 300, 3}});
    QVERIFY(!TrackEdits::split(t, 150, kStamp)); // at a boundary
    QVERIFY(!TrackEdits::split(t, 220, kStamp)); // in a gap

    // Merge with next keeps the class of the segment merged from.
    applyAndUndo(t, TrackEdits::merge(t, 0, TrackEdits::Direction::Next, kStamp),
                 {{0, 150, 1}, {150, 200, 7}, {250, 300, 3}});
    // Merge across a gap fills it.
    applyAndUndo(t, TrackEdits::merge(t, 2, TrackEdits::Direction::Previous, kStamp),
                 {{0, 150, 1}, {150, 300, 3}});
    QVERIFY(!TrackEdits::merge(t, 0, TrackEdits::Direction::Previous, kStamp));

    applyAndUndo(t, TrackEdits::erase(t, 0), {{150, 300, 3}});
    QVERIFY(!TrackEdits::erase(t, 5));
}

void TestAnnotation::moveBoundaryNeighbourFollowsAndClamps()
{
    AnnotationTrack t = makeTrack({{0, 100, 1}, {100, 200, 2}, {250, 300, 3}});
    // Shared boundary: both sides follow.
    applyAndUndo(t, TrackEdits::moveBoundary(t, 100, 130, 400, kStamp),
                 {{0, 130, 1}, {130, 200, 2}, {250, 300, 3}});
    // Clamped so that neither side becomes empty.
    applyAndUndo(t, TrackEdits::moveBoundary(t, 130, 500, 400, kStamp),
                 {{0, 199, 1}, {199, 200, 2}, {250, 300, 3}});
    applyAndUndo(t, TrackEdits::moveBoundary(t, 199, -5, 400, kStamp),
                 {{0, 1, 1}, {1, 200, 2}, {250, 300, 3}});
    // An edge next to a gap moves into it, but not into the next segment.
    applyAndUndo(t, TrackEdits::moveBoundary(t, 200, 999, 400, kStamp),
                 {{0, 1, 1}, {1, 250, 2}, {250, 300, 3}});
    t = makeTrack({{0, 100, 1}, {150, 200, 2}});
    applyAndUndo(t, TrackEdits::moveBoundary(t, 150, 20, 400, kStamp),
                 {{0, 100, 1}, {100, 200, 2}});
    applyAndUndo(t, TrackEdits::moveBoundary(t, 200, 1000, 400, kStamp),
                 {{0, 100, 1}, {100, 400, 2}});
    QVERIFY(!TrackEdits::moveBoundary(t, 50, 60, 400, kStamp));   // not a boundary
    QVERIFY(!TrackEdits::moveBoundary(t, 400, 400, 400, kStamp)); // nowhere to go
}

void TestAnnotation::paintAndAcceptPrediction()
{
    AnnotationTrack t = makeTrack({{0, 100, 1}, {100, 200, 2}, {250, 300, 3}});
    applyAndUndo(t, TrackEdits::paint(t, 50, 260, 5, kStamp),
                 {{0, 50, 1}, {50, 260, 5}, {260, 300, 3}});
    applyAndUndo(t, TrackEdits::paint(t, 10, 20, kUnlabelled, kStamp),
                 {{0, 10, 1}, {20, 50, 1}, {50, 260, 5}, {260, 300, 3}});

    AnnotationTrack truth = makeTrack({{0, 100, 1}, {100, 200, 2}});
    AnnotationTrack pred =
        makeTrack({{0, 60, 1}, {60, 90, 4}, {120, 400, 6}}, QStringLiteral("model"));
    applyAndUndo(truth, TrackEdits::acceptPrediction(truth, pred, 50, 150, kStamp),
                 {{0, 50, 1}, {50, 60, 1}, {60, 90, 4}, {120, 150, 6}, {150, 200, 2}});
    // Accepting the same again changes nothing.
    QVERIFY(!TrackEdits::acceptPrediction(truth, pred, 50, 150, kStamp));
}

void TestAnnotation::paintSpansChangesAMultiSelectionInOnePatch()
{
    AnnotationTrack t = makeTrack({{0, 100, 1}, {100, 200, 2}, {250, 300, 3}, {300, 400, 1}});
    // Whole segments, given out of order: relabelled, the others untouched.
    applyAndUndo(t,
                 TrackEdits::paintSpans(t, {SampleSpan{300, 400}, SampleSpan{0, 100}}, 5, kStamp),
                 {{0, 100, 5}, {100, 200, 2}, {250, 300, 3}, {300, 400, 5}});
    QCOMPARE(t.segments()[0].author, kStamp.author);
    QCOMPARE(t.segments()[1].editedMs, int64_t(0)); // not selected, not stamped
    // Already that class: nothing to do.
    QVERIFY(!TrackEdits::paintSpans(t, {SampleSpan{0, 100}}, 5, kStamp));
    // Clearing removes exactly the selected segments.
    applyAndUndo(t,
                 TrackEdits::paintSpans(t, {SampleSpan{100, 200}, SampleSpan{300, 400}},
                                        kUnlabelled, kStamp),
                 {{0, 100, 5}, {250, 300, 3}});
    // A span that is not one segment is painted.
    applyAndUndo(t, TrackEdits::paintSpans(t, {SampleSpan{50, 275}}, 4, kStamp),
                 {{0, 50, 5}, {50, 275, 4}, {275, 300, 3}});

    // Ten thousand segments relabelled in one patch stay fast.
    AnnotationTrack big(QStringLiteral("truth"), AnnotationTrack::Kind::GroundTruth);
    std::vector<SampleSpan> every;
    for (int64_t i = 0; i < 10000; ++i) {
        big.append(Segment{i * 10, i * 10 + 9, int32_t(i % 3), QString(), 0});
        every.push_back(SampleSpan{i * 10, i * 10 + 9});
    }
    QElapsedTimer timer;
    timer.start();
    const auto patch = TrackEdits::paintSpans(big, every, 7, kStamp);
    QVERIFY(patch);
    patch->apply(big);
    QVERIFY(timer.elapsed() < 2000);
    QCOMPARE(big.size(), size_t(10000));
    for (const Segment& s : big.segments())
        QCOMPARE(s.classId, 7);
}

void TestAnnotation::composeMergesSteps()
{
    AnnotationTrack t = makeTrack({{0, 100, 1}, {100, 200, 2}, {200, 300, 3}});
    const AnnotationTrack original = t;
    auto p1 = *TrackEdits::moveBoundary(t, 100, 110, 300, kStamp);
    p1.apply(t);
    auto p2 = *TrackEdits::moveBoundary(t, 110, 120, 300, kStamp);
    p2.apply(t);
    const TrackPatch first = TrackPatch::compose(p1, p2, t); // `t` is the track after both
    auto p3 = *TrackEdits::moveBoundary(t, 200, 250, 300, kStamp);
    p3.apply(t);
    const AnnotationTrack final = t;
    TrackPatch merged = TrackPatch::compose(first, p3, t);
    merged.revert(t);
    QVERIFY(t == original);
    merged.apply(t);
    QVERIFY(t == final);
}

void TestAnnotation::notesAndUnsureFollowTheirSegment()
{
    AnnotationTrack t = makeTrack({{0, 100, 1}, {100, 200, 2}, {250, 300, 3}});
    applyAndUndo(t, TrackEdits::setNote(t, 1, QStringLiteral("stairs?")),
                 {{0, 100, 1}, {100, 200, 2}, {250, 300, 3}});
    QCOMPARE(t.segments()[1].note, QStringLiteral("stairs?"));
    // A note is a remark, not a relabel: the stamp stays that of the label.
    QCOMPARE(t.segments()[1].author, QString());
    QVERIFY(!TrackEdits::setNote(t, 1, QStringLiteral("stairs?"))); // unchanged
    applyAndUndo(t, TrackEdits::setUnsure(t, 1, true), {{0, 100, 1}, {100, 200, 2}, {250, 300, 3}});
    QVERIFY(t.segments()[1].unsure);
    QVERIFY(!TrackEdits::setUnsure(t, 1, true));
    QVERIFY(!TrackEdits::setNote(t, 7, QStringLiteral("x"))); // no such segment

    // Relabel, boundary moves and painting around it keep note and flag.
    applyAndUndo(t, TrackEdits::relabel(t, 1, 5, kStamp),
                 {{0, 100, 1}, {100, 200, 5}, {250, 300, 3}});
    applyAndUndo(t, TrackEdits::moveBoundary(t, 100, 120, 400, kStamp),
                 {{0, 120, 1}, {120, 200, 5}, {250, 300, 3}});
    applyAndUndo(t, TrackEdits::paint(t, 180, 260, 6, kStamp),
                 {{0, 120, 1}, {120, 180, 5}, {180, 260, 6}, {260, 300, 3}});
    QCOMPARE(t.segments()[1].note, QStringLiteral("stairs?"));
    QVERIFY(t.segments()[1].unsure);
    QVERIFY(t.segments()[2].note.isEmpty()); // the painted span is a new label
    QVERIFY(!t.segments()[2].unsure);

    // A split keeps note and flag on both parts.
    applyAndUndo(t, TrackEdits::split(t, 150, kStamp),
                 {{0, 120, 1}, {120, 150, 5}, {150, 180, 5}, {180, 260, 6}, {260, 300, 3}});
    for (int i : {1, 2}) {
        QCOMPARE(t.segments()[size_t(i)].note, QStringLiteral("stairs?"));
        QVERIFY(t.segments()[size_t(i)].unsure);
    }
    // Merging equal notes keeps one; distinct notes are joined in time order.
    applyAndUndo(t, TrackEdits::merge(t, 1, TrackEdits::Direction::Next, kStamp),
                 {{0, 120, 1}, {120, 180, 5}, {180, 260, 6}, {260, 300, 3}});
    QCOMPARE(t.segments()[1].note, QStringLiteral("stairs?"));
    TrackEdits::setNote(t, 2, QStringLiteral("ramp"))->apply(t);
    applyAndUndo(t, TrackEdits::merge(t, 2, TrackEdits::Direction::Previous, kStamp),
                 {{0, 120, 1}, {120, 260, 6}, {260, 300, 3}});
    QCOMPARE(t.segments()[1].note, QStringLiteral("stairs?; ramp"));
    QVERIFY(t.segments()[1].unsure); // unsure when either part was
    QCOMPARE(TrackEdits::joinNotes(QString(), QStringLiteral("b")), QStringLiteral("b"));
    QCOMPARE(TrackEdits::joinNotes(QStringLiteral("a"), QString()), QStringLiteral("a"));
}

void TestAnnotation::navigation()
{
    const AnnotationTrack t = makeTrack({{10, 100, 1}, {100, 200, 2}, {250, 300, 3}});
    QCOMPARE(*TrackNavigation::nextSegment(t, 0), (SampleSpan{10, 100}));
    QCOMPARE(*TrackNavigation::nextSegment(t, 10), (SampleSpan{100, 200}));
    QVERIFY(!TrackNavigation::nextSegment(t, 250));
    QCOMPARE(*TrackNavigation::previousSegment(t, 250), (SampleSpan{100, 200}));
    QCOMPARE(*TrackNavigation::previousSegment(t, 120), (SampleSpan{100, 200}));
    QVERIFY(!TrackNavigation::previousSegment(t, 10));

    QCOMPARE(*TrackNavigation::nextGap(t, -1, 400), (SampleSpan{0, 10}));
    QCOMPARE(*TrackNavigation::nextGap(t, 0, 400), (SampleSpan{200, 250}));
    QCOMPARE(*TrackNavigation::nextGap(t, 200, 400), (SampleSpan{300, 400}));
    QCOMPARE(*TrackNavigation::previousGap(t, 300, 400), (SampleSpan{200, 250}));

    const AnnotationTrack pred = makeTrack({{0, 150, 1}, {150, 400, 3}}, QStringLiteral("model"));
    QCOMPARE(*TrackNavigation::nextDisagreement(t, pred, 0), (SampleSpan{100, 200}));
    QVERIFY(!TrackNavigation::nextDisagreement(t, pred, 100));
    QCOMPARE(*TrackNavigation::previousDisagreement(t, pred, 300), (SampleSpan{100, 200}));

    // Synthetic confidence: one value per 25 samples starting at 5.
    ConfidenceSeries c{5, 25, {0.9f, 0.4f, 0.3f, 0.95f, NAN, 0.2f, 0.99f}};
    QCOMPARE(*TrackNavigation::nextLowConfidence(c, 0.5f, 0), (SampleSpan{30, 80}));
    QCOMPARE(*TrackNavigation::nextLowConfidence(c, 0.5f, 30), (SampleSpan{130, 155}));
    QVERIFY(!TrackNavigation::nextLowConfidence(c, 0.5f, 130));
    QCOMPARE(*TrackNavigation::previousLowConfidence(c, 0.5f, 130), (SampleSpan{30, 80}));
    QVERIFY(!TrackNavigation::nextLowConfidence(ConfidenceSeries{}, 0.5f, 0));
}

void TestAnnotation::projectEditsRoundTripThroughJson()
{
    AnnotationTrack t = makeTrack({{0, 100, 1}, {100, 200, 2}});
    const ProjectEdit patch = ProjectEdit::patchTrack(
        "r1", "truth", *TrackEdits::split(t, 50, {QStringLiteral("a, \"b\""), 42}));
    QVERIFY(ProjectEdit::fromJson(patch.toJson()) == patch);
    LabelSet before = LabelSet::builtin("harth"), after = before;
    after.classes[0].name = QStringLiteral("renamed");
    const ProjectEdit set = ProjectEdit::changeLabelSet(before, after);
    QVERIFY(ProjectEdit::fromJson(set.toJson()) == set);
    const ProjectEdit add = ProjectEdit::addTrack("r1", makeTrack({{5, 6, 7}}, "imported"), 1);
    QVERIFY(ProjectEdit::fromJson(add.toJson()) == add);
    QVERIFY(ProjectEdit::fromJson(add.inverted().toJson()) == add.inverted());
    const ProjectEdit rename = ProjectEdit::renameTrack("r1", "anna", "Anna, 2nd pass");
    QVERIFY(ProjectEdit::fromJson(rename.toJson()) == rename);
    QCOMPARE(rename.inverted().trackName(), QStringLiteral("Anna, 2nd pass"));
    QCOMPARE(rename.inverted().newTrackName(), QStringLiteral("anna"));
    QVERIFY(ProjectEdit::removeTrack("r1", makeTrack({{5, 6, 7}}, "imported"), 1) ==
            add.inverted());
}

namespace {
Project makeProject()
{
    Project p;
    p.labelSets.push_back(LabelSet::builtin("harth"));
    Recording r;
    r.id = QStringLiteral("r1");
    r.sampleRateHz = 50;
    r.labelSetId = QStringLiteral("harth");
    Sensor s;
    s.name = QStringLiteral("thigh");
    s.channels.push_back(Channel{QStringLiteral("x"), QStringLiteral("acc"), QStringLiteral("g"),
                                 std::vector<float>(1000, 0.f)});
    r.sensors.push_back(s);
    r.tracks.push_back(makeTrack({{0, 500, 1}, {500, 1000, 2}}));
    p.addRecording(std::move(r));
    return p;
}
} // namespace

void TestAnnotation::journalAppendReadCompactAndTornTail()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("p.kmk.journal");
    EditJournal journal;
    journal.start(path, "L1", 0);
    Project p = makeProject();
    const AnnotationTrack& t = p.recordings[0]->tracks[0];
    const auto e1 = ProjectEdit::patchTrack("r1", "truth", *TrackEdits::split(t, 100, kStamp));
    QCOMPARE(journal.append("ann", 1, "Split", {e1}), int64_t(1));
    e1.apply(p);
    const auto e2 = ProjectEdit::patchTrack("r1", "truth", *TrackEdits::relabel(t, 0, 4, kStamp));
    QCOMPARE(journal.append("ann", 2, "Relabel", {e2}), int64_t(2));
    journal.sync();

    JournalContents c = EditJournal::read(path);
    QVERIFY(c.exists);
    QCOMPARE(c.lineage, QStringLiteral("L1"));
    QCOMPARE(int(c.entries.size()), 2);
    QVERIFY(c.entries[1].edits[0] == e2);
    QCOMPARE(c.entries[1].description, QStringLiteral("Relabel"));
    QVERIFY(c.damage.isEmpty());

    // Compaction after a save that covered entry 1 keeps entry 2 only.
    journal.compact(1);
    c = EditJournal::read(path);
    QCOMPARE(c.baseSeq, int64_t(1));
    QCOMPARE(int(c.entries.size()), 1);
    QCOMPARE(c.entries[0].seq, int64_t(2));
    QCOMPARE(journal.append("ann", 3, "Undo", {e2.inverted()}), int64_t(3));
    journal.close();

    // A torn tail (a record cut short by a crash) is reported and cut off on resume.
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        f.write("4 0badc0de {\"author\":\"x\"");
    }
    c = EditJournal::read(path);
    QCOMPARE(int(c.entries.size()), 2);
    QVERIFY(c.damage.contains("incomplete"));
    journal.resume(path, c);
    QCOMPARE(journal.append("ann", 4, "Split", {e1}), int64_t(4));
    journal.close();
    c = EditJournal::read(path);
    QCOMPARE(int(c.entries.size()), 3);
    QVERIFY(c.damage.isEmpty());

    // A flipped byte inside a record stops reading there (checksum).
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QByteArray all = f.readAll();
    const int at = all.lastIndexOf("Split");
    all[at] = 'X';
    f.seek(0);
    f.write(all);
    f.close();
    c = EditJournal::read(path);
    QCOMPARE(int(c.entries.size()), 2);
    QVERIFY(c.damage.contains("checksum"));
}

void TestAnnotation::journalPendingEntriesAndReplay()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("p.kmk.journal");
    Project saved = makeProject();
    Project live = makeProject();
    EditJournal journal;
    journal.start(path, EditJournal::newLineage(), 0);
    std::vector<ProjectEdit> applied;
    auto edit = [&](const std::optional<TrackPatch>& patch) {
        const auto e = ProjectEdit::patchTrack("r1", "truth", *patch);
        e.apply(live);
        journal.append("ann", 0, "edit", {e});
    };
    edit(TrackEdits::split(live.recordings[0]->tracks[0], 250, kStamp));
    // A save covering entry 1.
    EditJournal::stamp(live, journal.lineage(), journal.lastSeq());
    saved.metadata = live.metadata;
    saved.recordings[0]->tracks = live.recordings[0]->tracks;
    journal.compact(journal.lastSeq());
    edit(TrackEdits::relabel(live.recordings[0]->tracks[0], 1, 8, kStamp));
    edit(TrackEdits::paint(live.recordings[0]->tracks[0], 600, 700, 3, kStamp));
    LabelSet renamed = live.labelSets[0];
    renamed.classes[1].name = "renamed";
    const auto setEdit = ProjectEdit::changeLabelSet(live.labelSets[0], renamed);
    setEdit.apply(live);
    journal.append("ann", 0, "Label set", {setEdit});
    journal.close();

    const JournalContents c = EditJournal::read(path);
    QString why;
    const auto pending = EditJournal::pendingEntries(saved, c, &why);
    QCOMPARE(int(pending.size()), 3);
    EditJournal::replay(saved, pending);
    QVERIFY(saved.recordings[0]->tracks[0] == live.recordings[0]->tracks[0]);
    QVERIFY(saved.labelSets[0] == live.labelSets[0]);

    // A journal of another file is not replayed.
    Project other = makeProject();
    EditJournal::stamp(other, "someone-else", 0);
    QVERIFY(EditJournal::pendingEntries(other, c, &why).empty());
    QVERIFY(!why.isEmpty());
}

void TestAnnotation::journalReplaysNotesAndUnsure()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("p.kmk.journal");
    Project saved = makeProject();
    Project live = makeProject();
    EditJournal journal;
    journal.start(path, EditJournal::newLineage(), 0);
    auto edit = [&](const std::optional<TrackPatch>& patch) {
        QVERIFY(patch.has_value());
        const auto e = ProjectEdit::patchTrack("r1", "truth", *patch);
        e.apply(live);
        journal.append("ann", 0, "edit", {e});
    };
    const QString note = QStringLiteral("line 1, \"quoted\"\nline 2 \u00e9\u2192");
    edit(TrackEdits::setNote(live.recordings[0]->tracks[0], 0, note));
    edit(TrackEdits::setUnsure(live.recordings[0]->tracks[0], 1, true));
    edit(TrackEdits::split(live.recordings[0]->tracks[0], 250, kStamp));
    // Removing a note is journaled too (the replay must not bring it back).
    edit(TrackEdits::setNote(live.recordings[0]->tracks[0], 1, QString()));
    // Tier operations: a second annotator's tier added, renamed, noted; another
    // added and removed again.
    auto projectEdit = [&](const ProjectEdit& e) {
        e.apply(live);
        journal.append("ann", 0, "tier", {e});
    };
    AnnotationTrack second = live.recordings[0]->tracks[0];
    second.setName(QStringLiteral("second"));
    second.setKind(AnnotationTrack::Kind::Annotation);
    projectEdit(ProjectEdit::addTrack("r1", second, 1));
    projectEdit(ProjectEdit::renameTrack("r1", "second", "Bo, 2nd pass"));
    projectEdit(ProjectEdit::patchTrack(
        "r1", "Bo, 2nd pass",
        *TrackEdits::setUnsure(*live.recordings[0]->track("Bo, 2nd pass"), 0, true)));
    projectEdit(
        ProjectEdit::addTrack("r1", AnnotationTrack("gone", AnnotationTrack::Kind::Annotation), 2));
    projectEdit(ProjectEdit::removeTrack("r1", *live.recordings[0]->track("gone"), 2));
    journal.close(); // the "crash": nothing was saved after the edits

    const JournalContents c = EditJournal::read(path);
    QVERIFY(c.damage.isEmpty());
    QString why;
    const auto pending = EditJournal::pendingEntries(saved, c, &why);
    QCOMPARE(int(pending.size()), 9);
    EditJournal::replay(saved, pending);
    const auto& replayed = saved.recordings[0]->tracks[0].segments();
    QCOMPARE(saved.recordings[0]->tracks.size(), size_t(2));
    QVERIFY(saved.recordings[0]->tracks == live.recordings[0]->tracks);
    QVERIFY(saved.recordings[0]->track("Bo, 2nd pass")->segments()[0].unsure);
    QCOMPARE(replayed[0].note, note);
    QVERIFY(replayed[1].note.isEmpty());
    QVERIFY(replayed[2].unsure);
    QVERIFY(!replayed[0].unsure);
}

void TestAnnotation::segmentCsvRoundTrip()
{
    QTemporaryDir dir;
    const LabelSet set = LabelSet::builtin("harth");
    AnnotationTrack t = makeTrack({{0, 37, 1}, {37, 1000, 2}, {1200, 1201, 130}, {1500, 2999, 7}});
    t.assign(37, 90, 6, QStringLiteral("Doe, \"J\""), 1712345678901);
    for (double rate : {50.0, 30.0, 12.5}) {
        const QString path = dir.filePath("labels.csv");
        SegmentCsvFormat::write(t, set, rate, path);
        const AnnotationTrack back =
            SegmentCsvFormat::read(path, set, rate, 3000, false, t.name(), t.kind());
        QVERIFY(back == t);
    }
    // Seconds and names only (a hand-made file).
    const QString path = dir.filePath("hand.csv");
    test::writeFile(path, "start_s;end_s;class_name\n0;1.5;walking\n2;3;Running\n");
    const AnnotationTrack hand =
        SegmentCsvFormat::read(path, set, 50, 3000, false, "h", AnnotationTrack::Kind::Annotation);
    QCOMPARE(triples(hand), (std::vector<Triple>{{0, 75, 1}, {100, 150, 2}}));
}

void TestAnnotation::sampleColumnRoundTrip()
{
    QTemporaryDir dir;
    const AnnotationTrack t = makeTrack({{3, 37, 1}, {37, 100, 2}, {120, 121, 130}, {150, 180, 7}});
    const QString path = dir.filePath("labels.csv");
    SampleLabelColumnFormat::write(t, 200, path);
    const AnnotationTrack back = SampleLabelColumnFormat::read(path, QString(), true, 200, false,
                                                               t.name(), t.kind(), t.labelSetId());
    QVERIFY(back == t);
    QCOMPARE(back.toSampleLabels(200), t.toSampleLabels(200));
    // A HARTH-style file: label column among others, by name.
    test::writeFile(path, "timestamp,back_x,label\n0,0.1,6\n1,0.1,6\n2,0.2,1\n");
    const AnnotationTrack harth = SampleLabelColumnFormat::read(
        path, "label", true, 3, false, "h", AnnotationTrack::Kind::Annotation, "harth");
    QCOMPARE(triples(harth), (std::vector<Triple>{{0, 2, 6}, {2, 3, 1}}));
}

void TestAnnotation::elanRoundTrip()
{
    QTemporaryDir dir;
    const LabelSet set = LabelSet::builtin("harth");
    AnnotationTrack truth =
        makeTrack({{0, 37, 1}, {37, 1000, 2}, {1200, 1201, 130}, {1500, 2999, 7}});
    AnnotationTrack model =
        makeTrack({{5, 999, 6}, {999, 3000, 1}}, QStringLiteral("model ünïcode & <x>"));
    model.setKind(AnnotationTrack::Kind::Prediction);
    for (double rate : {50.0, 30.0, 100.0, 999.0}) {
        const QString path = dir.filePath("labels.eaf");
        ElanFormat::write({&truth, &model}, set, rate, "rec", path);
        const auto back = ElanFormat::read(path, set, rate, 3000, false);
        QCOMPARE(int(back.size()), 2);
        QVERIFY(back[0] == truth);
        QVERIFY(back[1] == model);
    }
    // The label set is the controlled vocabulary.
    const QString path = dir.filePath("labels.eaf");
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray xml = f.readAll();
    QVERIFY(xml.contains("<CONTROLLED_VOCABULARY CV_ID=\"harth\""));
    QVERIFY(xml.contains("CONTROLLED_VOCABULARY_REF=\"harth\""));
    QVERIFY(xml.contains(">walking</CVE_VALUE>"));
}

namespace {
// A track whose segments carry notes that trip up file formats, and flags.
AnnotationTrack annotatedTrack(const QString& name = QStringLiteral("truth"))
{
    AnnotationTrack t =
        makeTrack({{0, 37, 1}, {37, 1000, 2}, {1200, 1201, 130}, {1500, 2999, 7}}, name);
    std::vector<Segment> segs = t.segments();
    segs[0].note = QStringLiteral("comma, \"quotes\" and\na second line");
    segs[0].unsure = true;
    segs[1].note = QStringLiteral("  padded; semi ünïcode → <&> ");
    segs[2].unsure = true;
    segs[3].note = QStringLiteral("\"\"");
    t.setSegments(segs);
    return t;
}

struct Annotated
{
    int64_t start, end;
    int32_t classId;
    QString note;
    bool unsure;
    bool operator==(const Annotated& o) const
    {
        return start == o.start && end == o.end && classId == o.classId && note == o.note &&
               unsure == o.unsure;
    }
};

std::vector<Annotated> annotated(const AnnotationTrack& t)
{
    std::vector<Annotated> out;
    for (const Segment& s : t.segments())
        out.push_back({s.start, s.end, s.classId, s.note, s.unsure});
    return out;
}
} // namespace

void TestAnnotation::segmentCsvNotesAndUnsureRoundTrip()
{
    QTemporaryDir dir;
    const LabelSet set = LabelSet::builtin("harth");
    AnnotationTrack t = annotatedTrack();
    t.assign(1600, 1700, 6, QStringLiteral("Doe, \"J\""), 1712345678901);
    const QString path = dir.filePath("notes.csv");
    SegmentCsvFormat::write(t, set, 50, path);
    const AnnotationTrack back =
        SegmentCsvFormat::read(path, set, 50, 3000, false, t.name(), t.kind());
    QVERIFY(back == t);
    QCOMPARE(back.segments()[0].note, t.segments()[0].note);

    // A plain track is written as before, without the two columns.
    const QString plainPath = dir.filePath("plain.csv");
    SegmentCsvFormat::write(makeTrack({{0, 10, 1}}), set, 50, plainPath);
    QFile f(plainPath);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(!f.readLine().contains("note"));

    // A hand-made file: unsure as yes/no, note column absent on some lines;
    // an error after a multi-line record names the line it starts on.
    const QString hand = dir.filePath("hand.csv");
    test::writeFile(hand,
                    "start_sample,end_sample,class_id,unsure,note\n0,10,1,yes,\"two\nlines\"\n"
                    "10,20,2,no\n20,30,3,,\n");
    const AnnotationTrack h =
        SegmentCsvFormat::read(hand, set, 50, 100, false, "h", AnnotationTrack::Kind::Annotation);
    QCOMPARE(annotated(h), (std::vector<Annotated>{{0, 10, 1, QStringLiteral("two\nlines"), true},
                                                   {10, 20, 2, QString(), false},
                                                   {20, 30, 3, QString(), false}}));
    test::writeFile(hand, "start_sample,end_sample,class_id,note,unsure\n0,10,1,\"a\nb\",1\n"
                          "10,20,2,,maybe\n");
    try {
        SegmentCsvFormat::read(hand, set, 50, 100, false, "h", AnnotationTrack::Kind::Annotation);
        QFAIL("no error");
    } catch (const FormatError& e) {
        QCOMPARE(e.line(), qint64(4));
        QVERIFY(QString::fromUtf8(e.what()).contains("maybe"));
    }
}

void TestAnnotation::elanNotesAndUnsureRoundTrip()
{
    QTemporaryDir dir;
    const LabelSet set = LabelSet::builtin("harth");
    const AnnotationTrack truth = annotatedTrack();
    AnnotationTrack second = annotatedTrack(QStringLiteral("second annotator"));
    second.setKind(AnnotationTrack::Kind::Annotation);
    const AnnotationTrack plain = makeTrack({{5, 999, 6}}, QStringLiteral("plain"));
    const QString path = dir.filePath("notes.eaf");
    ElanFormat::write({&truth, &second, &plain}, set, 50, "rec", path);
    const auto back = ElanFormat::read(path, set, 50, 3000, false);
    // The dependent tiers are no tracks of their own.
    QCOMPARE(int(back.size()), 3);
    QCOMPARE(annotated(back[0]), annotated(truth));
    QCOMPARE(annotated(back[1]), annotated(second));
    QCOMPARE(back[1].name(), second.name());
    QCOMPARE(back[1].kind(), AnnotationTrack::Kind::Annotation);
    QVERIFY(back[2] == plain);

    // As ELAN writes them: symbolic dependent tiers beneath their parent.
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray xml = f.readAll();
    QVERIFY(
        xml.contains("LINGUISTIC_TYPE_REF=\"note\" PARENT_REF=\"truth\" TIER_ID=\"truth notes\""));
    QVERIFY(xml.contains(
        "LINGUISTIC_TYPE_REF=\"unsure\" PARENT_REF=\"truth\" TIER_ID=\"truth unsure\""));
    QVERIFY(xml.contains("CONSTRAINTS=\"Symbolic_Association\""));
    QVERIFY(xml.contains("<CONSTRAINT DESCRIPTION="));
    QVERIFY(!xml.contains("TIER_ID=\"plain notes\""));
    // Every class value is still a vocabulary entry (no "?" appended).
    QVERIFY(xml.contains(">walking</ANNOTATION_VALUE>"));
    QVERIFY(!xml.contains("walking?"));
}

void TestAnnotation::elanDependentTiersFromElan()
{
    // A document as an ELAN user makes it: a "comments" tier of their own (any
    // symbolic tier adds notes), listed before its parent.
    QTemporaryDir dir;
    const LabelSet set = LabelSet::builtin("harth");
    const QString path = dir.filePath("elan.eaf");
    const auto document = [](const char* ref) {
        return QByteArray(R"(<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT FORMAT="3.0" VERSION="3.0">
 <HEADER TIME_UNITS="milliseconds"/>
 <TIME_ORDER>
  <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/>
  <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1000"/>
  <TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="2000"/>
 </TIME_ORDER>
 <TIER LINGUISTIC_TYPE_REF="comment" PARENT_REF="gt" TIER_ID="comments">
  <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="c1" ANNOTATION_REF=")") +
               ref +
               R"("><ANNOTATION_VALUE>check video</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
 </TIER>
 <TIER LINGUISTIC_TYPE_REF="comment" PARENT_REF="gt" TIER_ID="empty comments"/>
 <TIER LINGUISTIC_TYPE_REF="default" TIER_ID="gt">
  <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>walking</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
  <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts3"><ANNOTATION_VALUE>sitting</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
 </TIER>
 <TIER LINGUISTIC_TYPE_REF="unsure" PARENT_REF="gt" TIER_ID="doubts">
  <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="u1" ANNOTATION_REF="a1"><ANNOTATION_VALUE>?</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
 </TIER>
 <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="default" TIME_ALIGNABLE="true"/>
 <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" LINGUISTIC_TYPE_ID="comment" TIME_ALIGNABLE="false"/>
 <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" LINGUISTIC_TYPE_ID="unsure" TIME_ALIGNABLE="false"/>
</ANNOTATION_DOCUMENT>
)";
    };
    test::writeFile(path, document("a2"));
    const auto tracks = ElanFormat::read(path, set, 50, 200, false);
    QCOMPARE(int(tracks.size()), 1); // "empty comments" is a dependent tier too
    QCOMPARE(annotated(tracks[0]),
             (std::vector<Annotated>{{0, 50, 1, QString(), true},
                                     {50, 100, 7, QStringLiteral("check video"), false}}));

    // A reference to an annotation the document lacks names itself and its line.
    test::writeFile(path, document("a9"));
    try {
        ElanFormat::read(path, set, 50, 200, false);
        QFAIL("no error");
    } catch (const FormatError& e) {
        QVERIFY(QString::fromUtf8(e.what()).contains("'a9'"));
        QCOMPARE(e.line(), qint64(10));
    }
}

void TestAnnotation::rangeErrorsNameFileAndLineAndClip()
{
    QTemporaryDir dir;
    const LabelSet set = LabelSet::builtin("harth");
    const QString path = dir.filePath("bad.csv");
    test::writeFile(path, "start_sample,end_sample,class_id\n0,100,1\n90,200,2\n250,400,3\n");
    try {
        SegmentCsvFormat::read(path, set, 50, 300, false, "t", AnnotationTrack::Kind::Annotation);
        QFAIL("no error");
    } catch (const LabelRangeError& e) {
        QCOMPARE(e.line(), qint64(3));
        QVERIFY(QString::fromUtf8(e.what()).startsWith(path + ":3: "));
        QVERIFY(QString::fromUtf8(e.what()).contains("overlaps"));
    }
    const AnnotationTrack clipped =
        SegmentCsvFormat::read(path, set, 50, 300, true, "t", AnnotationTrack::Kind::Annotation);
    QCOMPARE(triples(clipped), (std::vector<Triple>{{0, 100, 1}, {100, 200, 2}, {250, 300, 3}}));

    test::writeFile(path, "start_sample,end_sample,class_id\n0,100,1\n100,x,2\n");
    try {
        SegmentCsvFormat::read(path, set, 50, 300, false, "t", AnnotationTrack::Kind::Annotation);
        QFAIL("no error");
    } catch (const FormatError& e) {
        QVERIFY(QString::fromUtf8(e.what()).startsWith(path + ":3:2: "));
    }

    const QString eaf = dir.filePath("bad.eaf");
    AnnotationTrack t = makeTrack({{0, 100, 1}, {100, 500, 2}});
    ElanFormat::write({&t}, set, 50, "rec", eaf);
    try {
        ElanFormat::read(eaf, set, 50, 300, false);
        QFAIL("no error");
    } catch (const LabelRangeError& e) {
        QVERIFY(e.line() > 0);
        QVERIFY(QString::fromUtf8(e.what()).contains("outside the recording"));
    }
    QCOMPARE(triples(ElanFormat::read(eaf, set, 50, 300, true)[0]),
             (std::vector<Triple>{{0, 100, 1}, {100, 300, 2}}));

    test::writeFile(eaf, "<ANNOTATION_DOCUMENT>\n<TIME_ORDER>\n<TIME_SLOT TIME_SLOT_ID=\"a\"/>\n");
    try {
        ElanFormat::read(eaf, set, 50, 300, false);
        QFAIL("no error");
    } catch (const FormatError& e) {
        QCOMPARE(e.line(), qint64(3));
    }
}

void TestAnnotation::elanTierInsideAnAnnotationIsAnError()
{
    // Found by fuzzing (fuzz/regressions/elan): a TIER opened inside an
    // annotation made the reader give the annotation's value to the last
    // annotation of the new, empty tier (undefined behaviour). The nesting is
    // an error at its line (issue #16).
    QTemporaryDir dir;
    const LabelSet set = LabelSet::builtin("harth");
    const QString eaf = dir.filePath("nested.eaf");
    test::writeFile(eaf, "<?xml version=\"1.0\"?>\n<ANNOTATION_DOCUMENT FORMAT=\"3.0\">\n"
                         "<HEADER TIME_UNITS=\"milliseconds\"/>\n<TIME_ORDER>\n"
                         "<TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"0\"/>\n"
                         "<TIME_SLOT TIME_SLOT_ID=\"ts2\" TIME_VALUE=\"1000\"/>\n</TIME_ORDER>\n"
                         "<TIER TIER_ID=\"gt\"><ANNOTATION><ALIGNABLE_ANNOTATION "
                         "ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts2\">\n"
                         "<TIER TIER_ID=\"inner\"/><ANNOTATION_VALUE>walking</ANNOTATION_VALUE>\n"
                         "</ALIGNABLE_ANNOTATION></ANNOTATION></TIER>\n</ANNOTATION_DOCUMENT>\n");
    try {
        ElanFormat::read(eaf, set, 50, 300, false);
        QFAIL("no error");
    } catch (const FormatError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(eaf + ":"), e.what());
        QCOMPARE(e.line(), qint64(9));
        QVERIFY2(e.message().contains("TIER inside an annotation"), e.what());
    }
}

void TestAnnotation::elanAnnotationOutOfPlaceIsAnError()
{
    // Either kind of annotation opens only inside a tier and never inside another one.
    QTemporaryDir dir;
    const LabelSet set = LabelSet::builtin("harth");
    const QByteArray head = "<?xml version=\"1.0\"?>\n<ANNOTATION_DOCUMENT FORMAT=\"3.0\">\n"
                            "<HEADER TIME_UNITS=\"milliseconds\"/>\n<TIME_ORDER>\n"
                            "<TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"0\"/>\n"
                            "<TIME_SLOT TIME_SLOT_ID=\"ts2\" TIME_VALUE=\"1000\"/>\n"
                            "</TIME_ORDER>\n";
    const QByteArray alignable = "<ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" "
                                 "TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts2\">\n";
    const QByteArray reference = "<REF_ANNOTATION ANNOTATION_ID=\"r1\" ANNOTATION_REF=\"a1\">\n";
    const struct
    {
        QByteArray body;
        const char* problem;
    } cases[] = {
        {"<TIER TIER_ID=\"gt\">" + alignable + alignable, "an annotation inside an annotation"},
        {"<TIER TIER_ID=\"gt\">" + alignable + reference, "an annotation inside an annotation"},
        {"<TIER TIER_ID=\"gt\">" + reference + alignable, "an annotation inside an annotation"},
        {alignable, "annotation outside a tier"},
        {reference, "annotation outside a tier"},
    };
    for (const auto& c : cases) {
        const QString eaf = dir.filePath("misplaced.eaf");
        test::writeFile(eaf, head + c.body);
        try {
            ElanFormat::read(eaf, set, 50, 300, false);
            QFAIL(c.problem);
        } catch (const FormatError& e) {
            QVERIFY2(e.message().contains(QLatin1String(c.problem)), e.what());
            QVERIFY(e.line() >= 7); // at the misplaced element, after the header
        }
    }
}

void TestAnnotation::elanWithoutTiersIsAnError()
{
    // A document with nothing to import, and one whose only tier has no name:
    // both name the file instead of reading as zero tracks (issue #16).
    QTemporaryDir dir;
    const LabelSet set = LabelSet::builtin("harth");
    const QString eaf = dir.filePath("empty.eaf");
    test::writeFile(eaf, "<?xml version=\"1.0\"?>\n<ANNOTATION_DOCUMENT FORMAT=\"3.0\">\n"
                         "<HEADER TIME_UNITS=\"milliseconds\"/>\n<TIME_ORDER/>\n"
                         "</ANNOTATION_DOCUMENT>\n");
    try {
        ElanFormat::read(eaf, set, 50, 300, false);
        QFAIL("no error");
    } catch (const FormatError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(eaf + ": "), e.what());
        QVERIFY2(e.message().contains("no tiers"), e.what());
    }
    test::writeFile(eaf, "<?xml version=\"1.0\"?>\n<ANNOTATION_DOCUMENT FORMAT=\"3.0\">\n"
                         "<TIME_ORDER/>\n<TIER LINGUISTIC_TYPE_REF=\"activity\"/>\n"
                         "</ANNOTATION_DOCUMENT>\n");
    try {
        ElanFormat::read(eaf, set, 50, 300, false);
        QFAIL("no error");
    } catch (const FormatError& e) {
        QCOMPARE(e.line(), qint64(4));
        QVERIFY2(e.message().contains("TIER_ID"), e.what());
    }
}

namespace {
// An ELAN document with one tier "gt" and one annotation per value, 100 ms each
// (annotation ids a1, a2, ...; CVE_REF cv_0 on every one, as a foreign tool
// might write it).
QByteArray elanWithValues(const QStringList& values)
{
    QByteArray xml = "<?xml version=\"1.0\"?>\n<ANNOTATION_DOCUMENT FORMAT=\"3.0\">\n"
                     "<HEADER TIME_UNITS=\"milliseconds\"/>\n<TIME_ORDER>\n";
    for (int i = 0; i <= values.size(); ++i)
        xml += QStringLiteral("<TIME_SLOT TIME_SLOT_ID=\"ts%1\" TIME_VALUE=\"%2\"/>\n")
                   .arg(i)
                   .arg(i * 100)
                   .toUtf8();
    xml += "</TIME_ORDER>\n<TIER TIER_ID=\"gt\">\n";
    for (int i = 0; i < values.size(); ++i)
        xml += QStringLiteral("<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a%1\" "
                              "TIME_SLOT_REF1=\"ts%2\" TIME_SLOT_REF2=\"ts%3\" "
                              "CVE_REF=\"cv_0\">\n<ANNOTATION_VALUE>%4</ANNOTATION_VALUE>"
                              "</ALIGNABLE_ANNOTATION></ANNOTATION>\n")
                   .arg(i + 1)
                   .arg(i)
                   .arg(i + 1)
                   .arg(values[i])
                   .toUtf8();
    return xml + "</TIER>\n</ANNOTATION_DOCUMENT>\n";
}
} // namespace

// An ELAN value or a segment CSV name that is no class of the label set used
// to become class 0 (ELAN); now it is refused with every unknown annotation
// listed, mapped by a class map, or skipped and counted (issue #16).
void TestAnnotation::unknownClassNamesAreRefusedMappedOrSkipped()
{
    QTemporaryDir dir;
    const LabelSet set = LabelSet::builtin("harth");
    const QString eaf = dir.filePath("foreign.eaf");
    test::writeFile(eaf, elanWithValues({"Walking", "Flying", "6", "Swimming", "Flying", "999"}));
    try {
        ElanFormat::read(eaf, set, 50, 300, false);
        QFAIL("no error");
    } catch (const UnknownClassError& e) {
        const QString text = QString::fromUtf8(e.what());
        QVERIFY2(text.startsWith(eaf + ":"), qPrintable(text));
        QVERIFY2(e.message().contains("4 annotation(s) name classes that are not in the label set "
                                      "'harth' (unknown: 'Flying', 'Swimming', '999'; known: "
                                      "'walking', 'running'"),
                 qPrintable(text));
        QVERIFY2(e.message().contains("tier 'gt', annotation a2 at 0.100 s (line "),
                 qPrintable(text));
        QVERIFY2(e.message().contains("annotation a4 at 0.300 s"), qPrintable(text));
        QVERIFY2(e.message().contains("annotation a6 at 0.500 s"), qPrintable(text));
        QVERIFY2(!e.message().contains("annotation a3 "), qPrintable(text)); // "6" is a class id
    }

    // Mapped: names (any case) to ids of the set, and one to "unlabelled".
    ClassNameMap map;
    map.insert("flying", 1);
    map.insert(" SWIMMING ", 3);
    map.insert("999", kUnlabelled);
    auto tracks = ElanFormat::read(eaf, set, 50, 300, false, map);
    QCOMPARE(tracks.size(), size_t(1));
    QCOMPARE(triples(tracks[0]),
             (std::vector<Triple>{{0, 5, 1}, {5, 10, 1}, {10, 15, 6}, {15, 20, 3}, {20, 25, 1}}));

    // Skipped: left out, counted, named once each.
    ClassNameMap skip;
    skip.setSkipUnknown(true);
    SkippedClasses skipped;
    tracks = ElanFormat::read(eaf, set, 50, 300, false, skip, &skipped);
    QCOMPARE(triples(tracks[0]), (std::vector<Triple>{{0, 5, 1}, {10, 15, 6}}));
    QCOMPARE(skipped.count, int64_t(4));
    QCOMPARE(skipped.names, (QStringList{"Flying", "Swimming", "999"}));

    // Many unknown annotations: the first ten are listed, then a count.
    QStringList many;
    for (int i = 0; i < 2000; ++i)
        many << QStringLiteral("x%1").arg(i);
    test::writeFile(eaf, elanWithValues(many));
    QElapsedTimer timer;
    timer.start();
    try {
        ElanFormat::read(eaf, set, 50, 100000, false);
        QFAIL("no error");
    } catch (const UnknownClassError& e) {
        QVERIFY2(e.message().contains("2000 annotation(s)"), e.what());
        QVERIFY2(e.message().contains("... and 1990 more"), e.what());
        QVERIFY2(!e.message().contains("annotation a11 "), e.what());
    }
    QVERIFY(timer.elapsed() < 10000);

    // Segment CSV with names: the same refusal (at line and column), map and skip.
    const QString csv = dir.filePath("names.csv");
    test::writeFile(csv, "start_s,end_s,class_name\n0,1,walking\n1,2,Flying\n2,3,standing\n");
    const auto kind = AnnotationTrack::Kind::GroundTruth;
    try {
        SegmentCsvFormat::read(csv, set, 50, 300, false, "gt", kind);
        QFAIL("no error");
    } catch (const UnknownClassError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(csv + ":3:3: class 'Flying' is not in "
                                                              "the label set 'harth' (known: "
                                                              "'walking'"),
                 e.what());
    }
    QCOMPARE(triples(SegmentCsvFormat::read(csv, set, 50, 300, false, "gt", kind, map)),
             (std::vector<Triple>{{0, 50, 1}, {50, 100, 1}, {100, 150, 6}}));
    SkippedClasses csvSkipped;
    QCOMPARE(
        triples(SegmentCsvFormat::read(csv, set, 50, 300, false, "gt", kind, skip, &csvSkipped)),
        (std::vector<Triple>{{0, 50, 1}, {100, 150, 6}}));
    QCOMPARE(csvSkipped.count, int64_t(1));
    // An empty class id without a class_name column is an error, not a crash.
    test::writeFile(csv, "start_sample,end_sample,class_id\n0,5,\n");
    try {
        SegmentCsvFormat::read(csv, set, 50, 300, false, "gt", kind);
        QFAIL("no error");
    } catch (const FormatError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(csv + ":2:3: empty class_id"), e.what());
    }
}

// A time slot whose sample would overflow int64 is an error at its line, not
// an undefined llround (issue #16).
void TestAnnotation::elanTimeSlotOutOfRange()
{
    QTemporaryDir dir;
    const LabelSet set = LabelSet::builtin("harth");
    const QString eaf = dir.filePath("huge.eaf");
    QByteArray huge = elanWithValues({"walking"});
    huge.replace("TIME_VALUE=\"100\"", "TIME_VALUE=\"9000000000000000000\"");
    test::writeFile(eaf, huge);
    try {
        ElanFormat::read(eaf, set, 10000, 300, true);
        QFAIL("no error");
    } catch (const FormatError& e) {
        QVERIFY2(e.message().contains("time slot 'ts1' (9000000000000000000 ms) is out of range"),
                 e.what());
        QVERIFY(e.line() > 0);
    }
}

// Class maps from CSV or JSON, checked strictly and against the label set.
void TestAnnotation::classMapFiles()
{
    QTemporaryDir dir;
    const LabelSet set = LabelSet::builtin("harth");
    const QString csv = dir.filePath("map.csv");
    test::writeFile(csv, "name,class_id\nFlying,1\n\n\"Swim, fast\",3\nnothing,-1\n");
    const ClassNameMap map = ClassNameMap::read(csv);
    map.check(set);
    QCOMPARE(map.classOf("flying", set), std::optional<int32_t>(1));
    QCOMPARE(map.classOf("swim, FAST", set), std::optional<int32_t>(3));
    QCOMPARE(map.classOf("Nothing", set), std::optional<int32_t>(kUnlabelled));
    QCOMPARE(map.classOf("Walking", set), std::optional<int32_t>(1)); // the set's own name
    QVERIFY(!map.classOf("Flyin", set));

    const QString json = dir.filePath("map.json");
    test::writeFile(json, "{\"Flying\": 1, \"Swimming\": 3}");
    QCOMPARE(ClassNameMap::read(json).classOf("swimming", set), std::optional<int32_t>(3));

    const struct
    {
        const char* file;
        QByteArray content;
        const char* expected; // after "<path>"
    } bad[] = {
        {"a.csv", "Flying,4294967298\n", ":1:2: class id '4294967298' is too large"},
        {"b.csv", QByteArray("Flying,1\0\n", 10), ":1:2: '1\\x00' is not an integer class id"},
        {"c.csv", "Flying,-7\n", ":1:2: class id -7 is negative"},
        {"d.csv", "Flying,1\nflying,2\n", ":2:2: 'flying' is mapped twice (to 1 on line 1"},
        {"e.csv", "Flying\n", ":1: expected 'name,class_id', found 1 fields"},
        {"f.json", "{\"Flying\": 1.5}", ": the class of 'Flying' is not a class id"},
        {"g.json", "{\"Flying\": \"1\"}", ": the class of 'Flying' is not a class id"},
        {"h.json", "{\"Flying\": 1", ": not a JSON object"},
        {"i.csv", "name,class_id\n", ": the class map maps no names"},
    };
    for (const auto& b : bad) {
        const QString path = dir.filePath(b.file);
        test::writeFile(path, b.content);
        try {
            ClassNameMap::read(path);
            QFAIL(b.file);
        } catch (const FormatError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(path + b.expected), e.what());
        }
    }
    // An id the label set lacks is refused when the map is used, naming its line.
    test::writeFile(csv, "Flying,1\nSwimming,999\n");
    try {
        ClassNameMap::read(csv).check(set);
        QFAIL("no error");
    } catch (const FormatError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(
                     csv + ":2:2: 'Swimming' is mapped to class id 999, which is not in the "
                           "label set 'harth' (known ids: 1, 2,"),
                 e.what());
    }
}

void TestAnnotation::kappaHandComputed()
{
    // Confusion (1,1)=40, (1,2)=10, (2,2)=50: po = 0.9, pe = 0.5*0.4 + 0.5*0.6 = 0.5, kappa = 0.8.
    AnnotationTrack a = makeTrack({{0, 50, 1}, {50, 100, 2}});
    AnnotationTrack b = makeTrack({{0, 40, 1}, {40, 100, 2}});
    TrackAgreement r = TrackAgreement::compare(a, b, 100, 10);
    QCOMPARE(r.comparedSamples, int64_t(100));
    QVERIFY(std::fabs(r.observedAgreement - 0.9) < 1e-12);
    QVERIFY(std::fabs(r.expectedAgreement - 0.5) < 1e-12);
    QVERIFY(std::fabs(r.kappa - 0.8) < 1e-12);
    QCOMPARE(int(r.classes.size()), 2);
    QVERIFY(std::fabs(r.classes[0].f1 - 8.0 / 9.0) < 1e-12);   // P 1, R 0.8
    QVERIFY(std::fabs(r.classes[1].f1 - 10.0 / 11.0) < 1e-12); // P 5/6, R 1

    // The textbook 2x2 case: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> kappa 0.4.
    a = makeTrack({{0, 25, 1}, {25, 50, 2}});
    b = makeTrack({{0, 20, 1}, {20, 25, 2}, {25, 35, 1}, {35, 50, 2}});
    r = TrackAgreement::compare(a, b, 50, 10);
    QVERIFY(std::fabs(r.kappa - 0.4) < 1e-12);

    // Three classes, by hand: row 1 = 20 as 1 + 10 as 2; row 2 = 30 as 2 + 10 as 3;
    // row 3 = 20 as 3 + 10 as 2. Diagonal 70 of 100 -> po 0.7; rows .3/.4/.3, columns
    // .2/.5/.3 -> pe = .06 + .20 + .09 = 0.35; kappa = 0.35 / 0.65.
    a = makeTrack({{0, 30, 1}, {30, 70, 2}, {70, 100, 3}});
    b = makeTrack({{0, 20, 1}, {20, 30, 2}, {30, 60, 2}, {60, 70, 3}, {70, 90, 3}, {90, 100, 2}});
    r = TrackAgreement::compare(a, b, 100, 10);
    QVERIFY(std::fabs(r.observedAgreement - 0.7) < 1e-12);
    QVERIFY(std::fabs(r.expectedAgreement - 0.35) < 1e-12);
    QVERIFY(std::fabs(r.kappa - 0.35 / 0.65) < 1e-12);
    QVERIFY(std::fabs(r.classes[1].precision - 30.0 / 50.0) < 1e-12);
    QVERIFY(std::fabs(r.classes[1].recall - 30.0 / 40.0) < 1e-12);
    // Identical tracks agree perfectly; unlabelled samples are not compared.
    r = TrackAgreement::compare(a, a, 200, 10);
    QCOMPARE(r.kappa, 1.0);
    QCOMPARE(r.comparedSamples, int64_t(100));
    r = TrackAgreement::compare(a, makeTrack({{0, 10, 1}}), 100, 10);
    QCOMPARE(r.onlyInA, int64_t(90));
    QCOMPARE(r.kappa, 1.0); // one class in the compared samples, both agree
}

void TestAnnotation::boundaryOffsets()
{
    const AnnotationTrack a = makeTrack({{0, 50, 1}, {50, 100, 2}, {100, 200, 3}});
    const AnnotationTrack b = makeTrack({{0, 40, 1}, {40, 103, 2}, {103, 150, 3}, {150, 200, 4}});
    const TrackAgreement r = TrackAgreement::compare(a, b, 200, 10, 2.0);
    QCOMPARE(r.boundaries.matched, int64_t(2));
    QCOMPARE(r.boundaries.onlyInA, int64_t(0));
    QCOMPARE(r.boundaries.onlyInB, int64_t(1));
    QCOMPARE(r.boundaries.offsetsSeconds, (std::vector<double>{-1.0, 0.3}));
    QVERIFY(std::fabs(r.boundaries.meanAbsSeconds - 0.65) < 1e-12);
    QVERIFY(std::fabs(r.boundaries.maxAbsSeconds - 1.0) < 1e-12);
}

QTEST_GUILESS_MAIN(TestAnnotation)
#include "tst_annotation.moc"
