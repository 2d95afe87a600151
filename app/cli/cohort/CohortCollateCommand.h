#pragma once

#include <QStringList>

namespace kinemark {

// `kinemark-cli cohort collate DIR -o summary.csv`: one row per finished
// participant (CohortCollation), sorted by participant, and the failures
// of every shard merged into one file (default DIR/failures.csv).
class CohortCollateCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
