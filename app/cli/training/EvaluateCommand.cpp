#include "app/cli/training/EvaluateCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "core/project/ProjectFile.h"
#include "models/file/ModelFile.h"
#include "models/inference/ModelEvaluator.h"
#include "models/runtime/TorchRuntime.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace kinemark {

namespace {
void printLevel(QTextStream& out, const QString& title, const QJsonObject& level,
                const QStringList& classNames)
{
    const QJsonObject all = level.value("overall").toObject();
    out << title << ": accuracy " << QString::number(all.value("accuracy").toDouble(), 'f', 4)
        << ", macro F1 " << QString::number(all.value("macro_f1").toDouble(), 'f', 4)
        << ", macro precision " << QString::number(all.value("macro_precision").toDouble(), 'f', 4)
        << ", macro recall " << QString::number(all.value("macro_recall").toDouble(), 'f', 4)
        << " (" << all.value("count").toInteger() << ")\n";
    const QJsonObject perClass = all.value("per_class").toObject(); // keyed by class id
    const QJsonArray ids = all.value("class_ids").toArray();
    for (int i = 0; i < ids.size(); ++i) {
        const QJsonObject c = perClass.value(QString::number(ids[i].toInt())).toObject();
        out << QStringLiteral("  %1 F1 %2  (support %3)\n")
                   .arg(QStringLiteral("%1 %2").arg(ids[i].toInt()).arg(classNames.value(i)), -28)
                   .arg(c.value("f1").toDouble(), 0, 'f', 4)
                   .arg(c.value("support").toInteger());
    }
    const QJsonObject subjects = level.value("per_subject").toObject();
    for (auto it = subjects.begin(); it != subjects.end(); ++it)
        out << QStringLiteral("  subject %1: macro F1 %2, accuracy %3\n")
                   .arg(it.key(), -8)
                   .arg(it.value().toObject().value("macro_f1").toDouble(), 0, 'f', 4)
                   .arg(it.value().toObject().value("accuracy").toDouble(), 0, 'f', 4);
}
void printSegmentation(QTextStream& out, const QJsonObject& segmentation)
{
    const auto line = [&](const QJsonObject& m) {
        return QStringLiteral("Fm %1, Jaccard %2, precision %3, recall %4, edit %5, F1@10 %6, "
                              "F1@25 %7, F1@50 %8")
            .arg(m.value("fm").toDouble(), 0, 'f', 4)
            .arg(m.value("jaccard").toDouble(), 0, 'f', 4)
            .arg(m.value("precision").toDouble(), 0, 'f', 4)
            .arg(m.value("recall").toDouble(), 0, 'f', 4)
            .arg(m.value("edit").toDouble(), 0, 'f', 4)
            .arg(m.value("f1_at_10").toDouble(), 0, 'f', 4)
            .arg(m.value("f1_at_25").toDouble(), 0, 'f', 4)
            .arg(m.value("f1_at_50").toDouble(), 0, 'f', 4);
    };
    const QJsonObject all = segmentation.value("overall").toObject();
    out << "segmentation: " << line(all) << " (" << all.value("samples").toInteger() << " samples, "
        << all.value("truth_segments").toInteger() << " true and "
        << all.value("predicted_segments").toInteger() << " predicted segments)\n";
    const QJsonObject subjects = segmentation.value("per_subject").toObject();
    for (auto it = subjects.begin(); it != subjects.end(); ++it)
        out << QStringLiteral("  subject %1: ").arg(it.key(), -8) << line(it.value().toObject())
            << "\n";
}
} // namespace

int EvaluateCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Evaluate a trained model against a project's ground truth, at window level "
                       "(the model's own "
                       "windows inside one labelled segment; window models only), at sample level "
                       "(labelled samples of "
                       "the model's classes) and as a segmentation (Fm, Jaccard, edit score, "
                       "F1@10/25/50), per subject "
                       "and overall."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("evaluate"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("project file (.kmk)"));
    parser.addOption({"model-file", "Trained model (.kmodel).", "FILE"});
    parser.addOption({"subjects", "Only these subjects (default: all with ground truth).", "IDS"});
    parser.addOption({"threads", "LibTorch threads (default: all cores).", "T", "0"});
    parser.addOption({"json", "Print JSON."});
    parser.addOption(
        {"store", "Also store the evaluation in the project file (Analysis > model comparison)."});
    parser.process(arguments);
    QTextStream out(stdout), err(stderr);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2 || !parser.isSet("model-file")) {
        err << "kinemark-cli evaluate: usage: evaluate <project.kmk> --model-file model.kmodel "
               "[--json]\n";
        return ExitUsage;
    }
    return CliArguments::reportingErrors(err, "evaluate", [&] {
        TorchRuntime::setThreadCount(parser.value("threads").toInt());
        const ModelFile model = ModelFile::load(parser.value("model-file"));
        Project project = ProjectFile::open(pos[1]);
        const QStringList subjects =
            parser.value("subjects").split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString& s : subjects)
            if (!project.subjectIds().contains(s)) {
                err << "kinemark-cli evaluate: no subject '" << s << "' in " << pos[1] << "\n";
                return int(ExitUsage);
            }
        const QJsonObject result = ModelEvaluator::evaluate(model, project, subjects);
        if (result.value("subjects").toArray().isEmpty()) {
            err << "kinemark-cli evaluate: no recording with ground truth that the model can "
                   "read\n";
            return int(ExitFailure);
        }
        if (parser.isSet("store")) {
            StoredResult stored;
            stored.kind = QString::fromLatin1(StoredResult::kEvaluation);
            stored.model = QStringLiteral("%1 %2").arg(model.kind,
                                                       model.created); // as stored models are named
            stored.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
            stored.id = StoredResult::makeId(stored.kind, stored.model, stored.created,
                                             project.resultIds());
            stored.result = result;
            project.results.push_back(stored);
            ProjectFile::save(project, pos[1]);
            err << "stored as '" << stored.id << "' in " << pos[1] << "\n";
        }
        if (parser.isSet("json")) {
            out << QJsonDocument(result).toJson(QJsonDocument::Indented);
        } else {
            out << model.kind << " on " << pos[1] << "\n";
            if (result.contains("window_level")) // sequence models have none
                printLevel(out, QStringLiteral("window level"),
                           result.value("window_level").toObject(), model.classNames);
            printLevel(out, QStringLiteral("sample level"), result.value("sample_level").toObject(),
                       model.classNames);
            printSegmentation(out, result.value("segmentation").toObject());
        }
        return int(ExitOk);
    });
}

} // namespace kinemark
