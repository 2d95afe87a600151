#include "app/cli/models/ModelCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "core/base/FormatError.h"
#include "models/file/LegacyModelConverter.h"
#include "models/file/ModelFile.h"
#include "models/file/ModelSignature.h"
#include "models/file/TensorArchive.h"
#include "models/inference/ModelPredictor.h"
#include "models/registry/ModelRegistry.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTextStream>
#include <stdexcept>

namespace kinemark {

namespace {
const char* kUsage =
    "usage: kinemark-cli model convert OLD.kmodel NEW.kmodel\n"
    "       kinemark-cli model keygen --name LAB --out PREFIX\n"
    "       kinemark-cli model sign MODEL.kmodel --key PREFIX.secret [-o OUT.kmodel]\n"
    "       kinemark-cli model verify MODEL.kmodel [--key PREFIX.public | --trusted DIR]\n";

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw FormatError(path, QStringLiteral("cannot open: %1").arg(file.errorString()));
    return file.readAll();
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        throw FormatError(path, QStringLiteral("cannot write: %1").arg(file.errorString()));
}

bool sameFile(const QString& a, const QString& b)
{
    const QFileInfo fa(a), fb(b);
    return fa.absoluteFilePath() == fb.absoluteFilePath() ||
           (fa.exists() && fb.exists() && fa.canonicalFilePath() == fb.canonicalFilePath());
}

QCommandLineParser& parserFor(QCommandLineParser& parser, const QString& sub,
                              const QString& description)
{
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("model"), QStringLiteral("the command group"));
    parser.addPositionalArgument(sub, QStringLiteral("the command"));
    return parser;
}

int convert(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parserFor(parser, QStringLiteral("convert"),
              QStringLiteral("Converts a version-1 model file, whose weights are a LibTorch "
                             "archive that Kinemark no longer loads (loading one can run code), "
                             "to the current data-only format. The old file is read as data: "
                             "nothing in it is executed. The header is kept; the new file is "
                             "checked by loading it as Kinemark loads models."));
    parser.addPositionalArgument(QStringLiteral("old"), QStringLiteral("version-1 model file"));
    parser.addPositionalArgument(QStringLiteral("new"), QStringLiteral("model file to write"));
    parser.process(arguments);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 4) {
        err << "kinemark-cli model convert: usage: model convert OLD.kmodel NEW.kmodel\n";
        return ExitUsage;
    }
    const QString from = pos[2], to = pos[3];
    return CliArguments::reportingErrors(err, "model convert", [&] {
        if (sameFile(from, to))
            throw std::invalid_argument("NEW must be another file than OLD (the old file is kept)");
        const ModelFile model = LegacyModelConverter::convert(readFile(from), from);
        model.save(to);
        // The new file must load as every model does, and a classifier's
        // weights must fit its network; a file that does not is removed.
        try {
            const ModelFile loaded = ModelFile::load(to);
            const ModelInfo* info = ModelRegistry::find(loaded.kind);
            if (info && info->classifier())
                ModelPredictor predictor(loaded);
        } catch (...) {
            QFile::remove(to);
            throw;
        }
        const TensorArchive weights = TensorArchive::fromBytes(model.weights, to);
        out << from << " -> " << to << ": " << model.kind << ", " << weights.entries.size()
            << " tensors, " << weights.elementCount() << " values; the converted model loads\n";
        return int(ExitOk);
    });
}

int keygen(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parserFor(parser, QStringLiteral("keygen"),
              QStringLiteral("Makes an Ed25519 key pair for signing model files: PREFIX.secret "
                             "(keep it private; written readable by you only) and PREFIX.public "
                             "(give it to those who should trust your models: they put it in "
                             "their trusted-keys directory)."));
    parser.addOption({"name", "Who the key belongs to (a lab, a person).", "LAB"});
    parser.addOption({"out", "Path prefix of the two key files.", "PREFIX"});
    parser.process(arguments);
    if (parser.value("name").trimmed().isEmpty() || parser.value("out").isEmpty()) {
        err << "kinemark-cli model keygen: usage: model keygen --name LAB --out PREFIX\n";
        return ExitUsage;
    }
    return CliArguments::reportingErrors(err, "model keygen", [&] {
        const QString prefix = parser.value("out");
        ModelSignature::generateKeys(parser.value("name"), prefix);
        const ModelSignature::Key key = ModelSignature::readPublicKey(prefix + ".public");
        out << "secret key: " << prefix << ".secret\npublic key: " << prefix
            << ".public\nname: " << key.name << "\nfingerprint: " << key.fingerprint() << "\n";
        return int(ExitOk);
    });
}

