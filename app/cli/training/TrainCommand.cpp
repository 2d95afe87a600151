#include "app/cli/training/TrainCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "app/cli/training/FineTuningOptions.h"
#include "core/project/ProjectFile.h"
#include "models/TrainingRequest.h"
#include "models/distributed/LaunchEnvironment.h"
#include "models/distributed/ProcessGroup.h"
#include "models/file/ModelFile.h"
#include "models/registry/ModelRegistry.h"
#include "models/runtime/TorchRuntime.h"
#include "models/training/ModelTrainer.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTextStream>
#include <algorithm>
#include <cmath>
#include <memory>

namespace kinemark {

namespace {
void addOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(
        QStringLiteral(
            "Train a model on a project's ground truth and write it as a standalone .kmodel file. "
            "Models: %1.")
            .arg(ModelRegistry::ids().join(QStringLiteral(", "))));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("train"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("project file (.kmk)"));
    parser.addOption({"model", "Model to train.", "ID"});
    parser.addOption(
        {"classes", "Class ids to learn (default: every class of the label set present).", "IDS"});
    parser.addOption({"epochs", "Epochs (default: the paper's).", "N"});
    parser.addOption({"seed", "Random seed (default 1).", "S", "1"});
    parser.addOption({"threads", "LibTorch threads (default: all cores).", "T", "0"});
    parser.addOption({"val-subjects", "Validation subjects (held out of training).", "IDS"});
    parser.addOption({"train-subjects", "Training subjects (default: all others).", "IDS"});
    parser.addOption({"set", "Hyperparameter, e.g. --set lr=0.0005 (repeatable).", "KEY=VALUE"});
    parser.addOption({"encoder",
                      "selfpab: a pre-trained encoder: a file from `pretrain`, or the id "
                      "of an encoder stored in the project (Models > Pre-train Encoder); "
                      "without it the encoder starts from random weights.",
                      "FILE|ID"});
    FineTuningOptions::addTo(parser);
    parser.addOption({"store", "Also store the model in the project file."});
    parser.addOption({{"o", "output"}, "Model file to write.", "FILE"});
    parser.addOption({"quiet", "No progress on stderr."});
    parser.addOption({"rank-timeout",
                      "Data-parallel runs (started by mpirun, srun, torchrun or with RANK, "
                      "WORLD_SIZE, MASTER_ADDR, MASTER_PORT; docs/cluster.md): seconds a rank "
                      "waits for the others before every rank stops (default 300).",
                      "S", "300"});
}

// The training request; false after a usage error on `err`.
bool readRequest(const QCommandLineParser& parser, TrainingRequest* request, QTextStream& err)
{
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2 || !(parser.isSet("model") || FineTuningOptions::wanted(parser)) ||
        !parser.isSet("output")) {
        err << "kinemark-cli train: usage: train <project.kmk> --model "
            << ModelRegistry::ids().join('|')
            << " -o model.kmodel [options], or --init-model MODEL instead of --model\n";
        return false;
    }
    request->model = parser.value("model");
    bool ok = true;
    request->seed = parser.value("seed").toULongLong(&ok);
    if (!ok) {
        err << "kinemark-cli train: --seed needs a non-negative integer\n";
        return false;
    }
    request->threads = parser.value("threads").toInt(&ok);
    if (!ok) {
        err << "kinemark-cli train: --threads needs an integer\n";
        return false;
    }
    QString bad;
    if (!CliArguments::classIds(parser, &request->classIds, &bad)) {
        err << "kinemark-cli train: --classes needs class ids such as 1,2,3, not '" << bad << "'\n";
        return false;
    }
    request->encoderPath = parser.value("encoder");
    request->validationSubjects = CliArguments::list(parser, "val-subjects");
    request->trainingSubjects = CliArguments::list(parser, "train-subjects");
    return CliArguments::hyperparameters(parser, &request->hyperparameters, err, "train");
}

// --encoder: a file when there is one, else the id of a stored encoder;
// false after a usage error on `err`.
bool resolveEncoder(const QCommandLineParser& parser, const Project& project,
                    TrainingRequest* request, QTextStream& err)
{
    const QString encoder = parser.value("encoder");
    if (encoder.isEmpty() || QFileInfo::exists(encoder))
        return true;
    const bool stored =
        std::any_of(project.models.begin(), project.models.end(), [&](const StoredModel& m) {
            return m.id == encoder && m.kind == QLatin1String("selfpab-pretrain");
        });
    if (!stored) {
        err << "kinemark-cli train: --encoder '" << encoder
            << "' is neither a file nor the id of a "
            << "selfpab-pretrain encoder stored in " << parser.positionalArguments()[1] << "\n";
        return false;
    }
    request->encoderPath.clear();
    request->encoderModel = encoder;
    return true;
}

