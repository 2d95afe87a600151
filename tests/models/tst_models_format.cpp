// The model file as data only (issue #16): the TensorArchive weights
// container refuses hostile input cleanly and within bounded memory; version-1
// files (LibTorch archives) are refused with the conversion hint; header
// values and the network they ask for are checked before anything is built;
// ParameterCount matches the networks; weights load only into tensors of their
// name and shape; every kind round-trips to identical predictions.
#include "core/base/FormatError.h"
#include "core/learning/WindowSet.h"
#include "core/project/ProjectFile.h"
#include "models/file/ModelFile.h"
#include "models/file/TensorArchive.h"
#include "models/inference/BuiltNetworkSize.h"
#include "models/inference/ModelPredictor.h"
#include "models/registry/ModelRegistry.h"
#include "models/registry/ParameterCount.h"
#include "models/training/ModelTrainer.h"
#include "tests/support/ModelFileBytes.h"
#include "tests/support/TestSupport.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtEndian>
#include <QtTest>
#include <set>
#include <sys/resource.h>

using namespace kinemark;
using kinemark::test::appendLittleEndian;
using kinemark::test::modelFileBytes;

namespace {

// A tensor archive written by hand: magic, header length, `header`, `buffer`.
QByteArray rawArchive(const QByteArray& header, const QByteArray& buffer,
                      quint64 headerLength = ~quint64(0))
{
    QByteArray out("KMKTENSR");
    appendLittleEndian<quint64>(out, headerLength == ~quint64(0) ? quint64(header.size())
                                                                 : headerLength);
    return out + header + buffer;
}

TensorArchive::Entry floats(const QString& name, std::vector<int64_t> shape)
{
    TensorArchive::Entry e;
    e.name = name;
    e.shape = std::move(shape);
    std::vector<float> values(size_t(e.elementCount()));
    for (size_t i = 0; i < values.size(); ++i)
        values[i] = float(i) * 0.5f - 3;
    e.data = QByteArray(reinterpret_cast<const char*>(values.data()),
                        qsizetype(values.size() * sizeof(float)));
    return e;
}

// A version-2 model file made by hand (no training): a small cnn-center whose
// weights are one tensor of the element count its network has, which
// fromBytes accepts (it checks the count; loading would need the names).
ModelFile handMadeModel()
{
    ModelFile m;
    m.kind = QStringLiteral("cnn-center");
    m.hyperparameters = ModelRegistry::resolve(m.kind, {{QStringLiteral("window_length"), 16}});
    m.classIds = {1, 2, 3};
    m.classNames = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    m.channelNames = {QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")};
    m.sampleRateHz = 50;
    m.windowing.length = 16;
    m.windowing.stride = 8;
    m.normalisation = ChannelNormalisation({0, 0, 0}, {1, 1, 1});
    m.created = QStringLiteral("2026-12-07T00:00:00Z");
    ParameterCount::Inputs in;
    in.channels = 3;
    in.windowLength = 16;
    in.classes = 3;
    TensorArchive weights;
    weights.entries.push_back(
        floats(QStringLiteral("all"), {ParameterCount::of(m.kind, m.hyperparameters, in)}));
    m.weights = weights.toBytes();
    return m;
}

// Runs `read`, which must throw FormatError whose text holds every `expected`
// fragment, within 2 s and 100 MB of new peak memory.
template <typename Read> void expectRefusal(Read read, const QStringList& expected)
{
    const double before = test::peakMemoryMb();
    QElapsedTimer timer;
    timer.start();
    try {
        read();
        QFAIL(qPrintable(QStringLiteral("accepted; expected: %1").arg(expected.join(", "))));
    } catch (const FormatError& e) {
        const QString text = QString::fromUtf8(e.what());
        for (const QString& fragment : expected)
            QVERIFY2(text.contains(fragment),
                     qPrintable(QStringLiteral("'%1' lacks '%2'").arg(text, fragment)));
    }
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(
        test::peakMemoryMb() - before < 100,
        qPrintable(QStringLiteral("peak memory grew by %1 MB").arg(test::peakMemoryMb() - before)));
}

Project demoProject()
{
    return test::demoProjectOfSubjects(2, 600, 11);
}
} // namespace

class TestModelsFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void archiveRoundTrips();
    void hostileArchivesAreRefused_data();
    void hostileArchivesAreRefused();
    void versionOneIsRefusedWithTheWayOut();
    void projectWithAnOldModelOpens();
    void handMadeModelIsAccepted();
    void hostileHeadersAreRefusedBeforeBuilding_data();
    void hostileHeadersAreRefusedBeforeBuilding();
    void registryEnforcesRanges();
    void parameterCountMatchesTheNetworks_data();
    void parameterCountMatchesTheNetworks();
    void everyKindRoundTrips_data();
    void everyKindRoundTrips();
    void weightsOfTheWrongShapeAreNamed();
    void manyClassesAreWindowedFast();
};

