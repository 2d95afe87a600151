#include "app/cli/training/PredictCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "core/project/ProjectFile.h"
#include "models/file/ModelFile.h"
#include "models/inference/ModelPredictor.h"
#include "models/runtime/TorchRuntime.h"

#include <QCommandLineParser>
#include <QTextStream>
#include <algorithm>

namespace kinemark {

int PredictCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run a trained model over recordings of a project and store each prediction track, with "
        "its "
        "class probabilities, in the project (an existing track of the same name is replaced)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("predict"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("project file (.kmk)"));
    parser.addOption({"model-file", "Trained model (.kmodel).", "FILE"});
    parser.addOption({"recordings", "Only these recordings (default: all).", "IDS"});
    parser.addOption(
        {"track", "Name of the prediction track (default: the model's kind).", "NAME"});
    parser.addOption({"threads", "LibTorch threads (default: all cores).", "T", "0"});
    parser.addOption({"store", "Also store the model in the project (once), as the GUI keeps the "
                               "models it predicts with: the Analysis panel and analyse --tsne "
                               "then map its embedding."});
    parser.process(arguments);
    QTextStream out(stdout), err(stderr);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2 || !parser.isSet("model-file")) {
        err << "kinemark-cli predict: usage: predict <project.kmk> --model-file model.kmodel\n";
        return ExitUsage;
    }
    return CliArguments::reportingErrors(err, "predict", [&] {
        TorchRuntime::setThreadCount(parser.value("threads").toInt());
        const ModelFile model = ModelFile::load(parser.value("model-file"));
        const ModelPredictor predictor(model);
        Project project = ProjectFile::open(pos[1]);
        const QStringList only =
            parser.value("recordings").split(QLatin1Char(','), Qt::SkipEmptyParts);
        const QString trackName = parser.isSet("track") ? parser.value("track") : model.kind;
        int done = 0;
        for (const auto& r : project.recordings) {
            if (!only.isEmpty() && !only.contains(r->id))
                continue;
            const QStringList problems = model.incompatibilities(*r);
            if (!problems.isEmpty()) {
                err << r->id << ": skipped: " << problems.join(QStringLiteral("; ")) << "\n";
                continue;
            }
            Prediction p = predictor.predict(*r, trackName);
            auto& tracks = r->tracks;
            tracks.erase(
                std::remove_if(tracks.begin(), tracks.end(),
                               [&](const AnnotationTrack& t) { return t.name() == trackName; }),
                tracks.end());
            tracks.push_back(std::move(p.track));
            r->probabilities[trackName] = std::move(p.probabilities);
            ++done;
            err << r->id << ": " << tracks.back().size() << " segments\n";
        }
        if (done == 0) {
            err << "kinemark-cli predict: no recording the model can read\n";
            return int(ExitFailure);
        }
        if (parser.isSet("store")) {
            const QByteArray bytes = model.toBytes();
            if (std::none_of(project.models.begin(), project.models.end(),
                             [&](const StoredModel& m) { return m.data == bytes; })) {
                StoredModel stored;
                stored.kind = model.kind;
                stored.id = QStringLiteral("%1 %2").arg(model.kind, model.created);
                stored.summary = model.summary();
                stored.data = bytes;
                project.models.push_back(stored);
            }
        }
        ProjectFile::save(project, pos[1]);
        out << "stored track '" << trackName << "' in " << done << " recording(s) of " << pos[1]
            << "\n";
        return int(ExitOk);
    });
}

} // namespace kinemark
