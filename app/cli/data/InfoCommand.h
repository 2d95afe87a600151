#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli info <file-or-folder>... [--format F] [--json] [mapping options]
class InfoCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
