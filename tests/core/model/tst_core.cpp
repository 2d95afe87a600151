// Core data model: annotation tracks, label sets, recordings, projects, summaries.
#include "core/base/FormatError.h"
#include "core/model/AnnotationTrack.h"
#include "core/model/LabelSet.h"
#include "core/model/Project.h"
#include "core/model/Recording.h"
#include "core/project/ProjectSummary.h"

#include <QJsonArray>
#include <QtTest>
#include <algorithm>
#include <random>

using namespace kinemark;

namespace {
AnnotationTrack makeTrack(std::initializer_list<std::tuple<int64_t, int64_t, int32_t>> segs)
{
    AnnotationTrack t(QStringLiteral("t"), AnnotationTrack::Kind::Annotation);
    for (const auto& [a, b, c] : segs)
        t.append(Segment{a, b, c, QString(), 0});
    return t;
}

Recording makeRecording(const QString& id, const QString& subject, size_t n)
{
    Recording r;
    r.id = id;
    r.subjectId = subject;
    r.sampleRateHz = 50;
    r.labelSetId = QStringLiteral("harth");
    Sensor s;
    s.name = QStringLiteral("thigh");
    for (const char* axis : {"x", "y", "z"})
        s.channels.push_back(Channel{QString::fromLatin1(axis), QStringLiteral("acc"),
                                     QStringLiteral("g"), std::vector<float>(n, 0.5f)});
    r.sensors.push_back(std::move(s));
    return r;
}
} // namespace

class TestCore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sampleLabelsRoundTrip();
    void assignTrimsAndSplits_data();
    void assignTrimsAndSplits();
    void assignMatchesPerSampleModel();
    void appendRejectsOverlap();
    void indexAtFindsSegmentsAndGaps();
    void labelledCounts();
    void builtinLabelSets();
    void harthMergesInactiveCycling();
    void labelSetJsonRoundTrip();
    void labelSetJsonErrorsNamePlace();
    void recordingConsistency();
    void projectRenamesDuplicateIds();
    void projectMergesImported();
    void summaryCountsClasses();
};

void TestCore::sampleLabelsRoundTrip()
{
    const std::vector<int32_t> labels{-1, -1, 3, 3, 3, 5, 5, -1, 3, 3, -1};
    const AnnotationTrack t = AnnotationTrack::fromSampleLabels(
        labels.data(), labels.size(), QStringLiteral("gt"), AnnotationTrack::Kind::GroundTruth);
    QCOMPARE(t.size(), size_t(3));
    QCOMPARE(t.segments()[0].start, int64_t(2));
    QCOMPARE(t.segments()[0].end, int64_t(5));
    QCOMPARE(t.segments()[1].classId, 5);
    QCOMPARE(t.segments()[2].start, int64_t(8));
    QCOMPARE(t.toSampleLabels(labels.size()), labels);
    // Cut off at a shorter length.
    const std::vector<int32_t> cut = t.toSampleLabels(4);
    QCOMPARE(cut, (std::vector<int32_t>{-1, -1, 3, 3}));
}

void TestCore::assignTrimsAndSplits_data()
{
    QTest::addColumn<qint64>("start");
    QTest::addColumn<qint64>("end");
    QTest::addColumn<int>("cls");
    QTest::addColumn<QString>("expected");
    // Base track: [0,10)=1 [10,20)=2 [30,40)=3
    QTest::newRow("inside one splits it")
        << qint64(2) << qint64(5) << 9 << "0-2:1 2-5:9 5-10:1 10-20:2 30-40:3";
    QTest::newRow("across two trims both")
        << qint64(5) << qint64(15) << 9 << "0-5:1 5-15:9 15-20:2 30-40:3";
    QTest::newRow("into gap") << qint64(22) << qint64(28) << 4 << "0-10:1 10-20:2 22-28:4 30-40:3";
    QTest::newRow("covers all") << qint64(0) << qint64(50) << 7 << "0-50:7";
    QTest::newRow("clear middle") << qint64(5) << qint64(35) << -1 << "0-5:1 35-40:3";
    QTest::newRow("exact segment") << qint64(10) << qint64(20) << 5 << "0-10:1 10-20:5 30-40:3";
    QTest::newRow("beyond end") << qint64(38) << qint64(45) << 6
                                << "0-10:1 10-20:2 30-38:3 38-45:6";
}

