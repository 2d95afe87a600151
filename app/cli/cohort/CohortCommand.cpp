#include "app/cli/cohort/CohortCommand.h"

#include "app/cli/CliCommand.h"
#include "app/cli/cohort/CohortCollateCommand.h"
#include "app/cli/cohort/CohortRunCommand.h"

#include <QTextStream>

namespace kinemark {

int CohortCommand::run(const QStringList& arguments)
{
    const QString sub = arguments.value(2);
    if (sub == QLatin1String("run"))
        return CohortRunCommand::run(arguments);
    if (sub == QLatin1String("collate"))
        return CohortCollateCommand::run(arguments);
    QTextStream err(stderr);
    err << "usage: kinemark-cli cohort run MANIFEST.csv --out DIR [--model-file M] [--report] "
           "[--shard i/n] [--save-projects]\n"
           "       kinemark-cli cohort collate DIR -o summary.csv\n"
           "       kinemark-cli cohort run|collate --help   options of each\n";
    return arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h"))
               ? ExitOk
               : ExitUsage;
}

} // namespace kinemark
