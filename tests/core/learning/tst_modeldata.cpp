// Data preparation for the model engine, against cases worked out by hand:
// windowing and its label rules, batch gathering, normalisation, subject
// splits, classification metrics and class probabilities.
#include "core/analysis/ClassificationMetrics.h"
#include "core/base/FormatError.h"
#include "core/learning/ChannelNormalisation.h"
#include "core/learning/SubjectSplit.h"
#include "core/learning/WindowSet.h"
#include "core/learning/WindowingOptions.h"
#include "core/model/ClassProbabilities.h"

#include <QJsonArray>
#include <QSet>
#include <QtTest>
#include <cmath>

using namespace kinemark;

namespace {

// A recording of `sensorChannels` sensors (one entry per sensor: its channel
// count) whose flat channel c holds offset + c * 1000 + sample index, so that
// every gathered value says where it came from.
std::shared_ptr<Recording> makeRecording(const QString& id, const QString& subject, size_t samples,
                                         std::vector<int> sensorChannels = {3}, float offset = 0)
{
    auto r = std::make_shared<Recording>();
    r->id = id;
    r->subjectId = subject;
    int flat = 0;
    for (size_t s = 0; s < sensorChannels.size(); ++s) {
        Sensor sensor;
        sensor.name = QStringLiteral("sensor%1").arg(s);
        for (int c = 0; c < sensorChannels[s]; ++c, ++flat) {
            Channel channel;
            channel.name = QString(QChar(u'x' + c));
            channel.quantity = QStringLiteral("acc");
            channel.samples.resize(samples);
            for (size_t i = 0; i < samples; ++i)
                channel.samples[i] = offset + float(flat * 1000 + int(i));
            sensor.channels.push_back(std::move(channel));
        }
        r->sensors.push_back(std::move(sensor));
    }
    return r;
}

Segment span(int64_t start, int64_t end, int32_t classId)
{
    Segment s;
    s.start = start;
    s.end = end;
    s.classId = classId;
    return s;
}

void addTruth(Recording& r, std::initializer_list<Segment> segments)
{
    AnnotationTrack truth(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth);
    for (const Segment& s : segments)
        truth.append(s);
    r.tracks.push_back(std::move(truth));
}

// The labelled recording of the windowing tests: 40 samples,
//   [0,8) class 1 | [8,14) class 2 | [14,18) unlabelled | [18,30) class 3 | [30,40) class 1
std::shared_ptr<Recording> labelledForty(size_t samples = 40)
{
    auto r = makeRecording(QStringLiteral("forty"), QStringLiteral("S1"), samples);
    addTruth(*r, {span(0, 8, 1), span(8, 14, 2), span(18, 30, 3), span(30, 40, 1)});
    return r;
}

// "start:classId ..." of every window, in order.
QString describe(const WindowSet& set)
{
    QStringList parts;
    for (const WindowSet::Window& w : set.windows())
        parts << QStringLiteral("%1:%2").arg(w.start).arg(set.classIds()[size_t(w.classIndex)]);
    return parts.join(QLatin1Char(' '));
}

std::vector<std::shared_ptr<const Recording>> asConst(std::vector<std::shared_ptr<Recording>> in)
{
    return {in.begin(), in.end()};
}

QStringList subjectsOneToTen()
{
    QStringList s;
    for (int i = 1; i <= 10; ++i)
        s << QStringLiteral("S%1").arg(i);
    return s;
}

void verifyPartition(const SubjectSplit& split, const QStringList& all)
{
    const QSet<QString> training(split.training.begin(), split.training.end());
    const QSet<QString> validation(split.validation.begin(), split.validation.end());
    QVERIFY2(!training.intersects(validation), "a subject is on both sides");
    QCOMPARE(training.size() + validation.size(), all.size());
    QCOMPARE(training + validation, QSet<QString>(all.begin(), all.end()));
}

} // namespace

class TestModelData : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void windowingRules_data();
    void windowingRules();
    void windowsStayInsideTheRecording();
    void classIndexIsThePositionInTheClassList();
    void recordingsWithoutTruthGiveNoWindows();
    void differentChannelCountsAreRefused();
    void windowingCanBeCancelled();
    void windowingOptionsJson();
    void gatherLayout();
    void gatherNormalises();
    void gatherRefusesBadInput();
    void normalisationFitByHand();
    void normalisationJson();
    void randomSplitIsDisjointCompleteAndDeterministic();
    void givenValidationSubjects();
    void leaveOneSubjectOutCoversEverySubjectOnce();
    void foldsPartitionTheSubjects();
    void metricsByHand();
    void metricsOfAClassNeverTrue();
    void metricsJson();
    void probabilitiesRowsAndConfidence();
    void minimumConfidenceKeepsAShortDipVisible();
    void probabilitiesConsistency();
};