void TestCore::assignTrimsAndSplits()
{
    QFETCH(qint64, start);
    QFETCH(qint64, end);
    QFETCH(int, cls);
    QFETCH(QString, expected);
    AnnotationTrack t = makeTrack({{0, 10, 1}, {10, 20, 2}, {30, 40, 3}});
    t.assign(start, end, cls);
    QStringList parts;
    for (const Segment& s : t.segments())
        parts << QStringLiteral("%1-%2:%3").arg(s.start).arg(s.end).arg(s.classId);
    QCOMPARE(parts.join(' '), expected);
    QVERIFY(AnnotationTrack::checkInvariant(t.segments()).isEmpty());
}

void TestCore::assignMatchesPerSampleModel()
{
    // Random edits applied to the track and to a plain label array must agree.
    std::mt19937 rng(42);
    const int n = 500;
    std::vector<int32_t> model(n, kUnlabelled);
    AnnotationTrack t;
    for (int i = 0; i < 400; ++i) {
        const int a = int(rng() % n), len = 1 + int(rng() % 60);
        const int b = std::min(n, a + len);
        const int32_t cls = int32_t(rng() % 5) - 1; // includes kUnlabelled
        t.assign(a, b, cls);
        std::fill(model.begin() + a, model.begin() + b, cls);
        QVERIFY(AnnotationTrack::checkInvariant(t.segments()).isEmpty());
    }
    QCOMPARE(t.toSampleLabels(n), model);
}

void TestCore::appendRejectsOverlap()
{
    AnnotationTrack t = makeTrack({{0, 10, 1}});
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, t.append(Segment{5, 12, 2, {}, 0}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, t.append(Segment{12, 12, 2, {}, 0}));
    t.append(Segment{10, 12, 2, {}, 0});
    QCOMPARE(t.size(), size_t(2));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             t.setSegments({Segment{0, 5, 1, {}, 0}, Segment{4, 8, 1, {}, 0}}));
    QCOMPARE(t.size(), size_t(2)); // unchanged after the failed call
}

void TestCore::indexAtFindsSegmentsAndGaps()
{
    const AnnotationTrack t = makeTrack({{0, 10, 1}, {10, 20, 2}, {30, 40, 3}});
    QCOMPARE(t.indexAt(0), 0L);
    QCOMPARE(t.indexAt(9), 0L);
    QCOMPARE(t.indexAt(10), 1L);
    QCOMPARE(t.indexAt(25), -1L);
    QCOMPARE(t.indexAt(39), 2L);
    QCOMPARE(t.indexAt(40), -1L);
    QCOMPARE(t.classAt(25), kUnlabelled);
    QCOMPARE(t.classAt(35), 3);
}

void TestCore::labelledCounts()
{
    const AnnotationTrack t = makeTrack({{0, 10, 1}, {10, 20, 2}, {30, 40, 1}});
    const auto counts = t.labelledSampleCounts(35);
    QCOMPARE(counts.size(), size_t(2));
    QCOMPARE(counts[0], (std::pair<int32_t, int64_t>(1, 15)));
    QCOMPARE(counts[1], (std::pair<int32_t, int64_t>(2, 10)));
    QCOMPARE(t.labelledSampleCount(), int64_t(30));
}

void TestCore::builtinLabelSets()
{
    QCOMPARE(LabelSet::builtin("hapt").classes.size(), size_t(12));
    QCOMPARE(LabelSet::builtin("uci-har").classes.size(), size_t(6));
    QCOMPARE(LabelSet::builtin("har70plus").classes.size(), size_t(7));
    const LabelSet harth = LabelSet::builtin("harth");
    std::vector<int32_t> ids;
    for (const LabelClass& c : harth.classes)
        ids.push_back(c.id);
    QCOMPARE(ids, (std::vector<int32_t>{1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 130, 140}));
    QCOMPARE(LabelSet::builtin("hapt").className(12), QStringLiteral("lie-to-stand"));
    for (const QString& id : LabelSet::builtinIds()) {
        QSet<QString> shortcuts;
        for (const LabelClass& c : LabelSet::builtin(id).classes) {
            QVERIFY2(c.colour.startsWith('#'), qPrintable(id + ": " + c.name));
            if (!c.shortcut.isEmpty()) {
                QVERIFY2(!shortcuts.contains(c.shortcut),
                         qPrintable(id + ": shortcut " + c.shortcut));
                shortcuts.insert(c.shortcut);
            }
        }
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LabelSet::builtin("nope"));
}