void TestModelsFormat::archiveRoundTrips()
{
    TensorArchive a;
    a.entries.push_back(floats(QStringLiteral("stage1.conv.weight"), {4, 3, 5}));
    a.entries.push_back(floats(QStringLiteral("scalar"), {}));
    a.entries.push_back(floats(QStringLiteral("empty"), {0, 7}));
    TensorArchive::Entry steps;
    steps.name = QStringLiteral("optimizer.step");
    steps.dtype = TensorArchive::DType::Int64;
    steps.shape = {2};
    const qint64 values[2] = {7, -9};
    steps.data = QByteArray(reinterpret_cast<const char*>(values), sizeof values);
    a.entries.push_back(steps);
    const TensorArchive b = TensorArchive::fromBytes(a.toBytes(), QStringLiteral("mem"));
    QCOMPARE(int(b.entries.size()), 4);
    for (const TensorArchive::Entry& e : a.entries) {
        const TensorArchive::Entry* f = b.find(e.name);
        QVERIFY2(f, qPrintable(e.name));
        QVERIFY(f->dtype == e.dtype);
        QVERIFY(f->shape == e.shape);
        QCOMPARE(f->data, e.data);
    }
    QCOMPARE(b.elementCount(), int64_t(60 + 1 + 0 + 2));
    QCOMPARE(b.entries.front().name, QStringLiteral("stage1.conv.weight")); // written order
}

void TestModelsFormat::hostileArchivesAreRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("expected");
    const QByteArray twelve(12, '\1');
    QTest::newRow("truncated prefix") << QByteArray("KMKTENSR\1\0") << QStringList{"truncated"};
    QTest::newRow("no signature") << QByteArray("PK\3\4 a zip") << QStringList{"KMKTENSR"};
    QTest::newRow("huge header length") << rawArchive("{}", twelve, quint64(1) << 62)
                                        << QStringList{"header length 4611686018427387904"};
    QTest::newRow("header not JSON") << rawArchive("{nope", {}) << QStringList{"not a JSON"};
    QTest::newRow("shape needs more than offsets give")
        << rawArchive(R"({"stage1.conv.weight":{"dtype":"F32","shape":[64,3,5],"offsets":[0,12]}})",
                      twelve)
        << QStringList{"tensor 'stage1.conv.weight'", "shape [64, 3, 5] needs 3840 bytes",
                       "offsets give 12"};
    QTest::newRow("shape overflow")
        << rawArchive(R"({"w":{"dtype":"F32","shape":[4611686018427387904,4],"offsets":[0,12]}})",
                      twelve)
        << QStringList{"tensor 'w'", "[4611686018427387904, 4]", "more elements"};
    QTest::newRow("negative dim") << rawArchive(
                                         R"({"w":{"dtype":"F32","shape":[-3],"offsets":[0,12]}})",
                                         twelve)
                                  << QStringList{"tensor 'w'", "shape entry -3"};
    QTest::newRow("wrong dtype") << rawArchive(
                                        R"({"w":{"dtype":"F64","shape":[3],"offsets":[0,12]}})",
                                        twelve)
                                 << QStringList{"tensor 'w'", "dtype 'F64'"};
    QTest::newRow("offsets past the end")
        << rawArchive(R"({"w":{"dtype":"F32","shape":[1000000000],"offsets":[0,4000000000]}})",
                      twelve)
        << QStringList{"tensor 'w'", "run past the end"};
    QTest::newRow("overlapping offsets")
        << rawArchive(R"({"a":{"dtype":"F32","shape":[2],"offsets":[0,8]},)"
                      R"("b":{"dtype":"F32","shape":[2],"offsets":[4,12]}})",
                      twelve)
        << QStringList{"tensor 'b'", "overlap"};
    QTest::newRow("unreferenced bytes")
        << rawArchive(R"({"a":{"dtype":"F32","shape":[2],"offsets":[0,8]}})", twelve)
        << QStringList{"bytes 8 to 12", "belong to no tensor"};
    QTest::newRow("duplicate names")
        << rawArchive(R"({"a":{"dtype":"F32","shape":[1],"offsets":[0,4]},)"
                      R"("a":{"dtype":"F32","shape":[2],"offsets":[4,12]}})",
                      twelve)
        << QStringList{"tensor 'a' is named more than once"};
    QTest::newRow("empty name") << rawArchive(
                                       R"({"":{"dtype":"F32","shape":[3],"offsets":[0,12]}})",
                                       twelve)
                                << QStringList{"empty name"};
    QTest::newRow("long name") << rawArchive(
                                      QByteArray(R"({")") + QByteArray(300, 'n') +
                                          R"(":{"dtype":"F32","shape":[3],"offsets":[0,12]}})",
                                      twelve)
                               << QStringList{"longer than 256"};
}

