#include "app/cli/CliCommand.h"
#include "core/base/FormatError.h"
#include "app/cli/training/ModelCommands.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/ModelTrainer.h"
#include "core/project/ProjectFile.h"
#include "models/runtime/TorchRuntime.h"
#include "models/TrainingError.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QTextStream>
#include <algorithm>
#include <cmath>

namespace kinemark {

namespace {
QStringList listOption(const QCommandLineParser& parser, const char* name)
{
    return parser.value(QLatin1String(name)).split(QLatin1Char(','), Qt::SkipEmptyParts);
}
} // namespace

int TrainCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
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
    parser.addOption({"store", "Also store the model in the project file."});
    parser.addOption({{"o", "output"}, "Model file to write.", "FILE"});
    parser.addOption({"quiet", "No progress on stderr."});
    parser.process(arguments);

    QTextStream out(stdout), err(stderr);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2 || !parser.isSet("model") || !parser.isSet("output")) {
        err << "kinemark-cli train: usage: train <project.kmk> --model "
            << ModelRegistry::ids().join('|') << " -o model.kmodel [options]\n";
        return ExitUsage;
    }
    TrainingRequest request;
    request.model = parser.value("model");
    bool ok = true;
    request.seed = parser.value("seed").toULongLong(&ok);
    if (!ok) {
        err << "kinemark-cli train: --seed needs a non-negative integer\n";
        return ExitUsage;
    }
    request.threads = parser.value("threads").toInt(&ok);
    if (!ok) {
        err << "kinemark-cli train: --threads needs an integer\n";
        return ExitUsage;
    }
    for (const QString& id : listOption(parser, "classes")) {
        request.classIds.push_back(id.toInt(&ok));
        if (!ok) {
            err << "kinemark-cli train: --classes needs class ids such as 1,2,3, not '" << id
                << "'\n";
            return ExitUsage;
        }
    }
    request.encoderPath = parser.value("encoder");
    request.validationSubjects = listOption(parser, "val-subjects");
    request.trainingSubjects = listOption(parser, "train-subjects");
    if (parser.isSet("epochs"))
        request.hyperparameters[QStringLiteral("epochs")] = parser.value("epochs");
    for (const QString& kv : parser.values("set")) {
        const qsizetype eq = kv.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            err << "kinemark-cli train: --set needs KEY=VALUE, not '" << kv << "'\n";
            return ExitUsage;
        }
        request.hyperparameters[kv.left(eq)] = kv.mid(eq + 1);
    }
    const bool quiet = parser.isSet("quiet");
    try {
        Project project = ProjectFile::open(pos[1]);
        // --encoder: a file when there is one, else a stored encoder's id.
        const QString encoder = parser.value("encoder");
        if (!encoder.isEmpty() && !QFileInfo::exists(encoder)) {
            const bool stored = std::any_of(
                project.models.begin(), project.models.end(), [&](const StoredModel& m) {
                    return m.id == encoder && m.kind == QLatin1String("selfpab-pretrain");
                });
            if (!stored) {
                err << "kinemark-cli train: --encoder '" << encoder
                    << "' is neither a file nor the id of a "
                    << "selfpab-pretrain encoder stored in " << pos[1] << "\n";
                return ExitUsage;
            }
            request.encoderPath.clear();
            request.encoderModel = encoder;
        }
        QElapsedTimer timer;
        timer.start();
        const auto observer = [&](const TrainingProgress& p) {
            if (quiet || !p.epochEnd)
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
        TorchRuntime::setThreadCount(request.threads);
        if (!quiet)
            err << "training " << request.model << " on " << pos[1] << " ("
                << TorchRuntime::describe() << ")\n";
        const ModelFile model = ModelTrainer::train(project, request, observer);
        model.save(parser.value("output"));
        if (parser.isSet("store")) {
            StoredModel stored;
            stored.kind = model.kind;
            stored.id = QStringLiteral("%1 %2").arg(model.kind, model.created);
            stored.summary = model.summary();
            stored.data = model.toBytes();
            project.models.push_back(stored);
            ProjectFile::save(project, pos[1]);
        }
        out << "wrote " << parser.value("output") << " (" << model.kind << ", "
            << model.classIds.size() << " classes, trained in "
            << QString::number(timer.elapsed() / 1000.0, 'f', 1) << " s";
        if (!model.validation.isEmpty())
            out << "; validation macro F1 "
                << QString::number(model.validation.value("macro_f1").toDouble(), 'f', 4)
                << " at epoch " << model.validation.value("best_epoch").toInt();
        out << ")\n";
        return ExitOk;
    } catch (const FormatError& e) {
        err << "kinemark-cli train: " << e.what() << "\n";
    } catch (const TrainingError& e) {
        err << "kinemark-cli train: " << e.what() << "\n";
    } catch (const std::invalid_argument& e) {
        err << "kinemark-cli train: " << e.what() << "\n";
        return ExitUsage;
    } catch (const std::exception& e) {
        err << "kinemark-cli train: " << e.what() << "\n";
    }
    return ExitFailure;
}

} // namespace kinemark
