// What the Train dialog proposes before a run: the suggested epochs
// (SuggestedEpochs: fewer for a larger dataset, never beyond the paper's nor
// below the minimum) and the run-time calibration (TrainingCalibration: a
// few steps of a tiny network measured, scaled by epochs and examples,
// stopped by its cancel check; usad's diffusion, sampling and pre-training
// phases and selfpab's spectrogram steps each counted).
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
    void usadCountsEveryPhase();
    void selfPabCountsFrozenAndValidationSteps();
};

namespace {
// usad small enough to measure in well under a second.
const QVariantMap kTinyUsad{{QStringLiteral("window_length"), 16},
                            {QStringLiteral("stride"), 8},
                            {QStringLiteral("batch"), 8},
                            {QStringLiteral("width"), 8},
                            {QStringLiteral("blocks"), 1},
                            {QStringLiteral("cardinality"), 1},
                            {QStringLiteral("radix"), 2},
                            {QStringLiteral("diffusion_width"), 8},
                            {QStringLiteral("diffusion_blocks"), 1},
                            {QStringLiteral("diffusion_steps"), 100},
                            {QStringLiteral("diffusion_sampling_steps"), 10}};

// usad's run with one hyperparameter changed.
double usadRun(const TrainingCalibration::Costs& costs, const QString& key, const QVariant& value,
               int epochs = 10)
{
    QVariantMap h = kTinyUsad;
    h[key] = value;
    TrainingCalibration::RunSize run;
    run.training = 1000;
    run.validation = 300;
    run.epochs = epochs;
    run.classes = 4;
    return TrainingCalibration::runSeconds(QStringLiteral("usad"), h, costs, run);
}
} // namespace

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
    // A spectrogram model keeps the paper's epochs: the rule was measured on windows.
    const ModelInfo& selfPab = *ModelRegistry::find(QStringLiteral("selfpab"));
    QCOMPARE(SuggestedEpochs::of(selfPab, 10'000, 8),
             selfPab.defaults.value(QStringLiteral("epochs")).toInt());
}