void TestCore::harthMergesInactiveCycling()
{
    const LabelSet harth = LabelSet::builtin("harth");
    QCOMPARE(harth.canonicalId(130), 13);
    QCOMPARE(harth.canonicalId(140), 14);
    QCOMPARE(harth.canonicalId(6), 6);
    QCOMPARE(harth.canonicalId(99), 99);
    QCOMPARE(harth.canonicalIds(), (std::vector<int32_t>{1, 2, 3, 4, 5, 6, 7, 8, 13, 14}));
}

void TestCore::labelSetJsonRoundTrip()
{
    const LabelSet harth = LabelSet::builtin("harth");
    const LabelSet back = LabelSet::fromJson(harth.toJson(), "mem");
    QVERIFY(back == harth);
}

void TestCore::labelSetJsonErrorsNamePlace()
{
    try {
        LabelSet::fromJson("{\n  \"id\": \"x\",\n  \"classes\": [ {\"id\": 1,, } ]\n}",
                           "sets/x.json");
        QFAIL("no error for invalid JSON");
    } catch (const FormatError& e) {
        QVERIFY2(e.describe().startsWith("sets/x.json:3:"), qPrintable(e.describe()));
    }
    const auto expectError = [](const QByteArray& json, const QString& fragment) {
        try {
            LabelSet::fromJson(json, "s.json");
        } catch (const FormatError& e) {
            QVERIFY2(e.describe().contains(fragment), qPrintable(e.describe()));
            QVERIFY(e.describe().startsWith("s.json"));
            return;
        }
        QFAIL(qPrintable("no error, expected: " + fragment));
    };
    expectError(R"({"id":"x","classes":[{"id":1,"name":"a"},{"id":1,"name":"b"}]})",
                "id 1 is used twice");
    expectError(R"({"id":"x","classes":[{"id":1,"name":"a","mergedInto":7}]})", "unknown class 7");
    expectError(R"({"id":"x","classes":[{"id":1,"name":"a","colour":"red"}]})", "not #rrggbb");
    expectError(R"({"id":"x","classes":[{"id":"one","name":"a"}]})", "must be a number");
    expectError(R"({"classes":[]})", "no \"id\"");
}

void TestCore::recordingConsistency()
{
    Recording r = makeRecording("r", "s", 100);
    QVERIFY(r.checkConsistency().isEmpty());
    QCOMPARE(r.channelCount(), size_t(3));
    QCOMPARE(r.channelNames(), QStringList({"thigh_x", "thigh_y", "thigh_z"}));
    r.sensors[0].channels[1].samples.resize(99);
    QVERIFY(r.checkConsistency().contains("has 99 samples, expected 100"));
    r.sensors[0].channels[1].samples.resize(100);
    AnnotationTrack gt(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth);
    gt.append(Segment{90, 120, 1, {}, 0});
    r.tracks.push_back(gt);
    QVERIFY(r.checkConsistency().contains("after the last sample"));
    QVERIFY(r.groundTruth() != nullptr);
    const Recording c = r.clone();
    QCOMPARE(c.sensors[0].channels[2].samples, r.sensors[0].channels[2].samples);
    QVERIFY(c.tracks[0] == r.tracks[0]);
}

