// The model engine on tiny budgets: losses fall, files round-trip to identical
// predictions, cancel and NaN stop cleanly, incompatibilities are named.
#include "core/base/FormatError.h"
#include "core/demo/DemoRecordingGenerator.h"
#include "core/io/HaptReader.h"
#include "models/TrainingError.h"
#include "models/file/ModelFile.h"
#include "models/inference/ModelEvaluator.h"
#include "models/inference/ModelPredictor.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/ModelTrainer.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QtTest>

using namespace kinemark;

namespace {
// Two demo subjects (different seeds), 20 minutes each: enough windows of
// several classes for a few steps, and two users for the contrastive loss.
Project demoProject()
{
    return test::demoProjectOfSubjects(2, 1200, 11);
}

TrainingRequest tinyRequest(const QString& model, int epochs)
{
    TrainingRequest r;
    r.model = model;
    r.seed = 7;
    r.threads = 1;
    r.hyperparameters[QStringLiteral("epochs")] = epochs;
    r.hyperparameters[QStringLiteral("batch")] = 32;
    r.hyperparameters[QStringLiteral("patience")] = 0;
    return r;
}

std::vector<double> epochLosses(const Project& project, const TrainingRequest& request,
                                ModelFile* model = nullptr)
{
    std::vector<double> totals;
    const ModelFile m = ModelTrainer::train(project, request, [&](const TrainingProgress& p) {
        if (p.epochEnd)
            totals.push_back(p.losses.value(QStringLiteral("total")));
    });
    if (model)
        *model = m;
    return totals;
}
} // namespace

class TestModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void registryResolvesAndRejects();
    void lossFallsOnTheDemo_data();
    void lossFallsOnTheDemo();
    void lossFallsOnHaptSubset_data();
    void lossFallsOnHaptSubset();
    void saveLoadGivesIdenticalPredictions();
    void sameSeedSameModel();
    void cancelLeavesProjectIntact();
    void nanLossStopsWithMessage();
    void damagedModelFileIsRejected();
    void incompatibleRecordingIsNamed();
    void evaluationReportsBothLevels();
};

void TestModels::registryResolvesAndRejects()
{
    const QVariantMap h = ModelRegistry::resolve(QStringLiteral("cnn-center"),
                                                 {{QStringLiteral("lr"), QStringLiteral("0.01")}});
    QCOMPARE(h.value(QStringLiteral("lr")).toDouble(), 0.01);
    QCOMPARE(h.value(QStringLiteral("window_length")).toInt(), 128); // the paper's default stays
    QVERIFY_THROWS_EXCEPTION(
        std::invalid_argument,
        ModelRegistry::resolve(QStringLiteral("cnn-center"), {{QStringLiteral("nope"), 1}}));
    QVERIFY_THROWS_EXCEPTION(
        std::invalid_argument,
        ModelRegistry::resolve(QStringLiteral("cnn-center"),
                               {{QStringLiteral("epochs"), QStringLiteral("x")}}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             ModelRegistry::resolve(QStringLiteral("no-such-model"), {}));
}

void TestModels::lossFallsOnTheDemo_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("epochs");
    QTest::newRow("cnn-center") << QStringLiteral("cnn-center") << 4;
    QTest::newRow("resnet-supcon") << QStringLiteral("resnet-supcon") << 3;
}

void TestModels::lossFallsOnTheDemo()
{
    QFETCH(QString, model);
    QFETCH(int, epochs);
    const Project project = demoProject();
    TrainingRequest request = tinyRequest(model, epochs);
    request.validationSubjects = {QStringLiteral("s1")};
    ModelFile m;
    const std::vector<double> totals = epochLosses(project, request, &m);
    QCOMPARE(int(totals.size()), epochs);
    QVERIFY2(totals.back() < 0.8 * totals.front(),
             qPrintable(QStringLiteral("loss %1 -> %2").arg(totals.front()).arg(totals.back())));
    QVERIFY(m.classIds.size() >= 3);
    QVERIFY(m.validation.contains(QStringLiteral("macro_f1")));
    QVERIFY(!m.weights.isEmpty());
}

void TestModels::lossFallsOnHaptSubset_data()
{
    lossFallsOnTheDemo_data();
}

void TestModels::lossFallsOnHaptSubset()
{
    KINEMARK_REQUIRE_SHARED(QStringLiteral("hapt"));
    QFETCH(QString, model);
    QFETCH(int, epochs);
    Project project;
    project.ensureBuiltinLabelSet(QStringLiteral("hapt"));
    for (Recording& r : HaptReader::readFolder(test::sharedDataPath(QStringLiteral("hapt"))))
        if (r.subjectId == QLatin1String("1") || r.subjectId == QLatin1String("3"))
            project.addRecording(std::move(r));
    QCOMPARE(project.subjectIds().size(), 2);
    TrainingRequest request = tinyRequest(model, epochs);
    request.classIds = {1, 2, 3, 4, 5, 6};
    const std::vector<double> totals = epochLosses(project, request);
    QVERIFY2(totals.back() < 0.8 * totals.front(),
             qPrintable(QStringLiteral("loss %1 -> %2").arg(totals.front()).arg(totals.back())));
}

