#include "app/cli/training/AblateCommand.h"

#include "app/cli/CliCommand.h"
#include "core/base/FormatError.h"
#include "models/inference/ModelEvaluator.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/ModelTrainer.h"
#include "core/project/ProjectFile.h"
#include "models/runtime/TorchRuntime.h"
#include "models/TrainingError.h"
#include "app/cli/training/UsadAblateCommand.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <cmath>

namespace kinemark {

namespace {
struct Variant
{
    int number;
    QString name;
    QVariantMap overrides;
};

// The paper's ablation. "No contrast" keeps cross-entropy and the smoothing
// term (MS-TCN's own loss); only the contrastive parts are switched.
std::vector<Variant> variants()
{
    const auto off = QVariantMap{{QStringLiteral("contrast_lambda"), 0.0}};
    return {
        {1, QStringLiteral("single stage, CE"),
         QVariantMap{{QStringLiteral("stages"), 1}, {QStringLiteral("contrast_lambda"), 0.0}}},
        {2, QStringLiteral("multi-stage, CE"), off},
        {3, QStringLiteral("single stage + sample & segment contrast"),
         QVariantMap{{QStringLiteral("stages"), 1}}},
        {4, QStringLiteral("multi-stage + sample contrast"),
         QVariantMap{{QStringLiteral("segment_contrast"), false}}},
        {5, QStringLiteral("full (multi-stage + both contrasts)"), QVariantMap{}},
    };
}
} // namespace

int AblateCommand::run(const QStringList& arguments)
{
    // kinemark-cli ablate usad ...: seed 002's ablation has its own variants and table.
    if (arguments.size() > 2 && arguments.mid(2).contains(QStringLiteral("usad")))
        return UsadAblateCommand::run(arguments);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Train the ablation variants of a model with the same seed and subjects and compare their "
        "segmentation metrics on the validation subjects. Model: mstcn (usad: see ablate usad --help)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("ablate"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("model"), QStringLiteral("mstcn"));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("project file (.kmk)"));
    parser.addOption(
        {"val-subjects", "Validation subjects (held out of training, evaluated).", "IDS"});
    parser.addOption(
        {"variants", "Only these variants, in this order (default 1,2,3,4,5).", "LIST"});
    parser.addOption({"classes", "Class ids to learn (default: every class present).", "IDS"});
    parser.addOption({"epochs", "Epochs of every variant (default: the registry's).", "N"});
    parser.addOption({"seed", "Random seed (default 1).", "S", "1"});
    parser.addOption({"threads", "LibTorch threads (default: all cores).", "T", "0"});
    parser.addOption(
        {"set", "Hyperparameter of every variant, e.g. --set chunk_length=4096.", "KEY=VALUE"});
    parser.addOption({"out-dir", "Write each variant's model there as mstcn-<n>.kmodel.", "DIR"});
    parser.addOption({"json", "Print the table as JSON."});
    parser.addOption({"quiet", "No progress on stderr."});
    parser.process(arguments);
    QTextStream out(stdout), err(stderr);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 3 || pos[1] != QLatin1String("mstcn")) {
        err << "kinemark-cli ablate: usage: ablate mstcn <project.kmk> [--val-subjects a,b] "
               "[--epochs N]\n";
        return ExitUsage;
    }
    TrainingRequest base;
    base.model = pos[1];
    bool ok = true;
    base.seed = parser.value("seed").toULongLong(&ok);
    if (ok)
        base.threads = parser.value("threads").toInt(&ok);
    if (!ok) {
        err << "kinemark-cli ablate: --seed and --threads need integers\n";
        return ExitUsage;
    }
    for (const QString& id : parser.value("classes").split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        base.classIds.push_back(id.toInt(&ok));
        if (!ok) {
            err << "kinemark-cli ablate: --classes needs class ids such as 1,2,3\n";
            return ExitUsage;
        }
    }
    base.validationSubjects =
        parser.value("val-subjects").split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (base.validationSubjects.isEmpty()) {
        err << "kinemark-cli ablate: --val-subjects is needed (the variants are compared on "
               "them)\n";
        return ExitUsage;
    }
    if (parser.isSet("epochs"))
        base.hyperparameters[QStringLiteral("epochs")] = parser.value("epochs");
    for (const QString& kv : parser.values("set")) {
        const qsizetype eq = kv.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            err << "kinemark-cli ablate: --set needs KEY=VALUE, not '" << kv << "'\n";
            return ExitUsage;
        }
        base.hyperparameters[kv.left(eq)] = kv.mid(eq + 1);
    }
    std::vector<Variant> chosen;
    const QStringList wanted = parser.value("variants").split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const Variant& v : variants())
        if (wanted.isEmpty())
            chosen.push_back(v);
    for (const QString& w : wanted) {
        const int n = w.toInt(&ok);
        if (!ok || n < 1 || n > 5) {
            err << "kinemark-cli ablate: --variants takes numbers 1 to 5, not '" << w << "'\n";
            return ExitUsage;
        }
        chosen.push_back(variants()[size_t(n - 1)]);
    }
    const bool quiet = parser.isSet("quiet");
    try {
        const Project project = ProjectFile::open(pos[2]);
        TorchRuntime::setThreadCount(base.threads);
        if (!quiet)
            err << "ablation of mstcn on " << pos[2] << " (" << TorchRuntime::describe() << ")\n";
        const QString header = QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8  %9")
                                   .arg(QStringLiteral("variant"), -44)
                                   .arg(QStringLiteral("Fm"), 6)
                                   .arg(QStringLiteral("Jaccard"), 7)
                                   .arg(QStringLiteral("edit"), 6)
                                   .arg(QStringLiteral("F1@10"), 6)
                                   .arg(QStringLiteral("F1@25"), 6)
                                   .arg(QStringLiteral("F1@50"), 6)
                                   .arg(QStringLiteral("epoch"), 5)
                                   .arg(QStringLiteral("train s"), 7);
        if (!parser.isSet("json"))
            out << header << "\n" << Qt::flush;
        QJsonArray rows;
        for (const Variant& v : chosen) {
            TrainingRequest request = base;
            for (auto it = v.overrides.begin(); it != v.overrides.end(); ++it)
                request.hyperparameters[it.key()] = it.value();
            QElapsedTimer timer;
            timer.start();
            const auto observer = [&](const TrainingProgress& p) {
                if (quiet || !p.epochEnd)
                    return;
                err << QStringLiteral("(%1) epoch %2/%3 (%4 s): loss %5, validation macro F1 %6\n")
                           .arg(v.number)
                           .arg(p.epoch)
                           .arg(p.epochs)
                           .arg(timer.elapsed() / 1000.0, 0, 'f', 1)
                           .arg(p.losses.value(QStringLiteral("total")), 0, 'f', 4)
                           .arg(p.validationMacroF1, 0, 'f', 4);
                if (!p.message.isEmpty())
                    err << p.message << "\n";
                err.flush();
            };
            const ModelFile model = ModelTrainer::train(project, request, observer);
            const double seconds = timer.elapsed() / 1000.0;
            if (parser.isSet("out-dir")) {
                QDir().mkpath(parser.value("out-dir"));
                model.save(QDir(parser.value("out-dir"))
                               .filePath(QStringLiteral("mstcn-%1.kmodel").arg(v.number)));
            }
            const QJsonObject evaluation =
                ModelEvaluator::evaluate(model, project, base.validationSubjects);
            const QJsonObject m =
                evaluation.value("segmentation").toObject().value("overall").toObject();
            QJsonObject row = m;
            row[QStringLiteral("variant")] = v.number;
            row[QStringLiteral("name")] = v.name;
            row[QStringLiteral("best_epoch")] = model.validation.value("best_epoch").toInt();
            row[QStringLiteral("training_seconds")] = seconds;
            rows.append(row);
            if (!parser.isSet("json"))
                out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8  %9")
                           .arg(QStringLiteral("(%1) %2").arg(v.number).arg(v.name), -44)
                           .arg(100 * m.value("fm").toDouble(), 6, 'f', 2)
                           .arg(100 * m.value("jaccard").toDouble(), 7, 'f', 2)
                           .arg(100 * m.value("edit").toDouble(), 6, 'f', 2)
                           .arg(100 * m.value("f1_at_10").toDouble(), 6, 'f', 2)
                           .arg(100 * m.value("f1_at_25").toDouble(), 6, 'f', 2)
                           .arg(100 * m.value("f1_at_50").toDouble(), 6, 'f', 2)
                           .arg(model.validation.value("best_epoch").toInt(), 5)
                           .arg(seconds, 7, 'f', 0)
                    << "\n"
                    << Qt::flush;
        }
        if (parser.isSet("json"))
            out << QJsonDocument(rows).toJson(QJsonDocument::Indented);
        return ExitOk;
    } catch (const FormatError& e) {
        err << "kinemark-cli ablate: " << e.what() << "\n";
    } catch (const TrainingError& e) {
        err << "kinemark-cli ablate: " << e.what() << "\n";
    } catch (const std::invalid_argument& e) {
        err << "kinemark-cli ablate: " << e.what() << "\n";
        return ExitUsage;
    } catch (const std::exception& e) {
        err << "kinemark-cli ablate: " << e.what() << "\n";
    }
    return ExitFailure;
}

} // namespace kinemark
