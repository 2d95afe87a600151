// LaunchEnvironment and SlurmNodeList on synthetic environments: each
// launcher's variables give the rank, world, local rank and rendezvous;
// precedence between launchers; every inconsistency refused with a message
// that names the variable; Slurm's compressed host lists expanded.
#include "models/distributed/DistributedError.h"
#include "models/distributed/LaunchEnvironment.h"
#include "models/distributed/SlurmNodeList.h"

#include <QtTest>

using namespace kinemark;

Q_DECLARE_METATYPE(QProcessEnvironment)

namespace {

QProcessEnvironment environment(const QList<QPair<QString, QString>>& variables)
{
    QProcessEnvironment env;
    for (const auto& [name, value] : variables)
        env.insert(name, value);
    return env;
}

// The refusal's text, or an empty string when the environment was accepted.
QString refusal(const QProcessEnvironment& env)
{
    try {
        LaunchEnvironment::fromEnvironment(env);
    } catch (const DistributedError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

QString listRefusal(const QString& list)
{
    try {
        SlurmNodeList::expand(list);
    } catch (const DistributedError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestLaunchEnvironment : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noLauncherIsOneProcess()
    {
        const LaunchEnvironment launch = LaunchEnvironment::fromEnvironment(
            environment({{"HOME", "/root"}, {"MASTER_ADDR", "x"}}));
        QCOMPARE(launch.launcher(), LaunchEnvironment::Launcher::None);
        QCOMPARE(launch.rank(), 0);
        QCOMPARE(launch.worldSize(), 1);
        QVERIFY(!launch.isDistributed());
    }

    void torchRunVariables()
    {
        const LaunchEnvironment launch =
            LaunchEnvironment::fromEnvironment(environment({{"RANK", "3"},
                                                            {"WORLD_SIZE", "4"},
                                                            {"LOCAL_RANK", "1"},
                                                            {"MASTER_ADDR", "head"},
                                                            {"MASTER_PORT", "1234"}}));
        QCOMPARE(launch.launcher(), LaunchEnvironment::Launcher::TorchRun);
        QCOMPARE(launch.rank(), 3);
        QCOMPARE(launch.worldSize(), 4);
        QCOMPARE(launch.localRank(), 1);
        QCOMPARE(launch.masterAddress(), QStringLiteral("head"));
        QCOMPARE(launch.masterPort(), quint16(1234));
        QVERIFY(launch.describe().contains(QStringLiteral("rank 3 of 4")));
    }

    void openMpiVariables()
    {
        const LaunchEnvironment launch =
            LaunchEnvironment::fromEnvironment(environment({{"OMPI_COMM_WORLD_RANK", "1"},
                                                            {"OMPI_COMM_WORLD_SIZE", "2"},
                                                            {"OMPI_COMM_WORLD_LOCAL_RANK", "1"},
                                                            {"MASTER_ADDR", "10.0.0.5"}}));
        QCOMPARE(launch.launcher(), LaunchEnvironment::Launcher::OpenMpi);
        QCOMPARE(launch.rank(), 1);
        QCOMPARE(launch.worldSize(), 2);
        QCOMPARE(launch.localRank(), 1);
        QCOMPARE(launch.masterAddress(), QStringLiteral("10.0.0.5"));
        QCOMPARE(launch.masterPort(), LaunchEnvironment::defaultPort);
    }

    void openMpiOnOneNodeMeetsOnLoopback()
    {
        const LaunchEnvironment launch =
            LaunchEnvironment::fromEnvironment(environment({{"OMPI_COMM_WORLD_RANK", "0"},
                                                            {"OMPI_COMM_WORLD_SIZE", "2"},
                                                            {"OMPI_COMM_WORLD_LOCAL_SIZE", "2"}}));
        QCOMPARE(launch.masterAddress(), QStringLiteral("127.0.0.1"));
        // Across nodes there is no such guess: the address is required and the message says how.
        const QString why = refusal(environment({{"OMPI_COMM_WORLD_RANK", "0"},
                                                 {"OMPI_COMM_WORLD_SIZE", "4"},
                                                 {"OMPI_COMM_WORLD_LOCAL_SIZE", "2"}}));
        QVERIFY2(why.contains(QStringLiteral("MASTER_ADDR")) && why.contains(QStringLiteral("-x")),
                 qPrintable(why));
    }

    void slurmVariablesTakeTheFirstNode()
    {
        const LaunchEnvironment launch = LaunchEnvironment::fromEnvironment(
            environment({{"SLURM_PROCID", "5"},
                         {"SLURM_NTASKS", "8"},
                         {"SLURM_LOCALID", "1"},
                         {"SLURM_JOB_NODELIST", "cn[007-010,12],gpu1"}}));
        QCOMPARE(launch.launcher(), LaunchEnvironment::Launcher::Slurm);
        QCOMPARE(launch.rank(), 5);
        QCOMPARE(launch.worldSize(), 8);
        QCOMPARE(launch.localRank(), 1);
        QCOMPARE(launch.masterAddress(), QStringLiteral("cn007"));
        QCOMPARE(launch.masterPort(), LaunchEnvironment::defaultPort);
        // MASTER_ADDR/PORT set by the user win over the node list.
        const LaunchEnvironment pinned =
            LaunchEnvironment::fromEnvironment(environment({{"SLURM_PROCID", "0"},
                                                            {"SLURM_NTASKS", "2"},
                                                            {"SLURM_JOB_NODELIST", "cn[1-2]"},
                                                            {"MASTER_ADDR", "login"},
                                                            {"MASTER_PORT", "40000"}}));
        QCOMPARE(pinned.masterAddress(), QStringLiteral("login"));
        QCOMPARE(pinned.masterPort(), quint16(40000));
    }

    void mostSpecificLauncherWins()
    {
        // mpirun inside a Slurm allocation: Open MPI's ranks are the processes.
        const LaunchEnvironment mpiInSlurm =
            LaunchEnvironment::fromEnvironment(environment({{"SLURM_PROCID", "0"},
                                                            {"SLURM_NTASKS", "4"},
                                                            {"SLURM_JOB_NODELIST", "a[1-2]"},
                                                            {"OMPI_COMM_WORLD_RANK", "3"},
                                                            {"OMPI_COMM_WORLD_SIZE", "6"},
                                                            {"MASTER_ADDR", "a1"}}));
        QCOMPARE(mpiInSlurm.launcher(), LaunchEnvironment::Launcher::OpenMpi);
        QCOMPARE(mpiInSlurm.rank(), 3);
        QCOMPARE(mpiInSlurm.worldSize(), 6);
        // torchrun started by srun: torchrun's ranks are the processes.
        const LaunchEnvironment torchInSlurm =
            LaunchEnvironment::fromEnvironment(environment({{"SLURM_PROCID", "1"},
                                                            {"SLURM_NTASKS", "2"},
                                                            {"RANK", "6"},
                                                            {"WORLD_SIZE", "8"},
                                                            {"MASTER_ADDR", "a1"}}));
        QCOMPARE(torchInSlurm.launcher(), LaunchEnvironment::Launcher::TorchRun);
        QCOMPARE(torchInSlurm.rank(), 6);
    }

    void singleProcessNeedsNoRendezvous()
    {
        const LaunchEnvironment launch = LaunchEnvironment::fromEnvironment(
            environment({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "1"}}));
        QVERIFY(!launch.isDistributed());
        QVERIFY(launch.masterAddress().isEmpty());
    }

    void inconsistentSettingsAreRefusedByName_data()
    {
        QTest::addColumn<QProcessEnvironment>("env");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("rank not a number")
            << environment({{"RANK", "one"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "h"}})
            << QStringList{"RANK='one'", "whole number"};
        QTest::newRow("rank without world") << environment({{"RANK", "0"}, {"MASTER_ADDR", "h"}})
                                            << QStringList{"RANK", "WORLD_SIZE"};
        QTest::newRow("world without rank")
            << environment({{"OMPI_COMM_WORLD_SIZE", "2"}})
            << QStringList{"OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK"};
        QTest::newRow("rank outside world")
            << environment({{"RANK", "2"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "h"}})
            << QStringList{"RANK=2", "WORLD_SIZE=2", "0 to 1"};
        QTest::newRow("negative rank")
            << environment({{"SLURM_PROCID", "-1"}, {"SLURM_NTASKS", "2"}})
            << QStringList{"SLURM_PROCID=-1"};
        QTest::newRow("empty world") << environment({{"RANK", "0"}, {"WORLD_SIZE", "0"}})
                                     << QStringList{"WORLD_SIZE=0", "at least one"};
        QTest::newRow("local rank outside")
            << environment(
                   {{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"LOCAL_RANK", "2"}, {"MASTER_ADDR", "h"}})
            << QStringList{"LOCAL_RANK=2"};
        QTest::newRow("no rendezvous address") << environment({{"RANK", "0"}, {"WORLD_SIZE", "2"}})
                                               << QStringList{"MASTER_ADDR", "2 processes"};
        QTest::newRow("slurm without node list")
            << environment({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "2"}})
            << QStringList{"MASTER_ADDR", "Slurm"};
        QTest::newRow("port out of range") << environment({{"RANK", "0"},
                                                           {"WORLD_SIZE", "2"},
                                                           {"MASTER_ADDR", "h"},
                                                           {"MASTER_PORT", "70000"}})
                                           << QStringList{"MASTER_PORT=70000"};
        QTest::newRow("port not a number") << environment({{"RANK", "0"},
                                                           {"WORLD_SIZE", "2"},
                                                           {"MASTER_ADDR", "h"},
                                                           {"MASTER_PORT", "http"}})
                                           << QStringList{"MASTER_PORT='http'"};
        // mpirun -x RANK gives every process the same RANK: Open MPI's own rank disagrees.
        QTest::newRow("RANK passed through mpirun")
            << environment({{"RANK", "0"},
                            {"WORLD_SIZE", "2"},
                            {"OMPI_COMM_WORLD_RANK", "1"},
                            {"OMPI_COMM_WORLD_SIZE", "2"},
                            {"MASTER_ADDR", "h"}})
            << QStringList{"RANK=0", "OMPI_COMM_WORLD_RANK=1", "mpirun -x"};
        QTest::newRow("malformed node list")
            << environment(
                   {{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "2"}, {"SLURM_JOB_NODELIST", "cn[1-2"}})
            << QStringList{"SLURM_JOB_NODELIST='cn[1-2'"};
    }

    void inconsistentSettingsAreRefusedByName()
    {
        QFETCH(QProcessEnvironment, env);
        QFETCH(QStringList, mentions);
        const QString why = refusal(env);
        QVERIFY2(!why.isEmpty(), "accepted");
        for (const QString& mention : mentions)
            QVERIFY2(why.contains(mention), qPrintable(why + " lacks " + mention));
    }

    void slurmNodeListsExpand()
    {
        QCOMPARE(SlurmNodeList::expand(QStringLiteral("node[01-04]")),
                 (QStringList{"node01", "node02", "node03", "node04"}));
        QCOMPARE(SlurmNodeList::expand(QStringLiteral("a1,b[8-10,3],c")),
                 (QStringList{"a1", "b8", "b9", "b10", "b3", "c"}));
        QCOMPARE(SlurmNodeList::expand(QStringLiteral("rack[1-2]-n[3-4]")),
                 (QStringList{"rack1-n3", "rack1-n4", "rack2-n3", "rack2-n4"}));
        QCOMPARE(SlurmNodeList::expand(QStringLiteral("single")), QStringList{"single"});
        QCOMPARE(SlurmNodeList::firstHost(QStringLiteral("x[0007-9999],y")),
                 QStringLiteral("x0007"));
        QCOMPARE(SlurmNodeList::firstHost(QStringLiteral("r[2,5]-n[10-11]")),
                 QStringLiteral("r2-n10"));
        for (const QString& bad :
             {QStringLiteral("n[1-2"), QStringLiteral("n1-2]"), QStringLiteral("n[4-2]"),
              QStringLiteral("n[a-b]"), QStringLiteral("n1,,n2")})
            QVERIFY2(!listRefusal(bad).isEmpty(), qPrintable(bad));
    }
};

QTEST_GUILESS_MAIN(TestLaunchEnvironment)
#include "tst_launchenvironment.moc"
