#include "app/cli/data/DemoCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "core/demo/DemoRecordingGenerator.h"
#include "core/project/ProjectFile.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>
#include <exception>

namespace kinemark {

int DemoCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes the built-in demo as a project: two hours in a lab-like session, or with "
        "--days N a free-living period of N days (Monday 10:00 to 08:00 after the last day, "
        "25 Hz) with nights in bed, office hours, outings and times the sensors were off."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("demo"), QStringLiteral("the command"));
    parser.addOption({"days", "Days of daily routine (1-14; default: the 2-hour demo).", "N"});
    parser.addOption({"seed", "Random seed (default 1).", "S", "1"});
    parser.addOption({{"o", "output"}, "Project file to write.", "FILE"});
    parser.addOption({"overwrite", "Replace an existing project file."});
    parser.process(arguments);
    QTextStream out(stdout), err(stderr);
    if (!parser.isSet("output")) {
        err << "kinemark-cli demo: name the project file with -o\n";
        return ExitUsage;
    }
    DemoOptions options;
    if (parser.isSet("days")) {
        bool ok = false;
        const int days = parser.value("days").toInt(&ok);
        if (!ok || days < 1 || days > 14) {
            err << "kinemark-cli demo: --days takes 1 to 14\n";
            return ExitUsage;
        }
        options = DemoOptions::severalDays(days);
    }
    bool ok = false;
    options.seed = parser.value("seed").toULongLong(&ok);
    if (!ok) {
        err << "kinemark-cli demo: --seed takes a whole number\n";
        return ExitUsage;
    }
    const QString path = parser.value("output");
    if (QFileInfo::exists(path) && !parser.isSet("overwrite")) {
        err << "kinemark-cli demo: " << path << " exists; pass --overwrite to replace it\n";
        return ExitFailure;
    }
    try {
        ProjectFile::save(DemoRecordingGenerator::demoProject(options), path);
    } catch (const std::exception& e) {
        err << "kinemark-cli demo: "
            << CliArguments::errorText(e, QStringLiteral("generating the demo project")) << "\n";
        return ExitFailure;
    }
    out << "wrote " << path << "\n";
    return ExitOk;
}

} // namespace kinemark
