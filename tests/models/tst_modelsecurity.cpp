// Model files that cannot run code (issue #16): a TorchScript archive whose
// __setstate__ writes a file is refused by every way Kinemark loads a model,
// and nothing is written; version-1 files convert without running anything;
// hostile legacy archives are refused within bounded memory and time.
//
// This test includes LibTorch itself (like tst_optimiser): it must build the
// malicious archive and the legacy weights with LibTorch's own writers.
#include "core/base/FormatError.h"
#include "core/project/ProjectFile.h"
#include "models/TrainingRequest.h"
#include "models/file/LegacyModelConverter.h"
#include "models/file/LegacyTorchArchive.h"
#include "models/file/ModelFile.h"
#include "models/file/TensorArchive.h"
#include "models/inference/ModelPredictor.h"
#include "models/internal/nn/ModuleTensors.h"
#include "models/internal/nn/mstcn/MsTcnNetwork.h"
#include "models/internal/nn/selfpab/SelfPabNetwork.h"
#include "models/internal/nn/window/WindowNetwork.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/ModelTrainer.h"
#include "tests/support/CliRunner.h"
#include "tests/support/ModelFileBytes.h"
#include "tests/support/TestSupport.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>
#include <sstream>
#include <sys/resource.h>
#include <torch/script.h>
#include <zlib.h>

using namespace kinemark;
using kinemark::test::appendLittleEndian;
using kinemark::test::modelFileBytes;

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray streamBytes(const std::ostringstream& out)
{
    const std::string s = out.str();
    return QByteArray(s.data(), qsizetype(s.size()));
}

// A TorchScript module whose __setstate__ (run by LibTorch's loader) saves a
// tensor to `target`.
QByteArray maliciousArchive(const QString& target)
{
    torch::jit::Module m("__torch__.Evil");
    m.register_attribute("x", c10::TensorType::get(), torch::ones({2}));
    m.define(QStringLiteral("def __getstate__(self):\n"
                            "    return (self.x, False)\n"
                            "def __setstate__(self, state: Tuple[Tensor, bool]):\n"
                            "    self.x = state[0]\n"
                            "    torch.save(state[0], \"%1\")\n"
                            "def forward(self, x):\n"
                            "    return x\n")
                 .arg(target)
                 .toStdString());
    std::ostringstream out;
    m.save(out);
    return streamBytes(out);
}

// A ZIP of stored (uncompressed) entries, written here so that a test can lie
// in it: `claimedSize` >= 0 replaces every entry's uncompressed size in the
// central directory.
QByteArray storedZip(const std::vector<std::pair<QByteArray, QByteArray>>& entries,
                     qint64 claimedSize = -1)
{
    QByteArray out, directory;
    for (const auto& [name, data] : entries) {
        const quint32 crc =
            quint32(crc32(0, reinterpret_cast<const Bytef*>(data.constData()), uInt(data.size())));
        const quint32 offset = quint32(out.size());
        const quint32 size = quint32(data.size());
        const quint32 claimed = claimedSize >= 0 ? quint32(claimedSize) : size;
        appendLittleEndian<quint32>(out, 0x04034b50);
        appendLittleEndian<quint16>(out, 20);
        appendLittleEndian<quint16>(out, 0);
        appendLittleEndian<quint16>(out, 0); // stored
        appendLittleEndian<quint16>(out, 0);
        appendLittleEndian<quint16>(out, 0x21);
        appendLittleEndian<quint32>(out, crc);
        appendLittleEndian<quint32>(out, size);
        appendLittleEndian<quint32>(out, claimed);
        appendLittleEndian<quint16>(out, quint16(name.size()));
        appendLittleEndian<quint16>(out, 0);
        out.append(name);
        out.append(data);
        appendLittleEndian<quint32>(directory, 0x02014b50);
        appendLittleEndian<quint16>(directory, 20);
        appendLittleEndian<quint16>(directory, 20);
        appendLittleEndian<quint16>(directory, 0);
        appendLittleEndian<quint16>(directory, 0);
        appendLittleEndian<quint16>(directory, 0);
        appendLittleEndian<quint16>(directory, 0x21);
        appendLittleEndian<quint32>(directory, crc);
        appendLittleEndian<quint32>(directory, size);
        appendLittleEndian<quint32>(directory, claimed);
        appendLittleEndian<quint16>(directory, quint16(name.size()));
        appendLittleEndian<quint16>(directory, 0);
        appendLittleEndian<quint16>(directory, 0);
        appendLittleEndian<quint16>(directory, 0);
        appendLittleEndian<quint16>(directory, 0);
        appendLittleEndian<quint32>(directory, 0);
        appendLittleEndian<quint32>(directory, offset);
        directory.append(name);
    }
    const quint32 directoryAt = quint32(out.size());
    out.append(directory);
    appendLittleEndian<quint32>(out, 0x06054b50);
    appendLittleEndian<quint16>(out, 0);
    appendLittleEndian<quint16>(out, 0);
    appendLittleEndian<quint16>(out, quint16(entries.size()));
    appendLittleEndian<quint16>(out, quint16(entries.size()));
    appendLittleEndian<quint32>(out, quint32(directory.size()));
    appendLittleEndian<quint32>(out, directoryAt);
    appendLittleEndian<quint16>(out, 0);
    return out;
}

