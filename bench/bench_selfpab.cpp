// SelfPAB pre-training speed (issue #10, point 5): steps per second of
// SelfPabPretrainer on 5-minute windows of the built-in demo (six axes, 599 x
// 156 per window), for the small default encoder or the paper's
// (--paper). Every step counts: spectrogram windows, masking, forward, L1,
// backward and the AdamW update. Prints one JSON line; bench/selfpab_vs_pytorch.py
// runs it beside the same transformer in PyTorch-Python.
//
//   build/bench/bench_selfpab [--paper] [--batch 16] [--steps 10] [--threads 2]
#include "core/demo/DemoRecordingGenerator.h"
#include "models/runtime/TorchRuntime.h"
#include "models/training/SelfPabPretrainer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

using namespace kinemark;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const auto option = [&](const QString& name, int fallback) {
        const qsizetype i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args[i + 1].toInt() : fallback;
    };
    const bool paper = args.contains(QStringLiteral("--paper"));
    const int batch = option(QStringLiteral("--batch"), 16);
    const int steps = option(QStringLiteral("--steps"), 10);
    const int threads = option(QStringLiteral("--threads"), 2);

    // Enough 5-minute windows for `steps` batches plus a warm-up one.
    DemoOptions o;
    o.durationSeconds = 300.0 * batch * (steps + 1) + 10;
    const Project project = DemoRecordingGenerator::demoProject(o);
    PretrainingRequest request;
    request.threads = threads;
    request.hyperparameters = QVariantMap{{QStringLiteral("paper_size"), paper},
                                          {QStringLiteral("batch"), batch},
                                          {QStringLiteral("stride_frames"), 599},
                                          {QStringLiteral("epochs"), 1}};
    // Timed from the end of the first step (allocations, feature statistics and
    // the first step's warm-up are left out) to the end of the last.
    QElapsedTimer timer;
    int done = 0;
    SelfPabPretrainer::pretrain(project, request, [&](const TrainingProgress& p) {
        if (p.epochEnd)
            return;
        if (++done == 1)
            timer.start();
    });
    const double seconds = timer.nsecsElapsed() / 1e9;
    const int timed = done - 1;
    QTextStream(stdout) << QStringLiteral(
                               "{\"config\": \"%1\", \"batch\": %2, \"steps\": %3, "
                               "\"seconds\": %4, \"steps_per_second\": %5, \"threads\": %6, "
                               "\"runtime\": \"%7\"}\n")
                               .arg(paper ? QStringLiteral("paper") : QStringLiteral("small"))
                               .arg(batch)
                               .arg(timed)
                               .arg(seconds, 0, 'f', 3)
                               .arg(timed / seconds, 0, 'f', 4)
                               .arg(threads)
                               .arg(TorchRuntime::describe());
    return 0;
}
