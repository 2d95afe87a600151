#include "app/cli/training/PretrainCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "core/project/ProjectFile.h"
#include "models/runtime/TorchRuntime.h"
#include "models/training/SelfPabPretrainer.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTextStream>

namespace kinemark {

int PretrainCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Pre-train SelfPAB's spectrogram transformer on recordings (labels are not used) by masked "
        "reconstruction, and write the encoder as a .kmodel file for `train --model selfpab "
        "--encoder`."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("pretrain"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("project file (.kmk)"));
    parser.addOption({"recordings", "Recordings to pre-train on (default: all).", "IDS"});
    parser.addOption({"epochs", "Epochs (default 20).", "N"});
    parser.addOption({"seed", "Random seed (default 1).", "S", "1"});
    parser.addOption({"threads", "LibTorch threads (default: all cores).", "T", "0"});
    parser.addOption(
        {"set", "Hyperparameter, e.g. --set paper_size=true (repeatable).", "KEY=VALUE"});
    parser.addOption({"checkpoint", "Checkpoint file, written after every epoch.", "FILE"});
    parser.addOption({"resume", "Continue the run saved in --checkpoint."});
    parser.addOption({{"o", "output"}, "Encoder file to write.", "FILE"});
    parser.addOption({"quiet", "No progress on stderr."});
    parser.process(arguments);

    QTextStream out(stdout), err(stderr);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2 || !parser.isSet("output")) {
        err << "kinemark-cli pretrain: usage: pretrain <project.kmk> -o encoder.kmodel [options]\n";
        return ExitUsage;
    }
    PretrainingRequest request;
    bool ok = true;
    request.seed = parser.value("seed").toULongLong(&ok);
    if (!ok) {
        err << "kinemark-cli pretrain: --seed needs a non-negative integer\n";
        return ExitUsage;
    }
    request.threads = parser.value("threads").toInt(&ok);
    if (!ok) {
        err << "kinemark-cli pretrain: --threads needs an integer\n";
        return ExitUsage;
    }
    request.recordingIds = CliArguments::list(parser, "recordings");
    if (!CliArguments::hyperparameters(parser, &request.hyperparameters, err, "pretrain"))
        return ExitUsage;
    request.checkpointPath = parser.value("checkpoint");
    request.resume = parser.isSet("resume");
    if (request.resume && request.checkpointPath.isEmpty()) {
        err << "kinemark-cli pretrain: --resume needs --checkpoint FILE\n";
        return ExitUsage;
    }
    const bool quiet = parser.isSet("quiet");
    return CliArguments::reportingErrors(err, "pretrain", [&] {
        const Project project = ProjectFile::open(pos[1]);
        QElapsedTimer timer;
        timer.start();
        const auto observer = [&](const TrainingProgress& p) {
            if (quiet || !p.epochEnd)
                return;
            err << QStringLiteral("epoch %1/%2 (%3 s): reconstruction L1 %4\n")
                       .arg(p.epoch)
                       .arg(p.epochs)
                       .arg(timer.elapsed() / 1000.0, 0, 'f', 1)
                       .arg(p.losses.value(QStringLiteral("reconstruction L1")), 0, 'f', 4);
            err.flush();
        };
        TorchRuntime::setThreadCount(request.threads);
        if (!quiet)
            err << "pre-training selfpab on " << pos[1] << " (" << TorchRuntime::describe()
                << ")\n";
        const ModelFile model = SelfPabPretrainer::pretrain(project, request, observer);
        model.save(parser.value("output"));
        out << "wrote " << parser.value("output") << " (selfpab-pretrain, "
            << model.trainingData.value(QStringLiteral("windows")).toInt() << " windows of "
            << model.trainingData.value(QStringLiteral("recordings")).toArray().size()
            << " recordings, " << model.trainingData.value(QStringLiteral("steps")).toInt()
            << " steps in " << QString::number(timer.elapsed() / 1000.0, 'f', 1) << " s)\n";
        return int(ExitOk);
    });
}

} // namespace kinemark
