#pragma once

#include <QStringList>

class QCommandLineParser;

namespace kinemark {

class Project;

// Exit codes shared by every `kinemark-cli` command.
enum CliExit { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

// Loads what a command was given: one project file as it is, or recordings in
// any supported format (and further projects) gathered into a fresh project.
// Uses the parser's --format and column-mapping options.
Project loadInputs(const QStringList& inputs, const QCommandLineParser& parser, bool quiet);

} // namespace kinemark