void TestCore::projectRenamesDuplicateIds()
{
    Project p;
    p.addRecording(makeRecording("a", "1", 10));
    p.addRecording(makeRecording("a", "2", 10));
    QCOMPARE(p.recordings[1]->id, QStringLiteral("a (2)"));
    QCOMPARE(p.subjectIds(), QStringList({"1", "2"}));
    QVERIFY(p.checkConsistency().contains("label set 'harth'"));
    p.ensureBuiltinLabelSet("harth");
    QVERIFY2(p.checkConsistency().isEmpty(), qPrintable(p.checkConsistency()));
}

void TestCore::projectMergesImported()
{
    Project p;
    p.ensureBuiltinLabelSet("harth");
    p.addRecording(makeRecording("a", "1", 10));
    Project imported;
    imported.ensureBuiltinLabelSet("harth");
    imported.ensureBuiltinLabelSet("hapt");
    imported.addRecording(makeRecording("a", "2", 10));
    imported.addRecording(makeRecording("b", "2", 10));
    QCOMPARE(p.mergeImported(std::move(imported)), QStringLiteral("a (2)"));
    QCOMPARE(p.recordings.size(), size_t(3));
    QCOMPARE(p.recordings[2]->id, QStringLiteral("b"));
    QCOMPARE(p.labelSets.size(), size_t(2)); // harth once, hapt added
    QVERIFY(p.labelSet("hapt"));
    QVERIFY(Project().mergeImported(Project()).isEmpty());

    // Class ids of imported tracks are checked against the project's own copy
    // of the label set, which the user may have edited (issue #16): here class
    // 6 was removed from it, and nothing is taken.
    Project edited;
    edited.ensureBuiltinLabelSet("harth");
    auto& classes = edited.labelSets[0].classes;
    classes.erase(std::remove_if(classes.begin(), classes.end(),
                                 [](const LabelClass& c) { return c.id == 6; }),
                  classes.end());
    Project withSix;
    withSix.ensureBuiltinLabelSet("harth");
    Recording r = makeRecording("c", "3", 100);
    r.source = QStringLiteral("/data/c.csv");
    AnnotationTrack truth(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth,
                          "harth");
    truth.append(Segment{0, 50, 1, {}, 0});
    truth.append(Segment{50, 100, 6, {}, 0});
    r.tracks.push_back(truth);
    withSix.addRecording(std::move(r));
    try {
        edited.mergeImported(std::move(withSix));
        QFAIL("no error");
    } catch (const FormatError& e) {
        QCOMPARE(e.describe(),
                 QStringLiteral("/data/c.csv: track 'ground truth': class id 6 at sample 50 "
                                "(1.000 s) is not in the project's label set 'harth' (known "
                                "ids: 1, 2, 3, 4, 5, 7, 8, 13, 14, 130, 140)"));
    }
    QVERIFY(edited.recordings.empty());
}

void TestCore::summaryCountsClasses()
{
    Project p;
    p.ensureBuiltinLabelSet("harth");
    for (int i = 0; i < 2; ++i) {
        Recording r =
            makeRecording(QStringLiteral("r%1").arg(i), QStringLiteral("s%1").arg(i), 100);
        AnnotationTrack gt(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth,
                           QStringLiteral("harth"));
        gt.append(Segment{0, 30, 1, {}, 0});
        gt.append(Segment{40, 100, 7, {}, 0});
        r.tracks.push_back(gt);
        p.addRecording(std::move(r));
    }
    const QJsonObject j = ProjectSummary::toJson(p);
    QCOMPARE(j["recording_count"].toInt(), 2);
    QCOMPARE(j["subject_count"].toInt(), 2);
    QCOMPARE(j["channel_counts"].toArray(), QJsonArray({3}));
    const QJsonArray labels = j["label_summary"].toArray();
    QCOMPARE(labels.size(), 2);
    QCOMPARE(labels[0].toObject()["class_id"].toInt(), 1);
    QCOMPARE(labels[0].toObject()["labelled_samples"].toInteger(), 60);
    QCOMPARE(labels[1].toObject()["name"].toString(), QStringLiteral("sitting"));
    QCOMPARE(labels[1].toObject()["labelled_samples"].toInteger(), 120);
    QVERIFY(ProjectSummary::toText(p).contains("sitting"));
}

QTEST_GUILESS_MAIN(TestCore)
#include "tst_core.moc"