void TestModelData::windowingRules_data()
{
    QTest::addColumn<int>("rule");
    QTest::addColumn<double>("maxUnlabelled");
    QTest::addColumn<QString>("expected");
    using Rule = WindowingOptions::LabelRule;
    // Windows of 8 with stride 4 start at 0, 4, ..., 32. By hand:
    //   0: 1x8            4: 1x4 2x4 (centre 8: 2)   8: 2x6 + 2 unlabelled
    //  12: 2x2 + 4 unl. + 3x2 (centre 16: unlabelled)   16: 2 unl. + 3x6   20: 3x8
    //  24: 3x6 1x2       28: 3x2 1x6                 32: 1x8
    // Class 3 is not among the model's classes {2, 1}.
    QTest::newRow("majority, none unlabelled") << int(Rule::Majority) << 0.0 << "0:1 4:1 28:1 32:1";
    QTest::newRow("majority, a quarter") << int(Rule::Majority) << 0.25 << "0:1 4:1 8:2 28:1 32:1";
    // Window 12 ties 2 against 3: the class that comes first wins.
    QTest::newRow("majority, half") << int(Rule::Majority) << 0.5 << "0:1 4:1 8:2 12:2 28:1 32:1";
    QTest::newRow("centre, none unlabelled") << int(Rule::Centre) << 0.0 << "0:1 4:2 28:1 32:1";
    QTest::newRow("centre, half") << int(Rule::Centre) << 0.5 << "0:1 4:2 8:2 28:1 32:1";
    QTest::newRow("whole window, none unlabelled") << int(Rule::WholeWindow) << 0.0 << "0:1 32:1";
    QTest::newRow("whole window, a quarter") << int(Rule::WholeWindow) << 0.25 << "0:1 8:2 32:1";
    QTest::newRow("whole window, half") << int(Rule::WholeWindow) << 0.5 << "0:1 8:2 32:1";
}

void TestModelData::windowingRules()
{
    QFETCH(int, rule);
    QFETCH(double, maxUnlabelled);
    QFETCH(QString, expected);
    WindowingOptions options;
    options.length = 8;
    options.stride = 4;
    options.rule = WindowingOptions::LabelRule(rule);
    options.maxUnlabelledFraction = maxUnlabelled;
    const WindowSet set = WindowSet::build({labelledForty()}, options, {2, 1});
    QCOMPARE(describe(set), expected);
    QCOMPARE(set.channelCount(), 3);
    QCOMPARE(set.length(), 8);
}

void TestModelData::windowsStayInsideTheRecording()
{
    WindowingOptions options;
    options.length = 8;
    options.stride = 4;
    // 39 samples: the window at 32 would end at 40, one past the last sample.
    WindowSet set = WindowSet::build({labelledForty(39)}, options, {1, 2, 3});
    QCOMPARE(describe(set), QStringLiteral("0:1 4:1 20:3 24:3 28:1"));
    // With class 3 wanted, the windows of 3 stay; those reaching into the gap do not.
    set = WindowSet::build({labelledForty(40)}, options, {1, 2, 3});
    QCOMPARE(describe(set), QStringLiteral("0:1 4:1 20:3 24:3 28:1 32:1"));
    // A recording shorter than one window gives none.
    options.length = 41;
    QCOMPARE(WindowSet::build({labelledForty(40)}, options, {1}).size(), size_t(0));
}