void TestModelsFormat::hostileArchivesAreRefused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, expected);
    expected << QStringLiteral("crafted.kmodel");
    expectRefusal([&] { TensorArchive::fromBytes(bytes, QStringLiteral("crafted.kmodel")); },
                  expected);
}

void TestModelsFormat::versionOneIsRefusedWithTheWayOut()
{
    // A format-1 file: its weights a LibTorch archive (a ZIP). The reader must
    // refuse it before looking at the weights, whatever they hold.
    ModelFile m = handMadeModel();
    const QByteArray bytes =
        modelFileBytes(1, m.header(), QByteArray("PK\3\4archive/data.pkl...code/__torch__.py"));
    expectRefusal([&] { ModelFile::fromBytes(bytes, QStringLiteral("old.kmodel")); },
                  {QStringLiteral("old.kmodel: model format 1 stores its weights as a LibTorch "
                                  "archive, which can run code when loaded; Kinemark no longer "
                                  "reads it. Convert it with `kinemark-cli model convert OLD "
                                  "NEW` (reads it without running anything) or train the model "
                                  "again.")});
    // A version-2 header with a LibTorch archive for weights is refused the same way.
    const QByteArray disguised =
        modelFileBytes(2, m.header(), QByteArray("PK\3\4archive/data.pkl"));
    expectRefusal([&] { ModelFile::fromBytes(disguised, QStringLiteral("old.kmodel")); },
                  {QStringLiteral("kinemark-cli model convert")});
}

void TestModelsFormat::projectWithAnOldModelOpens()
{
    // A project saved with a format-1 model: it opens, the model is listed
    // (from its stored summary), and using it says why it cannot be.
    Project project = test::demoProjectOfSubjects(1, 60, 3);
    const ModelFile m = handMadeModel();
    StoredModel stored;
    stored.id = QStringLiteral("cnn-center 2025-01-01 10:00");
    stored.kind = m.kind;
    stored.summary = m.summary();
    stored.data = modelFileBytes(1, m.header(), QByteArray("PK\3\4archive/data.pkl"));
    project.models.push_back(stored);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.kmk"));
    ProjectFile::save(project, path);
    const Project opened = ProjectFile::open(path);
    QCOMPARE(int(opened.models.size()), 1);
    QCOMPARE(opened.models.front().id, stored.id);
    QCOMPARE(opened.models.front().summary, stored.summary);
    expectRefusal(
        [&] { ModelFile::fromBytes(opened.models.front().data, opened.models.front().id); },
        {stored.id + QStringLiteral(": model format 1"), QStringLiteral("model convert")});
}

