// Fine-tuning from a stored model (issue #20 point 1): the run starts where the
// parent stopped (its first step's loss is the parent's loss on that batch),
// new classes grow the head keeping the parent's rows, unknown classes and a
// changed network are refused by name, the replay sample is seeded, and the
// model file's parent field round-trips and is read as untrusted input.
#include "core/base/FormatError.h"
#include "models/TrainingError.h"
#include "models/file/ModelFile.h"
#include "models/file/TensorArchive.h"
#include "models/inference/ModelEvaluator.h"
#include "models/training/ModelTrainer.h"
#include "tests/support/ModelFileBytes.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>
#include <cmath>

using namespace kinemark;

namespace {
// Small hyperparameters per family: a few seconds of training on 2 cores.
QVariantMap tiny(const QString& model)
{
    QVariantMap h{{QStringLiteral("epochs"), 1}, {QStringLiteral("patience"), 0}};
    if (model == QLatin1String("usad")) {
        h[QStringLiteral("width")] = 8;
        h[QStringLiteral("blocks")] = 1;
        h[QStringLiteral("synthetic_per_class")] = 0;
        h[QStringLiteral("batch")] = 32;
    } else if (model == QLatin1String("selfpab")) { // a one-layer transformer, 2-minute windows
        h[QStringLiteral("d_model")] = 32;
        h[QStringLiteral("layers")] = 1;
        h[QStringLiteral("heads")] = 2;
        h[QStringLiteral("feed_forward")] = 64;
        h[QStringLiteral("head_hidden")] = 32;
        h[QStringLiteral("window_frames")] = 239;
        h[QStringLiteral("stride_frames")] = 120;
        h[QStringLiteral("batch")] = 8;
    } else if (model == QLatin1String("mstcn")) {
        h[QStringLiteral("features")] = 16;
        h[QStringLiteral("layers")] = 4;
        h[QStringLiteral("projection_dim")] = 16;
        h[QStringLiteral("chunk_length")] = 512;
        h[QStringLiteral("batch")] = 8;
    } else {
        h[QStringLiteral("batch")] = 32;
    }
    return h;
}

TrainingRequest request(const QString& model, const QStringList& subjects)
{
    TrainingRequest r;
    r.model = model;
    r.seed = 5;
    r.threads = 1;
    r.trainingSubjects = subjects;
    r.hyperparameters = tiny(model);
    return r;
}

// A fine-tuning request of the parent `file` on `subjects` (the schedule's own epochs: 1).
TrainingRequest fineTuning(const QString& file, const QStringList& subjects)
{
    TrainingRequest r;
    r.initModelPath = file;
    r.seed = 9;
    r.threads = 1;
    r.trainingSubjects = subjects;
    r.hyperparameters[QStringLiteral("epochs")] = 1;
    return r;
}

// The losses of the first batch of the first epoch.
QMap<QString, double> firstBatchLosses(const Project& project, const TrainingRequest& r)
{
    QMap<QString, double> first;
    ModelTrainer::train(project, r, [&](const TrainingProgress& p) {
        if (first.isEmpty() && !p.epochEnd && p.epoch == 1 && p.batch == 1)
            first = p.losses;
    });
    return first;
}

// Sample-level macro F1 of `model` on `subject`'s ground truth.
double macroF1(const ModelFile& model, const Project& project, const QString& subject)
{
    return ModelEvaluator::evaluate(model, project, {subject})
        .value(QStringLiteral("sample_level"))
        .toObject()
        .value(QStringLiteral("overall"))
        .toObject()
        .value(QStringLiteral("macro_f1"))
        .toDouble(-1);
}

// The header of `model` with "parent" set to `parent`, as raw file bytes.
QByteArray withParent(const ModelFile& model, const QJsonValue& parent)
{
    QJsonObject header = model.header();
    header[QStringLiteral("parent")] = parent;
    return test::modelFileBytes(ModelFile::kFormatVersion, header, model.weights);
}
} // namespace

class TestModelsFineTune : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void firstStepContinuesFromTheParent_data();
    void firstStepContinuesFromTheParent();
    void everyFamilyStartsFromItsParent_data();
    void everyFamilyStartsFromItsParent();
    void newClassesExtendTheHeadKeepingOldRows();
    void unknownClassesAreRefusedByName();
    void changedNetworkIsRefused();
    void replayIsASeededSampleOfTheParentsRecordings();
    void correctionsRaiseF1WithoutForgetting();
    void parentSurvivesSaveAndLoad();
    void hostileParentIsRefused_data();
    void hostileParentIsRefused();

