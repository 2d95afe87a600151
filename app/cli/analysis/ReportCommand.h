#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli report: the clinician's PDF of one recording (and the tables as CSV).
// Needs a QGuiApplication (fonts, painting); main() makes one for this command.
struct ReportCommand
{
    static int run(const QStringList& arguments);
};

} // namespace kinemark