// Pickle pieces (protocol 2), as LibTorch writes them.
QByteArray global(const char* module, const char* name)
{
    return QByteArray("c") + module + '\n' + name + '\n';
}
QByteArray unicode(const QByteArray& s)
{
    QByteArray out("X");
    appendLittleEndian<quint32>(out, quint32(s.size()));
    return out + s;
}
QByteArray binint(qint32 v)
{
    QByteArray out("J");
    appendLittleEndian<qint32>(out, v);
    return out;
}

// A module {"w": tensor of `size` floats over storage "0" claiming `storageElements`}.
QByteArray tensorModulePickle(qint32 storageElements, qint32 size)
{
    QByteArray p("\x80\x02", 2);
    p += global("__torch__", "Module") + ")\x81}(" + unicode("w");
    p += global("torch._utils", "_rebuild_tensor_v2") + "((" + unicode("storage") +
         global("torch", "FloatStorage") + unicode("0") + unicode("cpu") + binint(storageElements) +
         "tQ";
    p += binint(0) + "(" + binint(size) + "t(" + binint(1) + "t\x89" +
         global("collections", "OrderedDict") + ")Rt";
    p += "Rub.";
    return p;
}

class Expect
{
public:
    // `call` throws a FormatError whose text names `file` and holds every fragment.
    template <typename F>
    static void formatError(F call, const QString& file, const QStringList& fragments)
    {
        try {
            call();
        } catch (const FormatError& e) {
            const QString text = QString::fromUtf8(e.what());
            QVERIFY2(text.contains(file), qPrintable(text));
            for (const QString& f : fragments)
                QVERIFY2(text.contains(f),
                         qPrintable(QStringLiteral("'%1' not in: %2").arg(f, text)));
            return;
        }
        QFAIL("no FormatError");
    }
};
} // namespace

class TestModelSecurity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void maliciousArchiveRunsCodeInLibTorch();
    void maliciousModelIsRefusedEverywhere_data();
    void maliciousModelIsRefusedEverywhere();
    void legacyArchivesOfEveryNetwork_data();
    void legacyArchivesOfEveryNetwork();
    void legacyModelConvertsToTheSameNetwork();
    void legacyConversionByTheCli();
    void hostileLegacyArchivesAreRefused_data();
    void hostileLegacyArchivesAreRefused();
    void hostileZipLayerIsRefused();

private:
    QTemporaryDir m_dir;
    Project m_project;
    ModelFile m_model; // a trained cnn-center, current format
    QString m_projectPath;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    // The trained model's weights as LibTorch's archive (what version 1 stored).
    QByteArray legacyWeights() const;
};

void TestModelSecurity::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_project = test::demoProjectOfSubjects(1, 300, 5);
    TrainingRequest request;
    request.model = QStringLiteral("cnn-center");
    request.seed = 3;
    request.threads = 1;
    request.hyperparameters[QStringLiteral("epochs")] = 1;
    request.hyperparameters[QStringLiteral("patience")] = 0;
    m_model = ModelTrainer::train(m_project, request, [](const TrainingProgress&) {});
    m_projectPath = path(QStringLiteral("project.kmk"));
    ProjectFile::save(m_project, m_projectPath);
}

