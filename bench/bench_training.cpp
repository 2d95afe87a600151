// Model-engine benchmark (issue #5, point 8). Times, through the public
// models/ API, what bench/training_vs_pytorch.py compares with PyTorch-Python:
//
//   bench_training --export DIR --project P.kmk
//       writes every recording with ground truth as DIR/<n>.f32 (raw float32,
//       channel-major) and DIR/manifest.json (ids, subjects, channel names,
//       ground-truth segments), so that the Python side windows the same data.
//   bench_training --train --project P.kmk --model M [--classes 1,2,..]
//                  [--val-subjects a,b,..] [--threads 2] [--repeat 3]
//                  [--steps 30] [--warmup 5] [--set KEY=VALUE ...] [--json]
//       end to end: ModelTrainer::train with one epoch and no validation on
//       the subjects not in --val-subjects (windowing, normalisation, network
//       set-up, shuffling, batch gathering, training steps), --repeat times;
//       windowing + normalisation alone; then the pure training step
//       (TrainingStepBenchmark) on batches gathered once. For sequence models
//       (mstcn) chunks take the place of windows (SequenceSet, as the
//       trainer cuts its first epoch) and samples per second are printed.
//   bench_training --inference --model M [--days 7] [--threads 2] [--repeat 1] [--json]
//       trains M for one epoch on a 2-hour demo recording (the weights do not
//       matter for the time, only the shape), generates a --days long
//       two-sensor demo recording and times ModelPredictor::predict on it;
//       also the process's peak resident memory.
//   bench_training --sample --model usad-diffusion [--windows 64] [--threads 2]
//                  [--repeat 3] [--demo-minutes 30] [--set KEY=VALUE ...]
//                  [--out DIR] [--json]
//       trains the diffusion model for one epoch (unless --set epochs=N) on a
//       short demo recording (the weights only have to be non-trivial: the
//       denoiser's output convolutions start at zero), then times
//       WindowDiffusion::sample of --windows class-conditioned windows (class
//       i % classes for window i, one seed) over the respaced reverse steps,
//       --repeat times after one untimed reverse step. With --out, DIR/weights.pt
//       (the denoiser's archive) and DIR/windows.f32 (the sampled windows,
//       [windows][channels][length] float32) for bench/usad_sampling_vs_pytorch.py,
//       which loads the same weights into its twin and checks the windows.
#include "core/demo/DemoRecordingGenerator.h"
#include "core/learning/ChannelNormalisation.h"
#include "core/learning/SequenceSet.h"
#include "core/learning/WindowSet.h"
#include "core/project/ProjectFile.h"
#include "models/inference/ModelPredictor.h"
#include "models/registry/ModelRegistry.h"
#include "models/runtime/TorchRuntime.h"
#include "models/training/DiffusionTrainer.h"
#include "models/training/ModelTrainer.h"
#include "models/training/TrainingStepBenchmark.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <random>

using namespace kinemark;

