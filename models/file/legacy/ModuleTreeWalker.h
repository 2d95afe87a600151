#pragma once

#include "models/file/TensorArchive.h"
#include "models/file/legacy/LegacyZipArchive.h"
#include "models/file/legacy/PickleValue.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>
#include <vector>

namespace kinemark {

// Turns the module tree a PickleMachine built into named tensors
// ("stage1.conv.weight", as torch::nn::Module names them), copying each
// tensor's elements through its strides out of its storage entry; a module
// containing itself, nesting and the total size are bounded.
class ModuleTreeWalker
{
public:
    ModuleTreeWalker(const std::vector<PickleValue>& values, const LegacyZipArchive& zip,
                     QString prefix, qint64 budget);

    void walk(int object, const QString& path, int depth);

    TensorArchive archive;

private:
    const QByteArray& storageBytes(const PickleValue& storage);

    void add(const QString& name, const PickleValue& t);

    const std::vector<PickleValue>& m_values;
    const LegacyZipArchive& m_zip;
    QString m_prefix;
    qint64 m_budget;
    qint64 m_written = 0;
    QSet<int> m_visiting;
    QSet<QString> m_names;
    QHash<QString, QByteArray> m_storages;
};

} // namespace kinemark