void TestModelsFormat::handMadeModelIsAccepted()
{
    const ModelFile m = handMadeModel();
    const ModelFile back = ModelFile::fromBytes(m.toBytes(), QStringLiteral("hand.kmodel"));
    QCOMPARE(back.header(), m.header());
    QCOMPARE(back.weights, m.weights);
    // One element fewer in the weights than the network has: refused, naming both counts.
    ModelFile fewer = m;
    TensorArchive a = TensorArchive::fromBytes(m.weights, QStringLiteral("w"));
    const int64_t n = a.entries.front().elementCount();
    a.entries.front() = floats(QStringLiteral("all"), {n - 1});
    fewer.weights = a.toBytes();
    expectRefusal([&] { ModelFile::fromBytes(fewer.toBytes(), QStringLiteral("hand.kmodel")); },
                  {QStringLiteral("hand.kmodel"), QString::number(n - 1), QString::number(n)});
}

void TestModelsFormat::hostileHeadersAreRefusedBeforeBuilding_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("window length in hyperparameters")
        << "hyperparameters/window_length" << QJsonValue(999999996)
        << QStringList{"window_length", "999999996", "1..65536"};
    QTest::newRow("window length in windowing") << "windowing/length" << QJsonValue(999999996)
                                                << QStringList{"windowing", "999999996", "65536"};
    QTest::newRow("window length that needs 1 G parameters")
        << "both/65536" << QJsonValue(65536)
        << QStringList{"cnn-center", "parameters", "more than the 100000000"};
    QTest::newRow("huge layers") << "kind/mstcn/layers" << QJsonValue(1000000)
                                 << QStringList{"'layers'", "1000000", "1..16"};
    QTest::newRow("huge features")
        << "kind/mstcn/features" << QJsonValue(1e9) << QStringList{"'features'", "1..4096"};
    QTest::newRow("huge width") << "kind/usad/width" << QJsonValue(1e9)
                                << QStringList{"'width'", "1..4096"};
    QTest::newRow("width and blocks within range, network too large")
        << "kind/usad-diffusion/width" << QJsonValue(4096)
        << QStringList{"usad-diffusion", "parameters", "more than"};
    QTest::newRow("fractional epochs")
        << "hyperparameters/epochs" << QJsonValue(2.5) << QStringList{"'epochs'", "an integer"};
    QTest::newRow("dropout 1") << "kind/resnet-supcon/dropout" << QJsonValue(1.0)
                               << QStringList{"'dropout'", "excluded"};
    QTest::newRow("unknown hyperparameter")
        << "hyperparameters/rm_rf" << QJsonValue(1) << QStringList{"'rm_rf'"};
    QTest::newRow("million class ids")
        << "classes/1000000" << QJsonValue(0) << QStringList{"'class_ids'", "1000000", "1024"};
    QTest::newRow("class ids twice")
        << "classes/twice" << QJsonValue(0) << QStringList{"class id 2 appears twice"};
    QTest::newRow("class id beyond int32")
        << "classes/4294967298" << QJsonValue(0) << QStringList{"class id 4294967298"};
    QTest::newRow("unknown kind") << "kind/evil" << QJsonValue(0)
                                  << QStringList{"model kind 'evil'"};
    QTest::newRow("channels") << "channels/100" << QJsonValue(0)
                              << QStringList{"'channels'", "100", "64"};
    QTest::newRow("sample rate") << "sample_rate_hz" << QJsonValue(1e300)
                                 << QStringList{"sample rate", "outside"};
    QTest::newRow("normalisation")
        << "normalisation" << QJsonValue(1e300) << QStringList{"normalisation"};
}

