#include "app/cli/training/AblationRun.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "core/project/ProjectFile.h"
#include "models/inference/ModelEvaluator.h"
#include "models/runtime/TorchRuntime.h"
#include "models/training/ModelTrainer.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QTextStream>

namespace kinemark {

bool AblationRun::readOptions(const QCommandLineParser& parser,
                              const std::vector<AblationVariant>& all, TrainingRequest* base,
                              std::vector<AblationVariant>* chosen, QTextStream& err)
{
    QString bad;
    if (!CliArguments::classIds(parser, &base->classIds, &bad)) {
        err << "kinemark-cli ablate: --classes needs class ids such as 1,2,3\n";
        return false;
    }
    base->validationSubjects = CliArguments::list(parser, "val-subjects");
    if (base->validationSubjects.isEmpty()) {
        err << "kinemark-cli ablate: --val-subjects is needed (the variants are compared on "
               "them)\n";
        return false;
    }
    if (!CliArguments::hyperparameters(parser, &base->hyperparameters, err, "ablate"))
        return false;
    const QStringList wanted = CliArguments::list(parser, "variants");
    if (wanted.isEmpty())
        *chosen = all;
    for (const QString& w : wanted) {
        bool ok = false;
        const int n = w.toInt(&ok);
        if (!ok || n < 1 || n > int(all.size())) {
            err << "kinemark-cli ablate: --variants takes numbers 1 to " << all.size() << ", not '"
                << w << "'\n";
            return false;
        }
        chosen->push_back(all[size_t(n - 1)]);
    }
    return true;
}

AblationRun::AblationRun(const QString& projectPath, const TrainingRequest& base,
                         const QString& outDir, bool quiet, QTextStream& err)
    : m_project(ProjectFile::open(projectPath)), m_base(base), m_outDir(outDir)
{
    TorchRuntime::setThreadCount(base.threads);
    if (!quiet)
        err << "ablation of " << base.model << " on " << projectPath << " ("
            << TorchRuntime::describe() << ")\n";
}

AblationRun::Outcome AblationRun::run(const AblationVariant& variant,
                                      const Observer& observer) const
{
    TrainingRequest request = m_base;
    for (auto it = variant.overrides.begin(); it != variant.overrides.end(); ++it)
        request.hyperparameters[it.key()] = it.value();
    QElapsedTimer timer;
    timer.start();
    Outcome outcome;
    outcome.model = ModelTrainer::train(m_project, request, [&](const TrainingProgress& p) {
        observer(p, timer.elapsed() / 1000.0);
    });
    outcome.seconds = timer.elapsed() / 1000.0;
    if (!m_outDir.isEmpty()) {
        QDir().mkpath(m_outDir);
        outcome.model.save(QDir(m_outDir).filePath(
            QStringLiteral("%1-%2.kmodel").arg(m_base.model).arg(variant.number)));
    }
    outcome.evaluation =
        ModelEvaluator::evaluate(outcome.model, m_project, m_base.validationSubjects);
    return outcome;
}

void AblationRun::addOptions(QCommandLineParser& parser, const Help& help)
{
    parser.setApplicationDescription(help.description);
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("ablate"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("model"), help.model);
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("project file (.kmk)"));
    QStringList numbers;
    for (int i = 1; i <= help.variants; ++i)
        numbers << QString::number(i);
    parser.addOption(
        {"val-subjects", "Validation subjects (held out of training, evaluated).", "IDS"});
    parser.addOption(
        {"variants",
         QStringLiteral("Only these variants, in this order (default %1).").arg(numbers.join(',')),
         "LIST"});
    parser.addOption({"classes", "Class ids to learn (default: every class present).", "IDS"});
    parser.addOption({"epochs", "Epochs of every variant (default: the registry's).", "N"});
    for (const QCommandLineOption& option : help.afterEpochs)
        parser.addOption(option);
    parser.addOption({"seed", "Random seed (default 1).", "S", "1"});
    parser.addOption({"threads", "LibTorch threads (default: all cores).", "T", "0"});
    parser.addOption(
        {"set",
         QStringLiteral("Hyperparameter of every variant, e.g. --set %1.").arg(help.setExample),
         "KEY=VALUE"});
    parser.addOption(
        {"out-dir",
         QStringLiteral("Write each variant's model there as %1-<n>.kmodel.").arg(help.model),
         "DIR"});
    parser.addOption({"json", help.jsonHelp});
    parser.addOption({"quiet", "No progress on stderr."});
}

int AblationRun::runCommand(const QStringList& arguments,
                            const std::function<void(QCommandLineParser&)>& addOptions,
                            const ReadOptions& read, const Body& body)
{
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(arguments);
    QTextStream out(stdout), err(stderr);
    TrainingRequest base;
    std::vector<AblationVariant> chosen;
    if (!read(parser, &base, &chosen, err))
        return ExitUsage;
    return CliArguments::reportingErrors(err, "ablate", [&] {
        const AblationRun ablation(parser.positionalArguments()[2], base, parser.value("out-dir"),
                                   parser.isSet("quiet"), err);
        return body(ablation, chosen, parser, out, err);
    });
}

QJsonArray AblationRun::runAll(
    const std::vector<AblationVariant>& chosen, const AblationTable& table, bool json,
    QTextStream& out, const std::function<Observer(const AblationVariant&)>& observerOf,
    const std::function<QJsonObject(const AblationVariant&, const Outcome&)>& rowOf) const
{
    if (!json)
        out << tableLine(QStringLiteral("variant"), table.variantWidth,
                         table.headers +
                             QStringList{QStringLiteral("epoch"), QStringLiteral("train s")},
                         table.widths)
            << "\n"
            << Qt::flush;
    QJsonArray rows;
    for (const AblationVariant& v : chosen) {
        const QJsonObject r = rowOf(v, run(v, observerOf(v)));
        rows.append(r);
        if (!json)
            out << tableRow(v, table.variantWidth, r, table.metrics, table.widths) << "\n"
                << Qt::flush;
    }
    return rows;
}

void AblationRun::describe(const AblationVariant& variant, const Outcome& outcome, QJsonObject* row)
{
    (*row)[QStringLiteral("variant")] = variant.number;
    (*row)[QStringLiteral("name")] = variant.name;
    (*row)[QStringLiteral("best_epoch")] = outcome.model.validation.value("best_epoch").toInt();
    (*row)[QStringLiteral("training_seconds")] = outcome.seconds;
}

QString AblationRun::tableLine(const QString& first, int firstWidth, const QStringList& cells,
                               const std::vector<int>& widths)
{
    QString line = QStringLiteral("%1").arg(first, -firstWidth);
    for (int i = 0; i < cells.size(); ++i)
        line += QStringLiteral("  %1").arg(cells[i], widths[size_t(i)]);
    return line;
}

QString AblationRun::tableRow(const AblationVariant& variant, int firstWidth,
                              const QJsonObject& row, const std::vector<const char*>& metrics,
                              const std::vector<int>& widths)
{
    QStringList cells;
    for (const char* key : metrics)
        cells << QString::number(100 * row.value(QLatin1String(key)).toDouble(), 'f', 2);
    cells << QString::number(row.value(QStringLiteral("best_epoch")).toInt())
          << QString::number(row.value(QStringLiteral("training_seconds")).toDouble(), 'f', 0);
    return tableLine(QStringLiteral("(%1) %2").arg(variant.number).arg(variant.name), firstWidth,
                     cells, widths);
}

} // namespace kinemark