private:
    QTemporaryDir m_dir;
    Project m_project;
    std::vector<int32_t> m_classes; // present in the demo, in label set order
    int32_t m_unknown = -1;         // a class of s1 the parent does not know
    QString m_parentPath;           // cnn-center on s0, every class but m_unknown
};

void TestModelsFineTune::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_project = test::demoProjectOfSubjects(3, 600, 21);
    TrainingRequest all;
    m_classes = ModelTrainer::resolveClasses(m_project, all);
    QVERIFY(m_classes.size() >= 4);
    // The last class of the label set's order that s1's ground truth has.
    const AnnotationTrack* truth = m_project.recording(QStringLiteral("demo1"))->groundTruth();
    QVERIFY(truth);
    for (int32_t id : m_classes)
        for (const Segment& s : truth->segments())
            if (s.classId == id)
                m_unknown = id;
    QVERIFY(m_unknown >= 0);
    TrainingRequest r = request(QStringLiteral("cnn-center"), {QStringLiteral("s0")});
    for (int32_t id : m_classes)
        if (id != m_unknown)
            r.classIds.push_back(id);
    const ModelFile parent = ModelTrainer::train(m_project, r);
    m_parentPath = m_dir.filePath(QStringLiteral("parent.kmodel"));
    parent.save(m_parentPath);
}

void TestModelsFineTune::firstStepContinuesFromTheParent_data()
{
    QTest::addColumn<QString>("model");
    QTest::newRow("cnn-center") << QStringLiteral("cnn-center");
    QTest::newRow("mstcn") << QStringLiteral("mstcn");
}

void TestModelsFineTune::firstStepContinuesFromTheParent()
{
    QFETCH(QString, model);
    TrainingRequest r = request(model, {QStringLiteral("s0")});
    r.hyperparameters[QStringLiteral("epochs")] = 2;
    const ModelFile parent = ModelTrainer::train(m_project, r);
    const QString path = m_dir.filePath(model + QStringLiteral("-all.kmodel"));
    parent.save(path);

    // Another subject, so that the parent's normalisation and a refitted one differ.
    TrainingRequest f = fineTuning(path, {QStringLiteral("s1")});
    f.hyperparameters[QStringLiteral("debug_parent_loss")] = true;
    const QMap<QString, double> first = firstBatchLosses(m_project, f);
    QVERIFY2(first.contains(QStringLiteral("parent loss")), "the test hook did not run");
    const double parentLoss = first.value(QStringLiteral("parent loss"));
    const double loss = first.value(QStringLiteral("total"));
    QVERIFY2(std::isfinite(loss) && loss > 0, qPrintable(QString::number(loss)));
    QVERIFY2(std::abs(loss - parentLoss) <= 1e-5 * std::max(1.0, std::abs(parentLoss)),
             qPrintable(QStringLiteral("first step %1, parent %2").arg(loss).arg(parentLoss)));

    // The same batch from scratch (same seed) is another loss: the equality above says something.
    TrainingRequest scratch = request(model, {QStringLiteral("s1")});
    scratch.seed = f.seed;
    const double fresh = firstBatchLosses(m_project, scratch).value(QStringLiteral("total"));
    QVERIFY2(std::abs(fresh - parentLoss) > 1e-3,
             qPrintable(QStringLiteral("scratch %1, parent %2").arg(fresh).arg(parentLoss)));
}

void TestModelsFineTune::everyFamilyStartsFromItsParent_data()
{
    QTest::addColumn<QString>("model");
    for (const char* id : {"resnet-supcon", "usad", "selfpab"})
        QTest::newRow(id) << QString::fromLatin1(id);
}

