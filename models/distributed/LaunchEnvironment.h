#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace kinemark {

// Where this process stands in a data-parallel run, read from the environment
// its launcher set: torchrun and Kubernetes' PyTorchJob (RANK, WORLD_SIZE,
// LOCAL_RANK, MASTER_ADDR, MASTER_PORT), Open MPI's mpirun
// (OMPI_COMM_WORLD_RANK/SIZE/LOCAL_RANK, with MASTER_ADDR/MASTER_PORT passed by
// -x) and Slurm's srun (SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID, the first
// host of SLURM_JOB_NODELIST). Kinemark starts no processes itself: the
// launcher does, and this is how the processes find each other.
//
// When several launchers' variables are present the most specific wins:
// explicit RANK/WORLD_SIZE, then Open MPI (mpirun inside a Slurm allocation),
// then Slurm. RANK/WORLD_SIZE that contradict Open MPI's are refused: the usual
// cause is `mpirun -x RANK`, which gives every process the same rank.
class LaunchEnvironment
{
public:
    enum class Launcher
    {
        None,
        TorchRun,
        OpenMpi,
        Slurm
    };

    // A single process: rank 0 of 1.
    LaunchEnvironment() = default;

    // Reads `env`; throws DistributedError naming the variable when a value is
    // not a number, a rank is outside the world, half of a pair is missing, or
    // a run of several ranks has no rendezvous address.
    static LaunchEnvironment fromEnvironment(const QProcessEnvironment& env);
    static LaunchEnvironment fromSystem();

    // The port the rendezvous store listens on when MASTER_PORT is not set
    // (torch's own default).
    static constexpr quint16 defaultPort = 29500;

    Launcher launcher() const { return m_launcher; }
    // "torchrun/Kubernetes", "Open MPI", "Slurm" or "none", for messages.
    QString launcherName() const;
    int rank() const { return m_rank; }
    int worldSize() const { return m_worldSize; }
    int localRank() const { return m_localRank; }
    bool isDistributed() const { return m_worldSize > 1; }
    // Where rank 0 serves the rendezvous store (empty for a single process).
    QString masterAddress() const { return m_masterAddress; }
    quint16 masterPort() const { return m_masterPort; }
    // "rank 1 of 2 (Open MPI), rendezvous at 127.0.0.1:29500".
    QString describe() const;

private:
    Launcher m_launcher = Launcher::None;
    int m_rank = 0;
    int m_worldSize = 1;
    int m_localRank = 0;
    QString m_masterAddress;
    quint16 m_masterPort = 0;
};

} // namespace kinemark