void TestModels::saveLoadGivesIdenticalPredictions()
{
    const Project project = demoProject();
    ModelFile trained;
    epochLosses(project, tinyRequest(QStringLiteral("cnn-center"), 1), &trained);
    const QString path = QDir::temp().filePath(
        QStringLiteral("tst_models-%1.kmodel").arg(QCoreApplication::applicationPid()));
    trained.save(path);
    const ModelFile loaded = ModelFile::load(path);
    QFile::remove(path);
    QCOMPARE(loaded.header(), trained.header());
    QCOMPARE(loaded.weights, trained.weights);
    const Recording& r = *project.recordings.front();
    const Prediction a = ModelPredictor(trained).predict(r, QStringLiteral("p"));
    const Prediction b = ModelPredictor(loaded).predict(r, QStringLiteral("p"));
    QVERIFY(a.track == b.track);
    QVERIFY(a.probabilities == b.probabilities);
    // The prediction covers the recording, and each probability row sums to 1.
    QCOMPARE(a.track.segments().front().start, int64_t(0));
    QCOMPARE(a.track.segments().back().end, int64_t(r.sampleCount()));
    QCOMPARE(a.probabilities.checkConsistency(int64_t(r.sampleCount())), QString());
    QCOMPARE(int64_t(a.probabilities.rowCount()), (int64_t(r.sampleCount()) + 63) / 64);
}

void TestModels::sameSeedSameModel()
{
    const Project project = demoProject();
    ModelFile first, second;
    epochLosses(project, tinyRequest(QStringLiteral("cnn-center"), 1), &first);
    epochLosses(project, tinyRequest(QStringLiteral("cnn-center"), 1), &second);
    const Recording& r = *project.recordings.back();
    QVERIFY(ModelPredictor(first).predict(r, QStringLiteral("p")).probabilities ==
            ModelPredictor(second).predict(r, QStringLiteral("p")).probabilities);
}

void TestModels::cancelLeavesProjectIntact()
{
    const Project project = demoProject();
    const size_t tracksBefore = project.recordings.front()->tracks.size();
    std::atomic<bool> cancel{false};
    JobControl job;
    job.cancelRequested = &cancel;
    int batches = 0;
    QVERIFY_THROWS_EXCEPTION(Cancelled, ModelTrainer::train(
                                            project, tinyRequest(QStringLiteral("cnn-center"), 5),
                                            [&](const TrainingProgress&) {
                                                if (++batches == 3)
                                                    cancel = true;
                                            },
                                            &job));
    QCOMPARE(batches, 3); // stopped at the next batch
    QVERIFY(project.models.empty());
    QCOMPARE(project.recordings.front()->tracks.size(), tracksBefore);
    QVERIFY(project.recordings.front()->probabilities.isEmpty());
}

void TestModels::nanLossStopsWithMessage()
{
    const Project project = demoProject();
    TrainingRequest request = tinyRequest(QStringLiteral("cnn-center"), 2);
    request.hyperparameters[QStringLiteral("debug_nan_at_step")] = 2;
    try {
        ModelTrainer::train(project, request);
        QFAIL("training went on with a NaN loss");
    } catch (const TrainingError& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(QLatin1String("epoch 1, batch 3")) &&
                     message.contains(QLatin1String("NaN")),
                 qPrintable(message));
    }
}

void TestModels::damagedModelFileIsRejected()
{
    const Project project = demoProject();
    ModelFile trained;
    epochLosses(project, tinyRequest(QStringLiteral("cnn-center"), 1), &trained);
    QByteArray bytes = trained.toBytes();
    bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x5a);
    try {
        ModelFile::fromBytes(bytes, QStringLiteral("m.kmodel"));
        QFAIL("a damaged file was accepted");
    } catch (const FormatError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("m.kmodel")), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(FormatError,
                             ModelFile::fromBytes(QByteArray("not a model"), QStringLiteral("x")));
}

void TestModels::incompatibleRecordingIsNamed()
{
    const Project project = demoProject();
    ModelFile trained;
    epochLosses(project, tinyRequest(QStringLiteral("cnn-center"), 1), &trained);
    Recording other = project.recordings.front()->clone();
    other.sampleRateHz = 100;
    other.sensors.pop_back(); // three channels instead of six
    const QStringList problems = trained.incompatibilities(other);
    QCOMPARE(problems.size(), 2);
    QVERIFY(problems[0].contains(QLatin1String("100 Hz")));
    QVERIFY(problems[1].contains(QLatin1String("3 channels")));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             ModelPredictor(trained).predict(other, QStringLiteral("p")));
}

void TestModels::evaluationReportsBothLevels()
{
    const Project project = demoProject();
    TrainingRequest request = tinyRequest(QStringLiteral("cnn-center"), 2);
    request.validationSubjects = {QStringLiteral("s1")};
    ModelFile trained;
    epochLosses(project, request, &trained);
    const QJsonObject result = ModelEvaluator::evaluate(trained, project, {QStringLiteral("s1")});
    QCOMPARE(result.value(QStringLiteral("subjects")).toArray().size(), 1);
    for (const char* level : {"window_level", "sample_level"}) {
        const QJsonObject l = result.value(QLatin1String(level)).toObject();
        const QJsonObject overall = l.value(QStringLiteral("overall")).toObject();
        QVERIFY(overall.value(QStringLiteral("count")).toInteger() > 0);
        const double f1 = overall.value(QStringLiteral("macro_f1")).toDouble();
        QVERIFY(f1 > 0 && f1 <= 1);
        QVERIFY(l.value(QStringLiteral("per_subject")).toObject().contains(QStringLiteral("s1")));
    }
    // Window-level evaluation takes the model's own windows that lie inside one
    // segment: a subset of the (fully labelled, majority-rule) validation windows.
    const qint64 evaluated = result.value(QStringLiteral("window_level"))
                                 .toObject()
                                 .value(QStringLiteral("overall"))
                                 .toObject()
                                 .value(QStringLiteral("count"))
                                 .toInteger();
    QVERIFY(evaluated > 0);
    QVERIFY(evaluated <= trained.validation.value(QStringLiteral("windows")).toInteger());
}

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