void TestModelData::classIndexIsThePositionInTheClassList()
{
    WindowingOptions options;
    options.length = 8;
    options.stride = 4;
    options.maxUnlabelledFraction = 0.25;
    const WindowSet set = WindowSet::build({labelledForty()}, options, {2, 1});
    // Majority with a quarter unlabelled: 0:1 4:1 8:2 28:1 32:1.
    std::vector<int32_t> indices;
    for (const auto& w : set.windows())
        indices.push_back(w.classIndex);
    QCOMPARE(indices, (std::vector<int32_t>{1, 1, 0, 1, 1}));
    QCOMPARE(set.classCounts(), (std::vector<int64_t>{1, 4}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             WindowSet::build({labelledForty()}, options, {1, 2, 1}));
}

void TestModelData::recordingsWithoutTruthGiveNoWindows()
{
    auto unlabelled = makeRecording(QStringLiteral("bare"), QStringLiteral("S2"), 40);
    WindowingOptions options;
    options.length = 8;
    options.stride = 8;
    const WindowSet set = WindowSet::build(asConst({unlabelled, labelledForty()}), options, {1, 2});
    QCOMPARE(set.recordings().size(), size_t(2)); // indices keep matching the input
    QCOMPARE(describe(set), QStringLiteral("0:1 32:1"));
    for (const auto& w : set.windows())
        QCOMPARE(w.recording, 1u);
    QCOMPARE(set.subjectOf(0), QStringLiteral("S1"));
}

void TestModelData::differentChannelCountsAreRefused()
{
    auto six = makeRecording(QStringLiteral("six-channels"), QStringLiteral("S2"), 40, {3, 3});
    try {
        WindowSet::build(asConst({labelledForty(), six}), WindowingOptions(), {1});
        QFAIL("different channel counts were accepted");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("six-channels")),
                 e.what());
    }
}

void TestModelData::windowingCanBeCancelled()
{
    std::atomic<bool> cancel{false};
    double lastFraction = -1;
    JobControl job;
    job.cancelRequested = &cancel;
    job.progress = [&](double fraction, const QString&) { lastFraction = fraction; };
    WindowingOptions options;
    options.length = 8;
    options.stride = 4;
    QCOMPARE(WindowSet::build({labelledForty()}, options, {1}, &job).size(), size_t(4));
    QCOMPARE(lastFraction, 1.0);
    cancel = true;
    QVERIFY_THROWS_EXCEPTION(Cancelled, WindowSet::build({labelledForty()}, options, {1}, &job));
}

void TestModelData::windowingOptionsJson()
{
    WindowingOptions options;
    options.length = 250;
    options.stride = 125;
    options.rule = WindowingOptions::LabelRule::WholeWindow;
    options.maxUnlabelledFraction = 0.125;
    const QJsonObject json = options.toJson();
    QCOMPARE(json.value(QStringLiteral("rule")).toString(), QStringLiteral("whole-window"));
    const WindowingOptions back = WindowingOptions::fromJson(json, QStringLiteral("m.kmodel"));
    QCOMPARE(back.length, 250);
    QCOMPARE(back.stride, 125);
    QCOMPARE(int(back.rule), int(WindowingOptions::LabelRule::WholeWindow));
    QCOMPARE(back.maxUnlabelledFraction, 0.125);

    const auto expectError = [](QJsonObject bad, const QString& key) {
        try {
            WindowingOptions::fromJson(bad, QStringLiteral("m.kmodel"));
            QFAIL(qPrintable(QStringLiteral("bad '%1' was accepted").arg(key)));
        } catch (const FormatError& e) {
            QCOMPARE(e.file(), QStringLiteral("m.kmodel"));
            QVERIFY2(e.message().contains(key), qPrintable(e.describe()));
        }
    };
    QJsonObject bad = json;
    bad.insert(QStringLiteral("stride"), 0);
    expectError(bad, QStringLiteral("stride"));
    bad = json;
    bad.insert(QStringLiteral("length"), 12.5);
    expectError(bad, QStringLiteral("length"));
    bad = json;
    bad.insert(QStringLiteral("rule"), QStringLiteral("mode"));
    expectError(bad, QStringLiteral("rule"));
    bad = json;
    bad.remove(QStringLiteral("max_unlabelled_fraction"));
    expectError(bad, QStringLiteral("max_unlabelled_fraction"));
    bad = json;
    bad.insert(QStringLiteral("max_unlabelled_fraction"), 1.5);
    expectError(bad, QStringLiteral("max_unlabelled_fraction"));
}

