// USAD (seed 002) on tiny budgets: the adaptive loss weights' feedback rule
// on scripted accuracies and inside a training run, falling losses of the
// classifier (full and backbone) and of the diffusion model on the demo,
// identical predictions after save/load, the cosine schedule against its
// formula, and seeded, deterministic denoising steps.
#include "models/file/ModelFile.h"
#include "models/generation/CosineNoiseSchedule.h"
#include "models/generation/WindowDiffusion.h"
#include "models/inference/ModelPredictor.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/AdaptiveLossWeights.h"
#include "models/training/DiffusionTrainer.h"
#include "models/training/ModelTrainer.h"
#include "tests/support/TestSupport.h"

#include <QtTest>
#include <cmath>

using namespace kinemark;

namespace {
Project demoProject()
{
    return test::demoProjectOfSubjects(2, 1200, 11);
}

// A small usad: branches of 16 channels and one block each.
TrainingRequest tinyUsad(int epochs)
{
    TrainingRequest r;
    r.model = QStringLiteral("usad");
    r.seed = 3;
    r.threads = 1;
    r.hyperparameters = QVariantMap{{QStringLiteral("epochs"), epochs},
                                    {QStringLiteral("batch"), 32},
                                    {QStringLiteral("width"), 16},
                                    {QStringLiteral("blocks"), 1},
                                    {QStringLiteral("patience"), 0},
                                    {QStringLiteral("dropout"), 0.0},
                                    {QStringLiteral("synthetic_per_class"), 0}};
    return r;
}

QVariantMap tinyDiffusion()
{
    return ModelRegistry::resolve(QStringLiteral("usad-diffusion"),
                                  {{QStringLiteral("diffusion_steps"), 100},
                                   {QStringLiteral("sampling_steps"), 10},
                                   {QStringLiteral("width"), 16},
                                   {QStringLiteral("blocks"), 3},
                                   {QStringLiteral("epochs"), 2},
                                   {QStringLiteral("batch"), 16},
                                   {QStringLiteral("lr"), 0.002},
                                   {QStringLiteral("window_length"), 32}});
}

// Sines of a class-dependent frequency, 3 channels x 32 samples.
std::vector<float> sineWindows(const std::vector<int32_t>& labels)
{
    std::vector<float> out;
    for (size_t i = 0; i < labels.size(); ++i)
        for (int c = 0; c < 3; ++c)
            for (int t = 0; t < 32; ++t)
                out.push_back(float(std::sin(0.2 * (labels[i] + 1) * t + c + 0.1 * double(i))));
    return out;
}

bool withinBounds(const std::vector<double>& w)
{
    double sum = 0;
    for (double x : w) {
        if (x < 0.1 - 1e-12 || x > 0.8 + 1e-12)
            return false;
        sum += x;
    }
    return std::abs(sum - 1) < 1e-9;
}
} // namespace

class TestModelsUsad : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void registryHasThePapersSettings();
    void adaptiveWeightsFollowTheRule();
    void adaptiveWeightsStayWithinBounds();
    void classifierLossFallsOnTheDemo_data();
    void classifierLossFallsOnTheDemo();
    void trainingReportsTheWeightsOfTheRule();
    void saveLoadGivesIdenticalPredictions();
    void scheduleMatchesTheCosineFormula();
    void denoisingStepIsDeterministicForASeed();
    void diffusionLossFallsOnTheDemo();
    void classifierPretrainsOnSyntheticWindows();
};

void TestModelsUsad::registryHasThePapersSettings()
{
    const QVariantMap h = ModelRegistry::resolve(QStringLiteral("usad"), {});
    QCOMPARE(h.value(QStringLiteral("cardinality")).toInt(), 2);
    QCOMPARE(h.value(QStringLiteral("radix")).toInt(), 2);
    QCOMPARE(h.value(QStringLiteral("attention")).toBool(), true);
    QCOMPARE(h.value(QStringLiteral("adaptive_loss")).toBool(), true);
    QCOMPARE(h.value(QStringLiteral("focal_gamma")).toDouble(), 1.0);
    QCOMPARE(h.value(QStringLiteral("smoothing")).toDouble(), 0.1);
    QVERIFY(ModelRegistry::find(QStringLiteral("usad-diffusion"))->generative);
    QVERIFY(!ModelRegistry::find(QStringLiteral("usad"))->generative);
}

