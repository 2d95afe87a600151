#include "app/cli/training/UsadAblateCommand.h"

#include "app/cli/CliCommand.h"
#include "core/base/FormatError.h"
#include "models/inference/ModelEvaluator.h"
#include "models/training/ModelTrainer.h"
#include "core/project/ProjectFile.h"
#include "models/runtime/TorchRuntime.h"
#include "models/TrainingError.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <algorithm>

namespace kinemark {

namespace {
struct Variant
{
    int number;
    QString name;
    QVariantMap overrides;
};

// Each variant adds one component to the one before. Without the adaptive
// loss the objective is plain cross-entropy (fixed weights 1, 0, 0); without
// diffusion no synthetic windows are made. The fourth keeps the registry's
// (or --set's) synthetic_per_class.
std::vector<Variant> variants()
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
} // namespace

int UsadAblateCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Train USAD's ablation variants (backbone, + attention, + adaptive loss, + "
                       "diffusion) with the same "
                       "seed and subjects and compare accuracy, macro F1, G-mean and per-class F1 "
                       "on the validation subjects."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("ablate"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("model"), QStringLiteral("usad"));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("project file (.kmk)"));
    parser.addOption(
        {"val-subjects", "Validation subjects (held out of training, evaluated).", "IDS"});
    parser.addOption({"variants", "Only these variants, in this order (default 1,2,3,4).", "LIST"});
    parser.addOption({"classes", "Class ids to learn (default: every class present).", "IDS"});
    parser.addOption({"epochs", "Epochs of every variant (default: the registry's).", "N"});
    parser.addOption({"rare", "How many of the rarest classes to call out (default 3).", "N", "3"});
    parser.addOption({"seed", "Random seed (default 1).", "S", "1"});
    parser.addOption({"threads", "LibTorch threads (default: all cores).", "T", "0"});
    parser.addOption(
        {"set", "Hyperparameter of every variant, e.g. --set diffusion_epochs=5.", "KEY=VALUE"});
    parser.addOption({"out-dir", "Write each variant's model there as usad-<n>.kmodel.", "DIR"});
    parser.addOption({"json", "Print the results as JSON."});
    parser.addOption({"quiet", "No progress on stderr."});
    parser.process(arguments);
    QTextStream out(stdout), err(stderr);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 3 || pos[1] != QLatin1String("usad")) {
        err << "kinemark-cli ablate: usage: ablate usad <project.kmk> --val-subjects a,b [--epochs "
               "N]\n";
        return ExitUsage;
    }
    TrainingRequest base;
    base.model = pos[1];
    bool ok = true;
    base.seed = parser.value("seed").toULongLong(&ok);
    if (ok)
        base.threads = parser.value("threads").toInt(&ok);
    int rare = 3;
    if (ok)
        rare = parser.value("rare").toInt(&ok);
    if (!ok || rare < 0) {
        err << "kinemark-cli ablate: --seed, --threads and --rare need integers\n";
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
    if (wanted.isEmpty())
        chosen = variants();
    for (const QString& w : wanted) {
        const int n = w.toInt(&ok);
        if (!ok || n < 1 || n > 4) {
            err << "kinemark-cli ablate: --variants takes numbers 1 to 4, not '" << w << "'\n";
            return ExitUsage;
        }
        chosen.push_back(variants()[size_t(n - 1)]);
    }
    const bool quiet = parser.isSet("quiet"), json = parser.isSet("json");
    try {
        const Project project = ProjectFile::open(pos[2]);
        TorchRuntime::setThreadCount(base.threads);
        if (!quiet)
            err << "ablation of usad on " << pos[2] << " (" << TorchRuntime::describe() << ")\n";
        if (!json)
            out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
                       .arg(QStringLiteral("variant"), -34)
                       .arg(QStringLiteral("acc"), 6)
                       .arg(QStringLiteral("macroF1"), 7)
                       .arg(QStringLiteral("G-mean"), 6)
                       .arg(QStringLiteral("rareF1"), 6)
                       .arg(QStringLiteral("epoch"), 5)
                       .arg(QStringLiteral("train s"), 7)
                << "\n"
                << Qt::flush;
        QJsonArray rows;
        ModelFile last;
        std::vector<QJsonObject> perClassOf;
        std::vector<QString> rareIds; // the rarest classes by training windows, rarest first
        for (const Variant& v : chosen) {
            TrainingRequest request = base;
            for (auto it = v.overrides.begin(); it != v.overrides.end(); ++it)
                request.hyperparameters[it.key()] = it.value();
            QElapsedTimer timer;
            timer.start();
            QString lastMessage;
            const auto observer = [&](const TrainingProgress& p) {
                if (quiet)
                    return;
                // Phases before the real epochs (diffusion, sampling, pretraining) say so once
                // each.
                const QString phase = p.message.section(QLatin1Char(':'), 0, 0);
                if (!p.epochEnd && !p.message.isEmpty() && phase != lastMessage) {
                    lastMessage = phase;
                    err << QStringLiteral("(%1) %2 (%3 s)\n")
                               .arg(v.number)
                               .arg(p.message)
                               .arg(timer.elapsed() / 1000.0, 0, 'f', 1);
                    err.flush();
                }
                if (!p.epochEnd)
                    return;
                err << QStringLiteral("(%1) epoch %2/%3 (%4 s): loss %5, training accuracy %6, "
                                      "validation macro F1 %7\n")
                           .arg(v.number)
                           .arg(p.epoch)
                           .arg(p.epochs)
                           .arg(timer.elapsed() / 1000.0, 0, 'f', 1)
                           .arg(p.losses.value(QStringLiteral("total")), 0, 'f', 4)
                           .arg(p.losses.value(QStringLiteral("training accuracy")), 0, 'f', 4)
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
                               .filePath(QStringLiteral("usad-%1.kmodel").arg(v.number)));
            }
            if (rareIds.empty()) {
                const QJsonObject counts =
                    model.trainingData.value(QStringLiteral("windows_per_class")).toObject();
                std::vector<std::pair<qint64, QString>> byCount;
                for (int32_t id : model.classIds)
                    byCount.emplace_back(counts.value(QString::number(id)).toInteger(),
                                         QString::number(id));
                std::stable_sort(byCount.begin(), byCount.end(),
                                 [](const auto& a, const auto& b) { return a.first < b.first; });
                for (size_t i = 0; i < byCount.size() && int(i) < rare; ++i)
                    rareIds.push_back(byCount[i].second);
            }
            const QJsonObject evaluation =
                ModelEvaluator::evaluate(model, project, base.validationSubjects);
            const QJsonObject m =
                evaluation.value("window_level").toObject().value("overall").toObject();
            const QJsonObject perClass = m.value("per_class").toObject();
            double rareSum = 0;
            for (const QString& id : rareIds)
                rareSum += perClass.value(id).toObject().value("f1").toDouble();
            const double rareF1 = rareIds.empty() ? 0.0 : rareSum / double(rareIds.size());
            QJsonObject row;
            row[QStringLiteral("variant")] = v.number;
            row[QStringLiteral("name")] = v.name;
            row[QStringLiteral("accuracy")] = m.value("accuracy");
            row[QStringLiteral("macro_f1")] = m.value("macro_f1");
            row[QStringLiteral("g_mean")] = m.value("g_mean");
            row[QStringLiteral("rare_mean_f1")] = rareF1;
            row[QStringLiteral("per_class")] = perClass;
            row[QStringLiteral("best_epoch")] = model.validation.value("best_epoch").toInt();
            row[QStringLiteral("training_seconds")] = seconds;
            if (model.trainingData.contains(QStringLiteral("synthetic_pretraining")))
                row[QStringLiteral("synthetic_pretraining")] =
                    model.trainingData.value(QStringLiteral("synthetic_pretraining"));
            rows.append(row);
            perClassOf.push_back(perClass);
            last = model;
            if (!json)
                out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
                           .arg(QStringLiteral("(%1) %2").arg(v.number).arg(v.name), -34)
                           .arg(100 * m.value("accuracy").toDouble(), 6, 'f', 2)
                           .arg(100 * m.value("macro_f1").toDouble(), 7, 'f', 2)
                           .arg(100 * m.value("g_mean").toDouble(), 6, 'f', 2)
                           .arg(100 * rareF1, 6, 'f', 2)
                           .arg(model.validation.value("best_epoch").toInt(), 5)
                           .arg(seconds, 7, 'f', 0)
                    << "\n"
                    << Qt::flush;
        }
        if (json) {
            QJsonObject result;
            result[QStringLiteral("variants")] = rows;
            QJsonArray rarest;
            for (const QString& id : rareIds)
                rarest.append(id.toInt());
            result[QStringLiteral("rarest_classes")] = rarest;
            out << QJsonDocument(result).toJson(QJsonDocument::Indented);
            return ExitOk;
        }
        // Per-class F1 (%) of every variant; * marks the rarest classes (fewest training windows).
        const QJsonObject counts =
            last.trainingData.value(QStringLiteral("windows_per_class")).toObject();
        QString header = QStringLiteral("\nper-class F1 (%)                   train win");
        for (const Variant& v : chosen)
            header += QStringLiteral("  %1").arg(QStringLiteral("(%1)").arg(v.number), 6);
        out << header << "\n";
        for (size_t k = 0; k < last.classIds.size(); ++k) {
            const QString id = QString::number(last.classIds[k]);
            const bool isRare = std::find(rareIds.begin(), rareIds.end(), id) != rareIds.end();
            QString line =
                QStringLiteral("%1 %2  %3")
                    .arg(isRare ? QLatin1Char('*') : QLatin1Char(' '))
                    .arg(QStringLiteral("%1 %2").arg(id, last.classNames.value(int(k))).left(32),
                         -32)
                    .arg(counts.value(id).toInteger(), 9);
            for (const QJsonObject& perClass : perClassOf)
                line += QStringLiteral("  %1").arg(
                    100 * perClass.value(id).toObject().value("f1").toDouble(), 6, 'f', 2);
            out << line << "\n";
        }
        out << "* the " << rareIds.size()
            << " rarest classes (fewest training windows); rareF1 above is their mean F1\n";
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
