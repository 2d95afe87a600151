#pragma once

#include <QStringList>

namespace kinemark {

// `kinemark-cli cohort run|collate`: many participants' recordings, each
// imported, predicted and summarised into its own folder by any number of
// processes under any launcher (CohortRunCommand), then collated into one
// table (CohortCollateCommand).
class CohortCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
