// ProcessGroup across real processes on loopback: distributed_rank started
// with a launcher's plain environment variables (and once under Open MPI's
// mpirun when it is installed) broadcasts from rank 0 and all-reduces, and the
// sums are checked; a rank that ends early makes the others fail within the
// timeout naming it; a rank that stops on purpose passes on why; a rank that
// never comes is named at the rendezvous.
#include "tests/support/LauncherTestEnvironment.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtTest>

#include <memory>
#include <vector>

namespace {

const QString helper = QStringLiteral(KINEMARK_DISTRIBUTED_RANK);

struct Run
{
    std::vector<std::unique_ptr<QProcess>> ranks;
    QElapsedTimer clock;
};

// Starts `started` of `world` ranks (rank 0 first) of the helper on loopback.
std::unique_ptr<Run> startRanks(int world, const QStringList& arguments, int started = -1)
{
    auto run = std::make_unique<Run>();
    const int port = kinemark::test::freeLoopbackPort();
    run->clock.start();
    for (int rank = 0; rank < (started < 0 ? world : started); ++rank) {
        QProcessEnvironment env = kinemark::test::environmentWithoutLauncher();
        env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
        env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
        env.insert(QStringLiteral("RANK"), QString::number(rank));
        env.insert(QStringLiteral("WORLD_SIZE"), QString::number(world));
        env.insert(QStringLiteral("LOCAL_RANK"), QString::number(rank));
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(env);
        process->start(helper, arguments);
        run->ranks.push_back(std::move(process));
    }
    return run;
}

// Waits for `rank`; returns the seconds since the run started.
double finish(Run& run, int rank, int withinMs)
{
    QProcess& process = *run.ranks[size_t(rank)];
    if (!process.waitForFinished(withinMs)) {
        process.kill();
        process.waitForFinished();
    }
    return run.clock.elapsed() / 1000.0;
}

QString text(const QByteArray& bytes)
{
    return QString::fromUtf8(bytes);
}

// The "sum i value" lines a rank printed, as i -> value.
QMap<int, double> sums(const QString& output)
{
    QMap<int, double> found;
    static const QRegularExpression line(QStringLiteral("^sum (\\d+) ([0-9.]+)$"),
                                         QRegularExpression::MultilineOption);
    for (auto it = line.globalMatch(output); it.hasNext();) {
        const auto match = it.next();
        found.insert(match.captured(1).toInt(), match.captured(2).toDouble());
    }
    return found;
}

// What every rank contributes (rank + 1) * (i + 1), summed over the world.
double expectedSum(int i, int world)
{
    return double(i + 1) * world * (world + 1) / 2;
}

} // namespace