// Every epoch's losses (and validation macro F1) on `err`.
ModelTrainer::Observer progressOn(QTextStream& err, const QElapsedTimer& timer)
{
    return [&err, &timer](const TrainingProgress& p) {
        if (!p.epochEnd)
            return;
        QStringList losses;
        for (auto it = p.losses.begin(); it != p.losses.end(); ++it)
            losses << QStringLiteral("%1 %2").arg(it.key()).arg(it.value(), 0, 'f', 4);
        err << QStringLiteral("epoch %1/%2 (%3 s): %4")
                   .arg(p.epoch)
                   .arg(p.epochs)
                   .arg(timer.elapsed() / 1000.0, 0, 'f', 1)
                   .arg(losses.join(QStringLiteral(", ")));
        if (std::isfinite(p.validationMacroF1))
            err << QStringLiteral("; validation macro F1 %1 (best %2)")
                       .arg(p.validationMacroF1, 0, 'f', 4)
                       .arg(p.bestValidationMacroF1, 0, 'f', 4);
        err << "\n";
        if (!p.message.isEmpty())
            err << p.message << "\n";
        err.flush();
    };
}

void printTrained(QTextStream& out, const QString& path, const ModelFile& model, double seconds)
{
    out << "wrote " << path << " (" << model.kind << ", " << model.classIds.size()
        << " classes, trained in " << QString::number(seconds, 'f', 1) << " s";
    if (!model.validation.isEmpty())
        out << "; validation macro F1 "
            << QString::number(model.validation.value("macro_f1").toDouble(), 'f', 4)
            << " at epoch " << model.validation.value("best_epoch").toInt();
    out << ")\n";
}
} // namespace

int TrainCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(arguments);
    QTextStream out(stdout), err(stderr);
    TrainingRequest request;
    if (!readRequest(parser, &request, err))
        return ExitUsage;
    const bool quiet = parser.isSet("quiet");
    bool timeoutOk = false;
    const double rankTimeout = parser.value("rank-timeout").toDouble(&timeoutOk);
    if (!timeoutOk || !(rankTimeout > 0)) {
        err << "kinemark-cli train: --rank-timeout needs a number of seconds above 0\n";
        return ExitUsage;
    }
    return CliArguments::reportingErrors(err, "train", [&] {
        const QString path = parser.positionalArguments()[1];
        Project project = ProjectFile::open(path);
        if (!resolveEncoder(parser, project, &request, err) ||
            !FineTuningOptions::read(parser, project, &request, err))
            return int(ExitUsage);
        QElapsedTimer timer;
        timer.start();
        TorchRuntime::setThreadCount(request.threads);
        if (!quiet)
            err << (request.initModelPath.isEmpty() && request.initModel.isEmpty()
                        ? "training " + request.model
                        : "fine-tuning " + request.initModelPath + request.initModel)
                << " on " << path << " (" << TorchRuntime::describe() << ")\n";
        // Under a launcher with several ranks this process joins the run; every
        // rank trains its share, rank 0 alone writes, and all leave together.
        const LaunchEnvironment launch = LaunchEnvironment::fromSystem();
        std::unique_ptr<ProcessGroup> group;
        if (launch.isDistributed()) {
            if (!quiet)
                err << "data-parallel: " << launch.describe() << "\n";
            group = std::make_unique<ProcessGroup>(
                launch, std::chrono::milliseconds(qint64(rankTimeout * 1000)));
        }
        ModelFile model;
        try {
            model =
                ModelTrainer::train(project, request,
                                    quiet ? ModelTrainer::Observer([](const TrainingProgress&) {})
                                          : progressOn(err, timer));
            if (group && group->rank() != 0) {
                group->barrier(); // rank 0 has written the model
                out << "rank " << group->rank() << " of " << group->worldSize()
                    << ": trained its share; rank 0 wrote the model\n";
                return int(ExitOk);
            }
            model.save(parser.value("output"));
        } catch (const std::exception& e) {
            if (group)
                group->reportFailure(e.what());
            throw;
        }
        if (group)
            group->barrier();
        if (parser.isSet("store")) {
            StoredModel stored;
            stored.kind = model.kind;
            stored.id = QStringLiteral("%1 %2").arg(model.kind, model.created);
            stored.summary = model.summary();
            stored.data = model.toBytes();
            project.models.push_back(stored);
            ProjectFile::save(project, path);
        }
        printTrained(out, parser.value("output"), model, timer.elapsed() / 1000.0);
        out << FineTuningOptions::describe(model);
        return int(ExitOk);
    });
}

} // namespace kinemark
