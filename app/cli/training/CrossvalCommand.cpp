#include "app/cli/training/CrossvalCommand.h"

#include "app/cli/CliCommand.h"
#include "models/training/CrossValidation.h"
#include "core/analysis/CrossValidationSummary.h"
#include "core/base/FormatError.h"
#include "models/registry/ModelRegistry.h"
#include "core/project/ProjectFile.h"
#include "models/runtime/TorchRuntime.h"
#include "models/TrainingError.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace kinemark {

namespace {

// The columns of the fold table: metric key in a fold's metrics, heading.
const std::vector<std::pair<QString, QString>>& columns()
{
    static const std::vector<std::pair<QString, QString>> c = {
        {QStringLiteral("accuracy"), QStringLiteral("accuracy")},
        {QStringLiteral("macro_f1"), QStringLiteral("macro F1")},
        {QStringLiteral("weighted_f1"), QStringLiteral("weighted F1")},
        {QStringLiteral("macro_jaccard"), QStringLiteral("Jaccard")},
        {QStringLiteral("g_mean"), QStringLiteral("G-mean")},
        {QStringLiteral("segmentation_fm"), QStringLiteral("Fm")},
    };
    return c;
}

void printResult(QTextStream& out, const QJsonObject& result, double seconds)
{
    const QJsonArray folds = result.value("folds").toArray();
    out << result.value("model").toString() << ", "
        << (result.value("scheme").toString() == QLatin1String("loso")
                ? QStringLiteral("leave one subject out")
                : QStringLiteral("subject folds"))
        << ", " << folds.size() << " folds, " << result.value("level").toString() << " level ("
        << QString::number(seconds, 'f', 1) << " s)\n";
    out << QStringLiteral("%1 %2")
               .arg(QStringLiteral("fold"), -5)
               .arg(QStringLiteral("held out"), -20);
    for (const auto& [key, heading] : columns())
        out << QStringLiteral(" %1").arg(heading, 15);
    out << "\n";
    for (const QJsonValue& v : folds) {
        const QJsonObject fold = v.toObject();
        QStringList held;
        for (const QJsonValue& s : fold.value("validation_subjects").toArray())
            held << s.toString();
        QString subjects = held.join(QLatin1Char(','));
        if (subjects.size() > 20)
            subjects = subjects.left(17) + QStringLiteral("...");
        out << QStringLiteral("%1 %2").arg(fold.value("fold").toInt(), -5).arg(subjects, -20);
        const QJsonObject m = fold.value("metrics").toObject();
        for (const auto& [key, heading] : columns())
            out << QStringLiteral(" %1").arg(m.value(key).toDouble(), 15, 'f', 4);
        out << "\n";
    }
    const QJsonObject summary = result.value("summary").toObject();
    out << QStringLiteral("%1").arg(QStringLiteral("mean \u00b1 std"), -26);
    for (const auto& [key, heading] : columns())
        out << QStringLiteral(" %1").arg(
            CrossValidationSummary::format(summary.value(key).toObject(), 3), 15);
    out << "\n";
    const QJsonObject pooled = result.value("pooled").toObject();
    out << QStringLiteral("%1").arg(QStringLiteral("pooled"), -26);
    for (const auto& [key, heading] : columns())
        out << (pooled.contains(key)
                    ? QStringLiteral(" %1").arg(pooled.value(key).toDouble(), 15, 'f', 4)
                    : QStringLiteral(" %1").arg(QStringLiteral("-"), 15));
    out << "\n";
}

} // namespace

int CrossvalCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Subject-wise cross-validation: for every fold a fresh model is trained on "
                       "the other subjects "
                       "(its last epoch: the held-out subjects do not choose it) and evaluated on "
                       "the fold's subjects. "
                       "Prints each fold's metrics, mean \u00b1 std over the folds, and the pooled "
                       "figures. Models: %1.")
            .arg(ModelRegistry::ids(ModelInfo::Purpose::Classifier).join(QStringLiteral(", "))));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("crossval"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("project file (.kmk)"));
    parser.addOption({"model", "Model to cross-validate.", "ID"});
    parser.addOption({"folds", "loso (leave one subject out) or a number of subject folds K >= 2.",
                      "loso|K", "loso"});
    parser.addOption({"subjects", "Only these subjects (default: all with ground truth).", "IDS"});
    parser.addOption(
        {"classes", "Class ids to learn (default: every class of the label set present).", "IDS"});
    parser.addOption({"epochs", "Epochs per fold (default: the paper's).", "N"});
    parser.addOption({"seed", "Random seed of the folds and the training (default 1).", "S", "1"});
    parser.addOption({"threads", "LibTorch threads (default: all cores).", "T", "0"});
    parser.addOption({"set", "Hyperparameter, e.g. --set lr=0.0005 (repeatable).", "KEY=VALUE"});
    parser.addOption(
        {"store", "Also store the result in the project file (Analysis > model comparison)."});
    parser.addOption(
        {"json", "Print the whole result as JSON (every fold's evaluation per subject)."});
    parser.addOption({"quiet", "No progress on stderr."});
    parser.process(arguments);

    QTextStream out(stdout), err(stderr);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2 || !parser.isSet("model")) {
        err << "kinemark-cli crossval: usage: crossval <project.kmk> --model "
            << ModelRegistry::ids(ModelInfo::Purpose::Classifier).join('|')
            << " --folds loso|K [--json]\n";
        return ExitUsage;
    }
    CrossValidationRequest request;
    request.training.model = parser.value("model");
    bool ok = true;
    const QString folds = parser.value("folds");
    if (folds.compare(QLatin1String("loso"), Qt::CaseInsensitive) != 0) {
        request.folds = folds.toInt(&ok);
        if (!ok || request.folds < 2) {
            err << "kinemark-cli crossval: --folds needs 'loso' or a number of folds of at least "
                   "2, not '"
                << folds << "'\n";
            return ExitUsage;
        }
    }
    request.training.seed = parser.value("seed").toULongLong(&ok);
    if (!ok) {
        err << "kinemark-cli crossval: --seed needs a non-negative integer\n";
        return ExitUsage;
    }
    request.training.threads = parser.value("threads").toInt(&ok);
    if (!ok) {
        err << "kinemark-cli crossval: --threads needs an integer\n";
        return ExitUsage;
    }
    for (const QString& id : parser.value("classes").split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        request.training.classIds.push_back(id.toInt(&ok));
        if (!ok) {
            err << "kinemark-cli crossval: --classes needs class ids such as 1,2,3, not '" << id
                << "'\n";
            return ExitUsage;
        }
    }
    request.subjects = parser.value("subjects").split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parser.isSet("epochs"))
        request.training.hyperparameters[QStringLiteral("epochs")] = parser.value("epochs");
    for (const QString& kv : parser.values("set")) {
        const qsizetype eq = kv.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            err << "kinemark-cli crossval: --set needs KEY=VALUE, not '" << kv << "'\n";
            return ExitUsage;
        }
        request.training.hyperparameters[kv.left(eq)] = kv.mid(eq + 1);
    }
    const bool quiet = parser.isSet("quiet");
    try {
        Project project = ProjectFile::open(pos[1]);
        TorchRuntime::setThreadCount(request.training.threads);
        QElapsedTimer timer;
        timer.start();
        if (!quiet)
            err << "cross-validating " << request.training.model << " on " << pos[1] << " ("
                << TorchRuntime::describe() << ")\n";
        int evaluationAnnounced = 0; // the last fold whose evaluation was announced
        const auto observer = [&](const CrossValidationProgress& p) {
            if (quiet || !(p.training.epochEnd || (p.evaluating && p.fold != evaluationAnnounced)))
                return;
            if (p.evaluating)
                evaluationAnnounced = p.fold;
            err << QStringLiteral("%1 (%2 s)").arg(p.what).arg(timer.elapsed() / 1000.0, 0, 'f', 1);
            if (p.training.epochEnd && p.training.losses.contains(QStringLiteral("total")))
                err << QStringLiteral(": loss %1")
                           .arg(p.training.losses.value(QStringLiteral("total")), 0, 'f', 4);
            err << "\n";
            err.flush();
        };
        const QJsonObject result = CrossValidation::run(project, request, observer);
        if (parser.isSet("store")) {
            StoredResult stored;
            stored.kind = QString::fromLatin1(StoredResult::kCrossValidation);
            stored.model = request.training.model;
            stored.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
            stored.id = StoredResult::makeId(stored.kind, stored.model, stored.created,
                                             project.resultIds());
            stored.result = result;
            project.results.push_back(stored);
            ProjectFile::save(project, pos[1]);
            if (!quiet)
                err << "stored as '" << stored.id << "' in " << pos[1] << "\n";
        }
        if (parser.isSet("json"))
            out << QJsonDocument(result).toJson(QJsonDocument::Indented);
        else
            printResult(out, result, timer.elapsed() / 1000.0);
        return ExitOk;
    } catch (const FormatError& e) {
        err << "kinemark-cli crossval: " << e.what() << "\n";
    } catch (const TrainingError& e) {
        err << "kinemark-cli crossval: " << e.what() << "\n";
    } catch (const std::invalid_argument& e) {
        err << "kinemark-cli crossval: " << e.what() << "\n";
        return ExitUsage;
    } catch (const std::exception& e) {
        err << "kinemark-cli crossval: " << e.what() << "\n";
    }
    return ExitFailure;
}

} // namespace kinemark