void TestModelsFineTune::everyFamilyStartsFromItsParent()
{
    // The families without the parent-loss hook: at the smallest learning rate
    // (Adam moves a weight by about lr per step) every trained weight of the
    // child is still its parent's, which a network started afresh is not.
    QFETCH(QString, model);
    const ModelFile parent = ModelTrainer::train(m_project, request(model, {QStringLiteral("s0")}));
    const QString path = m_dir.filePath(model + QStringLiteral("-parent.kmodel"));
    parent.save(path);
    TrainingRequest f = fineTuning(path, {QStringLiteral("s1")});
    f.hyperparameters[QStringLiteral("lr")] = 1e-9;
    const ModelFile child = ModelTrainer::train(m_project, f);
    QCOMPARE(child.kind, model);
    QVERIFY(child.classIds == parent.classIds);
    QCOMPARE(child.parent.weightsHash, parent.weightsHash());
    QVERIFY(child.hyperparameters == ModelFile::fromBytes(child.toBytes(), "c").hyperparameters);
    const TensorArchive before = TensorArchive::fromBytes(parent.weights, QStringLiteral("parent"));
    const TensorArchive after = TensorArchive::fromBytes(child.weights, QStringLiteral("child"));
    int compared = 0;
    for (const TensorArchive::Entry& old : before.entries) {
        // BatchNorm's running statistics follow the new data whatever the rate.
        if (old.dtype != TensorArchive::DType::Float32 ||
            old.name.contains(QLatin1String("running")))
            continue;
        const TensorArchive::Entry* now = after.find(old.name);
        QVERIFY2(now && now->shape == old.shape, qPrintable(old.name));
        const auto* a = reinterpret_cast<const float*>(old.data.constData());
        const auto* b = reinterpret_cast<const float*>(now->data.constData());
        for (int64_t i = 0; i < old.elementCount(); ++i)
            QVERIFY2(
                std::abs(a[i] - b[i]) <= 1e-5f,
                qPrintable(
                    QStringLiteral("%1[%2]: %3 -> %4").arg(old.name).arg(i).arg(a[i]).arg(b[i])));
        ++compared;
    }
    QVERIFY(compared > 2);
}

void TestModelsFineTune::newClassesExtendTheHeadKeepingOldRows()
{
    const ModelFile parent = ModelFile::load(m_parentPath);
    TrainingRequest f = fineTuning(m_parentPath, {QStringLiteral("s1")});
    f.extendClasses = true;
    // Adam moves every weight by about lr per step: at the smallest rate the
    // parent's rows stay within float rounding, while fresh rows would be far off.
    f.hyperparameters[QStringLiteral("lr")] = 1e-9;
    const ModelFile child = ModelTrainer::train(m_project, f);
    std::vector<int32_t> expected = parent.classIds;
    expected.push_back(m_unknown);
    QVERIFY(child.classIds == expected);
    QCOMPARE(child.classNames.mid(0, parent.classNames.size()), parent.classNames);

    const TensorArchive before = TensorArchive::fromBytes(parent.weights, QStringLiteral("parent"));
    const TensorArchive after = TensorArchive::fromBytes(child.weights, QStringLiteral("child"));
    QCOMPARE(after.entries.size(), before.entries.size());
    int grown = 0;
    for (const TensorArchive::Entry& old : before.entries) {
        const TensorArchive::Entry* now = after.find(old.name);
        QVERIFY2(now, qPrintable(old.name));
        if (old.dtype != TensorArchive::DType::Float32)
            continue;
        if (now->shape == old.shape)
            continue; // trained on (and BatchNorm's statistics move even at this rate)
        ++grown;
        QCOMPARE(now->shape.front(), old.shape.front() + 1);
        // Row-major: the parent's rows are the first rows of the grown tensor.
        const auto* a = reinterpret_cast<const float*>(old.data.constData());
        const auto* b = reinterpret_cast<const float*>(now->data.constData());
        for (int64_t i = 0; i < old.elementCount(); ++i)
            QVERIFY2(
                std::abs(a[i] - b[i]) <= 1e-6f,
                qPrintable(
                    QStringLiteral("%1[%2]: %3 -> %4").arg(old.name).arg(i).arg(a[i]).arg(b[i])));
        double norm = 0; // the new row is initialised, not left at zero
        for (int64_t i = old.elementCount(); i < now->elementCount(); ++i)
            norm += std::abs(b[i]);
        QVERIFY2(norm > 0, qPrintable(old.name));
    }
    QCOMPARE(grown, 2); // cnn-center's classifier weight and bias
    const QJsonObject f2 = child.trainingData.value(QStringLiteral("fine_tuning")).toObject();
    QCOMPARE(f2.value(QStringLiteral("new_classes")).toArray().size(), 1);
}

void TestModelsFineTune::unknownClassesAreRefusedByName()
{
    const ModelFile parent = ModelFile::load(m_parentPath);
    const LabelSet* set = m_project.labelSet(m_project.recordings.front()->labelSetId);
    QVERIFY(set);
    const QString missing = set->find(m_unknown)->name;
    try {
        ModelTrainer::train(m_project, fineTuning(m_parentPath, {QStringLiteral("s1")}));
        QFAIL("a class the parent does not know was accepted");
    } catch (const TrainingError& e) {
        const QString text = QString::fromUtf8(e.what());
        QVERIFY2(text.contains(QStringLiteral("'%1'").arg(missing)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("--new-classes")), qPrintable(text));
        for (const QString& known : parent.classNames) // only the unknown one is named
            QVERIFY2(!text.contains(QStringLiteral("'%1'").arg(known)), qPrintable(text));
    }
}

