#pragma once

#include "core/cohort/CohortParticipantSummary.h"

#include <QString>
#include <vector>

namespace kinemark {

class CohortFolder;

// `cohort collate`: every finished participant of a cohort folder in one
// table, and the failures of every shard in another.
//
// The summary has one row per participant sorted by participant id; its
// columns are the union over the participants (classes ordered by id, then
// groups by name), a participant without a class or group has 0 there. Numbers
// are written with fixed decimals, so the table depends only on the
// participants' results: any sharding, order or restart of the run gives the
// same bytes.
//
// Failures: the per-shard files merged, the latest entry per participant,
// and only participants that are still not done (a failure fixed by a later
// run is no failure), sorted by participant.
class CohortCollation
{
public:
    struct Failure
    {
        QString participant;
        QString error;
        QString time; // ISO 8601 UTC of the attempt
    };

    // Reads DIR/<participant>/participant.json of every finished participant;
    // throws FormatError naming a damaged one.
    static std::vector<CohortParticipantSummary> readSummaries(const CohortFolder& folder);
    static QString summaryCsv(const std::vector<CohortParticipantSummary>& rows);

    static std::vector<Failure> readFailures(const CohortFolder& folder);
    static QString failuresCsv(const std::vector<Failure>& failures);

    // The header of a failures file and one line of it (what `cohort run` appends).
    static QString failuresHeader();
    static QString failureLine(const Failure& failure);
};

} // namespace kinemark
