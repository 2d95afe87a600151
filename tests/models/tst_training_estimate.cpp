// What the Train dialog proposes before a run: the suggested epochs
// (SuggestedEpochs: fewer for a larger dataset, never beyond the paper's nor
// below the minimum) and the run-time calibration (TrainingCalibration: a
// few steps of a tiny network measured, scaled by epochs and examples,
// stopped by its cancel check).
#include "models/registry/ModelRegistry.h"
#include "models/registry/SuggestedEpochs.h"
#include "models/training/TrainingCalibration.h"

#include <QtTest>
#include <atomic>
#include <cmath>

using namespace kinemark;

class TestTrainingEstimate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void suggestedEpochsFallWithTheDatasetAndStayInRange();
    void suggestedEpochsAreTheRulesFigure();
    void calibrationMeasuresATinyNetwork();
    void calibrationStopsWhenCancelled();
};

void TestTrainingEstimate::suggestedEpochsFallWithTheDatasetAndStayInRange()
{
    for (const ModelInfo& m : ModelRegistry::models()) {
        const int paper = m.defaults.value(QStringLiteral("epochs")).toInt();
        const int batch = m.defaults.value(QStringLiteral("batch")).toInt();
        // Unknown size, or not a classifier: the paper's value.
        QCOMPARE(SuggestedEpochs::of(m, 0, batch), paper);
        int previous = paper;
        for (int64_t examples = 1; examples <= 10'000'000; examples = examples * 3 + 7) {
            const int e = SuggestedEpochs::of(m, examples, batch);
            QVERIFY2(e <= previous, qPrintable(QStringLiteral("%1: %2 windows give %3 epochs, "
                                                              "more than %4 for fewer")
                                                   .arg(m.id)
                                                   .arg(examples)
                                                   .arg(e)
                                                   .arg(previous)));
            QVERIFY(e <= paper);
            QVERIFY(e >= std::min(SuggestedEpochs::kMinimumEpochs, paper));
            QVERIFY(m.ranges.value(QStringLiteral("epochs")).contains(e));
            if (!m.classifier())
                QCOMPARE(e, paper);
            previous = e;
        }
    }
}

void TestTrainingEstimate::suggestedEpochsAreTheRulesFigure()
{
    const ModelInfo& cnn = *ModelRegistry::find(QStringLiteral("cnn-center"));
    // A tiny project: the paper's 300 epochs are the ceiling, never passed.
    QCOMPARE(SuggestedEpochs::of(cnn, 32, 32), 300);
    // About kOptimiserSteps steps: 100 batches an epoch.
    const int batches = 100;
    const int expected = std::clamp((SuggestedEpochs::kOptimiserSteps + batches - 1) / batches,
                                    SuggestedEpochs::kMinimumEpochs, 300);
    QCOMPARE(SuggestedEpochs::of(cnn, 32 * batches, 32), expected);
    QVERIFY(expected < 300);
    // A week of windows: the minimum, where early stopping rarely has to act.
    QCOMPARE(SuggestedEpochs::of(cnn, 10'000'000, 32), SuggestedEpochs::kMinimumEpochs);
}

void TestTrainingEstimate::calibrationMeasuresATinyNetwork()
{
    const QVariantMap tiny{{QStringLiteral("window_length"), 16},
                           {QStringLiteral("stride"), 8},
                           {QStringLiteral("batch"), 8}};
    QVERIFY(TrainingCalibration::supports(QStringLiteral("cnn-center")));
    QVERIFY(!TrainingCalibration::supports(QStringLiteral("selfpab")));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TrainingCalibration::secondsPerExample(
                                                        QStringLiteral("selfpab"), {}, 3, 2, 1));
    const double perExample =
        TrainingCalibration::secondsPerExample(QStringLiteral("cnn-center"), tiny, 3, 4, 1);
    QVERIFY(std::isfinite(perExample));
    QVERIFY(perExample > 0);
    QVERIFY(perExample < 1); // 8 windows of 16 samples: milliseconds
    // The run scales with epochs and examples; validation costs a third of training.
    const double ten = TrainingCalibration::runSeconds(perExample, 1000, 300, 10);
    QCOMPARE(TrainingCalibration::runSeconds(perExample, 1000, 300, 20), 2 * ten);
    QCOMPARE(ten, perExample * (1000 + 100) * 10);
    QVERIFY(std::isnan(TrainingCalibration::runSeconds(std::nan(""), 1000, 0, 10)));

    // The sequence model is measured on chunks.
    const double perChunk =
        TrainingCalibration::secondsPerExample(QStringLiteral("mstcn"),
                                               {{QStringLiteral("layers"), 2},
                                                {QStringLiteral("stages"), 1},
                                                {QStringLiteral("features"), 8},
                                                {QStringLiteral("projection_dim"), 8},
                                                {QStringLiteral("chunk_length"), 64},
                                                {QStringLiteral("batch"), 2}},
                                               3, 3, 1);
    QVERIFY(std::isfinite(perChunk) && perChunk > 0);
}

void TestTrainingEstimate::calibrationStopsWhenCancelled()
{
    std::atomic<int> asked{0};
    const double perExample = TrainingCalibration::secondsPerExample(
        QStringLiteral("cnn-center"),
        {{QStringLiteral("window_length"), 16}, {QStringLiteral("batch"), 8}}, 3, 2, 1, 50, [&] {
            return ++asked > 2; // the warm-up step and one timed step, then cancelled
        });
    QVERIFY(std::isnan(perExample));
    QCOMPARE(asked.load(), 4); // asked before three steps and once more after
}

QTEST_MAIN(TestTrainingEstimate)
#include "tst_training_estimate.moc"