void TestModelsUsad::adaptiveWeightsFollowTheRule()
{
    AdaptiveLossWeights w(3, 0.05);
    const double third = 1.0 / 3;
    const auto is = [&](double a, double b, double c) {
        const std::vector<double>& x = w.weights();
        return std::abs(x[0] - a) < 1e-12 && std::abs(x[1] - b) < 1e-12 &&
               std::abs(x[2] - c) < 1e-12;
    };
    QVERIFY(is(third, third, third)); // uniform at the start
    w.update(0.50);                   // the first epoch only sets the reference
    QVERIFY(is(third, third, third));
    w.update(0.60); // up: the largest (first of equals) gives to the smallest (last of equals)
    QVERIFY(is(third - 0.05, third, third + 0.05));
    w.update(0.70); // up again: now the third term is largest, the first smallest
    QVERIFY(is(third, third, third));
    w.update(0.65); // down: the smallest (last) gives to the largest (first)
    QVERIFY(is(third + 0.05, third, third - 0.05));
    w.update(0.65); // equal is not an improvement
    QVERIFY(is(third + 0.10, third, third - 0.10));
    w.update(std::nan("")); // no accuracy: nothing changes, not even the reference
    QVERIFY(is(third + 0.10, third, third - 0.10));
    QCOMPARE(int(w.history().size()), 6);
}

void TestModelsUsad::adaptiveWeightsStayWithinBounds()
{
    // Falling accuracy keeps moving weight to cross-entropy until the smallest term sits at 0.1.
    AdaptiveLossWeights three(3, 0.05);
    for (int epoch = 0; epoch < 20; ++epoch) {
        three.update(1.0 - 0.01 * epoch);
        QVERIFY(withinBounds(three.weights()));
    }
    QCOMPARE(three.weights()[2], 0.1);
    QVERIFY(std::abs(three.weights()[0] - (1 - 0.1 - 1.0 / 3)) < 1e-12);
    // With two terms and a big step the upper bound bites: 0.8 / 0.2, not 1.0 / 0.0.
    AdaptiveLossWeights two(2, 0.5);
    two.update(0.9);
    two.update(0.8);
    QVERIFY(std::abs(two.weights()[0] - 0.8) < 1e-12);
    QVERIFY(std::abs(two.weights()[1] - 0.2) < 1e-12);
    // A scripted zig-zag of 200 epochs never leaves [0.1, 0.8] and always sums to 1.
    AdaptiveLossWeights zigzag(3, 0.2);
    for (int epoch = 0; epoch < 200; ++epoch) {
        zigzag.update(std::sin(epoch * 0.7) + 0.001 * epoch);
        QVERIFY2(withinBounds(zigzag.weights()), qPrintable(QString::number(epoch)));
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, AdaptiveLossWeights(1, 0.1));
}

void TestModelsUsad::classifierLossFallsOnTheDemo_data()
{
    QTest::addColumn<QVariantMap>("overrides");
    QTest::newRow("full") << QVariantMap{};
    QTest::newRow("backbone, cross-entropy") << QVariantMap{
        {QStringLiteral("attention"), false}, {QStringLiteral("adaptive_loss"), false}};
    QTest::newRow("radix 1, cardinality 4")
        << QVariantMap{{QStringLiteral("radix"), 1}, {QStringLiteral("cardinality"), 4}};
}

void TestModelsUsad::classifierLossFallsOnTheDemo()
{
    QFETCH(QVariantMap, overrides);
    const Project project = demoProject();
    TrainingRequest request = tinyUsad(3);
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        request.hyperparameters[it.key()] = it.value();
    request.validationSubjects = {QStringLiteral("s1")};
    std::vector<double> crossEntropy;
    const ModelFile m = ModelTrainer::train(project, request, [&](const TrainingProgress& p) {
        if (p.epochEnd)
            crossEntropy.push_back(p.losses.value(QStringLiteral("cross-entropy")));
    });
    QCOMPARE(int(crossEntropy.size()), 3);
    // Cross-entropy, not the total: the total's weights move between epochs.
    QVERIFY2(crossEntropy.back() < 0.8 * crossEntropy.front(),
             qPrintable(QStringLiteral("cross-entropy %1 -> %2")
                            .arg(crossEntropy.front())
                            .arg(crossEntropy.back())));
    QVERIFY(m.validation.contains(QStringLiteral("macro_f1")));
}

