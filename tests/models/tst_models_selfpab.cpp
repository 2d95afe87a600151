// SelfPAB (seed 003): the stacked spectrogram windows (the view's STFT, any
// number of axes, per-feature statistics, majority frame labels), the masking
// statistics over many draws against the reference notes' parameters, and
// (tiny budgets) pre-training, save/load and the downstream model.
#include "core/demo/DemoRecordingGenerator.h"
#include "core/dsp/SpectrogramStore.h"
#include "core/learning/SpectrogramDataset.h"
#include "core/learning/SpectrogramMasking.h"
#include "models/TrainingError.h"
#include "models/inference/ModelEvaluator.h"
#include "models/inference/ModelPredictor.h"
#include "models/inference/SelfPabReconstruction.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/ModelTrainer.h"
#include "models/training/SelfPabPretrainer.h"
#include "models/training/WarmupLinearDecay.h"
#include "tests/support/TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <set>

using namespace kinemark;

namespace {

std::shared_ptr<const Recording> demoRecording(double seconds, uint64_t seed = 3)
{
    DemoOptions o;
    o.durationSeconds = seconds;
    o.seed = seed;
    return std::make_shared<const Recording>(DemoRecordingGenerator::generate(o));
}

// The first `channels` channels of `r` as a recording of one sensor.
std::shared_ptr<const Recording> firstChannels(const Recording& r, int channels)
{
    Recording out = r.clone();
    out.sensors.resize(1);
    out.sensors[0].channels.resize(size_t(channels));
    return std::make_shared<const Recording>(std::move(out));
}

// A transformer small enough to pre-train in seconds: 2-minute windows (239
// frames), one layer of width 32.
PretrainingRequest tinyPretraining(int epochs)
{
    PretrainingRequest r;
    r.seed = 7;
    r.threads = 1;
    r.hyperparameters = QVariantMap{
        {QStringLiteral("d_model"), 32},        {QStringLiteral("layers"), 1},
        {QStringLiteral("heads"), 2},           {QStringLiteral("feed_forward"), 64},
        {QStringLiteral("window_frames"), 239}, {QStringLiteral("stride_frames"), 120},
        {QStringLiteral("batch"), 8},           {QStringLiteral("epochs"), epochs},
        {QStringLiteral("lr"), 0.003},
    };
    return r;
}

Project demoProject(double seconds)
{
    DemoOptions o;
    o.durationSeconds = seconds;
    o.seed = 9;
    return DemoRecordingGenerator::demoProject(o);
}

// The downstream model at the same tiny size, on three demo subjects (s2 validates).
TrainingRequest tinyDownstream(int epochs, const QString& encoder)
{
    TrainingRequest r;
    r.model = QStringLiteral("selfpab");
    r.seed = 4;
    r.threads = 1;
    r.encoderPath = encoder;
    r.validationSubjects = QStringList{QStringLiteral("s2")};
    r.hyperparameters = QVariantMap{
        {QStringLiteral("d_model"), 32},        {QStringLiteral("layers"), 1},
        {QStringLiteral("heads"), 2},           {QStringLiteral("feed_forward"), 64},
        {QStringLiteral("head_hidden"), 32},    {QStringLiteral("window_frames"), 239},
        {QStringLiteral("stride_frames"), 120}, {QStringLiteral("batch"), 8},
        {QStringLiteral("epochs"), epochs},     {QStringLiteral("lr"), 0.003},
    };
    return r;
}

bool sameWindows(const SelfPabReconstruction::Window& a, const SelfPabReconstruction::Window& b)
{
    return a.frames == b.frames && a.input == b.input && a.masked == b.masked &&
           a.reconstructed == b.reconstructed && a.altered == b.altered;
}

} // namespace

class SelfPabTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A window's features are the spectrogram view's magnitudes, bit for bit,
    // stacked as axis x 26 + bin.
    void windowsAreTheViewsSpectrogram()
    {
        const auto recording = demoRecording(660);
        const SpectrogramDataset set =
            SpectrogramDataset::build({recording}, SpectrogramWindowing());
        QCOMPARE(set.featureCount(), 6 * 26);
        QCOMPARE(set.windowFrames(), 599);
        QCOMPARE(SpectrogramWindowing().windowSamples(), int64_t(15000));
        SpectrogramStore store(recording);
        store.ensureTiles(0, 599);
        std::vector<float> window(size_t(599 * 156));
        set.gather({0}, window.data());
        std::vector<float> view(size_t(599 * 26));
        for (int axis = 0; axis < 6; ++axis) {
            QVERIFY(store.columns(size_t(axis), 0, 599, 599, view.data()));
            for (int f = 0; f < 599; f += 7)
                for (int k = 0; k < 26; ++k)
                    QCOMPARE(window[size_t(f * 156 + axis * 26 + k)], view[size_t(f * 26 + k)]);
        }
    }

    // Windows every stride plus one flush with the end; a short recording is one
    // padded window; any number of axes.
    void windowsCoverRecordingsOfAnyShape()
    {
        const auto twelveMinutes = demoRecording(720); // 36000 samples: 1439 frames
        const SpectrogramDataset set =
            SpectrogramDataset::build({twelveMinutes}, SpectrogramWindowing());
        QCOMPARE(int(set.size()), 3);
        QCOMPARE(set.windows()[1].firstFrame, int64_t(599));
        QCOMPARE(set.windows()[2].firstFrame, int64_t(1439 - 599));

        const auto threeAxes = firstChannels(*demoRecording(120), 3); // 6000 samples: 239 frames
        const SpectrogramDataset small =
            SpectrogramDataset::build({threeAxes}, SpectrogramWindowing());
        QCOMPARE(small.featureCount(), 78);
        QCOMPARE(int(small.size()), 1);
        QCOMPARE(small.windows()[0].frames, int64_t(239));
        std::vector<float> x(size_t(599 * 78), 1.0f);
        std::vector<uint8_t> valid(599);
        std::vector<int64_t> labels(599);
        small.gather({0}, x.data(), labels.data(), valid.data());
        QCOMPARE(int(valid[238]), 1);
        QCOMPARE(int(valid[239]), 0);
        QCOMPARE(x[size_t(239 * 78)], 0.0f);
        QCOMPARE(labels[239], int64_t(-1));
        QVERIFY(x[size_t(238 * 78)] > 0.0f); // the DC bin of a real frame

        const auto mixed = std::vector<std::shared_ptr<const Recording>>{twelveMinutes, threeAxes};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 SpectrogramDataset::build(mixed, SpectrogramWindowing()));
    }

    void frameLabelsAreTheMajorityOfTheirSamples()
    {
        const Stft stft; // 50-sample frames, hop 25
        std::vector<int16_t> samples(125, -1);
        // Frame 0 (samples 0..49): 30 of class 1, 20 of class 0 -> 1.
        std::fill(samples.begin(), samples.begin() + 20, int16_t(0));
        std::fill(samples.begin() + 20, samples.begin() + 50, int16_t(1));
        // Frame 1 (25..74): 25 of class 1, 25 unlabelled -> class 1 (a tie goes to the class).
        // Frame 2 (50..99): 24 of class 0, 26 unlabelled -> -1.
        std::fill(samples.begin() + 76, samples.begin() + 100, int16_t(0));
        // Frame 3 (75..124): 24 of class 0 (76..99), 25 of class 2, 1 unlabelled -> 2.
        std::fill(samples.begin() + 100, samples.begin() + 125, int16_t(2));
        const std::vector<int16_t> frames =
            SpectrogramDataset::majorityFrameLabels(samples, stft, 3);
        QCOMPARE(int(frames.size()), 4);
        QCOMPARE(int(frames[0]), 1);
        QCOMPARE(int(frames[1]), 1);
        QCOMPARE(int(frames[2]), -1);
        QCOMPARE(int(frames[3]), 2);
    }

    // The per-feature statistics are those of every frame of the corpus, and
    // z-score the windows.
    void normalisationIsFittedOnEveryFrame()
    {
        const auto a = demoRecording(400, 4), b = demoRecording(700, 5);
        const SpectrogramDataset set = SpectrogramDataset::build({a, b}, SpectrogramWindowing());
        const ChannelNormalisation n = set.fitNormalisation();
        QCOMPARE(int(n.channelCount()), 156);
        std::vector<double> sum(156, 0.0), squares(156, 0.0);
        int64_t count = 0;
        for (const auto& r : {a, b}) {
            const int64_t frames = set.stft().frameCount(int64_t(r->sampleCount()));
            std::vector<float> all(size_t(frames) * 156);
            SpectrogramDataset::computeFeatures(*r, set.stft(), 0, frames, all.data());
            for (int64_t f = 0; f < frames; ++f)
                for (int k = 0; k < 156; ++k) {
                    sum[size_t(k)] += all[size_t(f * 156 + k)];
                    squares[size_t(k)] +=
                        double(all[size_t(f * 156 + k)]) * all[size_t(f * 156 + k)];
                }
            count += frames;
        }
        for (int k = 0; k < 156; k += 5) {
            const double mean = sum[size_t(k)] / double(count);
            const double sd = std::sqrt(squares[size_t(k)] / double(count) - mean * mean);
            QVERIFY2(std::abs(n.mean()[size_t(k)] - mean) <= 1e-4 * (1 + std::abs(mean)),
                     qPrintable(QStringLiteral("feature %1: mean %2 vs %3")
                                    .arg(k)
                                    .arg(n.mean()[size_t(k)])
                                    .arg(mean)));
            QVERIFY(std::abs(n.std()[size_t(k)] - sd) <= 1e-3 * (1 + sd));
        }
        std::vector<float> raw(size_t(599 * 156)), scaled(size_t(599 * 156));
        set.gather({0}, raw.data());
        set.gather({0}, scaled.data(), nullptr, nullptr, &n);
        QCOMPARE(scaled[500], (raw[500] - n.mean()[500 % 156]) / n.std()[500 % 156]);
    }

    // Done-when: the masking statistics over many draws match the notes.
    void maskingStatisticsMatchTheNotes()
    {
        const SpectrogramMasking masking;
        const int frames = 599, bins = 26, draws = 4000;
        QCOMPARE(masking.blockCount(frames), 29); // floor(0.15 x (599 - 3) / 3)
        std::mt19937_64 rng(11);
        int64_t blocks = 0, zero = 0, swap = 0, keep = 0, bands = 0;
        std::vector<int64_t> bandStarts(size_t(bins), 0);
        double alteredFrames = 0;
        for (int d = 0; d < draws; ++d) {
            const SpectrogramMaskDraw draw = masking.draw(frames, bins, rng);
            QCOMPARE(int(draw.blocks.size()), 29);
            std::set<int> starts;
            std::vector<bool> covered(size_t(frames), false);
            for (const auto& b : draw.blocks) {
                QVERIFY(b.start >= 0 && b.start < frames - 3);
                starts.insert(b.start);
                for (int i = 0; i < 3; ++i)
                    covered[size_t(b.start + i)] = true;
                ++blocks;
                if (b.alteration == SpectrogramMaskDraw::Alteration::Zero)
                    ++zero;
                else if (b.alteration == SpectrogramMaskDraw::Alteration::Swap) {
                    ++swap;
                    QVERIFY(b.source >= 0 && b.source < frames - 3);
                } else
                    ++keep;
            }
            QCOMPARE(int(starts.size()), 29); // without replacement
            alteredFrames += double(std::count(covered.begin(), covered.end(), true)) / frames;
            if (draw.bandStart >= 0) {
                ++bands;
                QVERIFY(draw.bandStart <= bins - 3);
                ++bandStarts[size_t(draw.bandStart)];
            }
        }
        // Fraction of altered frames: frame f is covered unless none of the k_f
        // starts that cover it is among the 29 drawn from 596.
        double expected = 0;
        for (int f = 0; f < frames; ++f) {
            const int k = std::min(f, 595) - std::max(0, f - 2) + 1;
            double uncovered = 1;
            for (int i = 0; i < 29; ++i)
                uncovered *= double(596 - k - i) / double(596 - i);
            expected += (1 - uncovered) / frames;
        }
        alteredFrames /= draws;
        QVERIFY2(
            std::abs(alteredFrames - expected) < 0.002,
            qPrintable(
                QStringLiteral("altered frames %1, expected %2").arg(alteredFrames).arg(expected)));
        QVERIFY(expected > 0.13 && expected < 0.146); // about 0.15 less the overlaps
        const auto near = [](double value, double target, double tolerance) {
            return std::abs(value - target) < tolerance;
        };
        QVERIFY2(near(double(zero) / blocks, 0.8, 0.006),
                 qPrintable(QString::number(double(zero) / blocks)));
        QVERIFY2(near(double(swap) / blocks, 0.1, 0.005),
                 qPrintable(QString::number(double(swap) / blocks)));
        QVERIFY2(near(double(keep) / blocks, 0.1, 0.005),
                 qPrintable(QString::number(double(keep) / blocks)));
        QVERIFY2(near(double(bands) / draws, 0.9, 0.015),
                 qPrintable(QString::number(double(bands) / draws)));
        for (int s = 0; s <= bins - 3; ++s) // band starts uniform over the 24 places
            QVERIFY2(
                near(double(bandStarts[size_t(s)]) / bands, 1.0 / 24, 0.012),
                qPrintable(QStringLiteral("band start %1: %2").arg(s).arg(bandStarts[size_t(s)])));
    }

    // What apply() does to a window: zeros, copies of the unaltered input,
    // untouched kept frames, a band of 3 bins in every axis, and the loss cells.
    void maskingAltersTheDrawnCells()
    {
        const SpectrogramMasking masking;
        const int frames = 599, axes = 2, bins = 26, width = axes * bins;
        std::vector<float> input(size_t(frames * width));
        for (size_t i = 0; i < input.size(); ++i)
            input[i] = 1.0f + float(i % 977);
        std::mt19937_64 rng(3);
        int checkedSwap = 0, checkedKeep = 0;
        for (int d = 0; d < 50; ++d) {
            const SpectrogramMaskDraw draw = masking.draw(frames, bins, rng);
            std::vector<float> x = input;
            std::vector<uint8_t> altered(x.size());
            masking.apply(draw, x.data(), frames, axes, bins, altered.data());
            std::vector<int> blockOf(size_t(frames), -1); // the last block over each frame
            for (size_t b = 0; b < draw.blocks.size(); ++b)
                for (int i = 0; i < 3; ++i)
                    blockOf[size_t(draw.blocks[b].start + i)] = int(b);
            int64_t expectedCells = 0;
            for (int f = 0; f < frames; ++f)
                for (int c = 0; c < width; ++c) {
                    const size_t at = size_t(f * width + c);
                    const int bin = c % bins;
                    const bool inBand =
                        draw.bandStart >= 0 && bin >= draw.bandStart && bin < draw.bandStart + 3;
                    const bool inBlock = blockOf[size_t(f)] >= 0;
                    QCOMPARE(int(altered[at]), (inBand || inBlock) ? 1 : 0);
                    expectedCells += (inBand || inBlock) ? 1 : 0;
                    if (inBand) {
                        QCOMPARE(x[at], 0.0f);
                        continue;
                    }
                    if (!inBlock) {
                        QCOMPARE(x[at], input[at]);
                        continue;
                    }
                    // Blocks may overlap: only a frame under a single block has one clear
                    // expectation.
                    int under = 0;
                    for (const auto& b : draw.blocks)
                        under += (f >= b.start && f < b.start + 3) ? 1 : 0;
                    if (under != 1)
                        continue;
                    const auto& b = draw.blocks[size_t(blockOf[size_t(f)])];
                    if (b.alteration == SpectrogramMaskDraw::Alteration::Zero) {
                        QCOMPARE(x[at], 0.0f);
                    } else if (b.alteration == SpectrogramMaskDraw::Alteration::Swap) {
                        QCOMPARE(x[at], input[size_t((b.source + f - b.start) * width + c)]);
                        ++checkedSwap;
                    } else {
                        QCOMPARE(x[at], input[at]);
                        ++checkedKeep;
                    }
                }
            QCOMPARE(int64_t(std::count(altered.begin(), altered.end(), uint8_t(1))),
                     expectedCells);
        }
        QVERIFY(checkedSwap > 0 && checkedKeep > 0);
    }

    // Frames back to samples as the paper does: each hop of samples takes the
    // mean of the frames covering it.
    void frameProbabilitiesSpreadBackToSamples()
    {
        const StftParameters stft; // 50 / 25
        // Three frames (samples 0-49, 25-74, 50-99) of two classes; 110 samples -> 5 rows.
        const std::vector<float> frames{1, 0, 0, 1, 0.5f, 0.5f};
        const std::vector<float> rows =
            SpectrogramDataset::sampleRowsFromFrames(frames, 110, stft, 2);
        QCOMPARE(int(rows.size()), 10);
        QCOMPARE(rows[0], 1.0f);  // samples 0-24: frame 0
        QCOMPARE(rows[2], 0.5f);  // 25-49: frames 0 and 1
        QCOMPARE(rows[4], 0.25f); // 50-74: frames 1 and 2
        QCOMPARE(rows[6], 0.5f);  // 75-99: frame 2
        QCOMPARE(rows[8], 0.5f);  // 100-109: past the last frame, frame 2
        QCOMPARE(rows[5], 0.75f);
    }

    // The downstream model from scratch and from a pre-trained encoder:
    // validation on the held-out subject, a track over every sample with
    // half-second probability rows, identical predictions after save/load,
    // and the encoder frozen for the first 75 % of the steps.
    void downstreamTrainsPredictsAndReloads()
    {
        const Project project = test::demoProjectOfSubjects(3, 600, 31);
        QTemporaryDir dir;
        const QString encoderPath = dir.filePath(QStringLiteral("encoder.kmodel"));
        SelfPabPretrainer::pretrain(project, tinyPretraining(1)).save(encoderPath);

        const ModelFile scratch = ModelTrainer::train(project, tinyDownstream(2, QString()));
        QCOMPARE(scratch.kind, QStringLiteral("selfpab"));
        QCOMPARE(scratch.trainingData.value(QStringLiteral("pretrained_encoder")).toBool(true),
                 false);
        QVERIFY(scratch.validation.contains(QStringLiteral("macro_f1")));

        const ModelFile tuned = ModelTrainer::train(project, tinyDownstream(4, encoderPath));
        const QJsonObject encoder =
            tuned.trainingData.value(QStringLiteral("pretrained_encoder")).toObject();
        QCOMPARE(encoder.value(QStringLiteral("file")).toString(),
                 QStringLiteral("encoder.kmodel"));
        // 75 % of the steps (batches of 8 windows, 4 epochs) with the encoder frozen.
        const int windows = tuned.trainingData.value(QStringLiteral("windows")).toInt();
        QCOMPARE(windows, 18); // 9 windows of 2 minutes every minute, per training subject
        QCOMPARE(tuned.trainingData.value(QStringLiteral("frozen_steps")).toInt(), 9);
        QVERIFY(tuned.featureNormalisation ==
                ModelFile::load(encoderPath)
                    .featureNormalisation); // the pre-training corpus' statistics

        const Recording& r = *project.recordings[2];
        const ModelPredictor predictor(tuned);
        const Prediction p = predictor.predict(r, QStringLiteral("selfpab"));
        QCOMPARE(p.probabilities.step, int64_t(25));
        QCOMPARE(int64_t(p.probabilities.rowCount()), int64_t((r.sampleCount() + 24) / 25));
        QCOMPARE(p.track.segments().front().start, int64_t(0));
        QCOMPARE(p.track.segments().back().end, int64_t(r.sampleCount()));

        const QString path = dir.filePath(QStringLiteral("selfpab.kmodel"));
        tuned.save(path);
        const Prediction again =
            ModelPredictor(ModelFile::load(path)).predict(r, QStringLiteral("selfpab"));
        QVERIFY(again.probabilities == p.probabilities);
        QVERIFY(again.track.segments() == p.track.segments());

        // Evaluation: sample level and segmentation, no window level (there are no class windows).
        const QJsonObject evaluation =
            ModelEvaluator::evaluate(tuned, project, {QStringLiteral("s2")});
        QVERIFY(!evaluation.contains(QStringLiteral("window_level")));
        // The same samples, frames and spread as the trainer's validation: the same macro F1.
        const double evaluated = evaluation.value(QStringLiteral("sample_level"))
                                     .toObject()
                                     .value(QStringLiteral("overall"))
                                     .toObject()
                                     .value(QStringLiteral("macro_f1"))
                                     .toDouble(-1);
        QVERIFY2(
            std::abs(evaluated - tuned.validation.value(QStringLiteral("macro_f1")).toDouble()) <
                1e-9,
            qPrintable(QStringLiteral("evaluate %1, validation %2")
                           .arg(evaluated)
                           .arg(tuned.validation.value(QStringLiteral("macro_f1")).toDouble())));

        // A pre-trained encoder alone predicts nothing: refused with its kind named.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 ModelPredictor(ModelFile::load(encoderPath)));
        TrainingRequest wrong = tinyDownstream(1, QString());
        wrong.model = QStringLiteral("selfpab-pretrain");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ModelTrainer::train(project, wrong));
    }

    void learningRateWarmsUpThenDecaysLinearly()
    {
        const WarmupLinearDecay s(1e-4, 1e-6, 0.07, 1000);
        QCOMPARE(s.warmupSteps(), int64_t(70));
        QCOMPARE(s.at(0), 1e-4 / 70);
        QCOMPARE(s.at(69), 1e-4);
        QCOMPARE(s.at(70), 1e-4);
        QVERIFY(std::abs(s.at(999) - 1e-6) < 1e-15);
        QVERIFY(std::abs(s.at(535) - (1e-4 + (1e-6 - 1e-4) * 465.0 / 929.0)) < 1e-15);
    }

    void registryHasTheNotesMasking()
    {
        const QVariantMap h = ModelRegistry::resolve(QStringLiteral("selfpab-pretrain"), {});
        QCOMPARE(h.value(QStringLiteral("window_frames")).toInt(), 599);
        QCOMPARE(h.value(QStringLiteral("time_proportion")).toDouble(), 0.15);
        QCOMPARE(h.value(QStringLiteral("time_width")).toInt(), 3);
        QCOMPARE(h.value(QStringLiteral("frequency_probability")).toDouble(), 0.9);
        QCOMPARE(h.value(QStringLiteral("warmup")).toDouble(), 0.07);
        QCOMPARE(h.value(QStringLiteral("beta2")).toDouble(), 0.98);
    }

    // Done-when: the reconstruction loss falls on the demo recording.
    void reconstructionLossFallsOnTheDemo()
    {
        const Project project = demoProject(1200); // 20 minutes: 19 windows of 2 minutes
        std::vector<double> epochLosses;
        const ModelFile model = SelfPabPretrainer::pretrain(
            project, tinyPretraining(6), [&](const TrainingProgress& p) {
                if (p.epochEnd)
                    epochLosses.push_back(p.losses.value(QStringLiteral("reconstruction L1")));
            });
        QCOMPARE(int(epochLosses.size()), 6);
        QVERIFY2(epochLosses.back() < 0.85 * epochLosses.front(),
                 qPrintable(QStringLiteral("first epoch %1, last %2")
                                .arg(epochLosses.front())
                                .arg(epochLosses.back())));
        QCOMPARE(model.kind, QStringLiteral("selfpab-pretrain"));
        QCOMPARE(int(model.featureNormalisation.channelCount()), 156);
        QVERIFY(model.classIds.empty());
    }

    // Done-when: save/load reproduces identical outputs; the file keeps the
    // per-feature statistics and the windowing.
    void savedEncoderReproducesItsOutputs()
    {
        const Project project = demoProject(600);
        const ModelFile model = SelfPabPretrainer::pretrain(project, tinyPretraining(1));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("encoder.kmodel"));
        model.save(path);
        const ModelFile loaded = ModelFile::load(path);
        QVERIFY(loaded.featureNormalisation == model.featureNormalisation);
        QCOMPARE(loaded.spectrogramWindowing.windowFrames, 239);
        const Recording& r = *project.recordings.front();
        const auto before = SelfPabReconstruction(model).reconstruct(r, 100, 5);
        const auto after = SelfPabReconstruction(loaded).reconstruct(r, 100, 5);
        QCOMPARE(before.frames, 239);
        QVERIFY(sameWindows(before, after));
        QVERIFY(std::count(before.altered.begin(), before.altered.end(), uint8_t(1)) > 0);
        QVERIFY(before.l1 > 0);
        // Another masking seed, another masked input.
        QVERIFY(SelfPabReconstruction(loaded).reconstruct(r, 100, 6).masked != before.masked);
    }

    // Cancelled mid-run with a checkpoint, then resumed: the same weights as a
    // run that was never interrupted. A checkpoint of other settings is refused.
    void resumedRunEqualsAnUninterruptedOne()
    {
        const Project project = demoProject(600); // 9 windows: 2 batches per epoch
        const ModelFile straight = SelfPabPretrainer::pretrain(project, tinyPretraining(2));
        QTemporaryDir dir;
        PretrainingRequest request = tinyPretraining(2);
        request.checkpointPath = dir.filePath(QStringLiteral("run.checkpoint"));
        std::atomic<bool> cancel{false};
        JobControl job;
        job.cancelRequested = &cancel;
        int batches = 0;
        QVERIFY_THROWS_EXCEPTION(Cancelled, SelfPabPretrainer::pretrain(
                                                project, request,
                                                [&](const TrainingProgress& p) {
                                                    if (!p.epochEnd && ++batches == 3)
                                                        cancel = true;
                                                },
                                                &job));
        QVERIFY(QFileInfo::exists(request.checkpointPath));
        request.resume = true;
        int resumedBatches = 0;
        const ModelFile resumed =
            SelfPabPretrainer::pretrain(project, request, [&](const TrainingProgress& p) {
                if (!p.epochEnd)
                    ++resumedBatches;
            });
        QCOMPARE(resumedBatches, 1); // 4 steps in all, 3 before the cancel
        const Recording& r = *project.recordings.front();
        QVERIFY(sameWindows(SelfPabReconstruction(straight).reconstruct(r, 0, 1),
                            SelfPabReconstruction(resumed).reconstruct(r, 0, 1)));

        PretrainingRequest other = request;
        other.seed = 8;
        QVERIFY_THROWS_EXCEPTION(TrainingError, SelfPabPretrainer::pretrain(project, other));
    }
};

QTEST_GUILESS_MAIN(SelfPabTest)
#include "tst_models_selfpab.moc"