void TestModelData::gatherLayout()
{
    // Two recordings of two sensors (3 + 1 channels); the second's values are
    // offset by 100000 so that a window read from the wrong recording shows.
    auto a = makeRecording(QStringLiteral("a"), QStringLiteral("S1"), 20, {3, 1});
    auto b = makeRecording(QStringLiteral("b"), QStringLiteral("S2"), 20, {3, 1}, 100000);
    addTruth(*a, {span(0, 20, 1)});
    addTruth(*b, {span(0, 20, 1)});
    WindowingOptions options;
    options.length = 4;
    options.stride = 3;
    const WindowSet set = WindowSet::build(asConst({a, b}), options, {1});
    QCOMPARE(set.size(), size_t(12)); // starts 0, 3, ..., 15 in each
    QCOMPARE(set.channelCount(), 4);

    const std::vector<size_t> batch = {4, 1, 7};
    std::vector<float> out(batch.size() * 4 * 4, -1.0f);
    set.gather(batch, out.data());
    const float offsets[] = {0, 0, 100000};
    const int64_t starts[] = {12, 3, 3};
    for (size_t n = 0; n < batch.size(); ++n)
        for (size_t c = 0; c < 4; ++c)
            for (size_t i = 0; i < 4; ++i)
                QCOMPARE(out[(n * 4 + c) * 4 + i], offsets[n] + float(c * 1000 + starts[n] + i));
}

void TestModelData::gatherNormalises()
{
    auto a = makeRecording(QStringLiteral("a"), QStringLiteral("S1"), 20, {3, 1});
    addTruth(*a, {span(0, 20, 1)});
    WindowingOptions options;
    options.length = 5;
    options.stride = 5;
    const WindowSet set = WindowSet::build({a}, options, {1});
    const ChannelNormalisation normalisation({10, 1000, 2000, 3010}, {2, 4, 0.5f, 1});
    std::vector<float> out(2 * 4 * 5);
    set.gather({2, 0}, out.data(), &normalisation);
    // Window 2 starts at 10: channel 0 holds 10..14, so (x - 10) / 2 = 0, 0.5, 1, 1.5, 2.
    const float expected2[4][5] = {
        {0, 0.5f, 1, 1.5f, 2},
        {(1010 - 1000) / 4.0f, 11 / 4.0f, 12 / 4.0f, 13 / 4.0f, 14 / 4.0f},
        {20, 22, 24, 26, 28},
        {0, 1, 2, 3, 4}};
    for (size_t c = 0; c < 4; ++c)
        for (size_t i = 0; i < 5; ++i)
            QCOMPARE(out[c * 5 + i], expected2[c][i]);
    // Window 0: channel 3 holds 3000..3004, (x - 3010) / 1 = -10..-6.
    for (size_t i = 0; i < 5; ++i)
        QCOMPARE(out[20 + 3 * 5 + i], float(-10 + int(i)));
}

void TestModelData::gatherRefusesBadInput()
{
    WindowingOptions options;
    options.length = 8;
    options.stride = 4;
    const WindowSet set = WindowSet::build({labelledForty()}, options, {1});
    std::vector<float> out(3 * 8 * 2);
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, set.gather({set.size()}, out.data()));
    const ChannelNormalisation twoChannels({0, 0}, {1, 1});
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, set.gather({0}, out.data(), &twoChannels));
}

void TestModelData::normalisationFitByHand()
{
    // Channel 0: 1, 2, 3 then 4, 5 -> mean 3, variance (4+1+0+1+4)/5 = 2.
    // Channel 1: 7 everywhere -> mean 7, std 0 -> 1.
    // Channel 2: 1000, 1000.5, 1001 then 1000.5, 1000.5 -> mean 1000.5,
    //            variance (0.25 + 0 + 0.25 + 0 + 0) / 5 = 0.1.
    auto a = makeRecording(QStringLiteral("a"), QStringLiteral("S1"), 3);
    auto b = makeRecording(QStringLiteral("b"), QStringLiteral("S2"), 2);
    a->channel(0).samples = {1, 2, 3};
    b->channel(0).samples = {4, 5};
    a->channel(1).samples = {7, 7, 7};
    b->channel(1).samples = {7, 7};
    a->channel(2).samples = {1000, 1000.5f, 1001};
    b->channel(2).samples = {1000.5f, 1000.5f};
    const ChannelNormalisation n = ChannelNormalisation::fit(asConst({a, b}));
    QCOMPARE(n.channelCount(), size_t(3));
    QCOMPARE(n.mean()[0], 3.0f);
    QCOMPARE(n.std()[0], float(std::sqrt(2.0)));
    QCOMPARE(n.mean()[1], 7.0f);
    QCOMPARE(n.std()[1], 1.0f);
    QCOMPARE(n.mean()[2], 1000.5f);
    QCOMPARE(n.std()[2], float(std::sqrt(0.1)));
    QCOMPARE(n.apply(0, 5.0f), float(2 / std::sqrt(2.0)));
    QCOMPARE(n.apply(1, 9.0f), 2.0f);

    auto six = makeRecording(QStringLiteral("six-channels"), QStringLiteral("S3"), 4, {3, 3});
    try {
        ChannelNormalisation::fit(asConst({a, six}));
        QFAIL("different channel counts were accepted");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("six-channels")),
                 e.what());
    }
}

