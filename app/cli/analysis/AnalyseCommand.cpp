#include "app/cli/analysis/AnalyseCommand.h"

#include "widgets/analysis/AnalysisPanel.h"
#include "core/analysis/ClassificationMetrics.h"
#include "app/cli/CliCommand.h"
#include "core/base/FormatError.h"
#include "models/inference/ModelEmbedding.h"
#include "models/file/ModelFile.h"
#include "core/analysis/PredictionItems.h"
#include "core/project/ProjectFile.h"
#include "core/analysis/tsne/TsneEmbedding.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QTextStream>
#include <algorithm>
#include <optional>

namespace kinemark {

int AnalyseCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Compare a prediction track with the ground truth over all recordings (2 s windows) and "
        "write "
        "what the Analysis panel shows: confusion matrix, ROC curves (when the track has "
        "probabilities) "
        "and optionally a t-SNE map (of the model's own embedding when the track comes from a "
        "stored model, else of the windows' class probabilities), as PNG, SVG or PDF plus "
        "CSV "
        "tables, and the comparison of the project's stored evaluations and cross-validations."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("analyse"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("project file (.kmk)"));
    parser.addOption({"track", "Prediction track to compare with the ground truth.", "NAME"});
    parser.addOption(
        {"plots", "Folder for the plots and tables (created; default: none written).", "DIR"});
    parser.addOption({"format", "Plot format: png, svg or pdf (default svg).", "FORMAT", "svg"});
    parser.addOption({"subject", "Per-class report of this subject only (default: pooled).", "S"});
    parser.addOption({"tsne", "Also compute a t-SNE map: of the embedding of the stored model the "
                              "track is named after (its windows, or an MS-TCN's segments), as "
                              "the GUI does, else of the windows' class probabilities."});
    parser.addOption({"tsne-space",
                      "embedding or probabilities (default: embedding when there is a "
                      "stored model of the track's name).",
                      "SPACE"});
    parser.addOption({"perplexity", "t-SNE perplexity (default 30).", "P", "30"});
    parser.addOption({"iterations", "t-SNE iterations (default 1000).", "N", "1000"});
    parser.addOption({"threads", "t-SNE threads (default: all cores).", "T", "0"});
    parser.process(arguments);

