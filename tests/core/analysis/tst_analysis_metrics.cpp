// Classification metrics and ROC curves for the analysis views: small cases
// worked out by hand, and a larger one whose expected values were computed
// independently with scikit-learn 1.2.1 (see generatedCaseMatchesScikitLearn).
#include "core/analysis/ClassificationMetrics.h"
#include "core/analysis/CrossValidationSummary.h"
#include "core/analysis/PredictionItems.h"
#include "core/analysis/RocCurve.h"

#include <QJsonArray>
#include <QtTest>
#include <cmath>

using namespace kinemark;

namespace {
bool near(double a, double b, double tolerance = 1e-12)
{
    return std::abs(a - b) <= tolerance;
}
} // namespace

class TestAnalysisMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void threeClassesByHand();
    void classNeverRecognisedZeroesGMean();
    void rocByHand();
    void rocTiesMakeOneDiagonalStep();
    void rocWithoutNegativesIsUndefined();
    void generatedCaseMatchesScikitLearn();
    void crossValidationMeanAndStandardDeviation();
    void predictionItemsFromTracks();
};

void TestAnalysisMetrics::threeClassesByHand()
{
    // Confusion (rows truth, columns predicted):
    //   [2 1 1]   support 4, predicted 3
    //   [1 2 0]   support 3, predicted 4
    //   [0 1 2]   support 3, predicted 3
    const std::vector<int32_t> truth{0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
    const std::vector<int32_t> predicted{0, 0, 1, 2, 1, 1, 0, 2, 2, 1};
    const ClassificationMetrics m = ClassificationMetrics::compute(truth, predicted, 3);
    QCOMPARE(m.at(0, 0), int64_t(2));
    QCOMPARE(m.at(1, 0), int64_t(1));
    QCOMPARE(m.at(2, 1), int64_t(1));
    QCOMPARE(m.accuracy, 0.6);
    // Precision 2/3, 1/2, 2/3; recall 1/2, 2/3, 2/3; F1 4/7, 4/7, 2/3.
    QVERIFY(near(m.precision[1], 0.5));
    QVERIFY(near(m.recall[0], 0.5));
    QVERIFY(near(m.f1[0], 4.0 / 7));
    QVERIFY(near(m.f1[2], 2.0 / 3));
    // Jaccard TP / (TP + FP + FN): 2/5, 2/5, 2/4.
    QVERIFY(near(m.jaccard[0], 0.4));
    QVERIFY(near(m.jaccard[1], 0.4));
    QVERIFY(near(m.jaccard[2], 0.5));
    QVERIFY(near(m.macroPrecision, 11.0 / 18));
    QVERIFY(near(m.macroRecall, 11.0 / 18));
    QVERIFY(near(m.macroF1, 38.0 / 63));
    QVERIFY(near(m.macroJaccard, 1.3 / 3));
    // Weighted by support 4, 3, 3 of 10.
    QVERIFY(near(m.weightedPrecision, 37.0 / 60));
    QVERIFY(near(m.weightedRecall, 0.6)); // always the accuracy
    QVERIFY(near(m.weightedF1, 0.6));     // (4 * 4/7 + 3 * 4/7 + 3 * 2/3) / 10
    QVERIFY(near(m.weightedJaccard, 0.43));
    QVERIFY(near(m.gMean, std::cbrt(0.5 * 2.0 / 3 * 2.0 / 3)));

    const QJsonObject json = m.toJson({4, 5, 6});
    QVERIFY(near(json.value("weighted_f1").toDouble(), 0.6));
    QVERIFY(near(json.value("g_mean").toDouble(), m.gMean));
    QVERIFY(near(
        json.value("per_class").toObject().value("6").toObject().value("jaccard").toDouble(), 0.5));
}

void TestAnalysisMetrics::classNeverRecognisedZeroesGMean()
{
    // Class 2 occurs but is never predicted: recall 0, so G-mean 0 although
    // accuracy is 0.8. A class that never occurs in the truth (3) is left out.
    const std::vector<int32_t> truth{0, 0, 0, 0, 1, 1, 1, 1, 2, 2};
    const std::vector<int32_t> predicted{0, 0, 0, 0, 1, 1, 1, 1, 0, 1};
    const ClassificationMetrics m = ClassificationMetrics::compute(truth, predicted, 4);
    QCOMPARE(m.accuracy, 0.8);
    QCOMPARE(m.gMean, 0.0);
    QCOMPARE(m.jaccard[2], 0.0);
    const ClassificationMetrics perfect = ClassificationMetrics::compute(truth, truth, 4);
    QCOMPARE(perfect.gMean, 1.0);
    QCOMPARE(perfect.macroJaccard, 1.0);
}

void TestAnalysisMetrics::rocByHand()
{
    // Scores 0.1 0.4 0.35 0.8, positives the last two: thresholds 0.8 (one
    // positive), 0.4 (a negative), 0.35 (the other positive), 0.1 (the other
    // negative). Of the 4 positive/negative pairs, 3 are ordered right: 0.75.
    const RocCurve roc = RocCurve::compute({0.1f, 0.4f, 0.35f, 0.8f}, {0, 0, 1, 1});
    QCOMPARE(roc.falsePositiveRate, (std::vector<double>{0, 0, 0.5, 0.5, 1}));
    QCOMPARE(roc.truePositiveRate, (std::vector<double>{0, 0.5, 0.5, 1, 1}));
    QCOMPARE(roc.auc, 0.75);
    QCOMPARE(roc.positives, int64_t(2));
    QVERIFY(std::isinf(roc.thresholds.front()));
    QCOMPARE(roc.thresholds[1], double(0.8f));
}

void TestAnalysisMetrics::rocTiesMakeOneDiagonalStep()
{
    // All scores equal: no information, one step from (0,0) to (1,1), AUC 1/2.
    const RocCurve roc = RocCurve::compute({0.5f, 0.5f, 0.5f}, {1, 0, 0});
    QCOMPARE(roc.falsePositiveRate.size(), size_t(2));
    QCOMPARE(roc.auc, 0.5);
    // A tie between one positive and one negative at the top counts half:
    // pairs (p=0.9 vs n=0.9) 1/2, (p=0.9 vs n=0.2) 1, (p=0.3 vs n=0.9) 0,
    // (p=0.3 vs n=0.2) 1: 2.5 / 4.
    const RocCurve mixed = RocCurve::compute({0.9f, 0.9f, 0.3f, 0.2f}, {1, 0, 1, 0});
    QCOMPARE(mixed.auc, 0.625);
}

void TestAnalysisMetrics::rocWithoutNegativesIsUndefined()
{
    const RocCurve roc = RocCurve::compute({0.2f, 0.7f}, {1, 1});
    QVERIFY(!roc.isDefined());
    QVERIFY(roc.toJson().value("auc").isNull());
    // One-vs-rest over three classes where class 2 never occurs: its curve is
    // undefined and left out of the macro AUC.
    const std::vector<float> p{0.8f, 0.1f, 0.1f, 0.3f, 0.6f, 0.1f, 0.6f, 0.3f, 0.1f};
    const auto curves = RocCurve::oneVsRest(p, {0, 1, 1}, 3);
    QCOMPARE(curves.size(), size_t(3));
    QVERIFY(curves[0].isDefined() && curves[1].isDefined() && !curves[2].isDefined());
    // Class 0: positive 0.8 above negatives 0.3, 0.6: AUC 1. Class 1: positives
    // 0.6, 0.3 against negative 0.1: AUC 1.
    QCOMPARE(RocCurve::macroAuc(curves), 1.0);
}

void TestAnalysisMetrics::generatedCaseMatchesScikitLearn()
{
    // 200 items, 4 classes with supports 100/33/34/33, made by the formulas
    // below; the same formulas in Python (numpy) were fed to scikit-learn 1.2.1:
    //   precision/recall/f1/jaccard_score(average="macro"|"weighted",
    //   zero_division=0), accuracy_score, roc_auc_score(truth == c, prob[:, c])
    // in float32 probabilities, and G-mean as the geometric mean of
    //   recall_score(average=None). The literals are its output.
    const int n = 200, k = 4;
    std::vector<int32_t> truth(n), predicted(n);
    std::vector<float> probabilities(size_t(n * k));
    for (int i = 0; i < n; ++i) {
        const int t = i % 3 == 0 ? 0 : (i * 7 + 3) % k;
        const int r = (i * i + i) % 7;
        truth[size_t(i)] = t;
        predicted[size_t(i)] = (r == 0 || r == 3) ? (t + 1 + i % 2) % k : t;
        double raw[4], sum = 0;
        for (int c = 0; c < k; ++c) {
            raw[c] =
                double((i * 31 + c * 17) % 23) / 23.0 + (c == predicted[size_t(i)] ? 1.0 : 0.0);
            sum += raw[c];
        }
        for (int c = 0; c < k; ++c)
            probabilities[size_t(i * k + c)] = float(raw[c] / sum);
    }
    const ClassificationMetrics m = ClassificationMetrics::compute(truth, predicted, k);
    QVERIFY(near(m.accuracy, 0.715));
    QVERIFY(near(m.macroPrecision, 0.7416173387594032));
    QVERIFY(near(m.macroRecall, 0.7173841354723709));
    QVERIFY(near(m.macroF1, 0.7149818866517813));
    QVERIFY(near(m.macroJaccard, 0.563743423441804));
    QVERIFY(near(m.weightedPrecision, 0.7561037119250216));
    QVERIFY(near(m.weightedRecall, 0.715));
    QVERIFY(near(m.weightedF1, 0.7251300294611981));
    QVERIFY(near(m.weightedJaccard, 0.5739607380836805));
    QVERIFY(near(m.gMean, 0.7172286999873928));
    const auto curves = RocCurve::oneVsRest(probabilities, truth, k);
    const double expectedAuc[4] = {0.75465, 0.8287062239158047, 0.7812721474131822,
                                   0.8677191072400653};
    for (int c = 0; c < k; ++c)
        QVERIFY2(near(curves[size_t(c)].auc, expectedAuc[c], 1e-9),
                 qPrintable(QString("class %1: %2").arg(c).arg(curves[size_t(c)].auc, 0, 'g', 17)));
}

void TestAnalysisMetrics::crossValidationMeanAndStandardDeviation()
{
    // Three folds with macro F1 0.6, 0.8, 1.0: mean 0.8, sample std
    // sqrt((0.04 + 0 + 0.04) / 2) = 0.2. "count" is in every fold too;
    // "note" (text) and "per_class" (object) are not numbers; "extra" is
    // missing from one fold. Those three are left out.
    QJsonArray folds;
    folds.append(QJsonObject{{"macro_f1", 0.6},
                             {"count", 10},
                             {"note", "a"},
                             {"extra", 1},
                             {"per_class", QJsonObject{}}});
    folds.append(QJsonObject{{"macro_f1", 0.8}, {"count", 20}, {"note", "b"}, {"extra", 2}});
    folds.append(QJsonObject{{"macro_f1", 1.0}, {"count", 30}, {"note", "c"}});
    const QJsonObject s = CrossValidationSummary::aggregate(folds);
    QCOMPARE(s.keys(), (QStringList{"count", "macro_f1"}));
    const QJsonObject f1 = s.value("macro_f1").toObject();
    QVERIFY(near(f1.value("mean").toDouble(), 0.8));
    QVERIFY(near(f1.value("std").toDouble(), 0.2));
    QCOMPARE(f1.value("min").toDouble(), 0.6);
    QCOMPARE(f1.value("max").toDouble(), 1.0);
    QCOMPARE(f1.value("folds").toArray().size(), 3);
    QCOMPARE(CrossValidationSummary::format(f1), QString::fromUtf8("0.800 \u00b1 0.200"));
    QCOMPARE(s.value("count").toObject().value("mean").toDouble(), 20.0);
    // One fold: no spread.
    QCOMPARE(CrossValidationSummary::aggregate(QJsonArray{folds[0]})
                 .value("macro_f1")
                 .toObject()
                 .value("std")
                 .toDouble(),
             0.0);
    QVERIFY(CrossValidationSummary::aggregate({}).isEmpty());
}

void TestAnalysisMetrics::predictionItemsFromTracks()
{
    // 10 s at 10 Hz; windows of 20 samples (centres 10, 30, 50, 70, 90).
    // Truth: class 1 on [0, 40), 2 on [40, 80), unlabelled after.
    // Prediction: 1 on [0, 20), 2 on [20, 100).
    auto recording = std::make_shared<Recording>();
    recording->id = QStringLiteral("r1");
    recording->subjectId = QStringLiteral("S1");
    recording->sampleRateHz = 10;
    Sensor sensor;
    sensor.name = QStringLiteral("back");
    Channel channel;
    channel.samples.assign(100, 0.f);
    sensor.channels.push_back(channel);
    recording->sensors.push_back(sensor);
    AnnotationTrack truth(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth);
    truth.assign(0, 40, 1);
    truth.assign(40, 80, 2);
    AnnotationTrack prediction(QStringLiteral("model"), AnnotationTrack::Kind::Prediction);
    prediction.assign(0, 20, 1);
    prediction.assign(20, 100, 2);
    recording->tracks.push_back(truth);
    recording->tracks.push_back(prediction);
    // Probabilities every 10 samples over classes (2, 1): p(1) = 0.9, 0.8, ... 0.0.
    ClassProbabilities p;
    p.start = 0;
    p.step = 10;
    p.classIds = {2, 1};
    for (int r = 0; r < 10; ++r) {
        const float one = 0.9f - 0.1f * r;
        p.values.push_back(1 - one);
        p.values.push_back(one);
    }
    recording->probabilities.insert(QStringLiteral("model"), p);

    const PredictionItems items = PredictionItems::fromTracks({recording}, "model", {1, 2}, 20);
    QCOMPARE(items.size(), size_t(4)); // the window at 80..100 has no truth
    QCOMPARE(items.truth, (std::vector<int32_t>{0, 0, 1, 1}));
    QCOMPARE(items.predicted, (std::vector<int32_t>{0, 1, 1, 1}));
    QCOMPARE(items.origins[1].startSample, int64_t(20));
    QCOMPARE(items.origins[1].endSample, int64_t(40));
    QCOMPARE(items.origins[1].subject, QStringLiteral("S1"));
    QCOMPARE(items.origins[1].startSeconds(), 2.0);
    // Window 20..40 covers rows 2 and 3: p(1) = (0.7 + 0.6) / 2, in classIds order.
    QCOMPARE(items.probabilities.size(), size_t(8));
    QVERIFY(near(items.probabilities[2], 0.65, 1e-6));
    QVERIFY(near(items.probabilities[3], 0.35, 1e-6));
    // A class the probabilities lack: no probabilities at all.
    const PredictionItems without =
        PredictionItems::fromTracks({recording}, "model", {1, 2, 3}, 20);
    QCOMPARE(without.size(), size_t(4));
    QVERIFY(without.probabilities.empty());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             PredictionItems::fromTracks({recording}, "model", {1}, 0));
}

QTEST_GUILESS_MAIN(TestAnalysisMetrics)
#include "tst_analysis_metrics.moc"