void TestModelsUsad::trainingReportsTheWeightsOfTheRule()
{
    const Project project = demoProject();
    TrainingRequest request = tinyUsad(4);
    request.hyperparameters[QStringLiteral("loss_step")] = 0.1;
    std::vector<std::vector<double>> reported;
    std::vector<double> accuracies;
    ModelTrainer::train(project, request, [&](const TrainingProgress& p) {
        if (!p.epochEnd)
            return;
        QVERIFY(p.losses.contains(QStringLiteral("weight ce")));
        reported.push_back({p.losses.value(QStringLiteral("weight ce")),
                            p.losses.value(QStringLiteral("weight focal")),
                            p.losses.value(QStringLiteral("weight smoothing"))});
        accuracies.push_back(p.losses.value(QStringLiteral("training accuracy"), -1));
    });
    QCOMPARE(int(reported.size()), 4);
    // The trainer fed the rule the accuracies it reported, epoch by epoch.
    AdaptiveLossWeights expected(3, 0.1);
    for (size_t epoch = 0; epoch < reported.size(); ++epoch) {
        QVERIFY(accuracies[epoch] >= 0 && accuracies[epoch] <= 1);
        expected.update(accuracies[epoch]);
        for (size_t k = 0; k < 3; ++k)
            QVERIFY2(std::abs(reported[epoch][k] - expected.weights()[k]) < 1e-12,
                     qPrintable(QStringLiteral("epoch %1 weight %2: %3, the rule says %4")
                                    .arg(epoch + 1)
                                    .arg(k)
                                    .arg(reported[epoch][k])
                                    .arg(expected.weights()[k])));
        QVERIFY(withinBounds(reported[epoch]));
    }
    QVERIFY(reported.back() != reported.front()); // the weights moved
}

void TestModelsUsad::saveLoadGivesIdenticalPredictions()
{
    const Project project = demoProject();
    const ModelFile trained = ModelTrainer::train(project, tinyUsad(1));
    const QString path = QDir::temp().filePath(
        QStringLiteral("tst_models_usad-%1.kmodel").arg(QCoreApplication::applicationPid()));
    trained.save(path);
    const ModelFile loaded = ModelFile::load(path);
    QFile::remove(path);
    QCOMPARE(loaded.weights, trained.weights);
    const Recording& r = *project.recordings.front();
    const Prediction a = ModelPredictor(trained).predict(r, QStringLiteral("p"));
    const Prediction b = ModelPredictor(loaded).predict(r, QStringLiteral("p"));
    QVERIFY(a.track == b.track);
    QVERIFY(a.probabilities == b.probabilities);
    QCOMPARE(a.probabilities.checkConsistency(int64_t(r.sampleCount())), QString());
}

void TestModelsUsad::scheduleMatchesTheCosineFormula()
{
    const int T = 1000;
    const CosineNoiseSchedule schedule(T);
    // The notes' formula, written out here independently of the class.
    const auto bare = [&](double t) {
        return std::pow(std::cos((t / T + 0.008) / 1.008 * M_PI / 2), 2);
    };
    QCOMPARE(schedule.alphaBar(0), 1.0);
    QVERIFY(std::abs(schedule.alphaBar(0) - bare(0) / bare(0)) < 1e-12);
    QVERIFY2(
        std::abs(schedule.alphaBar(T / 2) - bare(T / 2) / bare(0)) < 1e-9,
        qPrintable(
            QStringLiteral("%1 vs %2").arg(schedule.alphaBar(T / 2)).arg(bare(T / 2) / bare(0))));
    QVERIFY(std::abs(schedule.alphaBar(T / 2) - 0.4938) <
            1e-3); // about half the signal left half-way
    QVERIFY(schedule.alphaBar(T) < 1e-6 && bare(T) < 1e-12);
    for (int t = 1; t <= T; ++t) {
        QVERIFY(schedule.beta(t) > 0 && schedule.beta(t) <= 0.999);
        QVERIFY(schedule.alphaBar(t) < schedule.alphaBar(t - 1));
    }
    // Respacing: ascending, ends at T.
    const std::vector<int> steps = schedule.samplingTimesteps(100);
    QCOMPARE(int(steps.size()), 100);
    QCOMPARE(steps.front(), 10);
    QCOMPARE(steps.back(), T);
}

