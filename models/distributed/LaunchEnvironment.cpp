#include "models/distributed/LaunchEnvironment.h"

#include "models/distributed/DistributedError.h"
#include "models/distributed/SlurmNodeList.h"

#include <optional>

namespace kinemark {

namespace {

[[noreturn]] void refuse(const QString& why)
{
    throw DistributedError(
        QStringLiteral("The launcher's environment is inconsistent: %1").arg(why).toStdString());
}

// A whole-number variable, absent -> nullopt; present but not a number -> refused.
std::optional<int> wholeNumber(const QProcessEnvironment& env, const QString& name)
{
    if (!env.contains(name))
        return std::nullopt;
    const QString text = env.value(name).trimmed();
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok)
        refuse(QStringLiteral("%1='%2' is not a whole number").arg(name, env.value(name)));
    return value;
}

struct RankPair
{
    QString rankName;
    QString sizeName;
    std::optional<int> rank;
    std::optional<int> size;
    bool present() const { return rank || size; }
};

RankPair readPair(const QProcessEnvironment& env, const QString& rankName, const QString& sizeName)
{
    RankPair pair{rankName, sizeName, wholeNumber(env, rankName), wholeNumber(env, sizeName)};
    if (pair.present() && !(pair.rank && pair.size))
        refuse(QStringLiteral("%1 is set but %2 is not; a launcher sets both")
                   .arg(pair.rank ? rankName : sizeName, pair.rank ? sizeName : rankName));
    if (pair.present()) {
        if (*pair.size < 1)
            refuse(QStringLiteral("%1=%2: a run needs at least one process")
                       .arg(sizeName)
                       .arg(*pair.size));
        if (*pair.rank < 0 || *pair.rank >= *pair.size)
            refuse(QStringLiteral("%1=%2 is outside %3=%4 (ranks 0 to %5)")
                       .arg(rankName)
                       .arg(*pair.rank)
                       .arg(sizeName)
                       .arg(*pair.size)
                       .arg(*pair.size - 1));
    }
    return pair;
}

} // namespace

LaunchEnvironment LaunchEnvironment::fromSystem()
{
    return fromEnvironment(QProcessEnvironment::systemEnvironment());
}

LaunchEnvironment LaunchEnvironment::fromEnvironment(const QProcessEnvironment& env)
{
    const RankPair torch = readPair(env, QStringLiteral("RANK"), QStringLiteral("WORLD_SIZE"));
    const RankPair mpi = readPair(env, QStringLiteral("OMPI_COMM_WORLD_RANK"),
                                  QStringLiteral("OMPI_COMM_WORLD_SIZE"));
    const RankPair slurm =
        readPair(env, QStringLiteral("SLURM_PROCID"), QStringLiteral("SLURM_NTASKS"));

    if (torch.present() && mpi.present() && (*torch.rank != *mpi.rank || *torch.size != *mpi.size))
        refuse(QStringLiteral(
                   "RANK=%1 WORLD_SIZE=%2 contradict Open MPI's OMPI_COMM_WORLD_RANK=%3 "
                   "OMPI_COMM_WORLD_SIZE=%4 (was RANK passed with mpirun -x? mpirun gives each "
                   "process its own rank; pass only MASTER_ADDR and MASTER_PORT)")
                   .arg(*torch.rank)
                   .arg(*torch.size)
                   .arg(*mpi.rank)
                   .arg(*mpi.size));

    LaunchEnvironment launch;
    std::optional<int> localRank;
    QString localRankName;
    if (torch.present()) {
        launch.m_launcher = Launcher::TorchRun;
        launch.m_rank = *torch.rank;
        launch.m_worldSize = *torch.size;
        localRankName = QStringLiteral("LOCAL_RANK");
    } else if (mpi.present()) {
        launch.m_launcher = Launcher::OpenMpi;
        launch.m_rank = *mpi.rank;
        launch.m_worldSize = *mpi.size;
        localRankName = QStringLiteral("OMPI_COMM_WORLD_LOCAL_RANK");
    } else if (slurm.present()) {
        launch.m_launcher = Launcher::Slurm;
        launch.m_rank = *slurm.rank;
        launch.m_worldSize = *slurm.size;
        localRankName = QStringLiteral("SLURM_LOCALID");
    } else {
        return launch;
    }
    localRank = wholeNumber(env, localRankName);
    if (localRank && (*localRank < 0 || *localRank >= launch.m_worldSize))
        refuse(QStringLiteral("%1=%2 is outside the run's %3 processes")
                   .arg(localRankName)
                   .arg(*localRank)
                   .arg(launch.m_worldSize));
    launch.m_localRank = localRank.value_or(0);
    if (!launch.isDistributed())
        return launch;

    // The rendezvous: MASTER_ADDR wins everywhere; Slurm's first node otherwise,
    // and one node's loopback when Open MPI says every process is on this node.
    launch.m_masterAddress = env.value(QStringLiteral("MASTER_ADDR")).trimmed();
    if (launch.m_masterAddress.isEmpty() && launch.m_launcher == Launcher::Slurm) {
        const QString nodes = env.value(QStringLiteral("SLURM_JOB_NODELIST"),
                                        env.value(QStringLiteral("SLURM_NODELIST")));
        if (!nodes.trimmed().isEmpty())
            launch.m_masterAddress = SlurmNodeList::firstHost(nodes);
    }
    if (launch.m_masterAddress.isEmpty() && launch.m_launcher == Launcher::OpenMpi &&
        wholeNumber(env, QStringLiteral("OMPI_COMM_WORLD_LOCAL_SIZE")) == launch.m_worldSize)
        launch.m_masterAddress = QStringLiteral("127.0.0.1");
    if (launch.m_masterAddress.isEmpty())
        refuse(
            QStringLiteral("%1 processes (%2) but no MASTER_ADDR: set it to the host of rank 0%3")
                .arg(launch.m_worldSize)
                .arg(launch.launcherName(),
                     launch.m_launcher == Launcher::OpenMpi
                         ? QStringLiteral(" and pass it with mpirun -x MASTER_ADDR -x MASTER_PORT")
                         : QString()));
    const std::optional<int> port = wholeNumber(env, QStringLiteral("MASTER_PORT"));
    if (port && (*port < 1 || *port > 65535))
        refuse(QStringLiteral("MASTER_PORT=%1 is not a TCP port (1 to 65535)").arg(*port));
    launch.m_masterPort = port ? quint16(*port) : defaultPort;
    return launch;
}

QString LaunchEnvironment::launcherName() const
{
    switch (m_launcher) {
    case Launcher::TorchRun:
        return QStringLiteral("torchrun/Kubernetes");
    case Launcher::OpenMpi:
        return QStringLiteral("Open MPI");
    case Launcher::Slurm:
        return QStringLiteral("Slurm");
    case Launcher::None:
        break;
    }
    return QStringLiteral("none");
}

QString LaunchEnvironment::describe() const
{
    if (!isDistributed())
        return QStringLiteral("a single process");
    return QStringLiteral("rank %1 of %2 (%3), rendezvous at %4:%5")
        .arg(m_rank)
        .arg(m_worldSize)
        .arg(launcherName(), m_masterAddress)
        .arg(m_masterPort);
}

} // namespace kinemark
