#include "app/cli/data/ImportCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "app/cli/CliInputs.h"
#include "app/cli/data/ColumnMappingOptions.h"
#include "app/cli/data/DeviceImportCliOptions.h"
#include "core/base/FormatError.h"
#include "core/model/Project.h"
#include "core/project/ProjectFile.h"
#include "core/project/ProjectSummary.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTextStream>

namespace kinemark {

int ImportCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Imports recordings into a Kinemark project file (.kmk).") +
        ColumnMappingOptions::helpText());
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("import"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("inputs"),
                                 QStringLiteral("recording files or folders"),
                                 QStringLiteral("<inputs>..."));
    parser.addOption(
        {"format",
         "Input format: auto, hapt, harth, har70plus, csv, cwa, gt3x, geneactiv (default auto).",
         "F", "auto"});
    parser.addOption({{"o", "output"}, "Project file to write.", "project.kmk"});
    parser.addOption({"append", "Add to the recordings of an existing project file."});
    parser.addOption({"overwrite", "Replace an existing project file."});
    parser.addOption({{"q", "quiet"}, "Print nothing but errors."});
    ColumnMappingOptions::addTo(parser);
    DeviceImportCliOptions::addTo(parser);
    parser.process(arguments);

    QTextStream out(stdout), err(stderr);
    const QStringList inputs = parser.positionalArguments().mid(1);
    const QString output = parser.value("output");
    if (inputs.isEmpty() || output.isEmpty()) {
        err << "kinemark-cli import: usage: kinemark-cli import <inputs...> --format F -o "
               "project.kmk "
               "(see --help)\n";
        return ExitUsage;
    }
    const bool exists = QFileInfo::exists(output);
    if (exists && !parser.isSet("append") && !parser.isSet("overwrite")) {
        err << "kinemark-cli import: " << output
            << " exists; pass --append to add to it or --overwrite to replace it\n";
        return ExitUsage;
    }
    const bool quiet = parser.isSet("quiet");
    try {
        QElapsedTimer timer;
        timer.start();
        Project project = exists && parser.isSet("append") ? ProjectFile::open(output) : Project();
        Project imported = CliInputs::load(inputs, parser, quiet, &project);
        const size_t added = imported.recordings.size();
        // With --append, class ids are checked against the project's own
        // (perhaps edited) label sets, not only the built-in ones.
        project.mergeImported(std::move(imported));
        const QString problem = project.checkConsistency();
        if (!problem.isEmpty())
            throw std::runtime_error(problem.toStdString());
        ProjectFile::save(project, output);
        if (!quiet)
            out << QStringLiteral("%1: %2 recording(s) added, %3 in all, %4 subject(s); %5 s\n")
                       .arg(output)
                       .arg(added)
                       .arg(project.recordings.size())
                       .arg(project.subjectIds().size())
                       .arg(timer.elapsed() / 1000.0, 0, 'f', 1);
        return ExitOk;
    } catch (const std::invalid_argument& e) {
        err << "kinemark-cli import: " << e.what() << "\n";
        return ExitUsage;
    } catch (const std::exception& e) {
        err << "kinemark-cli import: "
            << CliArguments::errorText(e, QStringLiteral("importing %1").arg(inputs.join(", ")))
            << "\n";
        return ExitFailure;
    }
}

} // namespace kinemark
