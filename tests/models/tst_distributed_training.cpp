// Data-parallel training of cnn-center through kinemark-cli train (issue #21's
// Done-when): 2 ranks on loopback, started with plain launcher variables,
// against 1 process with the same global batch and seed. After each epoch
// (runs of 1 and 2 epochs) the weights agree within 1e-5 (relative, per
// tensor) and the validation metrics are identical; rank 0 alone writes the
// model. A rank that ends mid-run makes the other exit non-zero naming it,
// and no model file is written. The 2-rank run is also started by mpirun
// when it is installed.
#include "core/project/ProjectFile.h"
#include "models/file/ModelFile.h"
#include "models/file/TensorArchive.h"
#include "tests/support/LauncherTestEnvironment.h"
#include "tests/support/TestSupport.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace kinemark;

namespace {

struct Finished
{
    int exitCode = -1;
    QString out, err;
};

// Runs `world` ranks of kinemark-cli with `arguments` (world 1: no launcher variables).
std::vector<Finished> runRanks(int world, const QStringList& arguments, int timeoutMs = 600000)
{
    const int port = test::freeLoopbackPort();
    std::vector<std::unique_ptr<QProcess>> ranks;
    for (int rank = 0; rank < world; ++rank) {
        QProcessEnvironment env = test::environmentWithoutLauncher();
        if (world > 1) {
            env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
            env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
            env.insert(QStringLiteral("RANK"), QString::number(rank));
            env.insert(QStringLiteral("WORLD_SIZE"), QString::number(world));
        }
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(env);
        process->start(QStringLiteral(KINEMARK_CLI_PATH), arguments);
        ranks.push_back(std::move(process));
    }
    std::vector<Finished> finished;
    for (auto& process : ranks) {
        if (!process->waitForFinished(timeoutMs))
            process->kill();
        process->waitForFinished();
        finished.push_back(
            {process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -2,
             QString::fromUtf8(process->readAllStandardOutput()),
             QString::fromUtf8(process->readAllStandardError())});
    }
    return finished;
}

// The largest relative difference ||a - b|| / ||a|| over the two models' tensors.
double weightDifference(const ModelFile& a, const ModelFile& b)
{
    const TensorArchive wa = TensorArchive::fromBytes(a.weights, QStringLiteral("a"));
    const TensorArchive wb = TensorArchive::fromBytes(b.weights, QStringLiteral("b"));
    if (wa.entries.size() != wb.entries.size())
        return INFINITY;
    double worst = 0;
    for (size_t e = 0; e < wa.entries.size(); ++e) {
        const TensorArchive::Entry& x = wa.entries[e];
        const TensorArchive::Entry& y = wb.entries[e];
        if (x.name != y.name || x.shape != y.shape || x.dtype != TensorArchive::DType::Float32)
            return INFINITY;
        const auto* p = reinterpret_cast<const float*>(x.data.constData());
        const auto* q = reinterpret_cast<const float*>(y.data.constData());
        double difference = 0, norm = 0;
        for (int64_t i = 0; i < x.elementCount(); ++i) {
            difference += double(p[i] - q[i]) * double(p[i] - q[i]);
            norm += double(p[i]) * double(p[i]);
        }
        worst = std::max(worst, std::sqrt(difference) / std::max(std::sqrt(norm), 1e-12));
    }
    return worst;
}

} // namespace