int sign(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parserFor(parser, QStringLiteral("sign"),
              QStringLiteral("Signs a model file with a secret key (Ed25519). The model itself "
                             "is not changed; a signature block is added (or replaced)."));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("model file (.kmodel)"));
    parser.addOption({"key", "Secret key file (from model keygen).", "SECRET"});
    parser.addOption({{"o", "output"}, "Write the signed file here (default: in place).", "OUT"});
    parser.process(arguments);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 3 || !parser.isSet("key")) {
        err << "kinemark-cli model sign: usage: model sign MODEL.kmodel --key SECRET [-o OUT]\n";
        return ExitUsage;
    }
    return CliArguments::reportingErrors(err, "model sign", [&] {
        const QString path = pos[2];
        const QByteArray bytes = readFile(path);
        // Only a sound model file is signed.
        ModelFile::fromBytes(ModelSignature::withoutSignature(bytes, path), path);
        const ModelSignature::Key key = ModelSignature::readSecretKey(parser.value("key"));
        const QString target = parser.isSet("output") ? parser.value("output") : path;
        writeFile(target, ModelSignature::sign(bytes, key, path));
        out << target << ": signed by " << key.name << " (" << key.fingerprint() << ")\n";
        return int(ExitOk);
    });
}

int verify(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parserFor(parser, QStringLiteral("verify"),
              QStringLiteral("Checks a model file's signature. Exit code 0 only when it is "
                             "signed by a trusted key: the one given with --key, or any in the "
                             "trusted-keys directory (--trusted, default: the setting "
                             "models/trustedKeysDirectory, else <app data>/trusted-keys)."));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("model file (.kmodel)"));
    parser.addOption({"key", "Trust only this public key file.", "PUBLIC"});
    parser.addOption({"trusted", "Directory of trusted public keys (*.public).", "DIR"});
    parser.process(arguments);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 3 || (parser.isSet("key") && parser.isSet("trusted"))) {
        err << "kinemark-cli model verify: usage: model verify MODEL.kmodel [--key PUBLIC | "
               "--trusted DIR]\n";
        return ExitUsage;
    }
    return CliArguments::reportingErrors(err, "model verify", [&] {
        const QString path = pos[2];
        const QByteArray bytes = readFile(path);
        std::vector<ModelSignature::Key> trusted;
        if (parser.isSet("key"))
            trusted.push_back(ModelSignature::readPublicKey(parser.value("key")));
        else
            trusted = ModelSignature::readTrustedKeys(parser.isSet("trusted")
                                                          ? parser.value("trusted")
                                                          : ModelSignature::trustedKeysDirectory());
        const ModelSignature::Status status = ModelSignature::inspect(bytes, trusted, path);
        if (status.state == ModelSignature::State::Invalid)
            throw FormatError(path, status.describe());
        // The rest of the file must be sound too.
        ModelFile::fromBytes(ModelSignature::withoutSignature(bytes, path), path);
        out << path << ": " << status.describe() << "\n";
        if (status.state == ModelSignature::State::SignedByTrusted)
            out << "signer: " << status.signer << "\n";
        if (!status.fingerprint.isEmpty())
            out << "fingerprint: " << status.fingerprint << "\n";
        return int(status.state == ModelSignature::State::SignedByTrusted ? ExitOk : ExitFailure);
    });
}
} // namespace

int ModelCommand::run(const QStringList& arguments)
{
    QTextStream out(stdout), err(stderr);
    const QString sub = arguments.value(2);
    if (sub == QLatin1String("convert"))
        return convert(arguments, out, err);
    if (sub == QLatin1String("keygen"))
        return keygen(arguments, out, err);
    if (sub == QLatin1String("sign"))
        return sign(arguments, out, err);
    if (sub == QLatin1String("verify"))
        return verify(arguments, out, err);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        out << kUsage;
        return ExitOk;
    }
    err << "kinemark-cli model: "
        << (sub.isEmpty() ? QStringLiteral("no subcommand")
                          : QStringLiteral("unknown subcommand '%1'").arg(sub))
        << "\n"
        << kUsage;
    return ExitUsage;
}

} // namespace kinemark
