#include "app/cli/labels/AgreeCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "core/analysis/TrackAgreement.h"
#include "core/project/ProjectFile.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <cmath>

namespace kinemark {

namespace {
QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

QJsonObject toJson(const TrackAgreement& r, const LabelSet* set)
{
    QJsonArray classes;
    for (const auto& c : r.classes)
        classes.append(
            QJsonObject{{"class_id", c.classId},
                        {"name", set ? set->className(c.classId) : QString::number(c.classId)},
                        {"support", double(c.support)},
                        {"precision", c.precision},
                        {"recall", c.recall},
                        {"f1", c.f1}});
    QJsonObject o{{"compared_samples", double(r.comparedSamples)},
                  {"only_in_a", double(r.onlyInA)},
                  {"only_in_b", double(r.onlyInB)},
                  {"observed_agreement", number(r.observedAgreement)},
                  {"expected_agreement", number(r.expectedAgreement)},
                  {"kappa", number(r.kappa)},
                  {"macro_f1", number(r.macroF1)},
                  {"classes", classes}};
    return o;
}

void printText(QTextStream& out, const TrackAgreement& r, const LabelSet* set, bool boundaries)
{
    out << QStringLiteral("  samples compared %1 (only in a: %2, only in b: %3)\n")
               .arg(r.comparedSamples)
               .arg(r.onlyInA)
               .arg(r.onlyInB);
    out << QStringLiteral("  Cohen's kappa %1, observed agreement %2, chance %3, macro F1 %4\n")
               .arg(r.kappa, 0, 'f', 4)
               .arg(r.observedAgreement, 0, 'f', 4)
               .arg(r.expectedAgreement, 0, 'f', 4)
               .arg(r.macroF1, 0, 'f', 4);
    out << "  class                      support  precision  recall      F1\n";
    for (const auto& c : r.classes)
        out << QStringLiteral("  %1 %2 %3 %4 %5\n")
                   .arg(QStringLiteral("%1 %2").arg(c.classId).arg(set ? set->className(c.classId)
                                                                       : QString()),
                        -24)
                   .arg(c.support, 10)
                   .arg(c.precision, 10, 'f', 4)
                   .arg(c.recall, 7, 'f', 4)
                   .arg(c.f1, 7, 'f', 4);
    if (boundaries) {
        const auto& b = r.boundaries;
        out << QStringLiteral("  boundaries: %1 matched, %2 only in a, %3 only in b; |offset| mean "
                              "%4 s, median %5 s, max %6 s\n")
                   .arg(b.matched)
                   .arg(b.onlyInA)
                   .arg(b.onlyInB)
                   .arg(b.meanAbsSeconds, 0, 'f', 3)
                   .arg(b.medianAbsSeconds, 0, 'f', 3)
                   .arg(b.maxAbsSeconds, 0, 'f', 3);
    }
}
} // namespace

int AgreeCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Agreement between two tracks (two annotators, or annotator vs model) of every recording "
        "that has both: Cohen's kappa and per-class F1 over the samples both label, and boundary "
        "offsets; then pooled over the recordings. Track a is the reference."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("agree"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("project file (.kmk)"));
    parser.addOption({"a", "Reference track (default: the ground truth).", "TRACK"});
    parser.addOption({"b", "Compared track (default: the only other track).", "TRACK"});
    parser.addOption({"recording", "Only this recording.", "ID"});
    parser.addOption({"tolerance", "Boundaries further apart than this are unmatched (default 2).",
                      "SECONDS", "2"});
    parser.addOption({"json", "Print JSON."});
    parser.process(arguments);

    QTextStream out(stdout), err(stderr);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2) {
        err << "kinemark-cli agree: name a project file\n";
        return ExitUsage;
    }
    bool ok = false;
    const double tolerance = parser.value("tolerance").toDouble(&ok);
    if (!ok || tolerance < 0) {
        err << "kinemark-cli agree: --tolerance needs a number of seconds\n";
        return ExitUsage;
    }
    try {
        const Project project = ProjectFile::open(pos[1]);
        TrackAgreement::Confusion pooled;
        int64_t onlyA = 0, onlyB = 0;
        QJsonArray perRecording;
        int compared = 0;
        const LabelSet* pooledSet = nullptr;
        for (const auto& r : project.recordings) {
            if (parser.isSet("recording") && r->id != parser.value("recording"))
                continue;
            const AnnotationTrack* a =
                parser.isSet("a") ? r->track(parser.value("a")) : r->groundTruth();
            const AnnotationTrack* b = parser.isSet("b") ? r->track(parser.value("b")) : nullptr;
            if (!parser.isSet("b") && a) {
                for (const AnnotationTrack& t : r->tracks)
                    if (&t != a)
                        b = b ? nullptr : &t; // only when there is exactly one other
            }
            if (!a || !b) {
                if (!parser.isSet("json"))
                    out << r->id << ": skipped (needs both tracks; name them with --a and --b)\n";
                continue;
            }
            const LabelSet* set = project.labelSet(r->labelSetId);
            pooledSet = pooledSet ? pooledSet : set;
            const int64_t n = int64_t(r->sampleCount());
            const TrackAgreement result =
                TrackAgreement::compare(*a, *b, n, r->sampleRateHz, tolerance);
            TrackAgreement::addConfusion(*a, *b, n, pooled, &onlyA, &onlyB);
            ++compared;
            if (parser.isSet("json")) {
                QJsonObject o = toJson(result, set);
                o["recording"] = r->id;
                o["a"] = a->name();
                o["b"] = b->name();
                o["boundaries"] = QJsonObject{{"matched", double(result.boundaries.matched)},
                                              {"only_in_a", double(result.boundaries.onlyInA)},
                                              {"only_in_b", double(result.boundaries.onlyInB)},
                                              {"mean_abs_s", result.boundaries.meanAbsSeconds},
                                              {"median_abs_s", result.boundaries.medianAbsSeconds},
                                              {"max_abs_s", result.boundaries.maxAbsSeconds}};
                perRecording.append(o);
            } else {
                out << r->id << ": " << a->name() << " (a) vs " << b->name() << " (b)\n";
                printText(out, result, set, true);
            }
        }
        if (compared == 0) {
            err << "kinemark-cli agree: no recording has both tracks\n";
            return ExitFailure;
        }
        TrackAgreement total = TrackAgreement::fromConfusion(pooled);
        total.onlyInA = onlyA;
        total.onlyInB = onlyB;
        if (parser.isSet("json")) {
            out << QJsonDocument(QJsonObject{{"recordings", perRecording},
                                             {"pooled", toJson(total, pooledSet)}})
                       .toJson(QJsonDocument::Indented);
        } else if (compared > 1) {
            out << "pooled over " << compared << " recordings\n";
            printText(out, total, pooledSet, false);
        }
        return ExitOk;
    } catch (const std::exception& e) {
        err << "kinemark-cli agree: "
            << CliArguments::errorText(e, QStringLiteral("comparing the label tracks")) << "\n";
        return ExitFailure;
    }
}

} // namespace kinemark