void TestModelData::normalisationJson()
{
    const ChannelNormalisation n({0.1f, -2.5f, 1e-3f}, {0.3f, 1, 12345.678f});
    const ChannelNormalisation back =
        ChannelNormalisation::fromJson(n.toJson(), QStringLiteral("m"));
    QVERIFY(back == n);
    QCOMPARE(back.apply(2, 1e-3f), 0.0f);

    QJsonObject bad = n.toJson();
    bad.insert(QStringLiteral("std"), QJsonArray{1.0, 0.0, 1.0});
    QVERIFY_THROWS_EXCEPTION(FormatError, ChannelNormalisation::fromJson(bad, QStringLiteral("m")));
    bad = n.toJson();
    bad.insert(QStringLiteral("mean"), QJsonArray{1.0, 2.0});
    QVERIFY_THROWS_EXCEPTION(FormatError, ChannelNormalisation::fromJson(bad, QStringLiteral("m")));
    bad.remove(QStringLiteral("mean"));
    try {
        ChannelNormalisation::fromJson(bad, QStringLiteral("model.kmodel"));
        QFAIL("a normalisation without mean was accepted");
    } catch (const FormatError& e) {
        QCOMPARE(e.file(), QStringLiteral("model.kmodel"));
        QVERIFY2(e.message().contains(QStringLiteral("mean")), qPrintable(e.describe()));
    }
}

void TestModelData::randomSplitIsDisjointCompleteAndDeterministic()
{
    const QStringList all = subjectsOneToTen();
    const SubjectSplit split = SubjectSplit::random(all, 0.3, 42);
    QCOMPARE(split.validation.size(), 3);
    verifyPartition(split, all);
    const SubjectSplit again = SubjectSplit::random(all, 0.3, 42);
    QCOMPARE(again.validation, split.validation);
    QCOMPARE(again.training, split.training);
    // Pinned: mt19937_64 and our own shuffle are the same on every platform, so
    // a seed names one split for good. A change here breaks reproducibility.
    QCOMPARE(split.validation,
             (QStringList{QStringLiteral("S2"), QStringLiteral("S8"), QStringLiteral("S10")}));

    QSet<QString> validations;
    for (uint64_t seed = 1; seed <= 20; ++seed)
        validations.insert(SubjectSplit::random(all, 0.3, seed).validation.join(QLatin1Char(',')));
    QVERIFY2(validations.size() > 5, "the seed hardly changes the split");

    // At least one subject on each side once there are two.
    const QStringList two = {QStringLiteral("a"), QStringLiteral("b")};
    QCOMPARE(SubjectSplit::random(two, 0.01, 1).validation.size(), 1);
    QCOMPARE(SubjectSplit::random(two, 0.99, 1).training.size(), 1);
}

void TestModelData::givenValidationSubjects()
{
    const QStringList all = subjectsOneToTen();
    const SubjectSplit split =
        SubjectSplit::withValidation(all, {QStringLiteral("S7"), QStringLiteral("S2")});
    QCOMPARE(split.validation, (QStringList{QStringLiteral("S2"), QStringLiteral("S7")}));
    QCOMPARE(split.training.size(), 8);
    verifyPartition(split, all);
    try {
        SubjectSplit::withValidation(all, {QStringLiteral("S11")});
        QFAIL("an unknown validation subject was accepted");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("S11")), e.what());
    }
}

void TestModelData::leaveOneSubjectOutCoversEverySubjectOnce()
{
    const QStringList all = subjectsOneToTen();
    const std::vector<SubjectSplit> splits = SubjectSplit::leaveOneSubjectOut(all);
    QCOMPARE(splits.size(), size_t(10));
    for (size_t i = 0; i < splits.size(); ++i) {
        QCOMPARE(splits[i].validation, QStringList{all[qsizetype(i)]});
        verifyPartition(splits[i], all);
    }
}

