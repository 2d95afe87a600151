// Signed model files (issue #16): keys, signing, verifying against one key or
// a directory of trusted keys, and what the loader and the CLI say.
#include "core/base/FormatError.h"
#include "models/TrainingRequest.h"
#include "models/file/ModelFile.h"
#include "models/file/ModelSignature.h"
#include "models/training/ModelTrainer.h"
#include "tests/support/CliRunner.h"
#include "tests/support/TestSupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace kinemark;

namespace {
QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// `bytes` with one byte of the signed part flipped and the MD5 recomputed, so
// that only the signature can tell.
QByteArray tampered(QByteArray bytes, qsizetype at)
{
    bytes[at] = char(bytes[at] ^ 0x01);
    bytes.chop(16);
    bytes += QCryptographicHash::hash(bytes, QCryptographicHash::Md5);
    return bytes;
}
} // namespace

class TestModelSignature : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void keysAreWrittenPrivately();
    void signedByTrustedKey();
    void signedByUnknownKey();
    void unsignedModel();
    void flippedByteIsInvalid();
    void signingKeepsTheModel();
    void cliSignAndVerify();

private:
    QTemporaryDir m_dir;
    QByteArray m_model; // a trained model file, unsigned
    QString path(const QString& name) const { return m_dir.filePath(name); }
};

void TestModelSignature::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const Project project = test::demoProjectOfSubjects(1, 300, 9);
    TrainingRequest request;
    request.model = QStringLiteral("cnn-center");
    request.seed = 1;
    request.threads = 1;
    request.hyperparameters[QStringLiteral("epochs")] = 1;
    request.hyperparameters[QStringLiteral("patience")] = 0;
    m_model = ModelTrainer::train(project, request, [](const TrainingProgress&) {}).toBytes();
    QDir(m_dir.path()).mkdir(QStringLiteral("trusted"));
    ModelSignature::generateKeys(QStringLiteral("Lab A"), path(QStringLiteral("trusted/laba")));
    ModelSignature::generateKeys(QStringLiteral("Lab B"), path(QStringLiteral("labb")));
}

void TestModelSignature::keysAreWrittenPrivately()
{
    const QFile::Permissions secret =
        QFile::permissions(path(QStringLiteral("trusted/laba.secret")));
    QCOMPARE(secret & ~(QFile::ReadUser | QFile::WriteUser | QFile::ReadOwner | QFile::WriteOwner),
             QFile::Permissions());
    const ModelSignature::Key s =
        ModelSignature::readSecretKey(path(QStringLiteral("trusted/laba.secret")));
    const ModelSignature::Key p =
        ModelSignature::readPublicKey(path(QStringLiteral("trusted/laba.public")));
    QCOMPARE(s.name, QStringLiteral("Lab A"));
    QCOMPARE(p.name, QStringLiteral("Lab A"));
    QCOMPARE(s.fingerprint(), p.fingerprint());
    QCOMPARE(p.fingerprint().size(), 16);
    // Never overwritten; a public key is not a secret one.
    QVERIFY_THROWS_EXCEPTION(
        FormatError,
        ModelSignature::generateKeys(QStringLiteral("X"), path(QStringLiteral("trusted/laba"))));
    QVERIFY_THROWS_EXCEPTION(
        FormatError, ModelSignature::readSecretKey(path(QStringLiteral("trusted/laba.public"))));
}

void TestModelSignature::signedByTrustedKey()
{
    const auto key = ModelSignature::readSecretKey(path(QStringLiteral("trusted/laba.secret")));
    const QByteArray signedBytes = ModelSignature::sign(m_model, key, QStringLiteral("m"));
    QCOMPARE(signedBytes.size(), m_model.size() + ModelSignature::kBlockSize);
    const auto trusted = ModelSignature::readTrustedKeys(path(QStringLiteral("trusted")));
    QCOMPARE(trusted.size(), size_t(1));
    const ModelSignature::Status s =
        ModelSignature::inspect(signedBytes, trusted, QStringLiteral("m"));
    QVERIFY(s.state == ModelSignature::State::SignedByTrusted);
    QCOMPARE(s.signer, QStringLiteral("Lab A"));
    QCOMPARE(s.fingerprint, key.fingerprint());
    QVERIFY(s.describe().contains(QLatin1String("signed: Lab A")));
    // The loader reads a signed file: the same model as unsigned.
    const ModelFile loaded = ModelFile::fromBytes(signedBytes, QStringLiteral("m"));
    const ModelFile original = ModelFile::fromBytes(m_model, QStringLiteral("m"));
    QCOMPARE(loaded.header(), original.header());
    QCOMPARE(loaded.weights, original.weights);
}