void TestModelsUsad::denoisingStepIsDeterministicForASeed()
{
    const std::vector<int32_t> labels{0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2};
    WindowDiffusion diffusion(3, 32, 3, tinyDiffusion());
    diffusion.fit(sineWindows(labels), labels, 5);
    std::vector<float> noisy(size_t(2 * 3 * 32));
    for (size_t i = 0; i < noisy.size(); ++i)
        noisy[i] = float(std::sin(0.37 * double(i)));
    const std::vector<int32_t> two{0, 2};
    const int last = int(diffusion.samplingTimesteps().size()) - 1;
    const std::vector<float> a = diffusion.denoiseStep(noisy, two, last, 42);
    const std::vector<float> b = diffusion.denoiseStep(noisy, two, last, 42);
    const std::vector<float> c = diffusion.denoiseStep(noisy, two, last, 43);
    QCOMPARE(a.size(), noisy.size());
    QVERIFY(a == b);
    QVERIFY(a != c);
    QVERIFY(a != noisy);
    for (float v : a)
        QVERIFY(std::isfinite(v));
    // The final step adds no noise, but the seed still draws the conditioning statistics.
    QVERIFY(diffusion.denoiseStep(noisy, two, 0, 1) == diffusion.denoiseStep(noisy, two, 0, 1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, diffusion.denoiseStep(noisy, two, last + 1, 1));
}

void TestModelsUsad::diffusionLossFallsOnTheDemo()
{
    Project project = demoProject();
    TrainingRequest request;
    request.model = QStringLiteral("usad-diffusion");
    request.seed = 9;
    request.threads = 1;
    request.hyperparameters = QVariantMap{{QStringLiteral("diffusion_steps"), 200},
                                          {QStringLiteral("sampling_steps"), 8},
                                          {QStringLiteral("width"), 16},
                                          {QStringLiteral("blocks"), 4},
                                          {QStringLiteral("epochs"), 4},
                                          {QStringLiteral("batch"), 32},
                                          {QStringLiteral("lr"), 0.002}};
    request.trainingSubjects = {QStringLiteral("s0")};
    std::vector<double> losses;
    const ModelFile m = ModelTrainer::train(project, request, [&](const TrainingProgress& p) {
        if (p.epochEnd)
            losses.push_back(p.losses.value(QStringLiteral("total")));
    });
    QCOMPARE(int(losses.size()), 4);
    QVERIFY2(
        losses.back() < 0.8 * losses.front(),
        qPrintable(QStringLiteral("noise loss %1 -> %2").arg(losses.front()).arg(losses.back())));
    QCOMPARE(m.kind, QStringLiteral("usad-diffusion"));
    // Class-balanced samples, identical from the stored model for the same seed.
    auto first = DiffusionTrainer::load(m);
    auto second = DiffusionTrainer::load(ModelFile::fromBytes(m.toBytes(), QStringLiteral("m")));
    std::vector<int32_t> labels;
    const std::vector<float> a = first->sampleBalanced(2, 77, &labels);
    QCOMPARE(labels.size(), size_t(2 * m.classIds.size()));
    QCOMPARE(a.size(), labels.size() * size_t(first->channels() * first->length()));
    QVERIFY(a == second->sampleBalanced(2, 77, nullptr));
    for (float v : a)
        QVERIFY(std::isfinite(v) && std::abs(v) < 50);
    // It makes windows; it does not label recordings.
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ModelPredictor{m});
}

void TestModelsUsad::classifierPretrainsOnSyntheticWindows()
{
    const Project project = demoProject();
    TrainingRequest request = tinyUsad(1);
    request.hyperparameters[QStringLiteral("synthetic_per_class")] = 8;
    request.hyperparameters[QStringLiteral("pretrain_epochs")] = 2;
    request.hyperparameters[QStringLiteral("diffusion_epochs")] = 1;
    request.hyperparameters[QStringLiteral("diffusion_steps")] = 50;
    request.hyperparameters[QStringLiteral("diffusion_sampling_steps")] = 5;
    request.hyperparameters[QStringLiteral("diffusion_width")] = 16;
    request.hyperparameters[QStringLiteral("diffusion_blocks")] = 2;
    QStringList phases;
    int epochEnds = 0;
    const ModelFile m = ModelTrainer::train(project, request, [&](const TrainingProgress& p) {
        epochEnds += p.epochEnd ? 1 : 0;
        const QString phase = p.message.section(QLatin1Char(':'), 0, 0);
        if (!p.message.isEmpty() && !phases.contains(phase))
            phases << phase;
    });
    // Diffusion, sampling, pretraining, in that order; one real epoch at the end.
    QCOMPARE(phases.size(), 3);
    QCOMPARE(phases[0], QStringLiteral("diffusion model"));
    QVERIFY(phases[1].startsWith(QLatin1String("sampling")));
    QCOMPARE(phases[2], QStringLiteral("pretraining on synthetic windows"));
    QCOMPARE(epochEnds, 1);
    const QJsonObject done =
        m.trainingData.value(QStringLiteral("synthetic_pretraining")).toObject();
    QCOMPARE(done.value(QStringLiteral("synthetic_windows")).toInteger(),
             qint64(8 * m.classIds.size()));
    QVERIFY(std::isfinite(done.value(QStringLiteral("pretrain_loss")).toDouble()));
    QVERIFY(done.value(QStringLiteral("diffusion_noise_loss")).toDouble() > 0);
}

QTEST_GUILESS_MAIN(TestModelsUsad)
#include "tst_models_usad.moc"