void TestModelData::foldsPartitionTheSubjects()
{
    const QStringList all = subjectsOneToTen();
    const std::vector<SubjectSplit> folds = SubjectSplit::folds(all, 3, 7);
    QCOMPARE(folds.size(), size_t(3));
    QMap<QString, int> timesValidated;
    QList<qsizetype> sizes;
    for (const SubjectSplit& f : folds) {
        verifyPartition(f, all);
        sizes << f.validation.size();
        for (const QString& s : f.validation)
            ++timesValidated[s];
    }
    std::sort(sizes.begin(), sizes.end());
    QCOMPARE(sizes, (QList<qsizetype>{3, 3, 4}));
    QCOMPARE(timesValidated.size(), 10);
    for (int n : timesValidated)
        QCOMPARE(n, 1);
    const std::vector<SubjectSplit> again = SubjectSplit::folds(all, 3, 7);
    for (size_t i = 0; i < folds.size(); ++i)
        QCOMPARE(again[i].validation, folds[i].validation);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SubjectSplit::folds(all, 11, 7));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SubjectSplit::folds(all, 1, 7));
}

void TestModelData::metricsByHand()
{
    // truth      0 0 0 1 1 2 2 2 2 0
    // predicted  0 1 0 1 2 2 2 0 2 2
    // confusion  [2 1 1]   class 0: P 2/3  R 2/4  F1 4/7
    //            [0 1 1]   class 1: P 1/2  R 1/2  F1 1/2
    //            [1 0 3]   class 2: P 3/5  R 3/4  F1 2/3
    // A fourth class that occurs nowhere must not dilute the macro averages.
    const ClassificationMetrics m = ClassificationMetrics::compute(
        {0, 0, 0, 1, 1, 2, 2, 2, 2, 0}, {0, 1, 0, 1, 2, 2, 2, 0, 2, 2}, 4);
    const std::vector<int64_t> confusion = {2, 1, 1, 0, 0, 1, 1, 0, 1, 0, 3, 0, 0, 0, 0, 0};
    QCOMPARE(m.confusion, confusion);
    QCOMPARE(m.at(2, 0), int64_t(1));
    QCOMPARE(m.total, int64_t(10));
    QCOMPARE(m.accuracy, 0.6);
    QCOMPARE(m.support, (std::vector<int64_t>{4, 2, 4, 0}));
    QVERIFY(qFuzzyCompare(m.precision[0], 2.0 / 3));
    QVERIFY(qFuzzyCompare(m.recall[2], 3.0 / 4));
    QVERIFY(qFuzzyCompare(m.f1[0], 4.0 / 7));
    QVERIFY(qFuzzyCompare(m.f1[1], 1.0 / 2));
    QVERIFY(qFuzzyCompare(m.f1[2], 2.0 / 3));
    QCOMPARE(m.f1[3], 0.0);
    QVERIFY(qFuzzyCompare(m.macroPrecision, 53.0 / 90));
    QVERIFY(qFuzzyCompare(m.macroRecall, 7.0 / 12));
    QVERIFY(qFuzzyCompare(m.macroF1, 73.0 / 126));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             ClassificationMetrics::compute({0, 4}, {0, 0}, 4));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ClassificationMetrics::compute({0}, {0, 0}, 4));
}

void TestModelData::metricsOfAClassNeverTrue()
{
    // Class 1 is predicted once but never true: precision 0, and it counts in the
    // macro average (the model claimed it). Class 0: P 1, R 1/2, F1 2/3.
    const ClassificationMetrics m = ClassificationMetrics::compute({0, 0}, {0, 1}, 2);
    QCOMPARE(m.precision[1], 0.0);
    QCOMPARE(m.recall[1], 0.0);
    QVERIFY(qFuzzyCompare(m.macroF1, 1.0 / 3));
    QVERIFY(qFuzzyCompare(m.macroPrecision, 1.0 / 2));
    QVERIFY(qFuzzyCompare(m.macroRecall, 1.0 / 4));
}

