#include "app/cli/training/UsadAblateCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "app/cli/training/AblationRun.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <algorithm>

namespace kinemark {

namespace {
// Each variant adds one component to the one before. Without the adaptive
// loss the objective is plain cross-entropy (fixed weights 1, 0, 0); without
// diffusion no synthetic windows are made. The fourth keeps the registry's
// (or --set's) synthetic_per_class.
std::vector<AblationVariant> variants()
{
    const QString attention = QStringLiteral("attention"),
                  adaptive = QStringLiteral("adaptive_loss"),
                  synthetic = QStringLiteral("synthetic_per_class"),
                  ce = QStringLiteral("ce_weight"), focal = QStringLiteral("focal_weight"),
                  smoothing = QStringLiteral("smoothing_weight");
    const QVariantMap crossEntropy{{adaptive, false}, {ce, 1.0}, {focal, 0.0}, {smoothing, 0.0}};
    QVariantMap backbone = crossEntropy, withAttention = crossEntropy;
    backbone[attention] = false;
    backbone[synthetic] = 0;
    withAttention[attention] = true;
    withAttention[synthetic] = 0;
    return {
        {1, QStringLiteral("backbone (multi-branch, CE)"), backbone},
        {2, QStringLiteral("+ attention"), withAttention},
        {3, QStringLiteral("+ adaptive loss"),
         QVariantMap{{attention, true}, {adaptive, true}, {synthetic, 0}}},
        {4, QStringLiteral("+ diffusion"), QVariantMap{{attention, true}, {adaptive, true}}},
    };
}

void addOptions(QCommandLineParser& parser)
{
    AblationRun::addOptions(
        parser,
        {QStringLiteral("Train USAD's ablation variants (backbone, + attention, + adaptive loss, + "
                        "diffusion) with the same seed and subjects and compare accuracy, macro "
                        "F1, G-mean and per-class F1 on the validation subjects."),
         QStringLiteral("usad"),
         int(variants().size()),
         QStringLiteral("diffusion_epochs=5"),
         QStringLiteral("Print the results as JSON."),
         {{"rare", "How many of the rarest classes to call out (default 3).", "N", "3"}}});
}

// The base request, the chosen variants and --rare; false after a usage error on `err`.
bool readRequest(const QCommandLineParser& parser, TrainingRequest* base,
                 std::vector<AblationVariant>* chosen, int* rare, QTextStream& err)
{
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 3 || pos[1] != QLatin1String("usad")) {
        err << "kinemark-cli ablate: usage: ablate usad <project.kmk> --val-subjects a,b [--epochs "
               "N]\n";
        return false;
    }
    base->model = pos[1];
    bool ok = true;
    base->seed = parser.value("seed").toULongLong(&ok);
    if (ok)
        base->threads = parser.value("threads").toInt(&ok);
    if (ok)
        *rare = parser.value("rare").toInt(&ok);
    if (!ok || *rare < 0) {
        err << "kinemark-cli ablate: --seed, --threads and --rare need integers\n";
        return false;
    }
    return AblationRun::readOptions(parser, variants(), base, chosen, err);
}

// The first `rare` classes of the model by training windows, rarest first.
std::vector<QString> rarestClasses(const ModelFile& model, int rare)
{
    const QJsonObject counts =
        model.trainingData.value(QStringLiteral("windows_per_class")).toObject();
    std::vector<std::pair<qint64, QString>> byCount;
    for (int32_t id : model.classIds)
        byCount.emplace_back(counts.value(QString::number(id)).toInteger(), QString::number(id));
    std::stable_sort(byCount.begin(), byCount.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<QString> ids;
    for (size_t i = 0; i < byCount.size() && int(i) < rare; ++i)
        ids.push_back(byCount[i].second);
    return ids;
}

// A variant's row: window-level figures on the validation subjects and the
// mean F1 of the rarest classes.
QJsonObject row(const AblationVariant& v, const AblationRun::Outcome& o,
                const std::vector<QString>& rareIds)
{
    const QJsonObject m = o.evaluation.value("window_level").toObject().value("overall").toObject();
    const QJsonObject perClass = m.value("per_class").toObject();
    double rareSum = 0;
    for (const QString& id : rareIds)
        rareSum += perClass.value(id).toObject().value("f1").toDouble();
    QJsonObject row;
    AblationRun::describe(v, o, &row);
    row[QStringLiteral("accuracy")] = m.value("accuracy");
    row[QStringLiteral("macro_f1")] = m.value("macro_f1");
    row[QStringLiteral("g_mean")] = m.value("g_mean");
    row[QStringLiteral("rare_mean_f1")] = rareIds.empty() ? 0.0 : rareSum / double(rareIds.size());
    row[QStringLiteral("per_class")] = perClass;
    if (o.model.trainingData.contains(QStringLiteral("synthetic_pretraining")))
        row[QStringLiteral("synthetic_pretraining")] =
            o.model.trainingData.value(QStringLiteral("synthetic_pretraining"));
    return row;
}

// The table: window-level figures and the rarest classes' mean F1 (%), best epoch, training
// seconds.
const AblationTable kTable{34,
                           {QStringLiteral("acc"), QStringLiteral("macroF1"),
                            QStringLiteral("G-mean"), QStringLiteral("rareF1")},
                           {"accuracy", "macro_f1", "g_mean", "rare_mean_f1"},
                           {6, 7, 6, 6, 5, 7}};

// Per-class F1 (%) of every variant; * marks the rarest classes (fewest training windows).
void printPerClass(QTextStream& out, const ModelFile& last,
                   const std::vector<AblationVariant>& chosen, const QJsonArray& rows,
                   const std::vector<QString>& rareIds)
{
    const QJsonObject counts =
        last.trainingData.value(QStringLiteral("windows_per_class")).toObject();
    QString header = QStringLiteral("\nper-class F1 (%)                   train win");
    for (const AblationVariant& v : chosen)
        header += QStringLiteral("  %1").arg(QStringLiteral("(%1)").arg(v.number), 6);
    out << header << "\n";
    for (size_t k = 0; k < last.classIds.size(); ++k) {
        const QString id = QString::number(last.classIds[k]);
        const bool isRare = std::find(rareIds.begin(), rareIds.end(), id) != rareIds.end();
        QString line =
            QStringLiteral("%1 %2  %3")
                .arg(isRare ? QLatin1Char('*') : QLatin1Char(' '))
                .arg(QStringLiteral("%1 %2").arg(id, last.classNames.value(int(k))).left(32), -32)
                .arg(counts.value(id).toInteger(), 9);
        for (const QJsonValue& r : rows)
            line += QStringLiteral("  %1").arg(100 * r.toObject()
                                                         .value("per_class")
                                                         .toObject()
                                                         .value(id)
                                                         .toObject()
                                                         .value("f1")
                                                         .toDouble(),
                                               6, 'f', 2);
        out << line << "\n";
    }
    out << "* the " << rareIds.size()
        << " rarest classes (fewest training windows); rareF1 above is their mean F1\n";
}

void printJson(QTextStream& out, const QJsonArray& rows, const std::vector<QString>& rareIds)
{
    QJsonObject result;
    result[QStringLiteral("variants")] = rows;
    QJsonArray rarest;
    for (const QString& id : rareIds)
        rarest.append(id.toInt());
    result[QStringLiteral("rarest_classes")] = rarest;
    out << QJsonDocument(result).toJson(QJsonDocument::Indented);
}

// Progress of one variant on `err`: each phase before the real epochs
// (diffusion, sampling, pretraining) once, then every epoch.
AblationRun::Observer progressOf(const AblationVariant& v, QTextStream& err)
{
    auto lastPhase = std::make_shared<QString>();
    return [&v, &err, lastPhase](const TrainingProgress& p, double seconds) {
        const QString phase = p.message.section(QLatin1Char(':'), 0, 0);
        if (!p.epochEnd && !p.message.isEmpty() && phase != *lastPhase) {
            *lastPhase = phase;
            err << QStringLiteral("(%1) %2 (%3 s)\n")
                       .arg(v.number)
                       .arg(p.message)
                       .arg(seconds, 0, 'f', 1);
            err.flush();
        }
        if (!p.epochEnd)
            return;
        err << QStringLiteral("(%1) epoch %2/%3 (%4 s): loss %5, training accuracy %6, "
                              "validation macro F1 %7\n")
                   .arg(v.number)
                   .arg(p.epoch)
                   .arg(p.epochs)
                   .arg(seconds, 0, 'f', 1)
                   .arg(p.losses.value(QStringLiteral("total")), 0, 'f', 4)
                   .arg(p.losses.value(QStringLiteral("training accuracy")), 0, 'f', 4)
                   .arg(p.validationMacroF1, 0, 'f', 4);
        if (!p.message.isEmpty())
            err << p.message << "\n";
        err.flush();
    };
}
} // namespace

int UsadAblateCommand::run(const QStringList& arguments)
{
    int rare = 3;
    const auto read = [&rare](const QCommandLineParser& parser, TrainingRequest* base,
                              std::vector<AblationVariant>* chosen, QTextStream& err) {
        return readRequest(parser, base, chosen, &rare, err);
    };
    return AblationRun::runCommand(
        arguments, addOptions, read,
        [&rare](const AblationRun& ablation, const std::vector<AblationVariant>& chosen,
                const QCommandLineParser& parser, QTextStream& out, QTextStream& err) {
            const bool quiet = parser.isSet("quiet"), json = parser.isSet("json");
            ModelFile last;
            std::vector<QString> rareIds; // the rarest classes by training windows, rarest first
            const QJsonArray rows = ablation.runAll(
                chosen, kTable, json, out,
                [&](const AblationVariant& v) {
                    return quiet ? AblationRun::Observer([](auto&&...) {}) : progressOf(v, err);
                },
                [&](const AblationVariant& v, const AblationRun::Outcome& o) {
                    if (rareIds.empty())
                        rareIds = rarestClasses(o.model, rare);
                    last = o.model;
                    return row(v, o, rareIds);
                });
            if (json)
                printJson(out, rows, rareIds);
            else
                printPerClass(out, last, chosen, rows, rareIds);
            return int(ExitOk);
        });
}

} // namespace kinemark
