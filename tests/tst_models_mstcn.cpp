// MS-TCN (seed 000) on tiny budgets: the hard-example sampler's order of
// preference on a constructed case, chunks and masks, a falling loss on the
// demo, per-sample prediction of a whole recording, identical predictions
// after save/load, and the segmentation part of the evaluation.
#include "DemoRecordingGenerator.h"
#include "HardExampleSampler.h"
#include "ModelEvaluator.h"
#include "ModelFile.h"
#include "ModelPredictor.h"
#include "ModelRegistry.h"
#include "ModelTrainer.h"
#include "SequenceSet.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QtTest>
#include <algorithm>
#include <set>

using namespace kinemark;

namespace {
Project demoProject()
{
    Project p;
    for (int i = 0; i < 2; ++i) {
        DemoOptions o;
        o.durationSeconds = 900;
        o.seed = uint64_t(21 + i);
        o.recordingId = QStringLiteral("demo%1").arg(i);
        o.subjectId = QStringLiteral("s%1").arg(i);
        Project one = DemoRecordingGenerator::demoProject(o);
        if (p.labelSets.empty())
            p.labelSets = one.labelSets;
        p.addRecording(std::move(*one.recordings.front()));
    }
    return p;
}

// A small MS-TCN (2 stages of 5 layers, 16 features) on chunks of 1024 samples.
TrainingRequest tinyRequest(int epochs)
{
    TrainingRequest r;
    r.model = QStringLiteral("mstcn");
    r.seed = 5;
    r.threads = 1;
    r.hyperparameters =
        QVariantMap{{QStringLiteral("epochs"), epochs},     {QStringLiteral("layers"), 5},
                    {QStringLiteral("features"), 16},       {QStringLiteral("projection_dim"), 16},
                    {QStringLiteral("chunk_length"), 1024}, {QStringLiteral("batch"), 8},
                    {QStringLiteral("lr"), 0.005},          {QStringLiteral("patience"), 0},
                    {QStringLiteral("dropout"), 0.1}};
    return r;
}
} // namespace

class TestModelsMsTcn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void samplerTakesWrongThenBoundaryThenRandom();
    void samplerTopsUpWithRandomWhenHardRunsOut();
    void boundariesStayInsideRows();
    void sequenceSetMasksAndPads();
    void registryKnowsMsTcn();
    void lossFallsAndPredictionCoversEverySample();
};

void TestModelsMsTcn::samplerTakesWrongThenBoundaryThenRandom()
{
    // Class 0 on samples 0..19, class 1 on 20..39; one row of 40 samples.
    std::vector<int64_t> truth(40, 0);
    std::fill(truth.begin() + 20, truth.end(), 1);
    std::vector<int64_t> predicted = truth;
    predicted[3] = predicted[7] = 1; // class 0 wrong at 3 and 7
    predicted[30] = 0;               // class 1 wrong at 30
    const std::vector<uint8_t> near =
        HardExampleSampler::boundaries(truth, 40, 2); // 18, 19, 20, 21
    QCOMPARE(int(std::count(near.begin(), near.end(), 1)), 4);
    QVERIFY(near[18] && near[19] && near[20] && near[21]);

    // 8 per class, half hard: class 0 -> 3, 7 (wrong), then 2 of {18, 19} (boundary), then 4
    // random.
    const HardExampleSampler sampler(8, 0.5);
    std::mt19937_64 rng(1);
    const std::vector<int64_t> chosen = sampler.select(truth, predicted, near, 2, rng);
    QCOMPARE(int(chosen.size()), 16);
    const std::set<int64_t> wrong0(chosen.begin(), chosen.begin() + 2);
    QCOMPARE(wrong0, (std::set<int64_t>{3, 7}));
    const std::set<int64_t> boundary0(chosen.begin() + 2, chosen.begin() + 4);
    QCOMPARE(boundary0, (std::set<int64_t>{18, 19}));
    for (int i = 4; i < 8; ++i) {
        QVERIFY(truth[size_t(chosen[size_t(i)])] == 0);
        QVERIFY(!wrong0.count(chosen[size_t(i)]) && !boundary0.count(chosen[size_t(i)]));
    }
    // Class 1: 30 (wrong) first, then the boundary samples 20 and 21 (one slot left of the hard
    // half: 4 - 1 = 3, but only two boundary samples), then random.
    QCOMPARE(chosen[8], int64_t(30));
    const std::set<int64_t> boundary1(chosen.begin() + 9, chosen.begin() + 11);
    QCOMPARE(boundary1, (std::set<int64_t>{20, 21}));
    const std::set<int64_t> all1(chosen.begin() + 8, chosen.end());
    QCOMPARE(int(all1.size()), 8); // no sample twice
    for (int64_t i : all1)
        QCOMPARE(truth[size_t(i)], int64_t(1));
}

