#pragma once

#include <QStringList>

namespace kinemark {

// `kinemark-cli cohort run MANIFEST --out DIR`: this process's share of the
// manifest's participants (CohortShard: --shard or the launcher's
// environment), each processed by CohortParticipantProcessor into a
// temporary folder renamed into place when complete (CohortFolder). A
// participant already done is skipped, so a killed run restarted with the
// same command carries on; a participant that fails is written with its
// error to DIR/failures-<shard>.csv and the run goes on with the next.
// Progress on stderr, one line per participant.
class CohortRunCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
