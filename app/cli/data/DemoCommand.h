#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli demo: writes the built-in demo (or a several-day one) as a project.
struct DemoCommand
{
    static int run(const QStringList& arguments);
};

} // namespace kinemark