void TestModelsFormat::hostileHeadersAreRefusedBeforeBuilding()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QFETCH(QStringList, expected);
    const ModelFile m = handMadeModel();
    QJsonObject h = m.header();
    QJsonObject hp = h.value(QStringLiteral("hyperparameters")).toObject();
    const QStringList parts = field.split(QLatin1Char('/'));
    if (parts[0] == QLatin1String("hyperparameters")) {
        hp[parts[1]] = value;
    } else if (parts[0] == QLatin1String("windowing")) {
        QJsonObject w = h.value(QStringLiteral("windowing")).toObject();
        w[parts[1]] = value;
        h[QStringLiteral("windowing")] = w;
    } else if (parts[0] == QLatin1String("both")) {
        hp[QStringLiteral("window_length")] = value;
        QJsonObject w = h.value(QStringLiteral("windowing")).toObject();
        w[QStringLiteral("length")] = value;
        h[QStringLiteral("windowing")] = w;
    } else if (parts[0] == QLatin1String("kind")) {
        h[QStringLiteral("kind")] = parts[1];
        if (parts.size() > 2) {
            hp = QJsonObject::fromVariantMap(ModelRegistry::resolve(parts[1], {}));
            hp[parts[2]] = value;
        }
    } else if (parts[0] == QLatin1String("classes")) {
        QJsonArray ids, names;
        const int n = parts[1] == QLatin1String("1000000") ? 1000000 : 3;
        for (int i = 0; i < n; ++i) {
            ids.append(i);
            names.append(QString::number(i));
        }
        if (parts[1] == QLatin1String("twice"))
            ids[1] = 2;
        if (parts[1] == QLatin1String("4294967298"))
            ids[1] = 4294967298.0;
        h[QStringLiteral("class_ids")] = ids;
        h[QStringLiteral("class_names")] = names;
    } else if (parts[0] == QLatin1String("channels")) {
        QJsonArray channels, ones, zeros;
        for (int i = 0; i < 100; ++i) {
            channels.append(QStringLiteral("c%1").arg(i));
            ones.append(1);
            zeros.append(0);
        }
        h[QStringLiteral("channels")] = channels;
        h[QStringLiteral("normalisation")] =
            QJsonObject{{QStringLiteral("mean"), zeros}, {QStringLiteral("std"), ones}};
    } else if (parts[0] == QLatin1String("sample_rate_hz")) {
        h[QStringLiteral("sample_rate_hz")] = value;
    } else if (parts[0] == QLatin1String("normalisation")) {
        // 1e300 is finite as a double and infinite as the float it is kept in.
        h[QStringLiteral("normalisation")] =
            QJsonObject{{QStringLiteral("mean"), QJsonArray{0, value, 0}},
                        {QStringLiteral("std"), QJsonArray{1, 1, 1}}};
    }
    h[QStringLiteral("hyperparameters")] = hp;
    const QByteArray bytes = modelFileBytes(ModelFile::kFormatVersion, h, m.weights);
    expected << QStringLiteral("crafted.kmodel");
    expectRefusal([&] { ModelFile::fromBytes(bytes, QStringLiteral("crafted.kmodel")); }, expected);
}

void TestModelsFormat::registryEnforcesRanges()
{
    // --set goes through resolve: a value outside its range is refused naming it.
    try {
        ModelRegistry::resolve(QStringLiteral("mstcn"), {{QStringLiteral("layers"), 40}});
        QFAIL("layers 40 accepted");
    } catch (const std::invalid_argument& e) {
        const QString text = QString::fromUtf8(e.what());
        QVERIFY2(text.contains("'layers'") && text.contains("40") && text.contains("1..16"),
                 e.what());
    }
    QVERIFY_THROWS_EXCEPTION(
        std::invalid_argument,
        ModelRegistry::resolve(QStringLiteral("cnn-center"),
                               {{QStringLiteral("lr"), QStringLiteral("nan")}}));
    QVERIFY_THROWS_EXCEPTION(
        std::invalid_argument,
        ModelRegistry::resolve(QStringLiteral("resnet-supcon"), {{QStringLiteral("dropout"), 1}}));
    // Every numeric hyperparameter of every model has a range, and its default is inside it.
    for (const ModelInfo& info : ModelRegistry::models())
        for (auto it = info.defaults.begin(); it != info.defaults.end(); ++it) {
            if (it.value().typeId() == QMetaType::Bool)
                continue;
            QVERIFY2(info.ranges.contains(it.key()), qPrintable(info.id + ": " + it.key()));
            QVERIFY2(info.ranges.value(it.key()).contains(it.value().toDouble()),
                     qPrintable(info.id + ": " + it.key()));
        }
}

