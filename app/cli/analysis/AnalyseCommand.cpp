#include "app/cli/analysis/AnalyseCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "core/analysis/ClassificationMetrics.h"
#include "core/analysis/PredictionItems.h"
#include "core/analysis/tsne/TsneEmbedding.h"
#include "core/project/ProjectFile.h"
#include "models/inference/TsneMapBuilder.h"
#include "widgets/analysis/AnalysisPanel.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QTextStream>
#include <algorithm>

namespace kinemark {

namespace {
void addOptions(QCommandLineParser& parser)
{
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
}

// The plot format and the t-SNE options; false after a usage error on `err`.
bool readOptions(const QCommandLineParser& parser, QString* format, TsneOptions* tsne,
                 QTextStream& err)
{
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2 || !parser.isSet("track")) {
        err << "kinemark-cli analyse: usage: analyse <project.kmk> --track NAME [--plots DIR] "
               "[--format svg]\n";
        return false;
    }
    *format = parser.value("format").toLower();
    if (*format != QLatin1String("png") && *format != QLatin1String("svg") &&
        *format != QLatin1String("pdf")) {
        err << "kinemark-cli analyse: --format needs png, svg or pdf, not '"
            << parser.value("format") << "'\n";
        return false;
    }
    bool ok1 = false, ok2 = false, ok3 = false;
    tsne->perplexity = parser.value("perplexity").toDouble(&ok1);
    tsne->iterations = parser.value("iterations").toInt(&ok2);
    tsne->threads = parser.value("threads").toInt(&ok3);
    if (!ok1 || !ok2 || !ok3 || tsne->perplexity <= 0 || tsne->iterations < 1) {
        err << "kinemark-cli analyse: --perplexity needs a positive number, --iterations a "
               "positive and "
               "--threads an integer\n";
        return false;
    }
    return true;
}

// The compared classes' names, from the first recording's label set.
QStringList classNames(const Project& project, const PredictionItems& items)
{
    QStringList names;
    const LabelSet* labels = project.labelSet(project.recordings.front()->labelSetId);
    for (int32_t id : items.classIds) {
        const LabelClass* c = labels ? labels->find(id) : nullptr;
        names << (c ? c->name : QString::number(id));
    }
    return names;
}

void printHeadline(QTextStream& out, const QString& track, const PredictionItems& items)
{
    const ClassificationMetrics m =
        ClassificationMetrics::compute(items.truth, items.predicted, int(items.classIds.size()));
    out << track << " against the ground truth: " << items.size() << " windows of 2 s, accuracy "
        << QString::number(m.accuracy, 'f', 4) << ", macro F1 "
        << QString::number(m.macroF1, 'f', 4) << ", weighted F1 "
        << QString::number(m.weightedF1, 'f', 4) << ", G-mean " << QString::number(m.gMean, 'f', 4)
        << "\n";
}

// --tsne: the map into the panel and its KL divergence printed; ExitOk or the exit code.
int mapTsne(const QCommandLineParser& parser, const Project& project, const PredictionItems& items,
            TsneOptions tsne, AnalysisPanel& panel, QTextStream& out, QTextStream& err)
{
    const QString track = parser.value("track"), space = parser.value("tsne-space");
    const QString path = parser.positionalArguments()[1];
    if (!space.isEmpty() && space != QLatin1String("embedding") &&
        space != QLatin1String("probabilities")) {
        err << "kinemark-cli analyse: --tsne-space needs embedding or probabilities, not '" << space
            << "'\n";
        return ExitUsage;
    }
    TsneMapBuilder builder(items, track);
    if (space != QLatin1String("probabilities"))
        builder.chooseModel(project); // as the GUI chooses it
    if (space == QLatin1String("embedding") && !builder.hasModel()) {
        err << "kinemark-cli analyse: no stored model of kind '" << track
            << "' with an embedding in " << path << "\n";
        return ExitFailure;
    }
    if (!builder.hasModel() && items.probabilities.empty()) {
        err << "kinemark-cli analyse: --tsne needs the track's stored class "
               "probabilities or a stored model of its name\n";
        return ExitFailure;
    }
    const std::vector<std::shared_ptr<const Recording>> recordings(project.recordings.begin(),
                                                                   project.recordings.end());
    const TsneMapItems mapped = builder.gather(recordings);
    if (mapped.size() < 10) {
        err << "kinemark-cli analyse: fewer than 10 items to map\n";
        return ExitFailure;
    }
    const TsneMap map = builder.map(mapped, tsne);
    panel.setEmbedding(map.result.positions, map.classes, map.origins);
    const QString what =
        builder.hasModel()
            ? QStringLiteral("%1 embedded by model '%2'").arg(mapped.itemsAre, builder.modelId())
            : QStringLiteral("windows' class probabilities");
    out << "t-SNE of " << mapped.size() << " " << what << ": KL divergence "
        << QString::number(map.result.klDivergence, 'f', 4) << "\n";
    return ExitOk;
}

// --plots: the panel's own export, tab by tab: exactly what Export… writes in the GUI.
int writePlots(const QCommandLineParser& parser, const QString& format, bool roc, bool comparison,
               AnalysisPanel& panel, QTextStream& out, QTextStream& err)
{
    const QDir dir(parser.value("plots"));
    if (!QDir().mkpath(dir.path())) {
        err << "kinemark-cli analyse: cannot create folder " << dir.path() << "\n";
        return ExitFailure;
    }
    struct Output
    {
        AnalysisPanel::Tab tab;
        QString name;
        bool plot;
        bool wanted;
    };
    const bool tsne = parser.isSet("tsne");
    const std::vector<Output> outputs{
        {AnalysisPanel::ConfusionTab, QStringLiteral("confusion"), true, true},
        {AnalysisPanel::ConfusionTab, QStringLiteral("confusion"), false, true},
        {AnalysisPanel::ReportTab, QStringLiteral("report"), false, true},
        {AnalysisPanel::RocTab, QStringLiteral("roc"), true, roc},
        {AnalysisPanel::RocTab, QStringLiteral("roc"), false, roc},
        {AnalysisPanel::TsneTab, QStringLiteral("tsne"), true, tsne},
        {AnalysisPanel::TsneTab, QStringLiteral("tsne"), false, tsne},
        {AnalysisPanel::ComparisonTab, QStringLiteral("comparison"), false, comparison},
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
}
} // namespace

int AnalyseCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(arguments);
    QTextStream out(stdout), err(stderr);
    QString format;
    TsneOptions tsne;
    if (!readOptions(parser, &format, &tsne, err))
        return ExitUsage;
    const QString track = parser.value("track");
    return CliArguments::reportingErrors(err, "analyse", [&] {
        const QString path = parser.positionalArguments()[1];
        const Project project = ProjectFile::open(path);
        const PredictionItems items = PredictionItems::ofProject(project, track, 2.0);
        if (items.classIds.empty() || items.size() == 0) {
            err << "kinemark-cli analyse: no recording of " << path
                << " has both ground truth and a track '" << track << "' with labelled windows\n";
            return int(ExitFailure);
        }
        AnalysisPanel panel;
        panel.resize(900, 650);
        panel.setEvaluation(classNames(project, items), {}, items.truth, items.predicted,
                            items.origins, items.probabilities);
        panel.setResults(project.results);
        if (parser.isSet("subject")) {
            const QString subject = parser.value("subject");
            if (!std::any_of(items.origins.begin(), items.origins.end(),
                             [&](const ItemOrigin& o) { return o.subject == subject; })) {
                err << "kinemark-cli analyse: subject '" << subject
                    << "' has no compared windows\n";
                return int(ExitUsage);
            }
            panel.setReportSubject(subject);
        }
        printHeadline(out, track, items);
        if (parser.isSet("tsne")) {
            const int mapped = mapTsne(parser, project, items, tsne, panel, out, err);
            if (mapped != ExitOk)
                return mapped;
        }
        if (!parser.isSet("plots"))
            return int(ExitOk);
        return writePlots(parser, format, !items.probabilities.empty(), !project.results.empty(),
                          panel, out, err);
    });
}

} // namespace kinemark