class TestProcessGroup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ranksBroadcastAndSum_data()
    {
        QTest::addColumn<int>("world");
        QTest::newRow("2 ranks") << 2;
        QTest::newRow("3 ranks") << 3;
    }

    void ranksBroadcastAndSum()
    {
        QFETCH(int, world);
        auto run = startRanks(world, {QStringLiteral("collectives"), QStringLiteral("60000")});
        for (int rank = 0; rank < world; ++rank) {
            finish(*run, rank, 90000);
            QProcess& process = *run->ranks[size_t(rank)];
            const QString out = text(process.readAllStandardOutput());
            const QString err = text(process.readAllStandardError());
            QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
                     qPrintable(QStringLiteral("rank %1: %2").arg(rank).arg(err)));
            QVERIFY2(out.contains(QStringLiteral("broadcast ok")), qPrintable(out));
            const QMap<int, double> found = sums(out);
            QCOMPARE(found.size(), 4);
            for (auto it = found.cbegin(); it != found.cend(); ++it)
                QCOMPARE(it.value(), expectedSum(it.key(), world));
            QVERIFY(out.contains(QStringLiteral("done")));
        }
    }

    void lostRankIsNamedWithinTheTimeout_data()
    {
        QTest::addColumn<int>("leaving");
        QTest::addColumn<QString>("named");
        QTest::newRow("rank 1 leaves") << 1 << QStringLiteral("Lost rank 1:");
        // Rank 0 also serves the store: the survivor finds the store gone.
        QTest::newRow("rank 0 leaves")
            << 0 << QStringLiteral("Lost rank 0, which served the rendezvous store");
    }

    void lostRankIsNamedWithinTheTimeout()
    {
        QFETCH(int, leaving);
        QFETCH(QString, named);
        const int timeoutMs = 20000;
        auto run = startRanks(
            2, {QStringLiteral("leave"), QString::number(timeoutMs), QString::number(leaving)});
        const int survivor = 1 - leaving;
        finish(*run, leaving, timeoutMs + 30000);
        QCOMPARE(run->ranks[size_t(leaving)]->exitCode(), 0);
        const double seconds = finish(*run, survivor, timeoutMs + 30000);
        QProcess& process = *run->ranks[size_t(survivor)];
        const QString err = text(process.readAllStandardError());
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(process.exitCode() == 1, qPrintable(err));
        QVERIFY2(err.contains(named), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("all-reduce")), qPrintable(err));
        QVERIFY2(seconds < timeoutMs / 1000.0, qPrintable(QStringLiteral("%1 s").arg(seconds)));
    }

    void stoppedRankSaysWhy()
    {
        auto run =
            startRanks(2, {QStringLiteral("stop"), QStringLiteral("20000"), QStringLiteral("1")});
        finish(*run, 1, 50000);
        const double seconds = finish(*run, 0, 50000);
        const QString err = text(run->ranks[0]->readAllStandardError());
        QVERIFY2(run->ranks[0]->exitCode() == 1, qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("Rank 1 stopped: the loss became NaN at epoch 1")),
                 qPrintable(err));
        QVERIFY(seconds < 20.0);
    }

    void missingRankIsNamedAtTheRendezvous()
    {
        const int timeoutMs = 3000;
        auto run = startRanks(3, {QStringLiteral("collectives"), QString::number(timeoutMs)}, 2);
        for (int rank = 0; rank < 2; ++rank) {
            finish(*run, rank, timeoutMs + 30000);
            const QString err = text(run->ranks[size_t(rank)]->readAllStandardError());
            QVERIFY2(run->ranks[size_t(rank)]->exitCode() == 1, qPrintable(err));
            QVERIFY2(err.contains(
                         QStringLiteral("rank 2 of 3 did not join the rendezvous at 127.0.0.1:")),
                     qPrintable(err));
        }
    }

    void ranksUnderMpirun()
    {
        const QString mpirun = QStandardPaths::findExecutable(QStringLiteral("mpirun"));
        if (mpirun.isEmpty())
            QSKIP("mpirun is not installed (Debian: openmpi-bin, in scripts/install-deps.sh)");
        QProcess process;
        process.setProcessEnvironment(kinemark::test::environmentWithoutLauncher());
        process.setProcessChannelMode(QProcess::MergedChannels);
        const QString port = QString::number(kinemark::test::freeLoopbackPort());
        process.start(mpirun,
                      {QStringLiteral("-np"), QStringLiteral("2"),
                       QStringLiteral("--allow-run-as-root"), QStringLiteral("--oversubscribe"),
                       QStringLiteral("-x"), QStringLiteral("MASTER_ADDR=127.0.0.1"),
                       QStringLiteral("-x"), QStringLiteral("MASTER_PORT=") + port, helper,
                       QStringLiteral("collectives"), QStringLiteral("60000")});
        QVERIFY(process.waitForFinished(120000));
        const QString out = text(process.readAll());
        QVERIFY2(process.exitCode() == 0, qPrintable(out));
        // Each of the two ranks printed the world's sum: two ranks summed, not one alone.
        QCOMPARE(out.count(QStringLiteral("sum 999 %1").arg(expectedSum(999, 2), 0, 'f', 1)), 2);
        QCOMPARE(out.count(QStringLiteral("done")), 2);
    }
};

QTEST_GUILESS_MAIN(TestProcessGroup)
#include "tst_processgroup.moc"
