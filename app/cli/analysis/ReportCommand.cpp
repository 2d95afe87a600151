#include "app/cli/analysis/ReportCommand.h"

#include "app/cli/CliCommand.h"
#include "core/project/ProjectFile.h"
#include "widgets/report/TimeUseReport.h"
#include "core/timeuse/TimeUseSettings.h"
#include "core/timeuse/TimeUseSummary.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <cmath>
#include <exception>
#include <optional>

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
    // Defaults of the four below: the project's Patient view settings (as the
    // GUI saved them), else 10 h, 30 min, groups by class name, 0 h.
    parser.addOption({"min-wear-hours",
                      "Days with less wear are flagged (default: the project's, else 10).", "H"});
    parser.addOption({"bout-minutes",
                      "Shortest sedentary bout counted (default: the project's, else 30).", "M"});
    parser.addOption(
        {"groups",
         "Activity groups as JSON ({\"groups\": [{\"name\", \"colour\", \"classes\": "
         "[ids]}]}; default: the project's, else sedentary, upright, active by class name).",
         "FILE"});
    parser.addOption(
        {"utc-offset",
         "Hours added to the stored (UTC) times for local days "
         "(default: the project's, else 0: device clocks are stored as they were set).",
         "H"});
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
    // Command-line thresholds, checked before the (possibly large) project is read.
    std::optional<double> minimumWear, bout, utcOffset;
    const auto numberOption = [&](const char* name, std::optional<double>* value) {
        if (!parser.isSet(name))
            return true;
        bool ok = false;
        *value = parser.value(name).toDouble(&ok);
        return ok && std::isfinite(**value);
    };
    if (!numberOption("min-wear-hours", &minimumWear) || !numberOption("bout-minutes", &bout) ||
        !numberOption("utc-offset", &utcOffset) || minimumWear.value_or(0) < 0 ||
        bout.value_or(0) < 0) {
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
        TimeUseOptions options = TimeUseSettings::of(project).optionsFor(recording->labelSetId);
        if (minimumWear)
            options.minimumWearSeconds = *minimumWear * 3600;
        if (bout)
            options.minimumBoutSeconds = *bout * 60;
        if (utcOffset)
            options.utcOffsetSeconds = int(std::lround(*utcOffset * 3600));
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