void TestModelSignature::signedByUnknownKey()
{
    const auto key = ModelSignature::readSecretKey(path(QStringLiteral("labb.secret")));
    const QByteArray signedBytes = ModelSignature::sign(m_model, key, QStringLiteral("m"));
    const auto trusted = ModelSignature::readTrustedKeys(path(QStringLiteral("trusted")));
    const ModelSignature::Status s =
        ModelSignature::inspect(signedBytes, trusted, QStringLiteral("m"));
    QVERIFY(s.state == ModelSignature::State::SignedByUnknownKey);
    QCOMPARE(s.fingerprint, key.fingerprint());
    QVERIFY(s.describe().contains(QLatin1String("unknown key")));
}

void TestModelSignature::unsignedModel()
{
    const ModelSignature::Status s = ModelSignature::inspect(
        m_model, ModelSignature::readTrustedKeys(path(QStringLiteral("trusted"))),
        QStringLiteral("m"));
    QVERIFY(s.state == ModelSignature::State::Unsigned);
    QCOMPARE(s.describe(), QStringLiteral("unsigned"));
}

void TestModelSignature::flippedByteIsInvalid()
{
    const auto key = ModelSignature::readSecretKey(path(QStringLiteral("trusted/laba.secret")));
    const QByteArray signedBytes = ModelSignature::sign(m_model, key, QStringLiteral("m"));
    const auto trusted = ModelSignature::readTrustedKeys(path(QStringLiteral("trusted")));
    // A byte of the header, one of the weights, one of the signature itself.
    for (const qsizetype at : {qsizetype(30), m_model.size() - 20, signedBytes.size() - 20}) {
        const QByteArray changed = tampered(signedBytes, at);
        const ModelSignature::Status s =
            ModelSignature::inspect(changed, trusted, QStringLiteral("m"));
        QVERIFY2(s.state == ModelSignature::State::Invalid, qPrintable(QString::number(at)));
        // The loader refuses it, naming the file and why.
        try {
            ModelFile::fromBytes(changed, QStringLiteral("changed.kmodel"));
            QFAIL("a model with an invalid signature was loaded");
        } catch (const FormatError& e) {
            const QString text = QString::fromUtf8(e.what());
            QVERIFY2(text.startsWith(QLatin1String("changed.kmodel")) &&
                         text.contains(QLatin1String("signature")),
                     qPrintable(text));
        }
    }
}

void TestModelSignature::signingKeepsTheModel()
{
    // Signing again (another key) replaces the block; removing it gives the original.
    const auto a = ModelSignature::readSecretKey(path(QStringLiteral("trusted/laba.secret")));
    const auto b = ModelSignature::readSecretKey(path(QStringLiteral("labb.secret")));
    const QByteArray once = ModelSignature::sign(m_model, a, QStringLiteral("m"));
    const QByteArray twice = ModelSignature::sign(once, b, QStringLiteral("m"));
    QCOMPARE(twice.size(), once.size());
    QCOMPARE(ModelSignature::withoutSignature(twice, QStringLiteral("m")), m_model);
    QCOMPARE(ModelSignature::inspect(twice, {}, QStringLiteral("m")).fingerprint, b.fingerprint());
}

void TestModelSignature::cliSignAndVerify()
{
    const QString model = path(QStringLiteral("cli.kmodel"));
    test::writeFile(model, m_model);
    const QString trusted = path(QStringLiteral("trusted"));
    const auto verify = [&](const QStringList& extra) {
        return test::runCli(QStringList{QStringLiteral("model"), QStringLiteral("verify"), model} +
                            extra);
    };
    test::CliResult r = verify({QStringLiteral("--trusted"), trusted});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QLatin1String("unsigned")), qPrintable(r.out + r.err));

    r = test::runCli({QStringLiteral("model"), QStringLiteral("keygen"), QStringLiteral("--name"),
                      QStringLiteral("Lab C"), QStringLiteral("--out"),
                      path(QStringLiteral("labc"))});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = test::runCli({QStringLiteral("model"), QStringLiteral("sign"), model,
                      QStringLiteral("--key"), path(QStringLiteral("labc.secret"))});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString fingerprint =
        ModelSignature::readPublicKey(path(QStringLiteral("labc.public"))).fingerprint();

    r = verify({QStringLiteral("--trusted"), trusted});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QLatin1String("unknown key")) && r.out.contains(fingerprint),
             qPrintable(r.out));
    r = verify({QStringLiteral("--key"), path(QStringLiteral("labc.public"))});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QLatin1String("signer: Lab C")) && r.out.contains(fingerprint),
             qPrintable(r.out));

    // A changed byte: a clear refusal, naming the file.
    test::writeFile(model, tampered(readAll(model), 40));
    r = verify({QStringLiteral("--key"), path(QStringLiteral("labc.public"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(model) && r.err.contains(QLatin1String("signature invalid")),
             qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestModelSignature)
#include "tst_modelsignature.moc"
