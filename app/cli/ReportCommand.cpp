#include "ReportCommand.h"

#include "CliCommand.h"
#include "ProjectFile.h"
#include "TimeUseReport.h"
#include "TimeUseSummary.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <exception>

namespace kinemark {

namespace {
bool writeText(const QString& path, const QString& text, QTextStream& err)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text.toUtf8()) < 0) {
        err << "kinemark-cli report: " << path << ": cannot be written\n";
        return false;
    }
    return true;
}
} // namespace

int ReportCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Time-use report of one recording as PDF: identification, period, wear time, the "
        "patient day view, daily minutes per activity, sedentary bouts, sit-to-stand "
        "transitions, the hourly profile, and the model's validation metrics when a "
        "prediction track is summarised. --csv also writes the tables."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("report"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("project file (.kmk)"));
    parser.addOption({"recording", "Recording id (default: the only one).", "ID"});
    parser.addOption({"track", "Track to summarise (default: the ground truth).", "NAME"});
    parser.addOption({{"o", "output"}, "PDF file to write.", "FILE"});
    parser.addOption({"csv", "Also write daily.csv and hourly.csv into this folder.", "DIR"});
    parser.addOption(
        {"min-wear-hours", "Days with less wear are flagged (default 10).", "H", "10"});
    parser.addOption({"bout-minutes", "Shortest sedentary bout counted (default 30).", "M", "30"});
    parser.addOption({"groups",
                      "Activity groups as JSON ({\"groups\": [{\"name\", \"colour\", \"classes\": "
                      "[ids]}]}; default: sedentary, upright, active by class name).",
                      "FILE"});
    parser.addOption({"utc-offset",
                      "Hours added to the stored (UTC) times for local days "
                      "(default 0: device clocks are stored as they were set).",
                      "H", "0"});
    parser.process(arguments);

    QTextStream out(stdout), err(stderr);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2) {
        err << "kinemark-cli report: name a project file\n";
        return ExitUsage;
    }
    if (!parser.isSet("output") && !parser.isSet("csv")) {
        err << "kinemark-cli report: name the PDF with -o (or a folder with --csv)\n";
        return ExitUsage;
    }
    TimeUseOptions options;
    bool ok1 = false, ok2 = false, ok3 = false;
    options.minimumWearSeconds = parser.value("min-wear-hours").toDouble(&ok1) * 3600;
    options.minimumBoutSeconds = parser.value("bout-minutes").toDouble(&ok2) * 60;
    options.utcOffsetSeconds = int(parser.value("utc-offset").toDouble(&ok3) * 3600);
    if (!ok1 || !ok2 || !ok3 || options.minimumWearSeconds < 0 || options.minimumBoutSeconds < 0) {
        err << "kinemark-cli report: --min-wear-hours, --bout-minutes and --utc-offset take "
               "numbers\n";
        return ExitUsage;
    }
    try {
        const Project project = ProjectFile::open(pos[1]);
        std::shared_ptr<Recording> recording;
        if (parser.isSet("recording")) {
            recording = project.recording(parser.value("recording"));
            if (!recording) {
                err << "kinemark-cli report: " << pos[1] << ": no recording '"
                    << parser.value("recording") << "'\n";
                return ExitFailure;
            }
        } else if (project.recordings.size() == 1) {
            recording = project.recordings.front();
        } else {
            err << "kinemark-cli report: " << pos[1] << " holds " << project.recordings.size()
                << " recordings; choose one with --recording\n";
            return ExitUsage;
        }
        const AnnotationTrack* track = parser.isSet("track")
                                           ? recording->track(parser.value("track"))
                                           : recording->groundTruth();
        if (!track) {
            err << "kinemark-cli report: " << pos[1] << ": recording '" << recording->id
                << "' has no track '"
                << (parser.isSet("track") ? parser.value("track") : QStringLiteral("ground truth"))
                << "'\n";
            return ExitFailure;
        }
        const LabelSet* labelSet = project.labelSet(recording->labelSetId);
        if (parser.isSet("groups")) {
            QFile groups(parser.value("groups"));
            if (!groups.open(QIODevice::ReadOnly)) {
                err << "kinemark-cli report: " << groups.fileName() << ": cannot be read\n";
                return ExitFailure;
            }
            options.grouping = ActivityGrouping::fromJson(groups.readAll(), groups.fileName());
        }
        const TimeUseSummary summary =
            TimeUseSummary::compute(*recording, track, labelSet, options);

        if (parser.isSet("csv")) {
            const QString dir = parser.value("csv");
            if (!QDir().mkpath(dir)) {
                err << "kinemark-cli report: " << dir << ": cannot create the folder\n";
                return ExitFailure;
            }
            if (!writeText(QDir(dir).filePath("daily.csv"), summary.dailyCsv(), err) ||
                !writeText(QDir(dir).filePath("hourly.csv"), summary.hourlyCsv(), err))
                return ExitFailure;
            out << "wrote " << QDir(dir).filePath("daily.csv") << " and "
                << QDir(dir).filePath("hourly.csv") << "\n";
        }
        if (parser.isSet("output")) {
            const TimeUseReportInfo info = TimeUseReportInfo::describe(
                project, pos[1], *recording, *track, QStringLiteral(KINEMARK_VERSION));
            const QString error = TimeUseReport::writePdf(parser.value("output"), summary, info);
            if (!error.isEmpty()) {
                err << "kinemark-cli report: " << error << "\n";
                return ExitFailure;
            }
            out << "wrote " << parser.value("output") << " (" << summary.days.size() << " day(s), "
                << summary.validDays << " with enough wear)\n";
        }
    } catch (const std::exception& e) {
        err << "kinemark-cli report: " << e.what() << "\n";
        return ExitFailure;
    }
    return ExitOk;
}

} // namespace kinemark
