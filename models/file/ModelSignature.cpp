#include "models/file/ModelSignature.h"

#include "core/base/FormatError.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QtEndian>
#include <sodium.h>

namespace kinemark {

namespace {
const QByteArray kSecretTag("kinemark-ed25519-secret");
const QByteArray kPublicTag("kinemark-ed25519-public");
constexpr qsizetype kChecksumBytes = 16; // the MD5 trailer
constexpr qint64 kMaxKeyFileBytes = 4096;

void initialiseSodium()
{
    // Idempotent and thread-safe; fails only when the system has no randomness.
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium cannot be initialised (no source of randomness)");
}

// Where the signed part of a model file ends (after its weights), from the
// file's own lengths; -1 when the bytes are not a whole model file.
qsizetype signedLength(const QByteArray& bytes)
{
    const qsizetype fixed = 8 + 4 + 4; // magic, version, header length
    if (!bytes.startsWith("KMKMODEL") || bytes.size() < fixed + 8 + kChecksumBytes)
        return -1;
    const quint32 headerLength = qFromLittleEndian<quint32>(bytes.constData() + 12);
    if (qint64(headerLength) > bytes.size() - fixed - 8 - kChecksumBytes)
        return -1;
    const qsizetype weightsAt = fixed + qsizetype(headerLength);
    const quint64 weightsLength = qFromLittleEndian<quint64>(bytes.constData() + weightsAt);
    if (weightsLength > quint64(bytes.size() - weightsAt - 8 - kChecksumBytes))
        return -1;
    return weightsAt + 8 + qsizetype(weightsLength);
}

// The bytes after the signed part and before the checksum (which must match):
// empty or a block.
QByteArray trailingBlock(const QByteArray& bytes, qsizetype signedEnd, const QString& source)
{
    if (QCryptographicHash::hash(bytes.left(bytes.size() - kChecksumBytes),
                                 QCryptographicHash::Md5) != bytes.right(kChecksumBytes))
        throw FormatError(
            source,
            QStringLiteral("the checksum does not match: the file is damaged or truncated"));
    const qsizetype rest = bytes.size() - kChecksumBytes - signedEnd;
    if (rest != 0 && rest != ModelSignature::kBlockSize)
        throw FormatError(source,
                          QStringLiteral("%1 unexpected bytes after the weights").arg(rest));
    const QByteArray block = bytes.mid(signedEnd, rest);
    if (rest != 0 && !ModelSignature::isBlock(block))
        throw FormatError(source, QStringLiteral("the bytes after the weights are not a "
                                                 "signature block"));
    return block;
}

ModelSignature::Key readKeyFile(const QString& path, const QByteArray& tag, int keyBytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw FormatError(path, QStringLiteral("cannot open: %1").arg(file.errorString()));
    const QByteArray text = file.read(kMaxKeyFileBytes + 1);
    if (text.size() > kMaxKeyFileBytes)
        throw FormatError(path, QStringLiteral("a key file is one short line; this one has more "
                                               "than %1 bytes")
                                    .arg(kMaxKeyFileBytes));
    const QByteArray line = text.split('\n').value(0).trimmed();
    const QList<QByteArray> fields = line.split(' ');
    if (fields.size() < 2 || fields[0] != tag)
        throw FormatError(path,
                          QStringLiteral("not a Kinemark key file: the first line does not "
                                         "start with '%1 '")
                              .arg(QString::fromLatin1(tag)),
                          1);
    const auto decoded =
        QByteArray::fromBase64Encoding(fields[1], QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != keyBytes)
        throw FormatError(path, QStringLiteral("the key is not %1 bytes of base64").arg(keyBytes),
                          1);
    ModelSignature::Key key;
    key.bytes = decoded.decoded;
    key.name = QString::fromUtf8(line.mid(fields[0].size() + 1 + fields[1].size())).trimmed();
    return key;
}

void writeKeyFile(const QString& path, const QByteArray& tag, const ModelSignature::Key& key,
                  bool secret)
{
    if (QFile::exists(path))
        throw FormatError(path, QStringLiteral("exists already; a key is never overwritten"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw FormatError(path, QStringLiteral("cannot write: %1").arg(file.errorString()));
    // Before a byte is written: the temporary file becomes the key file.
    if (secret && !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        throw FormatError(path, QStringLiteral("cannot make the secret key private (0600)"));
    const QByteArray line = tag + ' ' + key.bytes.toBase64() + ' ' + key.name.toUtf8() + '\n';
    if (file.write(line) != line.size() || !file.commit())
        throw FormatError(path, QStringLiteral("cannot write: %1").arg(file.errorString()));
}
} // namespace

const QByteArray& ModelSignature::blockMagic()
{
    static const QByteArray magic("KMKSIGN1");
    return magic;
}

QString ModelSignature::fingerprintOf(const QByteArray& publicKey)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(publicKey, QCryptographicHash::Sha256).left(8).toHex());
}

QString ModelSignature::Key::fingerprint() const
{
    // A secret key (libsodium's layout) ends with its public key.
    return fingerprintOf(bytes.size() == kSecretKeyBytes ? bytes.right(kPublicKeyBytes) : bytes);
}

QString ModelSignature::Status::describe() const
{
    switch (state) {
    case State::Unsigned:
        return QStringLiteral("unsigned");
    case State::SignedByTrusted:
        return QStringLiteral("signed: %1 (%2)").arg(signer, fingerprint);
    case State::SignedByUnknownKey:
        return QStringLiteral("signed by an unknown key (%1)").arg(fingerprint);
    case State::Invalid:
        return QStringLiteral("signature invalid: the file was changed after it was signed (key "
                              "%1)")
            .arg(fingerprint);
    }
    return {};
}

void ModelSignature::generateKeys(const QString& name, const QString& prefix)
{
    initialiseSodium();
    Key publicKey, secretKey;
    publicKey.bytes.resize(kPublicKeyBytes);
    secretKey.bytes.resize(kSecretKeyBytes);
    crypto_sign_keypair(reinterpret_cast<unsigned char*>(publicKey.bytes.data()),
                        reinterpret_cast<unsigned char*>(secretKey.bytes.data()));
    publicKey.name = secretKey.name = name.simplified();
    const QString secretPath = prefix + QStringLiteral(".secret");
    const QString publicPath = prefix + QStringLiteral(".public");
    if (QFile::exists(publicPath))
        throw FormatError(publicPath, QStringLiteral("exists already; a key is never overwritten"));
    writeKeyFile(secretPath, kSecretTag, secretKey, true);
    writeKeyFile(publicPath, kPublicTag, publicKey, false);
    sodium_memzero(secretKey.bytes.data(), size_t(secretKey.bytes.size()));
}

ModelSignature::Key ModelSignature::readSecretKey(const QString& path)
{
    return readKeyFile(path, kSecretTag, kSecretKeyBytes);
}

ModelSignature::Key ModelSignature::readPublicKey(const QString& path)
{
    return readKeyFile(path, kPublicTag, kPublicKeyBytes);
}

std::vector<ModelSignature::Key> ModelSignature::readTrustedKeys(const QString& directory)
{
    std::vector<Key> keys;
    const QDir dir(directory);
    for (const QString& file :
         dir.entryList({QStringLiteral("*.public")}, QDir::Files | QDir::Readable, QDir::Name))
        keys.push_back(readPublicKey(dir.filePath(file)));
    return keys;
}

QString ModelSignature::trustedKeysDirectory()
{
    const QString fallback = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                             QStringLiteral("/trusted-keys");
    return QSettings().value(QStringLiteral("models/trustedKeysDirectory"), fallback).toString();
}

bool ModelSignature::isBlock(const QByteArray& block)
{
    return block.size() == kBlockSize && block.startsWith(blockMagic());
}

bool ModelSignature::verifies(const QByteArray& signedBytes, const QByteArray& block)
{
    if (!isBlock(block))
        return false;
    initialiseSodium();
    const auto* key = reinterpret_cast<const unsigned char*>(block.constData() + 8);
    const auto* signature = key + kPublicKeyBytes;
    return crypto_sign_verify_detached(
               signature, reinterpret_cast<const unsigned char*>(signedBytes.constData()),
               quint64(signedBytes.size()), key) == 0;
}

qsizetype ModelSignature::unsignedLength(const QByteArray& body, quint64 weightsEnd,
                                         const QString& source)
{
    if (weightsEnd > quint64(body.size()) ||
        quint64(body.size()) - weightsEnd != quint64(kBlockSize))
        return body.size();
    const QByteArray block = body.mid(qsizetype(weightsEnd));
    if (!isBlock(block))
        return body.size();
    if (!verifies(body.left(qsizetype(weightsEnd)), block)) {
        Status invalid;
        invalid.state = State::Invalid;
        invalid.fingerprint = fingerprintOf(block.mid(8, kPublicKeyBytes));
        throw FormatError(source, invalid.describe());
    }
    return qsizetype(weightsEnd);
}

QByteArray ModelSignature::sign(const QByteArray& modelFile, const Key& secretKey,
                                const QString& source)
{
    initialiseSodium();
    const qsizetype end = signedLength(modelFile);
    if (end < 0)
        throw FormatError(source,
                          QStringLiteral("not a whole Kinemark model file; nothing signed"));
    trailingBlock(modelFile, end, source); // nothing but an old signature may follow
    if (secretKey.bytes.size() != kSecretKeyBytes)
        throw FormatError(source,
                          QStringLiteral("the secret key is not %1 bytes").arg(kSecretKeyBytes));
    QByteArray out = modelFile.left(end);
    QByteArray signature(kSignatureBytes, Qt::Uninitialized);
    crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                         reinterpret_cast<const unsigned char*>(out.constData()),
                         quint64(out.size()),
                         reinterpret_cast<const unsigned char*>(secretKey.bytes.constData()));
    out += blockMagic();
    out += secretKey.bytes.right(kPublicKeyBytes);
    out += signature;
    out += QCryptographicHash::hash(out, QCryptographicHash::Md5);
    return out;
}

QByteArray ModelSignature::withoutSignature(const QByteArray& modelFile, const QString& source)
{
    const qsizetype end = signedLength(modelFile);
    if (end < 0)
        throw FormatError(source, QStringLiteral("not a whole Kinemark model file"));
    if (trailingBlock(modelFile, end, source).isEmpty())
        return modelFile;
    QByteArray out = modelFile.left(end);
    out += QCryptographicHash::hash(out, QCryptographicHash::Md5);
    return out;
}

ModelSignature::Status ModelSignature::inspect(const QByteArray& modelFile,
                                               const std::vector<Key>& trusted,
                                               const QString& source)
{
    const qsizetype end = signedLength(modelFile);
    if (end < 0)
        throw FormatError(source, QStringLiteral("not a whole Kinemark model file"));
    const QByteArray block = trailingBlock(modelFile, end, source);
    Status status;
    if (block.isEmpty())
        return status;
    const QByteArray publicKey = block.mid(8, kPublicKeyBytes);
    status.fingerprint = fingerprintOf(publicKey);
    if (!verifies(modelFile.left(end), block)) {
        status.state = State::Invalid;
        return status;
    }
    status.state = State::SignedByUnknownKey;
    for (const Key& k : trusted)
        if (k.bytes == publicKey) {
            status.state = State::SignedByTrusted;
            status.signer = k.name;
        }
    return status;
}

} // namespace kinemark