void TestModelsMsTcn::samplerTopsUpWithRandomWhenHardRunsOut()
{
    // Three samples of class 0, none wrong, none near a boundary, ignored samples (-1) never taken.
    const std::vector<int64_t> truth{-1, 0, 0, 0, -1};
    const std::vector<int64_t> predicted{0, 0, 0, 0, 0};
    const std::vector<uint8_t> near(5, 0);
    std::mt19937_64 rng(3);
    const std::vector<int64_t> chosen =
        HardExampleSampler(8).select(truth, predicted, near, 1, rng);
    QCOMPARE(std::set<int64_t>(chosen.begin(), chosen.end()), (std::set<int64_t>{1, 2, 3}));
    QCOMPARE(int(chosen.size()), 3);
}

void TestModelsMsTcn::boundariesStayInsideRows()
{
    // Two rows of 4: a change inside row 0 at 2; row 1 starts with another class (no change across
    // rows).
    const std::vector<int64_t> truth{0, 0, 1, 1, 2, 2, 2, 2};
    const std::vector<uint8_t> near = HardExampleSampler::boundaries(truth, 4, 1);
    QCOMPARE(near, (std::vector<uint8_t>{0, 1, 1, 0, 0, 0, 0, 0}));
}

void TestModelsMsTcn::sequenceSetMasksAndPads()
{
    const Project p = demoProject();
    const auto& r = p.recordings.front();
    const std::vector<int32_t> labels = r->groundTruth()->toSampleLabels(r->sampleCount());
    std::set<int32_t> present(labels.begin(), labels.end());
    present.erase(kUnlabelled);
    QVERIFY(present.size() >= 3);
    // Learn only the first two present classes: all other samples are -1.
    const std::vector<int32_t> classes(present.begin(), std::next(present.begin(), 2));
    const int64_t n = int64_t(r->sampleCount());
    const int64_t chunk = n / 2 + 100; // two chunks: [0, chunk) and the flush [n - chunk, n)
    const SequenceSet set = SequenceSet::build({r}, chunk, chunk, classes);
    QVERIFY(set.size() <= 2);
    for (int64_t t = 0; t < n; ++t) {
        const int16_t expected = labels[size_t(t)] == classes[0]   ? 0
                                 : labels[size_t(t)] == classes[1] ? 1
                                                                   : -1;
        QCOMPARE(set.labelsOf(0)[size_t(t)], expected);
    }
    // A recording shorter than a chunk is padded with zeros labelled -1.
    const SequenceSet whole = SequenceSet::build({r}, n + 10, n + 10, classes);
    QCOMPARE(int(whole.size()), 1);
    std::vector<float> x(size_t(whole.channelCount() * (n + 10)));
    std::vector<int64_t> y(size_t(n + 10));
    whole.gather({0}, x.data(), y.data());
    QCOMPARE(x[size_t(n + 5)], 0.0f);
    QCOMPARE(y[size_t(n + 5)], int64_t(-1));
    QCOMPARE(x[0], r->channel(0).samples[0]);
}

