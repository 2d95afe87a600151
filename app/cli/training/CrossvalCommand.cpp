#include "app/cli/training/CrossvalCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "core/analysis/CrossValidationSummary.h"
#include "core/project/ProjectFile.h"
#include "models/registry/ModelRegistry.h"
#include "models/runtime/TorchRuntime.h"
#include "models/training/CrossValidation.h"

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

void addOptions(QCommandLineParser& parser)
{
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
}

// The cross-validation request; false after a usage error on `err`.
bool readRequest(const QCommandLineParser& parser, CrossValidationRequest* request,
                 QTextStream& err)
{
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2 || !parser.isSet("model")) {
        err << "kinemark-cli crossval: usage: crossval <project.kmk> --model "
            << ModelRegistry::ids(ModelInfo::Purpose::Classifier).join('|')
            << " --folds loso|K [--json]\n";
        return false;
    }
    request->training.model = parser.value("model");
    bool ok = true;
    const QString folds = parser.value("folds");
    if (folds.compare(QLatin1String("loso"), Qt::CaseInsensitive) != 0) {
        request->folds = folds.toInt(&ok);
        if (!ok || request->folds < 2) {
            err << "kinemark-cli crossval: --folds needs 'loso' or a number of folds of at least "
                   "2, not '"
                << folds << "'\n";
            return false;
        }
    }
    request->training.seed = parser.value("seed").toULongLong(&ok);
    if (!ok) {
        err << "kinemark-cli crossval: --seed needs a non-negative integer\n";
        return false;
    }
    request->training.threads = parser.value("threads").toInt(&ok);
    if (!ok) {
        err << "kinemark-cli crossval: --threads needs an integer\n";
        return false;
    }
    QString bad;
    if (!CliArguments::classIds(parser, &request->training.classIds, &bad)) {
        err << "kinemark-cli crossval: --classes needs class ids such as 1,2,3, not '" << bad
            << "'\n";
        return false;
    }
    request->subjects = CliArguments::list(parser, "subjects");
    return CliArguments::hyperparameters(parser, &request->training.hyperparameters, err,
                                         "crossval");
}

// Each fold's epochs and the start of each fold's evaluation on `err`.
CrossValidation::Observer progressOn(QTextStream& err, const QElapsedTimer& timer)
{
    // The last fold whose evaluation was announced.
    auto evaluationAnnounced = std::make_shared<int>(0);
    return [&err, &timer, evaluationAnnounced](const CrossValidationProgress& p) {
        if (!(p.training.epochEnd || (p.evaluating && p.fold != *evaluationAnnounced)))
            return;
        if (p.evaluating)
            *evaluationAnnounced = p.fold;
        err << QStringLiteral("%1 (%2 s)").arg(p.what).arg(timer.elapsed() / 1000.0, 0, 'f', 1);
        if (p.training.epochEnd && p.training.losses.contains(QStringLiteral("total")))
            err << QStringLiteral(": loss %1")
                       .arg(p.training.losses.value(QStringLiteral("total")), 0, 'f', 4);
        err << "\n";
        err.flush();
    };
}

// Keeps the result in the project file; returns its id there.
QString store(const QString& path, Project& project, const QString& model,
              const QJsonObject& result)
{
    StoredResult stored;
    stored.kind = QString::fromLatin1(StoredResult::kCrossValidation);
    stored.model = model;
    stored.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    stored.id =
        StoredResult::makeId(stored.kind, stored.model, stored.created, project.resultIds());
    stored.result = result;
    project.results.push_back(stored);
    ProjectFile::save(project, path);
    return stored.id;
}

} // namespace

int CrossvalCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(arguments);
    QTextStream out(stdout), err(stderr);
    CrossValidationRequest request;
    if (!readRequest(parser, &request, err))
        return ExitUsage;
    const bool quiet = parser.isSet("quiet");
    return CliArguments::reportingErrors(err, "crossval", [&] {
        const QString path = parser.positionalArguments()[1];
        Project project = ProjectFile::open(path);
        TorchRuntime::setThreadCount(request.training.threads);
        QElapsedTimer timer;
        timer.start();
        if (!quiet)
            err << "cross-validating " << request.training.model << " on " << path << " ("
                << TorchRuntime::describe() << ")\n";
        const QJsonObject result = CrossValidation::run(
            project, request,
            quiet ? CrossValidation::Observer([](const CrossValidationProgress&) {})
                  : progressOn(err, timer));
        if (parser.isSet("store")) {
            const QString id = store(path, project, request.training.model, result);
            if (!quiet)
                err << "stored as '" << id << "' in " << path << "\n";
        }
        if (parser.isSet("json"))
            out << QJsonDocument(result).toJson(QJsonDocument::Indented);
        else
            printResult(out, result, timer.elapsed() / 1000.0);
        return int(ExitOk);
    });
}

} // namespace kinemark
