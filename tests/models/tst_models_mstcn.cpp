// MS-TCN (seed 000) on tiny budgets: the hard-example sampler's order of
// preference on a constructed case, chunks and masks, a falling loss on the
// demo, per-sample prediction of a whole recording, identical predictions
// after save/load, and the segmentation part of the evaluation; prediction by
// overlapping chunks against one full-length pass; half-second probability
// rows beside an exact per-sample track, and every reader of stored
// probabilities (project file, confidence series, analysis items, ROC) on them.
#include "core/analysis/PredictionItems.h"
#include "core/analysis/RocCurve.h"
#include "core/demo/DemoRecordingGenerator.h"
#include "core/editing/TrackNavigation.h"
#include "core/learning/SequenceSet.h"
#include "core/project/ProjectFile.h"
#include "models/file/ModelFile.h"
#include "models/inference/ModelEmbedding.h"
#include "models/inference/ModelEvaluator.h"
#include "models/inference/ModelPredictor.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/HardExampleSampler.h"
#include "models/training/ModelTrainer.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QTemporaryDir>
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

// One tiny model for the prediction tests, trained once (six epochs, enough to
// label more than one class) on demoProject().
const ModelFile& trainedOnce()
{
    static const ModelFile model = [] {
        TrainingRequest request = tinyRequest(6);
        request.validationSubjects = QStringList{QStringLiteral("s1")};
        return ModelTrainer::train(demoProject(), request);
    }();
    return model;
}

// A copy of samples [from, to) of `r` (channels only), to predict a piece on its own.
Recording piece(const Recording& r, int64_t from, int64_t to)
{
    Recording out;
    out.id = r.id + QStringLiteral("-piece");
    out.subjectId = r.subjectId;
    out.sampleRateHz = r.sampleRateHz;
    out.labelSetId = r.labelSetId;
    out.sensors = r.sensors;
    for (size_t c = 0; c < out.channelCount(); ++c) {
        const std::vector<float>& all = r.channel(c).samples;
        out.channel(c).samples.assign(all.begin() + from, all.begin() + to);
    }
    return out;
}