namespace {

int usage()
{
    std::fprintf(
        stderr,
        "usage: bench_training --export DIR --project P.kmk\n"
        "       bench_training --train --project P.kmk --model M [--classes IDS]\n"
        "                      [--val-subjects IDS] [--threads 2] [--repeat 3] [--steps 30]\n"
        "                      [--warmup 5] [--set KEY=VALUE ...] [--json]\n"
        "       bench_training --inference --model M [--days 7] [--threads 2] [--repeat 1] "
        "[--json]\n"
        "       bench_training --sample --model usad-diffusion [--windows 64] [--threads 2]\n"
        "                      [--repeat 3] [--demo-minutes 30] [--set KEY=VALUE ...] [--out DIR]\n"
        "                      [--json]\n");
    return 2;
}

double secondsSince(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

QJsonArray toJson(const std::vector<double>& values)
{
    QJsonArray a;
    for (double v : values)
        a.append(v);
    return a;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty()      ? 0.0
           : v.size() % 2 ? v[v.size() / 2]
                          : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

void exportProject(const Project& project, const QString& dir)
{
    if (!QDir().mkpath(dir))
        throw std::runtime_error(("cannot create " + dir).toStdString());
    QJsonArray recordings;
    int n = 0;
    for (const auto& r : project.recordings) {
        const AnnotationTrack* truth = r->groundTruth();
        if (!truth)
            continue;
        const QString name = QStringLiteral("%1.f32").arg(n++);
        QFile file(QDir(dir).filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            throw std::runtime_error(("cannot write " + file.fileName()).toStdString());
        for (size_t c = 0; c < r->channelCount(); ++c) {
            const auto& samples = r->channel(c).samples;
            const qint64 bytes = qint64(samples.size() * sizeof(float));
            if (file.write(reinterpret_cast<const char*>(samples.data()), bytes) != bytes)
                throw std::runtime_error(("cannot write " + file.fileName()).toStdString());
        }
        QJsonArray segments;
        for (const Segment& s : truth->segments())
            if (s.classId != kUnlabelled)
                segments.append(QJsonArray{qint64(s.start), qint64(s.end), s.classId});
        recordings.append(
            QJsonObject{{"id", r->id},
                        {"subject", r->subjectId},
                        {"file", name},
                        {"channels", int(r->channelCount())},
                        {"samples", qint64(r->sampleCount())},
                        {"sample_rate_hz", r->sampleRateHz},
                        {"channel_names", QJsonArray::fromStringList(r->channelNames())},
                        {"segments", segments}});
    }
    QFile manifest(QDir(dir).filePath("manifest.json"));
    if (!manifest.open(QIODevice::WriteOnly))
        throw std::runtime_error("cannot write manifest.json");
    manifest.write(QJsonDocument(QJsonObject{{"recordings", recordings}}).toJson());
    std::printf("exported %d recordings to %s\n", n, qPrintable(dir));
}

// Chunking and normalisation alone, then the pure step, for a sequence model.
void benchSequenceParts(const Project& project, const TrainingRequest& request,
                        const QVariantMap& h, int repeat, int steps, int warmup, QJsonObject& out)
{
    std::vector<std::shared_ptr<const Recording>> recordings;
    for (const auto& r : project.recordings)
        if (request.trainingSubjects.contains(r->subjectId) && r->groundTruth())
            recordings.push_back(r);
    const int64_t length = std::max(16, h.value("chunk_length").toInt());
    const std::vector<int32_t> classIds = ModelTrainer::resolveClasses(project, request);
    std::vector<double> preparation;
    SequenceSet chunks;
    ChannelNormalisation normalisation;
    for (int i = 0; i < repeat; ++i) {
        const auto start = std::chrono::steady_clock::now();
        chunks = SequenceSet::build(recordings, length, length, classIds);
        normalisation = ChannelNormalisation::fit(recordings);
        preparation.push_back(secondsSince(start));
    }
    out["windowing_normalisation_seconds"] = toJson(preparation);
    const int batchSize = std::max(1, h.value("batch").toInt());
    out["batches_per_epoch"] = int((chunks.size() + size_t(batchSize) - 1) / size_t(batchSize));
    out["chunk_samples_per_epoch"] = qint64(chunks.size()) * length;

    std::mt19937_64 rng(request.seed);
    std::vector<size_t> order(chunks.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    const int channels = chunks.channelCount();
    std::vector<TrainingStepBenchmark::SequenceBatch> batches;
    for (size_t first = 0; batches.size() < 8 && first + size_t(batchSize) <= order.size();
         first += size_t(batchSize)) {
        const std::vector<size_t> indices(order.begin() + long(first),
                                          order.begin() + long(first + size_t(batchSize)));
        TrainingStepBenchmark::SequenceBatch b;
        b.chunks.resize(indices.size() * size_t(channels * length));
        b.labels.resize(indices.size() * size_t(length));
        chunks.gather(indices, b.chunks.data(), b.labels.data(), &normalisation);
        batches.push_back(std::move(b));
    }
    const std::vector<double> step = TrainingStepBenchmark::runSequence(
        request.model, request.hyperparameters, channels, int(classIds.size()), batches, warmup,
        steps, request.seed, request.threads);
    out["step_seconds"] = toJson(step);
    out["step_median_seconds"] = median(step);
    out["step_samples"] = qint64(batchSize) * length;
    out["step_samples_per_second"] = double(batchSize * length) / median(step);
}

QJsonObject benchTraining(const Project& project, TrainingRequest request, int repeat, int steps,
                          int warmup)
{
    const QVariantMap h = ModelRegistry::resolve(request.model, request.hyperparameters);
    // Training subjects: all but the validation subjects, which are then left
    // out altogether (no per-epoch validation pass in the timed epoch).
    for (const QString& s : project.subjectIds())
        if (!request.validationSubjects.contains(s))
            request.trainingSubjects << s;
    request.validationSubjects.clear();
    request.hyperparameters[QStringLiteral("epochs")] = 1;
    TorchRuntime::setThreadCount(request.threads);

    QJsonObject out;
    out["model"] = request.model;
    out["threads"] = TorchRuntime::threadCount();
    out["runtime"] = TorchRuntime::describe();
    out["training_subjects"] = QJsonArray::fromStringList(request.trainingSubjects);
    out["hyperparameters"] = QJsonObject::fromVariantMap(h);

    // End to end, exactly as `kinemark-cli train` runs an epoch.
    std::vector<double> epochs, firstBatch;
    ModelFile model;
    for (int i = 0; i < repeat; ++i) {
        const auto start = std::chrono::steady_clock::now();
        double first = -1;
        model = ModelTrainer::train(project, request, [&](const TrainingProgress& p) {
            if (first < 0 && p.batch == 1 && !p.epochEnd)
                first = secondsSince(start);
        });
        epochs.push_back(secondsSince(start));
        firstBatch.push_back(first);
    }
    out["epoch_seconds"] = toJson(epochs);
    out["first_batch_done_seconds"] = toJson(firstBatch);
    out["training_data"] = model.trainingData;
    const ModelInfo* info = ModelRegistry::find(request.model);
    if (info && info->input == ModelInfo::Input::Sequences) {
        benchSequenceParts(project, request, h, repeat, steps, warmup, out);
        return out;
    }

    // Windowing and normalisation alone (the part before the first batch).
    std::vector<std::shared_ptr<const Recording>> recordings;
    for (const auto& r : project.recordings)
        if (request.trainingSubjects.contains(r->subjectId) && r->groundTruth())
            recordings.push_back(r);
    WindowingOptions windowing;
    windowing.length = h.value("window_length").toInt();
    windowing.stride = h.value("stride").toInt();
    windowing.maxUnlabelledFraction = h.value("max_unlabelled").toDouble();
    const std::vector<int32_t> classIds = ModelTrainer::resolveClasses(project, request);
    std::vector<double> preparation;
    WindowSet windows;
    ChannelNormalisation normalisation;
    for (int i = 0; i < repeat; ++i) {
        const auto start = std::chrono::steady_clock::now();
        windows = WindowSet::build(recordings, windowing, classIds);
        normalisation = ChannelNormalisation::fit(recordings);
        preparation.push_back(secondsSince(start));
    }
    out["windowing_normalisation_seconds"] = toJson(preparation);
    const int batchSize = h.value("batch").toInt();
    out["batches_per_epoch"] = std::max(1, int(windows.size() / size_t(batchSize)));

    // Pure training step on 8 shuffled batches gathered beforehand.
    std::mt19937_64 rng(request.seed);
    std::vector<size_t> order(windows.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    QStringList subjectNames;
    std::vector<TrainingStepBenchmark::Batch> batches;
    const int channels = windows.channelCount(), length = windows.length();
    for (size_t first = 0; batches.size() < 8 && first + size_t(batchSize) <= order.size();
         first += size_t(batchSize)) {
        TrainingStepBenchmark::Batch b;
        const std::vector<size_t> indices(order.begin() + long(first),
                                          order.begin() + long(first + size_t(batchSize)));
        b.windows.resize(indices.size() * size_t(channels * length));
        windows.gather(indices, b.windows.data(), &normalisation);
        for (size_t w : indices) {
            b.labels.push_back(windows.windows()[w].classIndex);
            const QString& s = windows.subjectOf(w);
            if (!subjectNames.contains(s))
                subjectNames << s;
            b.subjects.push_back(subjectNames.indexOf(s));
        }
        batches.push_back(std::move(b));
    }
    const std::vector<double> step = TrainingStepBenchmark::run(
        request.model, request.hyperparameters, channels, int(classIds.size()), batches, warmup,
        steps, request.seed, request.threads);
    out["step_seconds"] = toJson(step);
    out["step_median_seconds"] = median(step);
    return out;
}

// VmHWM of this process, MiB (Linux), or -1.
double peakResidentMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').front().toDouble() / 1024.0;
    return -1;
}

QJsonObject benchInference(const QString& kind, double days, int threads, int repeat)
{
    TorchRuntime::setThreadCount(threads);
    DemoOptions shortOptions;
    shortOptions.durationSeconds = 2 * 3600.0;
    const Project demo = DemoRecordingGenerator::demoProject(shortOptions);
    TrainingRequest request;
    request.model = kind;
    request.hyperparameters[QStringLiteral("epochs")] = 1;
    request.threads = threads;
    auto start = std::chrono::steady_clock::now();
    const ModelFile model = ModelTrainer::train(demo, request);
    const double trainSeconds = secondsSince(start);

    DemoOptions longOptions;
    longOptions.durationSeconds = days * 86400.0;
    longOptions.seed = 2;
    longOptions.recordingId = QStringLiteral("week");
    start = std::chrono::steady_clock::now();
    const Recording recording = DemoRecordingGenerator::generate(longOptions);
    const double generateSeconds = secondsSince(start);

    const ModelPredictor predictor(model);
    std::vector<double> predict;
    size_t segments = 0, rows = 0;
    for (int i = 0; i < repeat; ++i) {
        start = std::chrono::steady_clock::now();
        const Prediction p = predictor.predict(recording, QStringLiteral("bench"));
        predict.push_back(secondsSince(start));
        segments = p.track.segments().size();
        rows = p.probabilities.rowCount();
    }
    const int64_t n = int64_t(recording.sampleCount());
    const int64_t windows = (n - model.windowing.length) / model.windowing.stride + 1;
    QJsonObject sequence;
    if (predictor.isSequenceModel()) {
        sequence["probability_step"] =
            qint64(ModelPredictor::sequenceProbabilityStep(recording.sampleRateHz));
        sequence["probability_rows"] = qint64(rows);
        sequence["reach_samples_either_side"] =
            qint64(model.hyperparameters.value("stages").toInt() *
                   ((int64_t(1) << model.hyperparameters.value("layers").toInt()) - 1));
    }
    return QJsonObject{{"model", kind},
                       {"sequence_model", sequence},
                       {"peak_rss_mib", peakResidentMiB()},
                       {"threads", TorchRuntime::threadCount()},
                       {"runtime", TorchRuntime::describe()},
                       {"days", days},
                       {"channels", int(recording.channelCount())},
                       {"samples", qint64(n)},
                       {"windows", qint64(windows)},
                       {"window_length", model.windowing.length},
                       {"stride", model.windowing.stride},
                       {"prediction_segments", qint64(segments)},
                       {"train_short_demo_seconds", trainSeconds},
                       {"generate_seconds", generateSeconds},
                       {"predict_seconds", toJson(predict)}};
}

void writeFile(const QString& path, const char* data, qint64 bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data, bytes) != bytes)
        throw std::runtime_error(("cannot write " + path).toStdString());
}

QJsonObject benchSampling(const QString& kind, const QVariantMap& overrides, int windows,
                          int threads, int repeat, double demoMinutes, const QString& outDir)
{
    TorchRuntime::setThreadCount(threads);
    DemoOptions options;
    options.durationSeconds = demoMinutes * 60.0;
    const Project demo = DemoRecordingGenerator::demoProject(options);
    TrainingRequest request;
    request.model = kind;
    request.hyperparameters[QStringLiteral("epochs")] = 1;
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        request.hyperparameters[it.key()] = it.value();
    request.threads = threads;
    auto start = std::chrono::steady_clock::now();
    const ModelFile model = ModelTrainer::train(demo, request);
    const double trainSeconds = secondsSince(start);
    const std::unique_ptr<WindowDiffusion> diffusion = DiffusionTrainer::load(model);

    const int classes = diffusion->classes();
    std::vector<int32_t> labels(size_t(std::max(1, windows)));
    for (size_t i = 0; i < labels.size(); ++i)
        labels[i] = int32_t(i % size_t(classes));
    const uint64_t seed = 7;
    // One reverse step on the same batch first: thread pool, allocator and kernel set-up.
    const size_t windowValues = size_t(diffusion->channels()) * size_t(diffusion->length());
    start = std::chrono::steady_clock::now();
    diffusion->denoiseStep(std::vector<float>(labels.size() * windowValues, 0.5f), labels,
                           int(diffusion->samplingTimesteps().size()) - 1, seed);
    const double warmupSeconds = secondsSince(start);
    std::vector<double> runs;
    std::vector<float> sampled;
    for (int i = 0; i < repeat; ++i) {
        start = std::chrono::steady_clock::now();
        sampled = diffusion->sample(labels, seed);
        runs.push_back(secondsSince(start));
    }
    if (!outDir.isEmpty()) {
        if (!QDir().mkpath(outDir))
            throw std::runtime_error(("cannot create " + outDir).toStdString());
        const QByteArray weights = diffusion->weights();
        writeFile(QDir(outDir).filePath(QStringLiteral("weights.pt")), weights.constData(),
                  weights.size());
        writeFile(QDir(outDir).filePath(QStringLiteral("windows.f32")),
                  reinterpret_cast<const char*>(sampled.data()),
                  qint64(sampled.size() * sizeof(float)));
    }
    const int steps = int(diffusion->samplingTimesteps().size());
    const double seconds = median(runs);
    return QJsonObject{{"model", kind},
                       {"threads", TorchRuntime::threadCount()},
                       {"runtime", TorchRuntime::describe()},
                       {"hyperparameters", QJsonObject::fromVariantMap(model.hyperparameters)},
                       {"channels", diffusion->channels()},
                       {"length", diffusion->length()},
                       {"classes", classes},
                       {"diffusion_steps", diffusion->schedule().steps()},
                       {"reverse_steps", steps},
                       {"windows", int(labels.size())},
                       {"seed", qint64(seed)},
                       {"demo_minutes", demoMinutes},
                       {"train_windows", model.trainingData.value("windows")},
                       {"train_seconds", trainSeconds},
                       {"warmup_step_seconds", warmupSeconds},
                       {"sample_seconds", toJson(runs)},
                       {"sample_median_seconds", seconds},
                       {"windows_per_second", double(labels.size()) / seconds},
                       {"seconds_per_reverse_step", seconds / steps}};
}

void print(const QJsonObject& o, bool json)
{
    if (json) {
        std::printf("%s", QJsonDocument(o).toJson(QJsonDocument::Indented).constData());
        return;
    }
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.key() != "step_seconds" && it.key() != "hyperparameters")
            std::printf("%s: %s\n", qPrintable(it.key()),
                        it.value().isDouble()   ? qPrintable(QString::number(it.value().toDouble()))
                        : it.value().isString() ? qPrintable(it.value().toString())
                                                : QJsonDocument(QJsonArray{it.value()})
                                                      .toJson(QJsonDocument::Compact)
                                                      .constData());
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    auto value = [&](const QString& name, const QString& fallback) {
        const int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
    };
    auto list = [&](const QString& name) {
        return value(name, QString()).split(',', Qt::SkipEmptyParts);
    };
    const bool json = args.contains("--json");
    const int threads = value("--threads", "2").toInt();
    const int repeat =
        std::max(1, value("--repeat", args.contains("--inference") ? "1" : "3").toInt());
    QVariantMap overrides; // --set KEY=VALUE, as strings (ModelRegistry::resolve converts them)
    for (int i = 0; i + 1 < args.size(); ++i)
        if (args[i] == "--set") {
            const QStringList kv = args[i + 1].split('=');
            if (kv.size() != 2)
                return usage();
            overrides[kv[0]] = kv[1];
        }
    try {
        if (args.contains("--export")) {
            const QString project = value("--project", QString());
            if (project.isEmpty())
                return usage();
            exportProject(ProjectFile::open(project), value("--export", QString()));
            return 0;
        }
        if (args.contains("--train")) {
            const QString path = value("--project", QString());
            if (path.isEmpty() || !args.contains("--model"))
                return usage();
            TrainingRequest request;
            request.model = value("--model", QString());
            request.threads = threads;
            request.validationSubjects = list("--val-subjects");
            for (const QString& id : list("--classes"))
                request.classIds.push_back(id.toInt());
            request.hyperparameters = overrides;
            const Project project = ProjectFile::open(path);
            print(benchTraining(project, request, repeat, value("--steps", "30").toInt(),
                                value("--warmup", "5").toInt()),
                  json);
            return 0;
        }
        if (args.contains("--inference")) {
            if (!args.contains("--model"))
                return usage();
            print(benchInference(value("--model", QString()), value("--days", "7").toDouble(),
                                 threads, repeat),
                  json);
            return 0;
        }
        if (args.contains("--sample")) {
            if (!args.contains("--model"))
                return usage();
            print(benchSampling(value("--model", QString()), overrides,
                                value("--windows", "64").toInt(), threads, repeat,
                                value("--demo-minutes", "30").toDouble(),
                                value("--out", QString())),
                  json);
            return 0;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_training: %s\n", e.what());
        return 1;
    }
    return usage();
}
