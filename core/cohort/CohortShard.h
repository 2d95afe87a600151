#pragma once

#include <QString>

class QProcessEnvironment;

namespace kinemark {

// Which share of a cohort one process takes: shard `index` of `count`
// (0-based, as ranks are) owns the participants at positions index,
// index + count, index + 2 count, ... of the manifest sorted by participant
// id. Dealt round-robin rather than in blocks so that the shares stay within
// one participant of each other and a manifest sorted by site or date does
// not give one process all the long recordings.
//
// The share comes from --shard i/n or from the launcher's environment, so
// that one command line serves every launcher: torchrun and Kubernetes
// (RANK / WORLD_SIZE), Open MPI (OMPI_COMM_WORLD_RANK / _SIZE), Slurm tasks
// (SLURM_PROCID / SLURM_NTASKS) and Slurm job arrays (SLURM_ARRAY_TASK_ID
// minus SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT). A job array whose
// tasks each start several ranks gets array task x ranks shares.
struct CohortShard
{
    int index = 0;
    int count = 1;
    QString origin = QStringLiteral("one process"); // where it came from, for the progress lines

    bool owns(int position) const { return position % count == index; }
    // "1-of-3": names the shard's own files (failures-1-of-3.csv).
    QString label() const;

    // "i/n" with 0 <= i < n; throws std::invalid_argument saying what is wrong.
    static CohortShard parse(const QString& text);
    // The launcher's share, or shard 0 of 1 when no launcher says otherwise.
    // Throws std::invalid_argument when a launcher variable is not a number or
    // out of range (a wrong share would silently skip participants).
    static CohortShard fromEnvironment(const QProcessEnvironment& environment);
};

} // namespace kinemark
