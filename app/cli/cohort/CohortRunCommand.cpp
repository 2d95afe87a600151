#include "app/cli/cohort/CohortRunCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "app/cli/cohort/CohortParticipantProcessor.h"
#include "core/base/FormatError.h"
#include "core/cohort/CohortCollation.h"
#include "core/cohort/CohortFolder.h"
#include "core/cohort/CohortManifest.h"
#include "core/cohort/CohortShard.h"
#include "models/runtime/TorchRuntime.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QProcessEnvironment>
#include <QTextStream>
#include <cmath>

namespace kinemark {

namespace {

void addOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Processes a cohort: for each participant of the manifest (CSV: participant,files[,import "
        "options as columns]; several files of one participant separated by ';'), import, "
        "calibrate where asked, predict with --model-file (without one: summarise the "
        "recording's ground truth), and write DIR/<participant>/ with the track as segment CSV, "
        "daily.csv, hourly.csv, participant.json and, if asked, project.kmk and report.pdf. A "
        "participant's folder appears complete or not at all; a restarted run skips those done. "
        "Several processes share the participants by --shard i/n or by the launcher's "
        "environment (RANK/WORLD_SIZE, OMPI_COMM_WORLD_RANK/SIZE, SLURM_PROCID/SLURM_NTASKS, "
        "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT). A participant that fails is written to "
        "DIR/failures-<i>-of-<n>.csv (one file per shard) and the others go on; the exit code "
        "is then 1. Import options on the command line apply to every participant; a manifest "
        "column of the same name overrides them for its row (switches: yes or no)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("cohort"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("run"), QStringLiteral("the subcommand"));
    parser.addPositionalArgument(QStringLiteral("manifest"), QStringLiteral("manifest (CSV)"));
    parser.addOption({"out", "Output folder (one folder per participant).", "DIR"});
    parser.addOption({"model-file", "Trained model (.kmodel) to predict with.", "FILE"});
    parser.addOption({"report", "Also write each participant's PDF report (report.pdf)."});
    parser.addOption({"save-projects", "Also write each participant's project (project.kmk)."});
    parser.addOption({"shard",
                      "This process's share: i/n with 0 <= i < n (default: from the "
                      "launcher's environment, else all).",
                      "i/n"});
    parser.addOption({"max-participants",
                      "Stop after processing this many participants (e.g. to fit a job's time "
                      "limit; the next run carries on).",
                      "K"});
    parser.addOption({"threads", "LibTorch threads (default: all cores).", "T", "0"});
    parser.addOption({"min-wear-hours", "Days with less wear are flagged (default 10).", "H"});
    parser.addOption({"bout-minutes", "Shortest sedentary bout counted (default 30).", "M"});
    parser.addOption({"groups", "Activity groups as JSON (as report --groups).", "FILE"});
    parser.addOption({"utc-offset", "Hours added to the stored (UTC) times for local days.", "H"});
    parser.addOption({{"q", "quiet"}, "Print nothing but errors and failures."});
    CohortParticipantProcessor::addImportOptions(parser);
}

bool numberOption(const QCommandLineParser& parser, const char* name, std::optional<double>* value)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    *value = parser.value(name).toDouble(&ok);
    return ok && std::isfinite(**value);
}

CohortParticipantProcessor::Settings readSettings(const QCommandLineParser& parser)
{
    CohortParticipantProcessor::Settings s;
    s.globalImportOptions = CohortParticipantProcessor::importOptionsOf(parser);
    s.modelFile = parser.value("model-file");
    if (!numberOption(parser, "min-wear-hours", &s.minimumWearHours) ||
        !numberOption(parser, "bout-minutes", &s.boutMinutes) ||
        !numberOption(parser, "utc-offset", &s.utcOffsetHours) ||
        s.minimumWearHours.value_or(0) < 0 || s.boutMinutes.value_or(0) < 0)
        throw std::invalid_argument(
            "--min-wear-hours, --bout-minutes and --utc-offset take numbers");
    if (parser.isSet("groups")) {
        QFile groups(parser.value("groups"));
        if (!groups.open(QIODevice::ReadOnly))
            throw std::invalid_argument(
                QStringLiteral("%1: cannot be read").arg(groups.fileName()).toStdString());
        s.groupsJson = groups.readAll();
        s.groupsSource = groups.fileName();
    }
    s.saveProject = parser.isSet("save-projects");
    s.report = parser.isSet("report");
    return s;
}

// One shard's failures file, appended to by this process alone (one file per
// shard: no locks, which cluster file systems do not all honour), one
// flushed line per failure, so a killed process loses at most the line it
// was writing. Earlier runs' lines stay: collation takes each participant's
// latest and drops those a later run finished.
class FailureWriter
{
public:
    explicit FailureWriter(const QString& path) : m_file(path) {}
    void add(const QString& participant, const QString& error)
    {
        if (!m_file.isOpen()) {
            if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append))
                throw std::runtime_error(QStringLiteral("%1: cannot be written: %2")
                                             .arg(m_file.fileName(), m_file.errorString())
                                             .toStdString());
            if (m_file.size() == 0)
                m_file.write(CohortCollation::failuresHeader().toUtf8());
        }
        const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        m_file.write(CohortCollation::failureLine({participant, error, time}).toUtf8());
        m_file.flush();
    }

private:
    QFile m_file;
};

