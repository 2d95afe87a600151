// Subject-wise cross-validation on a tiny budget (three demo subjects, one
// epoch per fold): folds are subject-disjoint, every subject is held out
// exactly once, the summary is the folds' mean and sample standard deviation,
// cancel stops it, bad requests are named; and the CLI twin stores its result.
#include "core/project/ProjectFile.h"
#include "models/training/CrossValidation.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace kinemark;

namespace {

// Ten minutes each: several activities per subject, a few hundred windows.
Project threeSubjects()
{
    return test::demoProjectOfSubjects(3, 600, 21);
}

CrossValidationRequest tinyRequest(int folds)
{
    CrossValidationRequest r;
    r.training.model = QStringLiteral("cnn-center");
    r.training.seed = 5;
    r.training.threads = 1;
    r.training.hyperparameters[QStringLiteral("epochs")] = 1;
    r.training.hyperparameters[QStringLiteral("batch")] = 32;
    r.folds = folds;
    return r;
}

QSet<QString> setOf(const QJsonValue& array)
{
    QSet<QString> s;
    for (const QJsonValue& v : array.toArray())
        s.insert(v.toString());
    return s;
}

// The folds partition the subjects: disjoint sides, every subject on exactly
// one side of every fold, held out exactly once over all folds, and evaluated
// on nothing but its held-out subjects.
void checkPartition(const QJsonObject& result, const QStringList& subjects)
{
    const QSet<QString> all(subjects.begin(), subjects.end());
    QMap<QString, int> heldOut;
    for (const QJsonValue& v : result.value("folds").toArray()) {
        const QJsonObject fold = v.toObject();
        const QSet<QString> training = setOf(fold.value("training_subjects"));
        const QSet<QString> validation = setOf(fold.value("validation_subjects"));
        QVERIFY2(!training.intersects(validation), "a subject is on both sides of a fold");
        QCOMPARE(training + validation, all);
        QVERIFY(!validation.isEmpty());
        for (const QString& s : validation)
            ++heldOut[s];
        QCOMPARE(setOf(fold.value("evaluation").toObject().value("subjects")), validation);
    }
    for (const QString& s : subjects)
        QVERIFY2(heldOut.value(s) == 1,
                 qPrintable(
                     QStringLiteral("subject %1 held out %2 times").arg(s).arg(heldOut.value(s))));
}

} // namespace

class TestCrossValidation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void leaveOneSubjectOut();
    void subjectFolds();
    void cancelStopsBetweenFolds();
    void badRequestsAreNamed();
    void cliPrintsAndStores();
};

void TestCrossValidation::leaveOneSubjectOut()
{
    const Project project = threeSubjects();
    QVector<int> foldsSeen;
    double lastFraction = 0;
    const QJsonObject result =
        CrossValidation::run(project, tinyRequest(0), [&](const CrossValidationProgress& p) {
            QVERIFY(p.fraction >= lastFraction - 1e-9); // progress never runs backwards
            lastFraction = p.fraction;
            if (foldsSeen.isEmpty() || foldsSeen.back() != p.fold)
                foldsSeen << p.fold;
        });
    QCOMPARE(foldsSeen, (QVector<int>{1, 2, 3}));
    QCOMPARE(result.value("scheme").toString(), QStringLiteral("loso"));
    QCOMPARE(result.value("fold_count").toInt(), 3);
    QCOMPARE(result.value("level").toString(), QStringLiteral("window"));
    checkPartition(result, project.subjectIds());

    // Mean and sample standard deviation, recomputed here from the folds.
    const QJsonArray folds = result.value("folds").toArray();
    const QJsonObject summary = result.value("summary").toObject();
    for (const QString& key : {QStringLiteral("macro_f1"), QStringLiteral("accuracy"),
                               QStringLiteral("g_mean"), QStringLiteral("segmentation_fm")}) {
        std::vector<double> x;
        for (const QJsonValue& f : folds)
            x.push_back(f.toObject().value("metrics").toObject().value(key).toDouble(-1));
        QCOMPARE(x.size(), size_t(3));
        for (double v : x)
            QVERIFY2(v >= 0 && v <= 1, qPrintable(key));
        const double mean = (x[0] + x[1] + x[2]) / 3;
        const double sd = std::sqrt(((x[0] - mean) * (x[0] - mean) + (x[1] - mean) * (x[1] - mean) +
                                     (x[2] - mean) * (x[2] - mean)) /
                                    2);
        const QJsonObject s = summary.value(key).toObject();
        QVERIFY2(std::abs(s.value("mean").toDouble() - mean) < 1e-12, qPrintable(key));
        QVERIFY2(std::abs(s.value("std").toDouble() - sd) < 1e-12, qPrintable(key));
    }
    // Pooled counts are the folds' counts together.
    qint64 windows = 0;
    for (const QJsonValue& f : folds)
        windows += f.toObject().value("metrics").toObject().value("count").toInteger();
    QCOMPARE(result.value("pooled").toObject().value("count").toInteger(), windows);
}

