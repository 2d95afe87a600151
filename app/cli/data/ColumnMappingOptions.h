#pragma once

#include "core/io/ColumnMapping.h"

#include <QCommandLineParser>

namespace kinemark {

// The generic CSV mapping as command-line options, shared by `info` and `import`.
class ColumnMappingOptions
{
public:
    static void addTo(QCommandLineParser& parser);
    // Throws std::invalid_argument with a message naming the option on bad values.
    static ColumnMapping fromParser(const QCommandLineParser& parser);
    // Help text with an example, appended to `--help`.
    static QString helpText();
};

} // namespace kinemark