QByteArray TestModelSecurity::legacyWeights() const
{
    auto network =
        makeWindowNetwork(m_model.kind, m_model.hyperparameters, int(m_model.channelNames.size()),
                          int(m_model.windowing.length), int(m_model.classIds.size()));
    loadWeights(*network, m_model.weights, QStringLiteral("trained"));
    torch::serialize::OutputArchive archive;
    network->save(archive);
    std::ostringstream out;
    archive.save_to(out);
    return streamBytes(out);
}

void TestModelSecurity::maliciousArchiveRunsCodeInLibTorch()
{
    // The positive control: LibTorch's loader does run the archive's code, so
    // the refusals below are refusals of something really dangerous.
    const QString target = path(QStringLiteral("pwned-by-libtorch"));
    const QByteArray bytes = maliciousArchive(target);
    std::istringstream in(std::string(bytes.constData(), size_t(bytes.size())));
    torch::jit::load(in);
    QVERIFY2(QFile::exists(target), "the malicious archive did not run: the test proves nothing");
}

void TestModelSecurity::maliciousModelIsRefusedEverywhere_data()
{
    QTest::addColumn<int>("version");
    QTest::newRow("version 1") << 1;
    QTest::newRow("version 2") << 2;
}

void TestModelSecurity::maliciousModelIsRefusedEverywhere()
{
    QFETCH(int, version);
    const QString target = path(QStringLiteral("pwned-v%1").arg(version));
    const QByteArray evil = maliciousArchive(target);
    const QString file = path(QStringLiteral("evil-v%1.kmodel").arg(version));
    test::writeFile(file, modelFileBytes(quint32(version), m_model.header(), evil));

    // The loader.
    Expect::formatError([&] { ModelFile::load(file); }, file, {QStringLiteral("model convert")});
    // The predictor, given the weights however they came.
    ModelFile inMemory = m_model;
    inMemory.weights = evil;
    Expect::formatError([&] { ModelPredictor predictor(inMemory); }, QStringLiteral("cnn-center"),
                        {});
    // The converter reads the archive as data and refuses its object state.
    if (version == 1)
        Expect::formatError([&] { LegacyModelConverter::convert(readAll(file), file); }, file,
                            {QStringLiteral("data.pkl, byte"), QStringLiteral("BUILD")});
    // The commands.
    const QString converted = path(QStringLiteral("converted-v%1.kmodel").arg(version));
    const std::vector<QStringList> commands = {
        {QStringLiteral("evaluate"), m_projectPath, QStringLiteral("--model-file"), file},
        {QStringLiteral("predict"), m_projectPath, QStringLiteral("--model-file"), file},
        {QStringLiteral("model"), QStringLiteral("convert"), file, converted}};
    for (const QStringList& args : commands) {
        const test::CliResult r = test::runCli(args);
        const QString all = r.out + r.err;
        QVERIFY2(r.exitCode > 0, qPrintable(args.join(' ') + ": " + all));
        QVERIFY2(r.err.contains(file), qPrintable(all));
        QVERIFY2(!all.contains(QLatin1String("Exception raised from")) &&
                     !all.contains(QLatin1String("frame #")),
                 qPrintable(all));
        QVERIFY2(all.count(QLatin1Char('\n')) <= 3, qPrintable(all));
    }
    QVERIFY(!QFile::exists(converted));
    QVERIFY2(!QFile::exists(target), "loading the malicious model ran its code");
}

void TestModelSecurity::legacyArchivesOfEveryNetwork_data()
{
    QTest::addColumn<QString>("kind");
    for (const char* kind :
         {"cnn-center", "resnet-supcon", "usad", "mstcn", "selfpab", "selfpab-pretrain"})
        QTest::newRow(kind) << QString::fromLatin1(kind);
}

