#include "app/cli/analysis/EffortCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "core/analysis/CorrectionEffort.h"
#include "core/project/ProjectFile.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <cmath>

namespace kinemark {

namespace {
using Op = CorrectionEffort::Operation;

// What one recording, or all of them pooled, needs.
struct EffortRow
{
    QString name;
    CorrectionEffort::Operations operations;
    int64_t truthSegments = 0;
    int64_t gapOperations = 0;
    double kappaBefore = 0, kappaAfter = 0;
    double ratio() const
    {
        return truthSegments > 0 ? double(operations.total()) / double(truthSegments) : NAN;
    }
};

QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

QJsonObject toJson(const EffortRow& row)
{
    QJsonObject ops;
    for (int i = 0; i < CorrectionEffort::kOperationCount; ++i)
        ops[CorrectionEffort::operationName(Op(i))] = double(row.operations.count[i]);
    return QJsonObject{{"operations", ops},
                       {"total", double(row.operations.total())},
                       {"in_unlabelled_stretches", double(row.gapOperations)},
                       {"from_scratch", double(row.truthSegments)},
                       {"ratio", number(row.ratio())},
                       {"kappa_before", number(row.kappaBefore)},
                       {"kappa_after", number(row.kappaAfter)}};
}

void printText(QTextStream& out, const EffortRow& row)
{
    QStringList parts;
    for (int i = 0; i < CorrectionEffort::kOperationCount; ++i)
        parts << QStringLiteral("%1 %2")
                     .arg(CorrectionEffort::operationName(Op(i)))
                     .arg(row.operations.count[i]);
    out << QStringLiteral("%1: %2 operations (%3; %4 in stretches the truth leaves unlabelled), "
                          "from scratch %5 (one paint per truth segment): ratio %6; kappa %7 "
                          "before, %8 after correcting\n")
               .arg(row.name)
               .arg(row.operations.total())
               .arg(parts.join(QStringLiteral(", ")))
               .arg(row.gapOperations)
               .arg(row.truthSegments)
               .arg(row.ratio(), 0, 'f', 2)
               .arg(row.kappaBefore, 0, 'f', 3)
               .arg(row.kappaAfter, 0, 'f', 3);
}
} // namespace

int EffortCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "How many of the editor's operations (relabel, drag a boundary, split, merge, paint "
        "into an unlabelled stretch, delete) turn a track into the ground truth, per recording "
        "and pooled, beside labelling from an empty track (one paint per truth segment), and "
        "Cohen's kappa of the track against the truth before and after correcting. A boundary "
        "within the tolerance of the truth's needs no drag. The count is a documented edit "
        "script (core/analysis/CorrectionEffort.h): minimal over the ways it considers, an "
        "upper bound otherwise."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("effort"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("project file (.kmk)"));
    parser.addOption({"track", "The track to correct (e.g. a model's prediction).", "NAME"});
    parser.addOption({"truth", "The reference track (default: the ground truth).", "NAME"});
    parser.addOption({"recording", "Only this recording (repeat for several).", "ID"});
    parser.addOption({"tolerance", "Boundaries this close to the truth's need no drag (default 1).",
                      "SECONDS", "1"});
    parser.addOption({"json", "Print JSON."});
    parser.process(arguments);

    QTextStream out(stdout), err(stderr);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2) {
        err << "kinemark-cli effort: name a project file\n";
        return ExitUsage;
    }
    if (!parser.isSet("track") || parser.value("track").isEmpty()) {
        err << "kinemark-cli effort: name the track to correct with --track\n";
        return ExitUsage;
    }
    bool ok = false;
    const double tolerance = parser.value("tolerance").toDouble(&ok);
    if (!ok || !std::isfinite(tolerance) || tolerance < 0) {
        err << "kinemark-cli effort: --tolerance needs a number of seconds, 0 or more\n";
        return ExitUsage;
    }
    const QString trackName = parser.value("track");
    const bool json = parser.isSet("json");
    const QStringList only = parser.values("recording");
    try {
        const Project project = ProjectFile::open(pos[1]);
        for (const QString& id : only) {
            bool found = false;
            for (const auto& r : project.recordings)
                found = found || r->id == id;
            if (!found) {
                err << "kinemark-cli effort: the project has no recording '" << id << "'\n";
                return ExitFailure;
            }
        }
        TrackAgreement::Confusion before, after;
        EffortRow pooled;
        pooled.name = QStringLiteral("pooled");
        QJsonArray rows, skipped;
        int measured = 0;
        for (const auto& r : project.recordings) {
            if (!only.isEmpty() && !only.contains(r->id))
                continue;
            const AnnotationTrack* truth =
                parser.isSet("truth") ? r->track(parser.value("truth")) : r->groundTruth();
            const AnnotationTrack* track = r->track(trackName);
            if (!truth || !track) {
                const QString why = !track ? QStringLiteral("no track '%1'").arg(trackName)
                                           : QStringLiteral("no reference track");
                if (json)
                    skipped.append(QJsonObject{{"recording", r->id}, {"reason", why}});
                else
                    out << r->id << ": skipped (" << why << ")\n";
                continue;
            }
            const int64_t n = int64_t(r->sampleCount());
            const CorrectionEffort effort =
                CorrectionEffort::measure(*truth, *track, n, r->sampleRateHz, tolerance);
            EffortRow row;
            row.name = r->id;
            row.operations = effort.operations;
            row.truthSegments = effort.truthSegments;
            row.gapOperations = effort.gapOperations;
            row.kappaBefore = TrackAgreement::compare(*truth, *track, n, r->sampleRateHz).kappa;
            row.kappaAfter = effort.agreement.kappa;
            TrackAgreement::addConfusion(*truth, *track, n, before);
            TrackAgreement::addConfusion(*truth, effort.corrected, n, after);
            pooled.operations += row.operations;
            pooled.truthSegments += row.truthSegments;
            pooled.gapOperations += row.gapOperations;
            ++measured;
            if (json) {
                QJsonObject o = toJson(row);
                o["recording"] = r->id;
                rows.append(o);
            } else {
                printText(out, row);
            }
        }
        if (measured == 0) {
            err << "kinemark-cli effort: no recording has both the track '" << trackName
                << "' and the reference\n";
            return ExitFailure;
        }
        pooled.kappaBefore = TrackAgreement::fromConfusion(before).kappa;
        pooled.kappaAfter = TrackAgreement::fromConfusion(after).kappa;
        if (json) {
            QJsonObject pooledJson = toJson(pooled);
            pooledJson["recordings"] = measured;
            out << QJsonDocument(QJsonObject{{"track", trackName},
                                             {"truth", parser.isSet("truth")
                                                           ? parser.value("truth")
                                                           : QStringLiteral("ground truth")},
                                             {"tolerance_s", tolerance},
                                             {"recordings", rows},
                                             {"skipped", skipped},
                                             {"pooled", pooledJson}})
                       .toJson(QJsonDocument::Indented);
        } else {
            pooled.name = QStringLiteral("pooled over %1 recording%2")
                              .arg(measured)
                              .arg(measured == 1 ? "" : "s");
            printText(out, pooled);
        }
        return ExitOk;
    } catch (const std::exception& e) {
        err << "kinemark-cli effort: "
            << CliArguments::errorText(e, QStringLiteral("measuring the correction effort"))
            << "\n";
        return ExitFailure;
    }
}

} // namespace kinemark