int runCohort(const QCommandLineParser& parser, QTextStream& err)
{
    const bool quiet = parser.isSet("quiet");
    const CohortShard shard =
        parser.isSet("shard")
            ? CohortShard::parse(parser.value("shard"))
            : CohortShard::fromEnvironment(QProcessEnvironment::systemEnvironment());
    int maxParticipants = -1;
    if (parser.isSet("max-participants")) {
        bool ok = false;
        maxParticipants = parser.value("max-participants").toInt(&ok);
        if (!ok || maxParticipants < 0)
            throw std::invalid_argument("--max-participants takes a count");
    }
    const CohortParticipantProcessor::Settings settings = readSettings(parser);
    const QString manifestPath = parser.positionalArguments()[2];
    const CohortManifest manifest =
        CohortManifest::read(manifestPath, CohortParticipantProcessor::importOptionNames());
    TorchRuntime::setThreadCount(parser.value("threads").toInt());
    const CohortParticipantProcessor processor(settings);
    processor.check(manifest);

    const CohortFolder folder(parser.value("out"));
    folder.create();
    FailureWriter failures(folder.failuresPath(shard.label()));

    std::vector<const CohortParticipant*> mine;
    for (size_t i = 0; i < manifest.participants.size(); ++i)
        if (shard.owns(int(i)))
            mine.push_back(&manifest.participants[i]);
    const QString tag = QStringLiteral("[shard %1/%2]").arg(shard.index).arg(shard.count);
    if (!quiet)
        err << tag << " " << mine.size() << " of " << manifest.participants.size()
            << " participant(s) (" << shard.origin << ")" << Qt::endl;
    int processed = 0, done = 0, skipped = 0, failed = 0;
    for (size_t k = 0; k < mine.size(); ++k) {
        const CohortParticipant& p = *mine[k];
        const QString position =
            QStringLiteral("%1 %2/%3 %4").arg(tag).arg(k + 1).arg(mine.size()).arg(p.id);
        if (folder.isDone(p.id)) {
            ++skipped;
            if (!quiet)
                err << position << ": already done" << Qt::endl;
            continue;
        }
        if (maxParticipants >= 0 && processed >= maxParticipants) {
            if (!quiet)
                err << tag << " stopping after " << processed
                    << " participant(s) (--max-participants)" << Qt::endl;
            break;
        }
        ++processed;
        QElapsedTimer timer;
        timer.start();
        QString temporary;
        try {
            temporary = folder.beginParticipant(p.id);
            processor.process(p, temporary);
            folder.commitParticipant(temporary, p.id);
            ++done;
            if (!quiet)
                err << position << ": done in " << QString::number(timer.elapsed() / 1000.0, 'f', 1)
                    << " s" << Qt::endl;
        } catch (const std::exception& e) {
            if (!temporary.isEmpty())
                folder.abandon(temporary);
            const QString message =
                CliArguments::errorText(e, QStringLiteral("processing participant %1").arg(p.id));
            ++failed;
            failures.add(p.id, message);
            err << position << ": FAILED: " << message << Qt::endl;
        }
    }
    if (!quiet)
        err << tag << " " << done << " done, " << skipped << " already done, " << failed
            << " failed" << Qt::endl;
    return failed > 0 ? int(ExitFailure) : int(ExitOk);
}

} // namespace

int CohortRunCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(arguments);
    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 3 || !parser.isSet("out")) {
        err << "kinemark-cli cohort run: usage: cohort run MANIFEST.csv --out DIR [--model-file "
               "M] [--report] [--shard i/n] [--save-projects] (see --help)\n";
        return ExitUsage;
    }
    return CliArguments::reportingErrors(err, "cohort run", [&] {
        try {
            return runCohort(parser, err);
        } catch (const FormatError& e) {
            // A manifest refused: nothing ran; a usage error, so that a job
            // array's tasks all stop at once rather than each retrying.
            err << "kinemark-cli cohort run: " << e.describe() << "\n";
            return int(ExitUsage);
        }
    });
}

} // namespace kinemark