void TestModelSecurity::legacyArchivesOfEveryNetwork()
{
    // Each family's network (default hyperparameters, random weights) saved by
    // LibTorch's OutputArchive reads back as the tensors the current format
    // stores: the same names, dtypes, shapes and values.
    QFETCH(QString, kind);
    torch::manual_seed(1);
    const QVariantMap h = ModelRegistry::resolve(kind, {});
    const int channels = 6, classes = 4, features = 78;
    std::shared_ptr<torch::nn::Module> network;
    if (kind == QLatin1String("mstcn"))
        network = std::make_shared<MsTcnNetwork>(channels, classes, h);
    else if (kind == QLatin1String("selfpab"))
        network = SelfPabClassifier(SelfPabEncoder(features, h), classes, h).ptr();
    else if (kind == QLatin1String("selfpab-pretrain"))
        network = SelfPabReconstructionNetwork(features, h).ptr();
    else
        network = makeWindowNetwork(kind, h, channels, 128, classes);
    torch::serialize::OutputArchive archive;
    network->save(archive);
    std::ostringstream out;
    archive.save_to(out);
    const TensorArchive read = LegacyTorchArchive::read(streamBytes(out), kind);
    const TensorArchive expected = TensorArchive::fromBytes(saveWeights(*network), kind);
    QVERIFY(!expected.entries.empty());
    QCOMPARE(read.entries.size(), expected.entries.size());
    for (const TensorArchive::Entry& e : expected.entries) {
        const TensorArchive::Entry* r = read.find(e.name);
        QVERIFY2(r, qPrintable(e.name));
        QVERIFY2(r->dtype == e.dtype, qPrintable(e.name));
        QCOMPARE(r->shape, e.shape);
        QVERIFY2(r->data == e.data, qPrintable(e.name));
    }
}

void TestModelSecurity::legacyModelConvertsToTheSameNetwork()
{
    const QByteArray v1 = modelFileBytes(1, m_model.header(), legacyWeights());
    Expect::formatError([&] { ModelFile::fromBytes(v1, QStringLiteral("old.kmodel")); },
                        QStringLiteral("old.kmodel"),
                        {QStringLiteral("kinemark-cli model convert")});
    const ModelFile converted = LegacyModelConverter::convert(v1, QStringLiteral("old.kmodel"));
    QCOMPARE(converted.header(), m_model.header());
    // Every tensor, by name, bit for bit.
    const TensorArchive original = TensorArchive::fromBytes(m_model.weights, QStringLiteral("a"));
    const TensorArchive read = TensorArchive::fromBytes(converted.weights, QStringLiteral("b"));
    QCOMPARE(read.entries.size(), original.entries.size());
    QVERIFY(!original.entries.empty());
    for (const TensorArchive::Entry& e : original.entries) {
        const TensorArchive::Entry* c = read.find(e.name);
        QVERIFY2(c, qPrintable(e.name));
        QVERIFY(c->dtype == e.dtype);
        QCOMPARE(c->shape, e.shape);
        QVERIFY2(c->data == e.data, qPrintable(e.name));
    }
    // And the same predictions.
    const Recording& recording = *m_project.recordings.front();
    const Prediction a = ModelPredictor(m_model).predict(recording, QStringLiteral("a"));
    const Prediction b = ModelPredictor(converted).predict(recording, QStringLiteral("b"));
    QVERIFY(!a.probabilities.values.empty());
    QCOMPARE(b.probabilities.values, a.probabilities.values);
}

void TestModelSecurity::legacyConversionByTheCli()
{
    const QString old = path(QStringLiteral("legacy.kmodel"));
    const QString converted = path(QStringLiteral("legacy-converted.kmodel"));
    test::writeFile(old, modelFileBytes(1, m_model.header(), legacyWeights()));
    const test::CliResult r =
        test::runCli({QStringLiteral("model"), QStringLiteral("convert"), old, converted});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QLatin1String("loads")), qPrintable(r.out));
    QCOMPARE(ModelFile::load(converted).weights.size() > 0, true);
    const test::CliResult evaluated = test::runCli(
        {QStringLiteral("evaluate"), m_projectPath, QStringLiteral("--model-file"), converted});
    QVERIFY2(evaluated.exitCode == 0, qPrintable(evaluated.out + evaluated.err));
    // The old file is kept, and is not overwritten by its own conversion.
    const test::CliResult same =
        test::runCli({QStringLiteral("model"), QStringLiteral("convert"), old, old});
    QCOMPARE(same.exitCode, 2);
    QVERIFY(LegacyModelConverter::isLegacyModelFile(readAll(old)));
}