void TestModelsFormat::parameterCountMatchesTheNetworks_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QVariantMap>("overrides");
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("windowLength");
    QTest::addColumn<int>("classes");
    QTest::addColumn<int>("features");
    const auto row = [](const char* name, const char* kind, QVariantMap overrides, int channels,
                        int length, int classes, int features = 0) {
        QTest::newRow(name) << QString::fromLatin1(kind) << overrides << channels << length
                            << classes << features;
    };
    row("cnn-center 3x128", "cnn-center", {}, 3, 128, 6);
    row("cnn-center 9x52", "cnn-center", {}, 9, 52, 12);
    row("resnet-supcon", "resnet-supcon", {}, 3, 50, 6);
    row("resnet-supcon 64 wide", "resnet-supcon", {{"projection_hidden", 64}}, 64, 50, 2);
    row("mstcn", "mstcn", {}, 3, 1, 6);
    row("mstcn 3x4x16", "mstcn",
        {{"stages", 3}, {"layers", 4}, {"features", 16}, {"projection_dim", 8}}, 7, 1, 11);
    row("usad", "usad", {}, 3, 128, 6);
    row("usad plain", "usad", {{"attention", false}, {"width", 24}, {"blocks", 3}}, 6, 128, 5);
    row("usad radix 1", "usad", {{"cardinality", 4}, {"radix", 1}, {"width", 32}, {"blocks", 1}}, 3,
        64, 4);
    row("usad no blocks", "usad", {{"blocks", 0}, {"width", 8}}, 3, 64, 4);
    row("usad-diffusion", "usad-diffusion", {{"width", 16}, {"blocks", 3}}, 3, 32, 4);
    row("usad-diffusion odd groups", "usad-diffusion", {{"width", 6}, {"blocks", 7}}, 2, 20, 3);
    row("selfpab-pretrain", "selfpab-pretrain",
        {{"d_model", 32}, {"layers", 2}, {"heads", 4}, {"feed_forward", 48}}, 3, 1, 0, 30);
    row("selfpab", "selfpab",
        {{"d_model", 24}, {"layers", 1}, {"heads", 3}, {"feed_forward", 40}, {"head_hidden", 20}},
        3, 1, 5, 18);
    row("selfpab layer weights", "selfpab",
        {{"d_model", 16},
         {"layers", 3},
         {"heads", 2},
         {"feed_forward", 8},
         {"head_hidden", 12},
         {"layer_weights", true}},
        6, 1, 7, 12);
}

void TestModelsFormat::parameterCountMatchesTheNetworks()
{
    QFETCH(QString, kind);
    QFETCH(QVariantMap, overrides);
    ParameterCount::Inputs in;
    QFETCH(int, channels);
    QFETCH(int, windowLength);
    QFETCH(int, classes);
    QFETCH(int, features);
    in.channels = channels;
    in.windowLength = windowLength;
    in.classes = classes;
    in.features = features;
    const QVariantMap h = ModelRegistry::resolve(kind, overrides);
    const int64_t computed = ParameterCount::of(kind, h, in);
    QCOMPARE(computed, builtNetworkElementCount(kind, h, in));
    QVERIFY(computed > 0);
}

void TestModelsFormat::everyKindRoundTrips_data()
{
    // cnn-center, usad, mstcn, usad-diffusion and selfpab have round trips in their own tests.
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QVariantMap>("overrides");
    QTest::newRow("resnet-supcon") << QStringLiteral("resnet-supcon") << QVariantMap{};
    QTest::newRow("usad small") << QStringLiteral("usad")
                                << QVariantMap{
                                       {"width", 16}, {"blocks", 1}, {"synthetic_per_class", 0}};
    QTest::newRow("mstcn small") << QStringLiteral("mstcn")
                                 << QVariantMap{{"layers", 3}, {"features", 8}, {"stages", 2}};
}

