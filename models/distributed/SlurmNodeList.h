#pragma once

#include <QString>
#include <QStringList>

namespace kinemark {

// Slurm's compressed host lists (SLURM_JOB_NODELIST: "node[01-04,07],gpu5",
// "rack[1-2]-n[3-4]") expanded into host names, in Slurm's order. A training
// run under srun takes its rendezvous host from the first one, as torch's own
// Slurm recipes do; zero padding of ranges is kept ("01-04" -> 01 02 03 04).
class SlurmNodeList
{
public:
    // Every host of `list`; throws DistributedError naming the list when a
    // bracket is unbalanced or a range is not "low-high" with low <= high.
    static QStringList expand(const QString& list);
    // The first host of `list` without expanding the rest (a 100,000-node list
    // stays cheap); throws as expand() does.
    static QString firstHost(const QString& list);
};

} // namespace kinemark
