#include "app/cli/analysis/ReportCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "core/project/ProjectFile.h"
#include "core/timeuse/TimeUseSettings.h"
#include "core/timeuse/TimeUseSummary.h"
#include "widgets/report/TimeUseReport.h"

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

void addOptions(QCommandLineParser& parser)
{
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
}

// The thresholds given on the command line (unset: the project's).
struct Thresholds
{
    std::optional<double> minimumWear, bout, utcOffset;
};

// Checked before the (possibly large) project is read; false after a usage error on `err`.
bool readThresholds(const QCommandLineParser& parser, Thresholds* t, QTextStream& err)
{
    const auto numberOption = [&](const char* name, std::optional<double>* value) {
        if (!parser.isSet(name))
            return true;
        bool ok = false;
        *value = parser.value(name).toDouble(&ok);
        return ok && std::isfinite(**value);
    };
    if (!numberOption("min-wear-hours", &t->minimumWear) ||
        !numberOption("bout-minutes", &t->bout) || !numberOption("utc-offset", &t->utcOffset) ||
        t->minimumWear.value_or(0) < 0 || t->bout.value_or(0) < 0) {
        err << "kinemark-cli report: --min-wear-hours, --bout-minutes and --utc-offset take "
               "numbers\n";
        return false;
    }
    return true;
}

// --recording, else the only one; null after an error on `err` (its exit code in `exit`).
std::shared_ptr<Recording> chooseRecording(const QCommandLineParser& parser, const Project& project,
                                           const QString& path, QTextStream& err, int* exit)
{
    if (parser.isSet("recording")) {
        std::shared_ptr<Recording> recording = project.recording(parser.value("recording"));
        if (!recording) {
            err << "kinemark-cli report: " << path << ": no recording '"
                << parser.value("recording") << "'\n";
            *exit = ExitFailure;
        }
        return recording;
    }
    if (project.recordings.size() == 1)
        return project.recordings.front();
    err << "kinemark-cli report: " << path << " holds " << project.recordings.size()
        << " recordings; choose one with --recording\n";
    *exit = ExitUsage;
    return nullptr;
}

// The project's time-use options for the recording with the command line's
// thresholds and --groups; false after an error on `err`.
bool readOptions(const QCommandLineParser& parser, const Project& project,
                 const Recording& recording, const Thresholds& t, TimeUseOptions* options,
                 QTextStream& err)
{
    *options = TimeUseSettings::of(project).optionsFor(recording.labelSetId);
    if (t.minimumWear)
        options->minimumWearSeconds = *t.minimumWear * 3600;
    if (t.bout)
        options->minimumBoutSeconds = *t.bout * 60;
    if (t.utcOffset)
        options->utcOffsetSeconds = int(std::lround(*t.utcOffset * 3600));
    if (parser.isSet("groups")) {
        QFile groups(parser.value("groups"));
        if (!groups.open(QIODevice::ReadOnly)) {
            err << "kinemark-cli report: " << groups.fileName() << ": cannot be read\n";
            return false;
        }
        options->grouping = ActivityGrouping::fromJson(groups.readAll(), groups.fileName());
    }
    return true;
}

// --csv: daily.csv and hourly.csv; false after an error on `err`.
bool writeCsv(const QString& dir, const TimeUseSummary& summary, QTextStream& out, QTextStream& err)
{
    if (!QDir().mkpath(dir)) {
        err << "kinemark-cli report: " << dir << ": cannot create the folder\n";
        return false;
    }
    if (!writeText(QDir(dir).filePath("daily.csv"), summary.dailyCsv(), err) ||
        !writeText(QDir(dir).filePath("hourly.csv"), summary.hourlyCsv(), err))
        return false;
    out << "wrote " << QDir(dir).filePath("daily.csv") << " and "
        << QDir(dir).filePath("hourly.csv") << "\n";
    return true;
}

// The summary of the chosen recording and track, written as CSV and PDF.
int report(const QCommandLineParser& parser, const Thresholds& thresholds, QTextStream& out,
           QTextStream& err)
{
    const QString path = parser.positionalArguments()[1];
    const Project project = ProjectFile::open(path);
    int exit = ExitOk;
    const std::shared_ptr<Recording> recording = chooseRecording(parser, project, path, err, &exit);
    if (!recording)
        return exit;
    const AnnotationTrack* track =
        parser.isSet("track") ? recording->track(parser.value("track")) : recording->groundTruth();
    if (!track) {
        err << "kinemark-cli report: " << path << ": recording '" << recording->id
            << "' has no track '"
            << (parser.isSet("track") ? parser.value("track") : QStringLiteral("ground truth"))
            << "'\n";
        return ExitFailure;
    }
    TimeUseOptions options;
    if (!readOptions(parser, project, *recording, thresholds, &options, err))
        return ExitFailure;
    const TimeUseSummary summary = TimeUseSummary::compute(
        *recording, track, project.labelSet(recording->labelSetId), options);
    if (parser.isSet("csv") && !writeCsv(parser.value("csv"), summary, out, err))
        return ExitFailure;
    if (parser.isSet("output")) {
        const TimeUseReportInfo info = TimeUseReportInfo::describe(
            project, path, *recording, *track, QStringLiteral(KINEMARK_VERSION));
        const QString error = TimeUseReport::writePdf(parser.value("output"), summary, info);
        if (!error.isEmpty()) {
            err << "kinemark-cli report: " << error << "\n";
            return ExitFailure;
        }
        out << "wrote " << parser.value("output") << " (" << summary.days.size() << " day(s), "
            << summary.validDays << " with enough wear)\n";
    }
    return ExitOk;
}
} // namespace

int ReportCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(arguments);

    QTextStream out(stdout), err(stderr);
    if (parser.positionalArguments().size() < 2) {
        err << "kinemark-cli report: name a project file\n";
        return ExitUsage;
    }
    if (!parser.isSet("output") && !parser.isSet("csv")) {
        err << "kinemark-cli report: name the PDF with -o (or a folder with --csv)\n";
        return ExitUsage;
    }
    Thresholds thresholds;
    if (!readThresholds(parser, &thresholds, err))
        return ExitUsage;
    try {
        return report(parser, thresholds, out, err);
    } catch (const std::exception& e) {
        err << "kinemark-cli report: "
            << CliArguments::errorText(e, QStringLiteral("building the report")) << "\n";
        return ExitFailure;
    }
}

} // namespace kinemark