void TestModelsFineTune::changedNetworkIsRefused()
{
    TrainingRequest f = fineTuning(m_parentPath, {QStringLiteral("s0")});
    f.model = QStringLiteral("mstcn");
    try {
        ModelTrainer::train(m_project, f);
        QFAIL("another model kind was accepted");
    } catch (const std::invalid_argument& e) {
        const QString text = QString::fromUtf8(e.what());
        QVERIFY2(text.contains(QStringLiteral("mstcn")) &&
                     text.contains(QStringLiteral("cnn-center")),
                 qPrintable(text));
    }
    f.model.clear();
    f.hyperparameters[QStringLiteral("window_length")] = 64;
    try {
        ModelTrainer::train(m_project, f);
        QFAIL("another window length was accepted");
    } catch (const std::invalid_argument& e) {
        const QString text = QString::fromUtf8(e.what());
        QVERIFY2(text.contains(QStringLiteral("window_length=64 (the parent's: 128)")),
                 qPrintable(text));
    }
}

void TestModelsFineTune::replayIsASeededSampleOfTheParentsRecordings()
{
    TrainingRequest r =
        request(QStringLiteral("cnn-center"), {QStringLiteral("s0"), QStringLiteral("s1")});
    const ModelFile parent = ModelTrainer::train(m_project, r);
    const QString path = m_dir.filePath(QStringLiteral("two.kmodel"));
    parent.save(path);
    TrainingRequest f = fineTuning(path, {QStringLiteral("s2")});
    f.replayFraction = 0.5;
    const ModelFile a = ModelTrainer::train(m_project, f);
    const QJsonObject fa = a.trainingData.value(QStringLiteral("fine_tuning")).toObject();
    const QStringList replayed =
        fa.value(QStringLiteral("replay_recordings")).toVariant().toStringList();
    QCOMPARE(replayed.size(), 1); // half of the parent's two recordings
    QVERIFY(replayed.front() == QLatin1String("demo0") ||
            replayed.front() == QLatin1String("demo1"));
    QCOMPARE(fa.value(QStringLiteral("corrected_recordings")).toVariant().toStringList(),
             QStringList{QStringLiteral("demo2")});
    const QStringList subjects =
        a.trainingData.value(QStringLiteral("subjects")).toVariant().toStringList();
    QVERIFY2(subjects.contains(QStringLiteral("s2")) && subjects.size() == 2,
             qPrintable(subjects.join(',')));
    // The schedule: a tenth of the parent's rate.
    QCOMPARE(a.hyperparameters.value(QStringLiteral("lr")).toDouble(),
             parent.hyperparameters.value(QStringLiteral("lr")).toDouble() * 0.1);
    const ModelFile b = ModelTrainer::train(m_project, f); // same seed, same sample
    QCOMPARE(b.trainingData.value(QStringLiteral("fine_tuning"))
                 .toObject()
                 .value(QStringLiteral("replay_recordings"))
                 .toVariant()
                 .toStringList(),
             replayed);
}

void TestModelsFineTune::correctionsRaiseF1WithoutForgetting()
{
    // The annotation loop on demo data: a model trained on s0 and judged on s1
    // (its validation subject); the annotator corrects s2, which the model has
    // not seen; fine-tuning on s2 with s0 replayed must do better on s2 and
    // lose less than a point of macro F1 on s1.
    TrainingRequest r = request(QStringLiteral("cnn-center"), {QStringLiteral("s0")});
    r.validationSubjects = {QStringLiteral("s1")};
    r.hyperparameters[QStringLiteral("epochs")] = 6;
    const ModelFile parent = ModelTrainer::train(m_project, r);
    const QString path = m_dir.filePath(QStringLiteral("loop.kmodel"));
    parent.save(path);
    TrainingRequest f = fineTuning(path, {QStringLiteral("s2")});
    f.validationSubjects = {QStringLiteral("s1")};
    f.replayFraction = 1;
    f.hyperparameters[QStringLiteral("epochs")] = 3;
    const ModelFile child = ModelTrainer::train(m_project, f);
    QCOMPARE(child.trainingData.value(QStringLiteral("fine_tuning"))
                 .toObject()
                 .value(QStringLiteral("replay_recordings"))
                 .toVariant()
                 .toStringList(),
             QStringList{QStringLiteral("demo0")});
    const double correctedBefore = macroF1(parent, m_project, QStringLiteral("s2"));
    const double correctedAfter = macroF1(child, m_project, QStringLiteral("s2"));
    const double validationBefore = macroF1(parent, m_project, QStringLiteral("s1"));
    const double validationAfter = macroF1(child, m_project, QStringLiteral("s1"));
    qInfo("macro F1 on the corrected s2: %.4f -> %.4f; on the validation s1: %.4f -> %.4f",
          correctedBefore, correctedAfter, validationBefore, validationAfter);
    QVERIFY(correctedBefore >= 0 && validationBefore >= 0);
    QVERIFY2(correctedAfter > correctedBefore, "the corrections did not help");
    QVERIFY2(validationAfter > validationBefore - 0.01,
             "fine-tuning forgot the validation subject");
}