void TestModelData::metricsJson()
{
    const ClassificationMetrics m = ClassificationMetrics::compute(
        {0, 0, 0, 1, 1, 2, 2, 2, 2, 0}, {0, 1, 0, 1, 2, 2, 2, 0, 2, 2}, 3);
    const QJsonObject json = m.toJson({5, 7, 9});
    QCOMPARE(json.value(QStringLiteral("accuracy")).toDouble(), 0.6);
    QCOMPARE(json.value(QStringLiteral("count")).toInt(), 10);
    QVERIFY(qFuzzyCompare(json.value(QStringLiteral("macro_f1")).toDouble(), 73.0 / 126));
    const QJsonObject seven =
        json.value(QStringLiteral("per_class")).toObject().value(QStringLiteral("7")).toObject();
    QCOMPARE(seven.value(QStringLiteral("f1")).toDouble(), 0.5);
    QCOMPARE(seven.value(QStringLiteral("support")).toInt(), 2);
    const QJsonArray rows = json.value(QStringLiteral("confusion")).toArray();
    QCOMPARE(rows.at(2).toArray().at(0).toInt(), 1);
}

namespace {
// 20 rows of two classes from sample 10, step 5; every row 0.9 confident
// except row 7 (samples 45..49) at 0.55.
ClassProbabilities probabilitiesWithADip()
{
    ClassProbabilities p;
    p.start = 10;
    p.step = 5;
    p.classIds = {1, 2};
    for (int r = 0; r < 20; ++r) {
        const float top = r == 7 ? 0.55f : 0.9f;
        p.values.push_back(r % 2 ? top : 1 - top);
        p.values.push_back(r % 2 ? 1 - top : top);
    }
    return p;
}
} // namespace

void TestModelData::probabilitiesRowsAndConfidence()
{
    const ClassProbabilities p = probabilitiesWithADip();
    QCOMPARE(p.rowCount(), size_t(20));
    QCOMPARE(p.rowAt(9), -1L);
    QCOMPARE(p.rowAt(10), 0L);
    QCOMPARE(p.rowAt(14), 0L);
    QCOMPARE(p.rowAt(15), 1L);
    QCOMPARE(p.rowAt(109), 19L);
    QCOMPARE(p.rowAt(110), -1L);
    QCOMPARE(p.confidence(7), 0.55f);
    QCOMPARE(p.confidence(8), 0.9f);
}

void TestModelData::minimumConfidenceKeepsAShortDipVisible()
{
    const ClassProbabilities p = probabilitiesWithADip();
    // Four columns of 30 samples: the dip (45..49) falls in the second. An
    // average there would be (5 * 0.9 + 0.55) / 6 = 0.84; the minimum keeps 0.55.
    float out[4];
    p.minimumConfidence(0, 120, 4, out);
    QCOMPARE(out[0], 0.9f);
    QCOMPARE(out[1], 0.55f);
    QCOMPARE(out[2], 0.9f);
    QCOMPARE(out[3], 0.9f);
    // Zoomed right out the dip still shows.
    float whole[1];
    p.minimumConfidence(0, 1000, 1, whole);
    QCOMPARE(whole[0], 0.55f);
    // Zoomed in on the dip, narrower than a sample per column.
    float inside[4];
    p.minimumConfidence(45, 46, 4, inside);
    for (float c : inside)
        QCOMPARE(c, 0.55f);
    // Before the first row and after the last: no rows, NaN.
    float outside[2];
    p.minimumConfidence(0, 10, 2, outside);
    QVERIFY(std::isnan(outside[0]) && std::isnan(outside[1]));
    p.minimumConfidence(110, 130, 2, outside);
    QVERIFY(std::isnan(outside[0]) && std::isnan(outside[1]));
}

void TestModelData::probabilitiesConsistency()
{
    ClassProbabilities p = probabilitiesWithADip();
    QCOMPARE(p.checkConsistency(110), QString());
    // The last row (105..109) may be cut short by the recording's end but must start inside it.
    QCOMPARE(p.checkConsistency(106), QString());
    QVERIFY(!p.checkConsistency(105).isEmpty());
    ClassProbabilities bad = p;
    bad.values.pop_back();
    QVERIFY(!bad.checkConsistency(110).isEmpty());
    bad = p;
    bad.values[3] = std::nanf("");
    QVERIFY(bad.checkConsistency(110).contains(QStringLiteral("row 1")));
    bad = p;
    bad.classIds = {1, 1};
    QVERIFY(!bad.checkConsistency(110).isEmpty());
    bad = p;
    bad.step = 0;
    QVERIFY(!bad.checkConsistency(110).isEmpty());
}

QTEST_MAIN(TestModelData)
#include "tst_modeldata.moc"