void TestCrossValidation::subjectFolds()
{
    const Project project = threeSubjects();
    const QJsonObject result = CrossValidation::run(project, tinyRequest(2));
    QCOMPARE(result.value("scheme").toString(), QStringLiteral("k-fold"));
    QCOMPARE(result.value("fold_count").toInt(), 2);
    checkPartition(result, project.subjectIds());
}

void TestCrossValidation::cancelStopsBetweenFolds()
{
    const Project project = threeSubjects();
    std::atomic<bool> cancel{false};
    JobControl job;
    job.cancelRequested = &cancel;
    int lastFold = 0;
    QVERIFY_THROWS_EXCEPTION(Cancelled, CrossValidation::run(
                                            project, tinyRequest(0),
                                            [&](const CrossValidationProgress& p) {
                                                lastFold = p.fold;
                                                if (p.fold == 2)
                                                    cancel =
                                                        true; // as the Jobs panel's button does
                                            },
                                            &job));
    QCOMPARE(lastFold, 2); // fold 3 never started
}

void TestCrossValidation::badRequestsAreNamed()
{
    const Project project = threeSubjects();
    CrossValidationRequest r = tinyRequest(4);
    try {
        CrossValidation::run(project, r);
        QFAIL("four folds of three subjects were accepted");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("4 folds of 3 subjects")),
                 e.what());
    }
    r = tinyRequest(0);
    r.subjects = {QStringLiteral("s0"), QStringLiteral("nobody")};
    try {
        CrossValidation::run(project, r);
        QFAIL("an unknown subject was accepted");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("'nobody'")), e.what());
    }
    r = tinyRequest(0);
    r.subjects = {QStringLiteral("s1")};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, CrossValidation::run(project, r));
    r = tinyRequest(0);
    r.training.model = QStringLiteral("no-such-model");
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, CrossValidation::run(project, r));
}

void TestCrossValidation::cliPrintsAndStores()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("three.kmk"));
    ProjectFile::save(threeSubjects(), path);
    QProcess cli;
    cli.start(QStringLiteral(KINEMARK_CLI_PATH),
              {QStringLiteral("crossval"), path, QStringLiteral("--model"),
               QStringLiteral("cnn-center"), QStringLiteral("--folds"), QStringLiteral("2"),
               QStringLiteral("--subjects"), QStringLiteral("s0,s2"), QStringLiteral("--epochs"),
               QStringLiteral("1"), QStringLiteral("--threads"), QStringLiteral("1"),
               QStringLiteral("--json"), QStringLiteral("--store"), QStringLiteral("--quiet")});
    QVERIFY(cli.waitForFinished(120000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    const QJsonObject printed = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    QCOMPARE(printed.value("fold_count").toInt(), 2);
    checkPartition(printed, {QStringLiteral("s0"), QStringLiteral("s2")});
    const Project stored = ProjectFile::open(path);
    QCOMPARE(stored.results.size(), size_t(1));
    QCOMPARE(stored.results[0].kind, QStringLiteral("crossval"));
    QCOMPARE(stored.results[0].result, printed);

    // A bad --folds is a usage error that says what it wanted.
    cli.start(QStringLiteral(KINEMARK_CLI_PATH),
              {QStringLiteral("crossval"), path, QStringLiteral("--model"),
               QStringLiteral("cnn-center"), QStringLiteral("--folds"), QStringLiteral("one")});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 2);
    QVERIFY(cli.readAllStandardError().contains("'loso' or a number of folds"));
}

QTEST_GUILESS_MAIN(TestCrossValidation)
#include "tst_models_crossval.moc"