void TestModelsFineTune::parentSurvivesSaveAndLoad()
{
    const ModelFile parent = ModelFile::load(m_parentPath);
    QVERIFY(parent.parent.isEmpty()); // trained from scratch: no parent, as in every older file
    QVERIFY(!parent.header().contains(QStringLiteral("parent")));
    TrainingRequest f = fineTuning(m_parentPath, {QStringLiteral("s0")});
    f.classIds = parent.classIds; // only the classes it knows
    const ModelFile child = ModelTrainer::train(m_project, f);
    QCOMPARE(child.parent.id, QStringLiteral("parent.kmodel"));
    QCOMPARE(child.parent.created, parent.created);
    QCOMPARE(child.parent.weightsHash, parent.weightsHash());
    QCOMPARE(child.parent.weightsHash.size(), 64);
    QVERIFY(!child.hyperparameters.contains(QStringLiteral("debug_parent_loss")));
    const QString path = m_dir.filePath(QStringLiteral("child.kmodel"));
    child.save(path);
    const ModelFile loaded = ModelFile::load(path);
    QCOMPARE(loaded.parent.id, child.parent.id);
    QCOMPARE(loaded.parent.created, child.parent.created);
    QCOMPARE(loaded.parent.weightsHash, child.parent.weightsHash);
    QCOMPARE(loaded.summary()
                 .value(QStringLiteral("parent"))
                 .toObject()
                 .value(QStringLiteral("id"))
                 .toString(),
             QStringLiteral("parent.kmodel"));
}

void TestModelsFineTune::hostileParentIsRefused_data()
{
    QTest::addColumn<QJsonValue>("parent");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not an object") << QJsonValue(QStringLiteral("parent.kmodel"))
                                   << QStringLiteral("'parent' is not an object");
    QTest::newRow("id of a number") << QJsonValue(QJsonObject{{QStringLiteral("id"), 5}})
                                    << QStringLiteral("'id' that is not a string");
    QTest::newRow("huge id") << QJsonValue(
                                    QJsonObject{{QStringLiteral("id"), QString(1 << 20, 'x')}})
                             << QStringLiteral("'id' of 1048576 characters");
    QTest::newRow("hash not hex")
        << QJsonValue(QJsonObject{{QStringLiteral("id"), QStringLiteral("m")},
                                  {QStringLiteral("weights_sha256"), QStringLiteral("<script>")}})
        << QStringLiteral("not lower-case hexadecimal");
    QTest::newRow("empty") << QJsonValue(QJsonObject{}) << QStringLiteral("names no id");
}

void TestModelsFineTune::hostileParentIsRefused()
{
    QFETCH(QJsonValue, parent);
    QFETCH(QString, expected);
    const ModelFile model = ModelFile::load(m_parentPath);
    try {
        ModelFile::fromBytes(withParent(model, parent), QStringLiteral("hostile.kmodel"));
        QFAIL("accepted");
    } catch (const FormatError& e) {
        const QString text = QString::fromUtf8(e.what());
        QVERIFY2(text.contains(expected) && text.contains(QStringLiteral("hostile.kmodel")),
                 qPrintable(text.left(300)));
    }
    // A sound parent field is read.
    const ModelFile ok = ModelFile::fromBytes(
        withParent(model, QJsonObject{{QStringLiteral("id"), QStringLiteral("m")},
                                      {QStringLiteral("weights_sha256"), QStringLiteral("0a1b")}}),
        QStringLiteral("ok.kmodel"));
    QCOMPARE(ok.parent.id, QStringLiteral("m"));
    QCOMPARE(ok.parent.weightsHash, QStringLiteral("0a1b"));
}

QTEST_GUILESS_MAIN(TestModelsFineTune)
#include "tst_models_finetune.moc"
