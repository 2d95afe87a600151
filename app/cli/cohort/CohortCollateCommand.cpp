#include "app/cli/cohort/CohortCollateCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "core/base/AtomicFileWriter.h"
#include "core/cohort/CohortCollation.h"
#include "core/cohort/CohortFolder.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

namespace kinemark {

namespace {

void writeAtomically(const QString& path, const QString& text)
{
    AtomicFileWriter writer(path, AtomicFileWriter::Naming::Unique);
    writer.write(text.toUtf8());
    writer.commit();
}

} // namespace

int CohortCollateCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Collates a cohort folder written by 'cohort run': one row per finished participant, "
        "sorted by participant (wear, minutes per class and per activity group, sedentary "
        "bouts, transitions, quality flags, the track and the model with the hash of its "
        "weights and its creation time), and the failures of every shard in one file: the "
        "latest error of each participant that is still not done."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("cohort"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("collate"), QStringLiteral("the subcommand"));
    parser.addPositionalArgument(QStringLiteral("dir"),
                                 QStringLiteral("the cohort's --out folder"));
    parser.addOption({{"o", "output"}, "Summary CSV to write.", "summary.csv"});
    parser.addOption({"failures", "Failures CSV to write (default: DIR/failures.csv).", "FILE"});
    parser.process(arguments);
    QTextStream out(stdout), err(stderr);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 3 || !parser.isSet("output")) {
        err << "kinemark-cli cohort collate: usage: cohort collate DIR -o summary.csv\n";
        return ExitUsage;
    }
    return CliArguments::reportingErrors(err, "cohort collate", [&] {
        if (!QFileInfo(pos[2]).isDir())
            throw std::runtime_error(
                QStringLiteral("%1: no such folder").arg(pos[2]).toStdString());
        const CohortFolder folder(pos[2]);
        const auto rows = CohortCollation::readSummaries(folder);
        const auto failures = CohortCollation::readFailures(folder);
        writeAtomically(parser.value("output"), CohortCollation::summaryCsv(rows));
        const QString failuresPath = parser.isSet("failures")
                                         ? parser.value("failures")
                                         : QDir(pos[2]).filePath(QStringLiteral("failures.csv"));
        writeAtomically(failuresPath, CohortCollation::failuresCsv(failures));
        out << parser.value("output") << ": " << rows.size() << " participant(s); " << failuresPath
            << ": " << failures.size() << " failed\n";
        for (const auto& f : failures)
            err << f.participant << ": " << f.error << "\n";
        return int(ExitOk);
    });
}

} // namespace kinemark
