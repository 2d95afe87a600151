// Segmentation metrics against small cases computed by hand.
#include "core/analysis/SegmentationMetrics.h"
#include "core/model/Segment.h"

#include <QtTest>

using namespace kinemark;

namespace {
std::vector<int32_t> repeat(std::initializer_list<std::pair<int32_t, int>> runs)
{
    std::vector<int32_t> out;
    for (const auto& [c, n] : runs)
        out.insert(out.end(), size_t(n), c);
    return out;
}
} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sampleLevelByHand();
    void overSegmentationLowersEditAndOverlapF1();
    void overlapThresholdDecides();
    void unlabelledTruthIsIgnoredAndUnlabelledPredictionIsWrong();
    void editScoreIsNormalisedLevenshtein();
};

void TestMetrics::sampleLevelByHand()
{
    // Truth 1111 222222; prediction 11 22222222.
    const auto truth = repeat({{1, 4}, {2, 6}});
    const auto predicted = repeat({{1, 2}, {2, 8}});
    const SegmentationMetrics m = SegmentationMetrics::compute(truth, predicted);
    QCOMPARE(m.sampleCount, int64_t(10));
    QCOMPARE(m.accuracy, 0.8);
    // Class 1: P 2/2, R 2/4, F1 2/3, IoU 2/4. Class 2: P 6/8, R 6/6, F1 6/7, IoU 6/8.
    QVERIFY(qFuzzyCompare(m.perClassF1.at(1), 2.0 / 3));
    QVERIFY(qFuzzyCompare(m.perClassF1.at(2), 6.0 / 7));
    QVERIFY(qFuzzyCompare(m.macroF1, (2.0 / 3 + 6.0 / 7) / 2));
    QVERIFY(qFuzzyCompare(m.macroJaccard, (0.5 + 0.75) / 2));
    QVERIFY(qFuzzyCompare(m.macroPrecision, (1.0 + 0.75) / 2));
    QVERIFY(qFuzzyCompare(m.macroRecall, (0.5 + 1.0) / 2));
    // Same segment sequence; IoUs 0.5 and 0.75 pass every threshold.
    QCOMPARE(m.editScore, 1.0);
    QCOMPARE(m.f1At10, 1.0);
    QCOMPARE(m.f1At50, 1.0);
}

void TestMetrics::overSegmentationLowersEditAndOverlapF1()
{
    // Truth 111111 222222; prediction 11 2 111 222222: four segments for two.
    const auto truth = repeat({{1, 6}, {2, 6}});
    const auto predicted = repeat({{1, 2}, {2, 1}, {1, 3}, {2, 6}});
    const SegmentationMetrics m = SegmentationMetrics::compute(truth, predicted);
    QCOMPARE(m.truthSegments, size_t(2));
    QCOMPARE(m.predictedSegments, size_t(4));
    QCOMPARE(m.editScore, 0.5); // 1 - 2 insertions / 4
    // At 0.50: "11" (IoU 1/3) misses, "2" overlaps nothing of class 2, "111"
    // (IoU 1/2) and "222222" hit: TP 2, FP 2, FN 0 -> F1 2/3.
    QVERIFY(qFuzzyCompare(m.f1At50, 2.0 / 3));
    // At 0.10: "11" takes the truth segment first, so "111" finds it used: still TP 2, FP 2.
    QVERIFY(qFuzzyCompare(m.f1At10, 2.0 / 3));
}

void TestMetrics::overlapThresholdDecides()
{
    // Truth 1x10; prediction 111 2222222: the class-1 segment has IoU 0.3.
    const auto truth = repeat({{1, 10}});
    const auto predicted = repeat({{1, 3}, {2, 7}});
    const SegmentationMetrics m = SegmentationMetrics::compute(truth, predicted);
    QVERIFY(qFuzzyCompare(m.f1At10, 2.0 / 3)); // TP 1, FP 1, FN 0
    QVERIFY(qFuzzyCompare(m.f1At25, 2.0 / 3));
    QCOMPARE(m.f1At50, 0.0);
}

void TestMetrics::unlabelledTruthIsIgnoredAndUnlabelledPredictionIsWrong()
{
    {
        const std::vector<int32_t> truth{1, 1, kUnlabelled, kUnlabelled, 1, 1};
        const std::vector<int32_t> predicted{1, 1, 2, 2, 1, 1};
        const SegmentationMetrics m = SegmentationMetrics::compute(truth, predicted);
        QCOMPARE(m.sampleCount, int64_t(4));
        QCOMPARE(m.accuracy, 1.0);
        QCOMPARE(m.macroF1, 1.0);
        QCOMPARE(m.predictedSegments, size_t(1)); // the neighbours of the gap join
        QCOMPARE(m.editScore, 1.0);
    }
    {
        const std::vector<int32_t> truth{1, 1, 1, 1};
        const std::vector<int32_t> predicted{1, 1, kUnlabelled, kUnlabelled};
        const SegmentationMetrics m = SegmentationMetrics::compute(truth, predicted);
        QCOMPARE(m.accuracy, 0.5);
        QCOMPARE(m.perClassF1.size(), size_t(1)); // "no label" is not a class
        QVERIFY(qFuzzyCompare(m.macroF1, 2.0 / 3));
    }
    QVERIFY_THROWS_EXCEPTION(
        std::invalid_argument,
        SegmentationMetrics::compute(std::vector<int32_t>{1}, std::vector<int32_t>{}));
}

void TestMetrics::editScoreIsNormalisedLevenshtein()
{
    using Run = SegmentationMetrics::Run;
    const std::vector<Run> abc{{1, 0, 1}, {2, 1, 2}, {3, 2, 3}};
    const std::vector<Run> ac{{1, 0, 1}, {3, 1, 3}};
    const std::vector<Run> cba{{3, 0, 1}, {2, 1, 2}, {1, 2, 3}};
    QVERIFY(qFuzzyCompare(SegmentationMetrics::editScoreOf(abc, ac), 1.0 - 1.0 / 3));
    QVERIFY(qFuzzyCompare(SegmentationMetrics::editScoreOf(abc, cba), 1.0 - 2.0 / 3));
    QCOMPARE(SegmentationMetrics::editScoreOf({}, {}), 1.0);
    QCOMPARE(SegmentationMetrics::editScoreOf(abc, {}), 0.0);
}

QTEST_MAIN(TestMetrics)
#include "tst_metrics.moc"
