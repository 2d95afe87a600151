#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli agree <project.kmk> [--a TRACK] [--b TRACK] [--recording ID] [--tolerance S]
// [--json]
class AgreeCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