void TestModelsMsTcn::registryKnowsMsTcn()
{
    const ModelInfo* info = ModelRegistry::find(QStringLiteral("mstcn"));
    QVERIFY(info);
    QCOMPARE(int(info->input), int(ModelInfo::Input::Sequences));
    const QVariantMap h = ModelRegistry::resolve(QStringLiteral("mstcn"),
                                                 {{QStringLiteral("sample_contrast"), "false"}});
    QCOMPARE(h.value(QStringLiteral("sample_contrast")).toBool(), false);
    QCOMPARE(h.value(QStringLiteral("stages")).toInt(), 2);
    QCOMPARE(h.value(QStringLiteral("smoothing")).toDouble(), 0.15);
}

void TestModelsMsTcn::lossFallsAndPredictionCoversEverySample()
{
    const Project p = demoProject();
    TrainingRequest request = tinyRequest(6);
    request.validationSubjects = QStringList{QStringLiteral("s1")};
    std::vector<double> totals, crossEntropy;
    const ModelFile model = ModelTrainer::train(p, request, [&](const TrainingProgress& progress) {
        if (progress.epochEnd) {
            totals.push_back(progress.losses.value(QStringLiteral("total")));
            crossEntropy.push_back(progress.losses.value(QStringLiteral("cross-entropy")));
        }
    });
    QCOMPARE(int(totals.size()), 6);
    // The contrastive term (about log of the example count) dominates the total
    // and falls slowly; the cross-entropy falls clearly within a few epochs.
    QVERIFY2(totals.back() < 0.9 * totals.front(),
             qPrintable(QStringLiteral("loss %1 -> %2").arg(totals.front()).arg(totals.back())));
    QVERIFY2(crossEntropy.back() < 0.7 * crossEntropy.front(),
             qPrintable(QStringLiteral("cross-entropy %1 -> %2")
                            .arg(crossEntropy.front())
                            .arg(crossEntropy.back())));
    QVERIFY(model.validation.value(QStringLiteral("macro_f1")).toDouble() > 0);

    // Every sample gets a row of probabilities that sums to 1, and the track covers the recording.
    const Recording& r = *p.recordings.back();
    const ModelPredictor predictor(model);
    QVERIFY(predictor.isSequenceModel());
    const Prediction prediction = predictor.predict(r, QStringLiteral("mstcn"));
    const size_t k = model.classIds.size();
    QCOMPARE(prediction.probabilities.step, int64_t(1));
    QCOMPARE(prediction.probabilities.values.size(), r.sampleCount() * k);
    for (size_t t = 0; t < r.sampleCount(); t += 997) {
        double sum = 0;
        for (size_t c = 0; c < k; ++c)
            sum += prediction.probabilities.values[t * k + c];
        QVERIFY(std::abs(sum - 1) < 1e-4);
    }
    QCOMPARE(prediction.track.segments().front().start, int64_t(0));
    QCOMPARE(prediction.track.segments().back().end, int64_t(r.sampleCount()));
    const std::vector<int32_t> labels = prediction.track.toSampleLabels(r.sampleCount());
    QVERIFY(std::find(labels.begin(), labels.end(), kUnlabelled) == labels.end());

    // Save and load: the same probabilities, bit for bit.
    const ModelFile loaded = ModelFile::fromBytes(model.toBytes(), QStringLiteral("memory"));
    const Prediction again = ModelPredictor(loaded).predict(r, QStringLiteral("mstcn"));
    QVERIFY(again.probabilities.values == prediction.probabilities.values);

    // Evaluation: no window level, sample level and segmentation per subject and overall.
    const QJsonObject e = ModelEvaluator::evaluate(model, p, {QStringLiteral("s1")});
    QVERIFY(!e.contains(QStringLiteral("window_level")));
    const QJsonObject overall = e.value("segmentation").toObject().value("overall").toObject();
    QVERIFY(overall.value("fm").toDouble() > 0);
    QVERIFY(overall.contains("jaccard") && overall.contains("edit") &&
            overall.contains("f1_at_50"));
    QVERIFY(e.value("segmentation").toObject().value("per_subject").toObject().contains("s1"));
}

QTEST_GUILESS_MAIN(TestModelsMsTcn)
#include "tst_models_mstcn.moc"