void TestModelsFormat::everyKindRoundTrips()
{
    QFETCH(QString, kind);
    QFETCH(QVariantMap, overrides);
    const Project project = demoProject();
    TrainingRequest r;
    r.model = kind;
    r.seed = 3;
    r.threads = 1;
    r.hyperparameters = overrides;
    r.hyperparameters[QStringLiteral("epochs")] = 1;
    r.hyperparameters[QStringLiteral("patience")] = 0;
    const ModelFile trained = ModelTrainer::train(project, r, {});
    QVERIFY(TensorArchive::isArchive(trained.weights));
    const ModelFile loaded = ModelFile::fromBytes(trained.toBytes(), QStringLiteral("rt.kmodel"));
    QCOMPARE(loaded.weights, trained.weights);
    const Recording& rec = *project.recordings.front();
    const Prediction a = ModelPredictor(trained).predict(rec, QStringLiteral("p"));
    const Prediction b = ModelPredictor(loaded).predict(rec, QStringLiteral("p"));
    QVERIFY(a.track == b.track);
    QVERIFY(a.probabilities == b.probabilities);
}

void TestModelsFormat::weightsOfTheWrongShapeAreNamed()
{
    const Project project = demoProject();
    TrainingRequest r;
    r.model = QStringLiteral("cnn-center");
    r.seed = 3;
    r.threads = 1;
    r.hyperparameters = {{QStringLiteral("epochs"), 1}, {QStringLiteral("patience"), 0}};
    const ModelFile trained = ModelTrainer::train(project, r, {});
    TensorArchive a = TensorArchive::fromBytes(trained.weights, QStringLiteral("w"));
    TensorArchive::Entry* classifier = nullptr;
    for (TensorArchive::Entry& e : a.entries)
        if (e.name == QLatin1String("classifier.weight"))
            classifier = &e;
    QVERIFY(classifier);
    QCOMPARE(int(classifier->shape.size()), 2);
    const std::vector<int64_t> right = classifier->shape;
    classifier->shape = {right[1], right[0]}; // the same elements, transposed
    ModelFile wrong = trained;
    wrong.weights = a.toBytes();
    // The count adds up, so the file reads; building the predictor names the tensor.
    const ModelFile read = ModelFile::fromBytes(wrong.toBytes(), QStringLiteral("wrong.kmodel"));
    expectRefusal([&] { ModelPredictor p(read); },
                  {QStringLiteral("'classifier.weight'"),
                   TensorArchive::shapeText(classifier->shape), TensorArchive::shapeText(right)});
    // A tensor under another name: the one the network misses is named.
    TensorArchive renamed = TensorArchive::fromBytes(trained.weights, QStringLiteral("w"));
    const QString original = renamed.entries.back().name;
    renamed.entries.back().name = QStringLiteral("backdoor.weight");
    wrong.weights = renamed.toBytes();
    const ModelFile other = ModelFile::fromBytes(wrong.toBytes(), QStringLiteral("x.kmodel"));
    expectRefusal([&] { ModelPredictor p(other); },
                  {QStringLiteral("no tensor '%1'").arg(original)});
}

void TestModelsFormat::manyClassesAreWindowedFast()
{
    // Windowing with a million class ids (a model's list, as a hostile file
    // could once give): the lookup per window is a hash, not a scan.
    const Project project = test::demoProjectOfSubjects(1, 600, 5);
    std::vector<int32_t> ids;
    for (int32_t i = 1000000; i > 0; --i)
        ids.push_back(i + 1000);
    std::set<int32_t> present;
    for (const Segment& s : project.recordings.front()->groundTruth()->segments())
        if (s.classId >= 0)
            present.insert(s.classId);
    ids.insert(ids.end(), present.begin(), present.end());
    WindowingOptions w;
    w.length = 8;
    w.stride = 4;
    QElapsedTimer timer;
    timer.start();
    const WindowSet set = WindowSet::build({project.recordings.front()}, w, ids);
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(set.size() > 1000);
}

QTEST_GUILESS_MAIN(TestModelsFormat)
#include "tst_models_format.moc"
