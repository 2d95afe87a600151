#include "app/cli/training/AblateCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "app/cli/training/AblationRun.h"
#include "app/cli/training/UsadAblateCommand.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace kinemark {

namespace {
// The paper's ablation. "No contrast" keeps cross-entropy and the smoothing
// term (MS-TCN's own loss); only the contrastive parts are switched.
std::vector<AblationVariant> variants()
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

// The ablations `ablate` knows, the first the default of `ablate --help`.
const QStringList& ablations()
{
    static const QStringList names{QStringLiteral("mstcn"), QStringLiteral("usad")};
    return names;
}

void addOptions(QCommandLineParser& parser)
{
    AblationRun::addOptions(
        parser, {QStringLiteral("Train the ablation variants of a model with the same seed and "
                                "subjects and compare their segmentation metrics on the validation "
                                "subjects. Model: mstcn (usad: see ablate usad --help)."),
                 QStringLiteral("mstcn"),
                 int(variants().size()),
                 QStringLiteral("chunk_length=4096"),
                 QStringLiteral("Print the table as JSON."),
                 {}});
}

// The base request and the chosen variants; false after a usage error on `err`.
bool readRequest(const QCommandLineParser& parser, TrainingRequest* base,
                 std::vector<AblationVariant>* chosen, QTextStream& err)
{
    const QStringList pos = parser.positionalArguments();
    if (pos.size() >= 2 && !ablations().contains(pos[1])) {
        err << "kinemark-cli ablate: unknown ablation '" << pos[1]
            << "' (known: " << ablations().join(QStringLiteral(", ")) << ")\n";
        return false;
    }
    if (pos.size() < 3) {
        err << "kinemark-cli ablate: usage: ablate mstcn <project.kmk> [--val-subjects a,b] "
               "[--epochs N]\n";
        return false;
    }
    base->model = pos[1];
    bool ok = true;
    base->seed = parser.value("seed").toULongLong(&ok);
    if (ok)
        base->threads = parser.value("threads").toInt(&ok);
    if (!ok) {
        err << "kinemark-cli ablate: --seed and --threads need integers\n";
        return false;
    }
    return AblationRun::readOptions(parser, variants(), base, chosen, err);
}

// The table: segmentation metrics (%), best epoch, training seconds.
const AblationTable kTable{44,
                           {QStringLiteral("Fm"), QStringLiteral("Jaccard"), QStringLiteral("edit"),
                            QStringLiteral("F1@10"), QStringLiteral("F1@25"),
                            QStringLiteral("F1@50")},
                           {"fm", "jaccard", "edit", "f1_at_10", "f1_at_25", "f1_at_50"},
                           {6, 7, 6, 6, 6, 6, 5, 7}};

// A variant's progress on `err`: one line per epoch (none when quiet).
AblationRun::Observer progressOf(const AblationVariant& v, bool quiet, QTextStream& err)
{
    return [&v, quiet, &err](const TrainingProgress& p, double seconds) {
        if (quiet || !p.epochEnd)
            return;
        err << QStringLiteral("(%1) epoch %2/%3 (%4 s): loss %5, validation macro F1 %6\n")
                   .arg(v.number)
                   .arg(p.epoch)
                   .arg(p.epochs)
                   .arg(seconds, 0, 'f', 1)
                   .arg(p.losses.value(QStringLiteral("total")), 0, 'f', 4)
                   .arg(p.validationMacroF1, 0, 'f', 4);
        if (!p.message.isEmpty())
            err << p.message << "\n";
        err.flush();
    };
}

// One variant's row: the segmentation metrics on the validation subjects.
QJsonObject row(const AblationVariant& v, const AblationRun::Outcome& o)
{
    QJsonObject row = o.evaluation.value("segmentation").toObject().value("overall").toObject();
    AblationRun::describe(v, o, &row);
    return row;
}
} // namespace

int AblateCommand::run(const QStringList& arguments)
{
    // kinemark-cli ablate usad ...: seed 002's ablation has its own variants and table.
    if (arguments.size() > 2 && arguments.mid(2).contains(QStringLiteral("usad")))
        return UsadAblateCommand::run(arguments);
    return AblationRun::runCommand(
        arguments, addOptions, readRequest,
        [](const AblationRun& ablation, const std::vector<AblationVariant>& chosen,
           const QCommandLineParser& parser, QTextStream& out, QTextStream& err) {
            const bool quiet = parser.isSet("quiet"), json = parser.isSet("json");
            const QJsonArray rows = ablation.runAll(
                chosen, kTable, json, out,
                [&](const AblationVariant& v) { return progressOf(v, quiet, err); }, row);
            if (json)
                out << QJsonDocument(rows).toJson(QJsonDocument::Indented);
            return int(ExitOk);
        });
}

} // namespace kinemark