void TestTrainingEstimate::calibrationMeasuresATinyNetwork()
{
    const QVariantMap tiny{{QStringLiteral("window_length"), 16},
                           {QStringLiteral("stride"), 8},
                           {QStringLiteral("batch"), 8}};
    QVERIFY(TrainingCalibration::supports(QStringLiteral("cnn-center")));
    // Every classifier, not the generator nor the encoder's pre-training.
    for (const char* model : {"resnet-supcon", "mstcn", "usad", "selfpab"})
        QVERIFY(TrainingCalibration::supports(QLatin1String(model)));
    QVERIFY(!TrainingCalibration::supports(QStringLiteral("usad-diffusion")));
    QVERIFY(!TrainingCalibration::supports(QStringLiteral("selfpab-pretrain")));
    QVERIFY_THROWS_EXCEPTION(
        std::invalid_argument,
        TrainingCalibration::measure(QStringLiteral("usad-diffusion"), {}, 3, 2, 1));
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

void TestTrainingEstimate::usadCountsEveryPhase()
{
    const TrainingCalibration::Costs costs =
        TrainingCalibration::measure(QStringLiteral("usad"), kTinyUsad, 3, 4, 1);
    for (double c : {costs.step, costs.diffusionStep, costs.samplingStep})
        QVERIFY2(std::isfinite(c) && c > 0 && c < 1, qPrintable(QString::number(c)));

    // Without synthetic windows the run is its epochs alone, as the other classifiers'.
    const double plain = usadRun(costs, QStringLiteral("synthetic_per_class"), 0);
    QCOMPARE(plain, TrainingCalibration::runSeconds(costs.step, 1000, 300, 10));
    const double full = usadRun(costs, QStringLiteral("synthetic_per_class"), 200);
    QVERIFY(full > plain);
    // Each phase is counted: its epochs (or reverse steps) add their own cost, linearly.
    for (const char* key : {"diffusion_epochs", "pretrain_epochs", "diffusion_sampling_steps"}) {
        const double one = usadRun(costs, QLatin1String(key), 5);
        const double two = usadRun(costs, QLatin1String(key), 10);
        const double three = usadRun(costs, QLatin1String(key), 15);
        QVERIFY2(two > one, key);
        QVERIFY2(std::abs((three - two) - (two - one)) < 1e-9 * three, key);
    }
    // The epochs on the real windows scale only their own part.
    const double tenEpochs = usadRun(costs, QStringLiteral("synthetic_per_class"), 200, 10);
    const double twentyEpochs = usadRun(costs, QStringLiteral("synthetic_per_class"), 200, 20);
    QVERIFY(qFuzzyCompare(twentyEpochs - tenEpochs, plain));
    QVERIFY(twentyEpochs < 2 * tenEpochs);
    // A missing phase cost gives no estimate rather than a short one.
    TrainingCalibration::Costs partial = costs;
    partial.samplingStep = TrainingCalibration::Costs::kNone;
    QVERIFY(std::isnan(usadRun(partial, QStringLiteral("synthetic_per_class"), 200)));

    // Cancelled during the diffusion model's steps: no costs.
    std::atomic<int> asked{0};
    const TrainingCalibration::Costs stopped = TrainingCalibration::measure(
        QStringLiteral("usad"), kTinyUsad, 3, 4, 1, 3, [&] { return ++asked > 6; });
    QVERIFY(std::isnan(stopped.step));
}

void TestTrainingEstimate::selfPabCountsFrozenAndValidationSteps()
{
    const QVariantMap tiny{
        {QStringLiteral("d_model"), 16},       {QStringLiteral("layers"), 1},
        {QStringLiteral("heads"), 2},          {QStringLiteral("feed_forward"), 32},
        {QStringLiteral("head_hidden"), 16},   {QStringLiteral("window_frames"), 40},
        {QStringLiteral("stride_frames"), 20}, {QStringLiteral("batch"), 2}};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TrainingCalibration::secondsPerExample(
                                                        QStringLiteral("selfpab"), tiny, 3, 2, 1));
    const TrainingCalibration::Costs costs =
        TrainingCalibration::measure(QStringLiteral("selfpab"), tiny, 3, 4, 1);
    for (double c : {costs.step, costs.frozenStep, costs.forward})
        QVERIFY2(std::isfinite(c) && c > 0 && c < 1, qPrintable(QString::number(c)));
    QVERIFY(std::isnan(costs.diffusionStep));
    // The forward pass has no backward and no optimiser step.
    QVERIFY2(costs.forward < costs.step,
             qPrintable(QStringLiteral("%1 %2").arg(costs.forward).arg(costs.step)));

    TrainingCalibration::RunSize run;
    run.training = 200;
    run.validation = 50;
    run.epochs = 10;
    run.classes = 4;
    const auto seconds = [&](const QVariantMap& h, const TrainingCalibration::RunSize& r) {
        return TrainingCalibration::runSeconds(QStringLiteral("selfpab"), h, costs, r);
    };
    const double scratch = seconds(tiny, run);
    QVERIFY(std::isfinite(scratch) && scratch > 0);
    // Twice the epochs, twice the time (no phase before them).
    TrainingCalibration::RunSize twice = run;
    twice.epochs = 20;
    QVERIFY(qFuzzyCompare(seconds(tiny, twice), 2 * scratch));
    // The validation's forward passes are counted every epoch.
    TrainingCalibration::RunSize unvalidated = run;
    unvalidated.validation = 0;
    QVERIFY(qFuzzyCompare(scratch - seconds(tiny, unvalidated), 10 * 50 * costs.forward));
    // A pre-trained encoder frozen for all steps costs frozen steps; for none,
    // full ones; in between, in proportion.
    TrainingCalibration::RunSize pretrained = unvalidated;
    pretrained.pretrainedEncoder = true;
    QVariantMap h = tiny;
    h[QStringLiteral("frozen_fraction")] = 0.0;
    QVERIFY(qFuzzyCompare(seconds(h, pretrained), 10 * 200 * costs.step));
    h[QStringLiteral("frozen_fraction")] = 1.0;
    QVERIFY(qFuzzyCompare(seconds(h, pretrained), 10 * 200 * costs.frozenStep));
    h[QStringLiteral("frozen_fraction")] = 0.5;
    QVERIFY(qFuzzyCompare(seconds(h, pretrained), 10 * 200 * (costs.step + costs.frozenStep) / 2));
    // Without a pre-trained encoder nothing is frozen, whatever the fraction.
    QVERIFY(qFuzzyCompare(seconds(h, run), scratch));
}

QTEST_MAIN(TestTrainingEstimate)
#include "tst_training_estimate.moc"