float largestDifference(const std::vector<float>& a, const std::vector<float>& b)
{
    float worst = 0;
    for (size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
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
    void overlappingChunksMatchOneFullPass();
    void probabilitiesAreHalfSecondMeansTrackIsPerSample();
    void coarseProbabilitiesServeEveryReader();
    void embeddingOfSegmentPiecesDoesNotDependOnChunks();
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

    // Every half-second row of probabilities sums to 1, and the track covers the recording.
    const Recording& r = *p.recordings.back();
    const ModelPredictor predictor(model);
    QVERIFY(predictor.isSequenceModel());
    const Prediction prediction = predictor.predict(r, QStringLiteral("mstcn"));
    const size_t k = model.classIds.size();
    QCOMPARE(prediction.probabilities.step, int64_t(25)); // 0.5 s at 50 Hz
    QCOMPARE(prediction.probabilities.rowCount(), (r.sampleCount() + 24) / 25);
    for (size_t row = 0; row < prediction.probabilities.rowCount(); row += 97) {
        double sum = 0;
        for (size_t c = 0; c < k; ++c)
            sum += prediction.probabilities.row(row)[c];
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

void TestModelsMsTcn::overlappingChunksMatchOneFullPass()
{
    const Project p = demoProject();
    const Recording& r = *p.recordings.back();
    const int64_t n = int64_t(r.sampleCount());
    ModelPredictor predictor(trainedOnce());
    predictor.setSequenceChunkLength(n); // one pass over the whole recording
    const std::vector<float> whole = predictor.sampleProbabilities(r);
    QCOMPARE(whole.size(), size_t(n) * trainedOnce().classIds.size());

    // Chunks that do not divide the recording, one shorter than the network's
    // reach (2 stages x 31 samples): every sample as in the single pass.
    for (const int64_t chunk : {int64_t(4096), int64_t(1000), int64_t(37)}) {
        predictor.setSequenceChunkLength(chunk);
        const float worst = largestDifference(predictor.sampleProbabilities(r), whole);
        QVERIFY2(worst < 1e-5f,
                 qPrintable(
                     QStringLiteral("chunks of %1: largest difference %2").arg(chunk).arg(worst)));
    }

    // The comparison sees seams: pieces predicted on their own (chunks without
    // the margin) differ from the single pass near the cuts by far more than
    // the tolerance above, and agree away from them.
    const int64_t cut = 1000;
    const size_t k = trainedOnce().classIds.size();
    float atCuts = 0, awayFromCuts = 0;
    for (int64_t from = 0; from < n; from += cut) {
        const int64_t to = std::min(n, from + cut);
        const std::vector<float> alone = predictor.sampleProbabilities(piece(r, from, to));
        for (int64_t t = from; t < to; ++t)
            for (size_t c = 0; c < k; ++c) {
                const float d =
                    std::abs(alone[size_t(t - from) * k + c] - whole[size_t(t) * k + c]);
                const bool nearCut = (t - from < 62 && from > 0) || (to - t <= 62 && to < n);
                (nearCut ? atCuts : awayFromCuts) = std::max(nearCut ? atCuts : awayFromCuts, d);
            }
    }
    QVERIFY2(atCuts > 1e-3f, qPrintable(QStringLiteral("seams of only %1").arg(atCuts)));
    QVERIFY2(awayFromCuts < 1e-5f,
             qPrintable(QStringLiteral("away from cuts %1").arg(awayFromCuts)));
}

void TestModelsMsTcn::probabilitiesAreHalfSecondMeansTrackIsPerSample()
{
    const Project p = demoProject();
    const Recording& r = *p.recordings.back();
    const int64_t n = int64_t(r.sampleCount());
    const ModelFile& model = trainedOnce();
    const size_t k = model.classIds.size();
    QCOMPARE(ModelPredictor::sequenceProbabilityStep(50.0), int64_t(25));
    QCOMPARE(ModelPredictor::sequenceProbabilityStep(100.0), int64_t(50));
    QCOMPARE(ModelPredictor::sequenceProbabilityStep(1.0), int64_t(1));

    ModelPredictor predictor(model);
    predictor.setSequenceChunkLength(
        1000); // rows of 25 straddle the chunks (1000 = 40 x 25, 4096 not)
    const std::vector<float> perSample = predictor.sampleProbabilities(r);
    for (const int64_t chunk : {int64_t(1000), int64_t(4096)}) {
        predictor.setSequenceChunkLength(chunk);
        const Prediction prediction = predictor.predict(r, QStringLiteral("mstcn"));
        const ClassProbabilities& stored = prediction.probabilities;
        QCOMPARE(stored.step, int64_t(25));
        QCOMPARE(stored.start, int64_t(0));
        QCOMPARE(int64_t(stored.rowCount()), (n + 24) / 25);
        QCOMPARE(stored.checkConsistency(n), QString());
        // Each row is the mean of its samples' probabilities (the last row of fewer samples).
        float worst = 0;
        for (size_t row = 0; row < stored.rowCount(); ++row) {
            const int64_t first = int64_t(row) * 25, last = std::min(n, first + 25);
            for (size_t c = 0; c < k; ++c) {
                double mean = 0;
                for (int64_t t = first; t < last; ++t)
                    mean += perSample[size_t(t) * k + c];
                mean /= double(last - first);
                worst = std::max(worst, float(std::abs(mean - stored.row(row)[c])));
            }
        }
        QVERIFY2(worst < 1e-5f, qPrintable(QStringLiteral("row means off by %1").arg(worst)));
        // The track is each sample's own most probable class, not its row's.
        const std::vector<int32_t> labels = prediction.track.toSampleLabels(size_t(n));
        int64_t differsFromRow = 0;
        for (int64_t t = 0; t < n; ++t) {
            const float* row = perSample.data() + size_t(t) * k;
            const float* mean = stored.row(size_t(t / 25));
            QCOMPARE(labels[size_t(t)],
                     model.classIds[size_t(std::max_element(row, row + k) - row)]);
            differsFromRow += labels[size_t(t)] !=
                              model.classIds[size_t(std::max_element(mean, mean + k) - mean)];
        }
        // Boundaries inside a row leave samples whose class is not their row's.
        const auto& segments = prediction.track.segments();
        const bool insideRows = std::any_of(segments.begin() + 1, segments.end(),
                                            [](const Segment& s) { return s.start % 25 != 0; });
        QVERIFY2(
            insideRows,
            qPrintable(QStringLiteral("%1 segments, all on row borders").arg(segments.size())));
        QVERIFY2(differsFromRow > 0, "the track looks coarsened to the rows");
    }
}

void TestModelsMsTcn::coarseProbabilitiesServeEveryReader()
{
    Project p = demoProject();
    const ModelFile& model = trainedOnce();
    const QString name = QStringLiteral("mstcn");
    for (const auto& recording : p.recordings) {
        Prediction prediction = ModelPredictor(model).predict(*recording, name);
        recording->tracks.push_back(std::move(prediction.track));
        recording->probabilities[name] = std::move(prediction.probabilities);
    }
    QCOMPARE(p.checkConsistency(), QString());
    const Recording& r = *p.recordings.back();
    const ClassProbabilities& stored = r.probabilities.value(name);

    // Project file: the rows, step and track come back as written.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("coarse.kmk"));
    ProjectFile::save(p, path);
    const Project reopened = ProjectFile::open(path);
    const Recording& back = *reopened.recordings.back();
    QVERIFY(back.probabilities.value(name) == stored);
    QVERIFY(back.track(name) && back.track(name)->segments() == r.track(name)->segments());

    // Confidence series (the low-confidence jump and the confidence lane read the same rows).
    const ConfidenceSeries confidence = TrackNavigation::firstPredictionConfidence(r);
    QCOMPARE(confidence.step, int64_t(25));
    QCOMPARE(confidence.values.size(), stored.rowCount());
    QCOMPARE(confidence.values[7], stored.confidence(7));
    QCOMPARE(stored.rowAt(7 * 25 + 24), 7L);
    QCOMPARE(stored.rowAt(int64_t(r.sampleCount())), -1L);
    std::vector<float> columns(10);
    stored.minimumConfidence(0, double(r.sampleCount()), 10, columns.data());
    QVERIFY(std::none_of(columns.begin(), columns.end(), [](float v) { return std::isnan(v); }));
    QCOMPARE(*std::min_element(columns.begin(), columns.end()),
             *std::min_element(confidence.values.begin(), confidence.values.end()));

    // Analysis items over 2 s windows: the mean of the window's four rows, renormalised.
    const std::vector<int32_t>& classIds = model.classIds;
    const PredictionItems items =
        PredictionItems::fromTracks({p.recordings.back()}, name, classIds, 100);
    QVERIFY(items.size() > 100);
    QCOMPARE(items.probabilities.size(), items.size() * classIds.size());
    const int64_t start = items.origins.front().startSample;
    for (size_t c = 0; c < classIds.size(); ++c) {
        double mean = 0;
        for (int64_t row = start / 25; row < (start + 100) / 25; ++row)
            mean += stored.row(size_t(row))[c] / 4.0;
        QVERIFY(std::abs(mean - items.probabilities[c]) < 1e-4);
    }
    // ROC over those items: one curve per class, each with an area.
    const std::vector<RocCurve> roc =
        RocCurve::oneVsRest(items.probabilities, items.truth, int(classIds.size()));
    QCOMPARE(roc.size(), classIds.size());
    QVERIFY(std::any_of(roc.begin(), roc.end(),
                        [](const RocCurve& c) { return c.isDefined() && c.auc > 0.5; }));
}

// The t-SNE map of an MS-TCN: pieces of the ground-truth segments (at most
// 10 s, covering every labelled sample of the model's classes once), each the
// mean of the last stage's features. The embedder runs only the chunks that
// hold the chosen pieces, so choosing fewer pieces cuts the chunks elsewhere:
// a piece must get the same row either way.
void TestModelsMsTcn::embeddingOfSegmentPiecesDoesNotDependOnChunks()
{
    const Project p = demoProject();
    const ModelFile& model = trainedOnce();
    const std::vector<std::shared_ptr<const Recording>> recordings(p.recordings.begin(),
                                                                   p.recordings.end());
    const ModelEmbedding all = ModelEmbedding::compute(model, recordings, 1000000);
    QCOMPARE(all.items, QStringLiteral("segments"));
    QCOMPARE(all.dimension, size_t(16)); // the tiny model's features
    QCOMPARE(all.rows.size(), all.size() * all.dimension);
    QCOMPARE(int(all.origins.size()), int(all.size()));
    int64_t covered = 0, labelled = 0;
    for (size_t i = 0; i < all.size(); ++i) {
        const ItemOrigin& o = all.origins[int(i)];
        QVERIFY(o.endSample > o.startSample);
        QVERIFY(o.endSeconds() - o.startSeconds() <= ModelEmbedding::kMaximumPieceSeconds + 1e-9);
        const Recording& r = *p.recording(o.recordingId);
        QCOMPARE(r.groundTruth()->classAt((o.startSample + o.endSample) / 2), all.classIds[i]);
        covered += o.endSample - o.startSample;
    }
    for (const auto& r : p.recordings)
        for (const Segment& s : r->groundTruth()->segments())
            if (std::count(model.classIds.begin(), model.classIds.end(), s.classId))
                labelled += s.length();
    QCOMPARE(covered, labelled);

    const ModelEmbedding some = ModelEmbedding::compute(model, recordings, all.size() / 7);
    QVERIFY(some.size() < all.size() / 3);
    for (size_t k = 0; k < some.size(); ++k) {
        const ItemOrigin& o = some.origins[int(k)];
        size_t i = 0;
        while (i < all.size() && !(all.origins[int(i)].recordingId == o.recordingId &&
                                   all.origins[int(i)].startSample == o.startSample))
            ++i;
        QVERIFY(i < all.size());
        float worst = 0;
        for (size_t d = 0; d < all.dimension; ++d)
            worst = std::max(worst, std::abs(some.rows[k * all.dimension + d] -
                                             all.rows[i * all.dimension + d]));
        QVERIFY2(worst < 1e-4f, qPrintable(QString::number(worst)));
    }
    // Models without an embedding say so.
    QVERIFY(!ModelEmbedding::hasEmbedding(QStringLiteral("usad-diffusion")));
    QVERIFY(!ModelEmbedding::hasEmbedding(QStringLiteral("selfpab")));
}

QTEST_GUILESS_MAIN(TestModelsMsTcn)
#include "tst_models_mstcn.moc"
