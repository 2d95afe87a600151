#pragma once

#include <QStringList>

class QCommandLineParser;

namespace kinemark {

class Project;

// What `info` and `import` were given, read into one project: a project file
// as it is, or recordings in any supported format (and further projects)
// gathered into a fresh project.
class CliInputs
{
public:
    // Uses the parser's --format, column-mapping and device options; notes
    // what it reads on stderr unless `quiet`. `into`: the project the
    // recordings will join (import --append), whose copy of the label set
    // checks a CSV label column.
    static Project load(const QStringList& inputs, const QCommandLineParser& parser, bool quiet,
                        const Project* into = nullptr);
};

} // namespace kinemark
