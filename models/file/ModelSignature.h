#pragma once

#include <QByteArray>
#include <QString>
#include <vector>

namespace kinemark {

// Ed25519 signatures on model files (libsodium), so that a lab can publish
// models and others can check who made them: the MD5 trailer only detects
// damage, anyone can recompute it.
//
// A signed file is the unsigned file's bytes up to the end of its weights (the
// signed message), then a signature block of kBlockSize bytes ("KMKSIGN1",
// the signer's 32-byte public key, the 64-byte signature), then the MD5 of
// everything before it, which stays last. Signing does not change what is
// signed, so a signature can be replaced or checked without touching the
// model. The public key travels in the block so that any reader can tell a
// changed file (invalid) from one signed by a key it does not know; whether
// the key is trusted is decided by the reader's trusted public keys alone.
//
// Key files are one line of text: "kinemark-ed25519-secret <base64> <name>"
// (written with permissions 0600) and "kinemark-ed25519-public <base64> <name>".
class ModelSignature
{
public:
    static constexpr int kPublicKeyBytes = 32;
    static constexpr int kSecretKeyBytes = 64;
    static constexpr int kSignatureBytes = 64;
    static constexpr qsizetype kBlockSize = 8 + kPublicKeyBytes + kSignatureBytes;
    static const QByteArray& blockMagic(); // "KMKSIGN1"

    struct Key
    {
        QByteArray bytes;            // 32 (public) or 64 (secret) bytes
        QString name;                // the lab or person the key belongs to
        QString fingerprint() const; // of the public key: 16 hex digits
    };

    enum class State
    {
        Unsigned,
        SignedByTrusted,
        SignedByUnknownKey,
        Invalid // the bytes were changed after signing
    };
    struct Status
    {
        State state = State::Unsigned;
        QString signer;      // the trusted key's name (SignedByTrusted)
        QString fingerprint; // of the key in the block (all but Unsigned)
        // "signed: LAB (3fa29c0177de0b12)", "signed by an unknown key (...)", "unsigned",
        // "signature invalid (...)".
        QString describe() const;
    };

    // Writes `prefix`.secret (0600) and `prefix`.public; refuses to overwrite
    // either. Throws FormatError naming the file.
    static void generateKeys(const QString& name, const QString& prefix);
    static Key readSecretKey(const QString& path);
    static Key readPublicKey(const QString& path);
    // Every *.public file of `directory` (none when it does not exist); a
    // file that is not a public key is an error naming it.
    static std::vector<Key> readTrustedKeys(const QString& directory);
    // The trusted-keys directory: the setting "models/trustedKeysDirectory",
    // by default <AppDataLocation>/trusted-keys.
    static QString trustedKeysDirectory();
    static QString fingerprintOf(const QByteArray& publicKey);

    // The model file's bytes signed with `secretKey` (an existing signature is
    // replaced). Throws FormatError naming `source` when the bytes are not a
    // whole model file.
    static QByteArray sign(const QByteArray& modelFile, const Key& secretKey,
                           const QString& source);
    // What the file's signature says against `trusted`. Throws FormatError
    // naming `source` when the bytes are not a whole model file.
    static Status inspect(const QByteArray& modelFile, const std::vector<Key>& trusted,
                          const QString& source);

    // The file as it was before it was signed (the signed part and its MD5):
    // what ModelFile reads. Throws FormatError like inspect().
    static QByteArray withoutSignature(const QByteArray& modelFile, const QString& source);

    // For ModelFile's reader: `body` is a model file without its checksum,
    // whose weights end at `weightsEnd`. Returns the length of the unsigned
    // file (weightsEnd when a signature block follows the weights, else
    // body.size()); a block whose signature does not match what it signs is a
    // FormatError naming `source` ("signature invalid").
    static qsizetype unsignedLength(const QByteArray& body, quint64 weightsEnd,
                                    const QString& source);
    // `block` (kBlockSize bytes after the weights) is a well-formed signature
    // block, and its signature matches `signedBytes`.
    static bool isBlock(const QByteArray& block);
    static bool verifies(const QByteArray& signedBytes, const QByteArray& block);
};

} // namespace kinemark
