#include "app/cli/data/InfoCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "app/cli/CliInputs.h"
#include "app/cli/data/ColumnMappingOptions.h"
#include "app/cli/data/DeviceImportCliOptions.h"
#include "core/base/FormatError.h"
#include "core/model/Project.h"
#include "core/project/ProjectSummary.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>

namespace kinemark {

int InfoCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Summarises recordings or a project: sensors, channels, sampling rate, "
                       "duration, subjects and labelled samples per class."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("info"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("inputs"),
                                 QStringLiteral("project (.kmk), recording file or folder"),
                                 QStringLiteral("<file-or-folder>..."));
    parser.addOption(
        {"format",
         "Input format: auto, hapt, harth, har70plus, csv, cwa, gt3x, geneactiv (default auto).",
         "F", "auto"});
    parser.addOption({"json", "Print JSON instead of text."});
    ColumnMappingOptions::addTo(parser);
    DeviceImportCliOptions::addTo(parser);
    parser.process(arguments);

    QTextStream out(stdout), err(stderr);
    const QStringList inputs = parser.positionalArguments().mid(1);
    if (inputs.isEmpty()) {
        err << "kinemark-cli info: name a project, recording file or folder\n";
        return ExitUsage;
    }
    try {
        const bool json = parser.isSet("json");
        Project project = CliInputs::load(inputs, parser, json);
        if (json)
            out << QJsonDocument(ProjectSummary::toJson(project)).toJson(QJsonDocument::Indented);
        else
            out << ProjectSummary::toText(project);
        return ExitOk;
    } catch (const std::invalid_argument& e) {
        err << "kinemark-cli info: " << e.what() << "\n";
        return ExitUsage;
    } catch (const std::exception& e) {
        err << "kinemark-cli info: "
            << CliArguments::errorText(e, QStringLiteral("reading %1").arg(inputs.join(", ")))
            << "\n";
        return ExitFailure;
    }
}

} // namespace kinemark