class TestDistributedTraining : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_project = m_dir.filePath(QStringLiteral("three.kmk"));
        ProjectFile::save(test::demoProjectOfSubjects(3, 600, 31), m_project);
    }

    void twoRanksTrainAsOneProcess_data()
    {
        QTest::addColumn<int>("epochs");
        QTest::addColumn<bool>("validate");
        // Without validation subjects the last epoch's weights are kept: the
        // weights after epoch 1 and after epoch 2.
        QTest::newRow("after epoch 1") << 1 << false;
        QTest::newRow("after epoch 2") << 2 << false;
        QTest::newRow("validated") << 2 << true;
    }

    // One step an epoch (the global batch holds every training window): the
    // ranks' shares of the batch add up to its gradient up to float32 rounding
    // (1.5e-7 here). With many steps an epoch Adam amplifies that rounding
    // step by step, as it amplifies any change in the order of a sum (measured
    // 1.6e-5 after a 6-step epoch, 3e-4 after a 27-step one): no fixed
    // tolerance holds then, for PyTorch's DistributedDataParallel either.
    void twoRanksTrainAsOneProcess()
    {
        QFETCH(int, epochs);
        QFETCH(bool, validate);
        auto arguments = [&](const QString& output) {
            QStringList a{"train",
                          m_project,
                          "--model",
                          "cnn-center",
                          "--train-subjects",
                          "s0,s1",
                          "--epochs",
                          QString::number(epochs),
                          "--seed",
                          "11",
                          "--threads",
                          "1",
                          "--set",
                          "batch=4096",
                          "--quiet",
                          "-o",
                          output};
            if (validate)
                a << "--val-subjects"
                  << "s2";
            return a;
        };
        const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(' ', '-');
        const QString one = m_dir.filePath(QStringLiteral("one-%1.kmodel").arg(tag));
        const QString two = m_dir.filePath(QStringLiteral("two-%1.kmodel").arg(tag));
        const std::vector<Finished> single = runRanks(1, arguments(one));
        QVERIFY2(single[0].exitCode == 0, qPrintable(single[0].err));
        const std::vector<Finished> ranks = runRanks(2, arguments(two));
        for (const Finished& rank : ranks)
            QVERIFY2(rank.exitCode == 0, qPrintable(rank.err));
        QVERIFY(ranks[1].out.contains(QStringLiteral("rank 0 wrote the model")));

        const ModelFile a = ModelFile::load(one);
        const ModelFile b = ModelFile::load(two);
        const double difference = weightDifference(a, b);
        qInfo("%s: largest relative weight difference %.3g", QTest::currentDataTag(), difference);
        QVERIFY2(difference < 1e-5, qPrintable(QString::number(difference)));
        QCOMPARE(b.trainingData, a.trainingData);
        QCOMPARE(QJsonDocument(b.validation).toJson(), QJsonDocument(a.validation).toJson());
        QCOMPARE(a.validation.isEmpty(), !validate);
        // Epoch 2 moved the weights: the two rows check different states.
        if (epochs == 2 && !validate) {
            const ModelFile first =
                ModelFile::load(m_dir.filePath(QStringLiteral("one-after-epoch-1.kmodel")));
            QVERIFY(weightDifference(first, a) > 100 * difference);
        }
    }

    // The same under Open MPI's launcher: ranks from OMPI_COMM_WORLD_*.
    void twoRanksUnderMpirunTrainAsOneProcess()
    {
        const QString mpirun = QStandardPaths::findExecutable(QStringLiteral("mpirun"));
        if (mpirun.isEmpty())
            QSKIP("mpirun is not installed (Debian: openmpi-bin, in scripts/install-deps.sh)");
        const QStringList train{
            "train",     m_project,  "--model", "cnn-center", "--train-subjects",
            "s0,s1",     "--epochs", "1",       "--seed",     "11",
            "--threads", "1",        "--set",   "batch=4096", "--quiet"};
        const QString one = m_dir.filePath(QStringLiteral("one-mpi.kmodel"));
        const QString two = m_dir.filePath(QStringLiteral("two-mpi.kmodel"));
        const std::vector<Finished> single = runRanks(1, train + QStringList{"-o", one});
        QVERIFY2(single[0].exitCode == 0, qPrintable(single[0].err));
        QProcess process;
        process.setProcessEnvironment(test::environmentWithoutLauncher());
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(mpirun,
                      QStringList{"-np", "2", "--allow-run-as-root", "--oversubscribe", "-x",
                                  "MASTER_ADDR=127.0.0.1", "-x",
                                  QStringLiteral("MASTER_PORT=%1").arg(test::freeLoopbackPort()),
                                  QStringLiteral(KINEMARK_CLI_PATH)} +
                          train + QStringList{"-o", two});
        QVERIFY(process.waitForFinished(600000));
        const QString out = QString::fromUtf8(process.readAll());
        QVERIFY2(process.exitCode() == 0, qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("rank 1 of 2: trained its share")), qPrintable(out));
        const double difference = weightDifference(ModelFile::load(one), ModelFile::load(two));
        qInfo("mpirun: largest relative weight difference %.3g", difference);
        QVERIFY2(difference < 1e-5, qPrintable(QString::number(difference)));
    }

    void lostRankStopsTheRunWithoutAModel()
    {
        const QString output = m_dir.filePath(QStringLiteral("lost.kmodel"));
        const int port = test::freeLoopbackPort();
        auto start = [&](int rank) {
            QProcessEnvironment env = test::environmentWithoutLauncher();
            env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
            env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
            env.insert(QStringLiteral("RANK"), QString::number(rank));
            env.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
            auto process = std::make_unique<QProcess>();
            process->setProcessEnvironment(env);
            process->start(QStringLiteral(KINEMARK_CLI_PATH),
                           {"train", m_project, "--model", "cnn-center", "--epochs", "50",
                            "--threads", "1", "--rank-timeout", "30", "-o", output});
            return process;
        };
        auto rank0 = start(0);
        auto rank1 = start(1);
        QVERIFY(rank0->waitForStarted() && rank1->waitForStarted());
        // Kill rank 1 once training runs (its first epoch line on stderr).
        QElapsedTimer clock;
        clock.start();
        QByteArray seen;
        while (!seen.contains("epoch 1/50") && clock.elapsed() < 300000 &&
               rank1->state() == QProcess::Running) {
            rank1->waitForReadyRead(1000);
            seen += rank1->readAllStandardError();
        }
        QVERIFY2(seen.contains("epoch 1/50"), seen.constData());
        rank1->kill();
        rank1->waitForFinished();
        clock.restart();
        QVERIFY(rank0->waitForFinished(60000));
        const QString err = QString::fromUtf8(rank0->readAllStandardError());
        qInfo("rank 0: %s", qPrintable(err.trimmed()));
        QVERIFY2(rank0->exitCode() != 0, qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("Lost rank 1")), qPrintable(err));
        QVERIFY2(clock.elapsed() < 30000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(!QFile::exists(output));
    }

private:
    QTemporaryDir m_dir;
    QString m_project;
};

QTEST_GUILESS_MAIN(TestDistributedTraining)
#include "tst_distributed_training.moc"
