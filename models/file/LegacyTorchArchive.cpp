#include "models/file/LegacyTorchArchive.h"

#include "models/file/legacy/LegacyZipArchive.h"
#include "models/file/legacy/ModuleTreeWalker.h"
#include "models/file/legacy/PickleMachine.h"

namespace kinemark {

bool LegacyTorchArchive::looksLikeLegacyArchive(const QByteArray& weights)
{
    return weights.startsWith("PK\x03\x04");
}

TensorArchive LegacyTorchArchive::read(const QByteArray& weights, const QString& source)
{
    const LegacyZipArchive zip(weights, source);
    // LibTorch writes one top-level folder (named after the file, "archive"
    // for a stream) holding data.pkl.
    QString pickleName;
    for (const QString& name : zip.names()) {
        const QStringList parts = name.split(QLatin1Char('/'));
        if (parts.size() == 2 && parts[1] == QLatin1String("data.pkl") && !parts[0].isEmpty()) {
            if (!pickleName.isEmpty())
                throw zip.fail(QStringLiteral("the archive holds two pickles ('%1', '%2')")
                                   .arg(pickleName, name));
            pickleName = name;
        }
    }
    if (pickleName.isEmpty())
        throw zip.fail(QStringLiteral("the archive holds no <folder>/data.pkl: not a LibTorch "
                                      "module archive"));
    if (zip.size(pickleName) > kMaxPickleBytes)
        throw zip.fail(QStringLiteral("'%1' is %2 bytes, more than the %3 allowed")
                           .arg(pickleName)
                           .arg(zip.size(pickleName))
                           .arg(kMaxPickleBytes));
    const QString prefix = pickleName.section(QLatin1Char('/'), 0, 0);
    const QByteArray pickle = zip.read(pickleName);
    PickleMachine machine(pickle, pickleName, zip, prefix);
    const int root = machine.run();
    if (machine.values[size_t(root)].kind != PickleValue::Kind::Object)
        throw zip.fail(
            QStringLiteral("'%1' holds %2, not a module")
                .arg(pickleName, QLatin1String(pickleKindName(machine.values[size_t(root)].kind))));
    // The converted weights can be no larger than the storages they come from,
    // but for views sharing a storage: twice the input plus 1 MiB covers those.
    ModuleTreeWalker walker(machine.values, zip, prefix, 2 * qint64(weights.size()) + (1 << 20));
    walker.walk(root, QString(), 0);
    return std::move(walker.archive);
}

} // namespace kinemark