void TestModelSecurity::hostileLegacyArchivesAreRefused_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QByteArray>("storage");
    QTest::addColumn<QString>("expected");

    const QByteArray sixteen(16, '\0');
    QTest::newRow("os.system") << QByteArray("\x80\x02", 2) + global("os", "system") +
                                      unicode("touch x") + "\x85R."
                               << sixteen << QStringLiteral("global 'os system' is not allowed");
    QTest::newRow("builtins.eval via STACK_GLOBAL")
        << QByteArray("\x80\x04", 2) + unicode("builtins") + unicode("eval") + "\x93." << sixteen
        << QStringLiteral("global 'builtins eval' is not allowed");
    QTest::newRow("REDUCE of a module class")
        << QByteArray("\x80\x02", 2) + global("__torch__", "Module") + ")R." << sixteen
        << QStringLiteral("REDUCE calls '__torch__ Module'");
    QByteArray deep("\x80\x02N", 3);
    deep += QByteArray(1000000, '\x85'); // a million nested 1-tuples
    deep += '.';
    QTest::newRow("deep nesting") << deep << sixteen << QStringLiteral("nested more than 64 deep");
    QTest::newRow("a million MARKs") << QByteArray("\x80\x02", 2) + QByteArray(1000000, '(') + "N."
                                     << sixteen << QStringLiteral("more than 10000 MARKs");
    QTest::newRow("huge claimed storage")
        << tensorModulePickle(2000000000, 2000000000) << sixteen
        << QStringLiteral("storage '0' claims 2000000000 elements, its entry holds 16 bytes");
    QTest::newRow("view past its storage")
        << tensorModulePickle(4, 5) << sixteen
        << QStringLiteral("the tensor's view reaches element 4 of a storage of 4");
    QTest::newRow("unknown opcode")
        << QByteArray("\x80\x02N\xff.", 5) << sixteen << QStringLiteral("opcode 0xff is not one");
    QTest::newRow("memo never stored") << QByteArray("\x80\x02h\x07.", 5) << sixteen
                                       << QStringLiteral("memo entry 7 was never stored");
    QByteArray longString("\x80\x02X", 3);
    appendLittleEndian<quint32>(longString, 0xfffffff0u);
    QTest::newRow("string longer than the file")
        << longString << sixteen << QStringLiteral("more than the 65536 allowed");
    QTest::newRow("no STOP") << QByteArray("\x80\x02N", 3) << sixteen
                             << QStringLiteral("ends without STOP");
}

void TestModelSecurity::hostileLegacyArchivesAreRefused()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QByteArray, storage);
    QFETCH(QString, expected);
    const QByteArray zip = storedZip({{"archive/data.pkl", pickle}, {"archive/data/0", storage}});
    const QString file = QStringLiteral("hostile.kmodel");
    const double before = test::peakMemoryMb();
    QElapsedTimer timer;
    timer.start();
    Expect::formatError([&] { LegacyTorchArchive::read(zip, file); }, file,
                        {QStringLiteral("legacy weights"), expected});
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(
        test::peakMemoryMb() - before < 200,
        qPrintable(QStringLiteral("peak memory grew by %1 MB").arg(test::peakMemoryMb() - before)));
    // Through the converter too: the version-1 file names itself.
    const QString old = path(QStringLiteral("hostile-v1.kmodel"));
    Expect::formatError(
        [&] { LegacyModelConverter::convert(modelFileBytes(1, m_model.header(), zip), old); }, old,
        {expected});
}

void TestModelSecurity::hostileZipLayerIsRefused()
{
    const QString file = QStringLiteral("zip.kmodel");
    const double before = test::peakMemoryMb();
    // A directory claiming 4 GB for a 16-byte entry.
    Expect::formatError(
        [&] {
            LegacyTorchArchive::read(
                storedZip({{"archive/data.pkl", QByteArray(16, 'N')}}, qint64(0xfffffff0u)), file);
        },
        file, {QStringLiteral("legacy weights")});
    // Not a ZIP at all, and a ZIP without a pickle.
    Expect::formatError([&] { LegacyTorchArchive::read(QByteArray(100, 'x'), file); }, file,
                        {QStringLiteral("not a readable ZIP archive")});
    Expect::formatError(
        [&] {
            LegacyTorchArchive::read(storedZip({{"archive/other", QByteArray(4, 'a')}}), file);
        },
        file, {QStringLiteral("no <folder>/data.pkl")});
    QVERIFY2(
        test::peakMemoryMb() - before < 200,
        qPrintable(QStringLiteral("peak memory grew by %1 MB").arg(test::peakMemoryMb() - before)));
}

QTEST_GUILESS_MAIN(TestModelSecurity)
#include "tst_modelsecurity.moc"