    QTextStream out(stdout), err(stderr);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2 || !parser.isSet("track")) {
        err << "kinemark-cli analyse: usage: analyse <project.kmk> --track NAME [--plots DIR] "
               "[--format svg]\n";
        return ExitUsage;
    }
    const QString format = parser.value("format").toLower();
    if (format != QLatin1String("png") && format != QLatin1String("svg") &&
        format != QLatin1String("pdf")) {
        err << "kinemark-cli analyse: --format needs png, svg or pdf, not '"
            << parser.value("format") << "'\n";
        return ExitUsage;
    }
    bool ok1 = false, ok2 = false, ok3 = false;
    TsneOptions tsne;
    tsne.perplexity = parser.value("perplexity").toDouble(&ok1);
    tsne.iterations = parser.value("iterations").toInt(&ok2);
    tsne.threads = parser.value("threads").toInt(&ok3);
    if (!ok1 || !ok2 || !ok3 || tsne.perplexity <= 0 || tsne.iterations < 1) {
        err << "kinemark-cli analyse: --perplexity needs a positive number, --iterations a "
               "positive and "
               "--threads an integer\n";
        return ExitUsage;
    }
    const QString track = parser.value("track");
    try {
        const Project project = ProjectFile::open(pos[1]);
        const PredictionItems items = PredictionItems::ofProject(project, track, 2.0);
        if (items.classIds.empty() || items.size() == 0) {
            err << "kinemark-cli analyse: no recording of " << pos[1]
                << " has both ground truth and a track '" << track << "' with labelled windows\n";
            return ExitFailure;
        }
        QStringList names;
        const LabelSet* labels = project.labelSet(project.recordings.front()->labelSetId);
        for (int32_t id : items.classIds) {
            const LabelClass* c = labels ? labels->find(id) : nullptr;
            names << (c ? c->name : QString::number(id));
        }
        AnalysisPanel panel;
        panel.resize(900, 650);
        panel.setEvaluation(names, {}, items.truth, items.predicted, items.origins,
                            items.probabilities);
        panel.setResults(project.results);
        if (parser.isSet("subject")) {
            const QString subject = parser.value("subject");
            if (!std::any_of(items.origins.begin(), items.origins.end(),
                             [&](const ItemOrigin& o) { return o.subject == subject; })) {
                err << "kinemark-cli analyse: subject '" << subject
                    << "' has no compared windows\n";
                return ExitUsage;
            }
            panel.setReportSubject(subject);
        }
        const ClassificationMetrics m = ClassificationMetrics::compute(items.truth, items.predicted,
                                                                       int(items.classIds.size()));
        out << track << " against the ground truth: " << items.size()
            << " windows of 2 s, accuracy " << QString::number(m.accuracy, 'f', 4) << ", macro F1 "
            << QString::number(m.macroF1, 'f', 4) << ", weighted F1 "
            << QString::number(m.weightedF1, 'f', 4) << ", G-mean "
            << QString::number(m.gMean, 'f', 4) << "\n";

        if (parser.isSet("tsne")) {
            const QString space = parser.value("tsne-space");
            if (!space.isEmpty() && space != QLatin1String("embedding") &&
                space != QLatin1String("probabilities")) {
                err << "kinemark-cli analyse: --tsne-space needs embedding or probabilities, not '"
                    << space << "'\n";
                return ExitUsage;
            }
            // The newest stored model of the track's name, as the GUI chooses it.
            std::optional<ModelFile> model;
            QString modelId;
            if (space != QLatin1String("probabilities"))
                for (auto it = project.models.rbegin(); it != project.models.rend() && !model; ++it)
                    if (it->kind == track && ModelEmbedding::hasEmbedding(it->kind)) {
                        model = ModelFile::fromBytes(it->data, it->id);
                        modelId = it->id;
                    }
            if (space == QLatin1String("embedding") && !model) {
                err << "kinemark-cli analyse: no stored model of kind '" << track
                    << "' with an embedding in " << pos[1] << "\n";
                return ExitFailure;
            }
            std::vector<float> rows;
            std::vector<int32_t> classes;
            QVector<ItemOrigin> origins;
            size_t dimension = items.classIds.size();
            QString what = QStringLiteral("windows' class probabilities");
            if (model) {
                const std::vector<std::shared_ptr<const Recording>> recordings(
                    project.recordings.begin(), project.recordings.end());
                const ModelEmbedding e = ModelEmbedding::compute(*model, recordings, 5000);
                for (size_t i = 0; i < e.size(); ++i) {
                    const auto shown =
                        std::find(items.classIds.begin(), items.classIds.end(), e.classIds[i]);
                    if (shown == items.classIds.end())
                        continue;
                    rows.insert(rows.end(), e.rows.begin() + long(i * e.dimension),
                                e.rows.begin() + long((i + 1) * e.dimension));
                    classes.push_back(int32_t(shown - items.classIds.begin()));
                    origins.push_back(e.origins[int(i)]);
                }
                dimension = e.dimension;
                what = QStringLiteral("%1 embedded by model '%2'").arg(e.items, modelId);
            } else {
                if (items.probabilities.empty()) {
                    err << "kinemark-cli analyse: --tsne needs the track's stored class "
                           "probabilities or a stored model of its name\n";
                    return ExitFailure;
                }
                rows = items.probabilities;
                classes = items.truth;
                origins = items.origins;
            }
            if (classes.size() < 10) {
                err << "kinemark-cli analyse: fewer than 10 items to map\n";
                return ExitFailure;
            }
            tsne.perplexity =
                std::min(tsne.perplexity, std::max(1.0, double(classes.size() - 1) / 3));
            const TsneResult map =
                TsneEmbedding::compute(rows.data(), classes.size(), dimension, tsne);
            panel.setEmbedding(map.positions, classes, origins);
            out << "t-SNE of " << classes.size() << " " << what << ": KL divergence "
                << QString::number(map.klDivergence, 'f', 4) << "\n";
        }
        if (!parser.isSet("plots"))
            return ExitOk;
        const QDir dir(parser.value("plots"));
        if (!QDir().mkpath(dir.path())) {
            err << "kinemark-cli analyse: cannot create folder " << dir.path() << "\n";
            return ExitFailure;
        }
        // The panel's own export, tab by tab: exactly what Export… writes in the GUI.
        struct Output
        {
            AnalysisPanel::Tab tab;
            QString name;
            bool plot;
            bool wanted;
        };
        const bool roc = !items.probabilities.empty();
        const std::vector<Output> outputs{
            {AnalysisPanel::ConfusionTab, QStringLiteral("confusion"), true, true},
            {AnalysisPanel::ConfusionTab, QStringLiteral("confusion"), false, true},
            {AnalysisPanel::ReportTab, QStringLiteral("report"), false, true},
            {AnalysisPanel::RocTab, QStringLiteral("roc"), true, roc},
            {AnalysisPanel::RocTab, QStringLiteral("roc"), false, roc},
            {AnalysisPanel::TsneTab, QStringLiteral("tsne"), true, parser.isSet("tsne")},
            {AnalysisPanel::TsneTab, QStringLiteral("tsne"), false, parser.isSet("tsne")},
            {AnalysisPanel::ComparisonTab, QStringLiteral("comparison"), false,
             !project.results.empty()},
        };
        panel.show(); // plots lay out (offscreen) before they are saved
        for (const Output& o : outputs) {
            if (!o.wanted)
                continue;
            panel.setCurrentTab(o.tab);
            QCoreApplication::processEvents(); // the shown tab's deferred replot
            const QString path =
                dir.filePath(o.name + QLatin1Char('.') + (o.plot ? format : QStringLiteral("csv")));
            QString error;
            if (!panel.exportCurrent(path, &error)) {
                err << "kinemark-cli analyse: " << error << "\n";
                return ExitFailure;
            }
            out << "wrote " << path << "\n";
        }
        return ExitOk;
    } catch (const FormatError& e) {
        err << "kinemark-cli analyse: " << e.what() << "\n";
    } catch (const std::invalid_argument& e) {
        err << "kinemark-cli analyse: " << e.what() << "\n";
        return ExitUsage;
    } catch (const std::exception& e) {
        err << "kinemark-cli analyse: " << e.what() << "\n";
    }
    return ExitFailure;
}

} // namespace kinemark
