#include "models/file/legacy/ModuleTreeWalker.h"

#include "models/file/LegacyTorchArchive.h"

#include <QtEndian>
#include <cstring>

namespace kinemark {

ModuleTreeWalker::ModuleTreeWalker(const std::vector<PickleValue>& values,
                                   const LegacyZipArchive& zip, QString prefix, qint64 budget)
    : m_values(values), m_zip(zip), m_prefix(std::move(prefix)), m_budget(budget)
{}

void ModuleTreeWalker::walk(int object, const QString& path, int depth)
{
    const PickleValue& o = m_values[size_t(object)];
    if (depth > LegacyTorchArchive::kMaxNesting)
        throw m_zip.fail(QStringLiteral("modules nested more than %1 deep at '%2'")
                             .arg(LegacyTorchArchive::kMaxNesting)
                             .arg(path.left(200)));
    if (m_visiting.contains(object))
        throw m_zip.fail(QStringLiteral("module '%1' contains itself").arg(path.left(200)));
    if (o.state < 0)
        return; // a module without state (ReLU, Dropout): nothing stored
    m_visiting.insert(object);
    const std::vector<int>& items = m_values[size_t(o.state)].items;
    for (size_t i = 0; i + 1 < items.size(); i += 2) {
        const PickleValue& key = m_values[size_t(items[i])];
        const PickleValue& value = m_values[size_t(items[i + 1])];
        if (key.kind != PickleValue::Kind::String)
            throw m_zip.fail(QStringLiteral("module '%1' has an attribute named by %2")
                                 .arg(path, QLatin1String(pickleKindName(key.kind))));
        const QString name = path.isEmpty() ? key.text : path + QLatin1Char('.') + key.text;
        if (value.kind == PickleValue::Kind::Tensor)
            add(name, value);
        else if (value.kind == PickleValue::Kind::Object)
            walk(items[i + 1], name, depth + 1);
        // Other attributes (flags, None for an absent bias) hold no weights.
    }
    m_visiting.remove(object);
}

const QByteArray& ModuleTreeWalker::storageBytes(const PickleValue& storage)
{
    auto found = m_storages.find(storage.text);
    if (found == m_storages.end())
        found = m_storages.insert(storage.text,
                                  m_zip.read(m_prefix + QStringLiteral("/data/") + storage.text));
    return *found;
}

void ModuleTreeWalker::add(const QString& name, const PickleValue& t)
{
    const PickleValue& storage = m_values[size_t(t.storage)];
    TensorArchive::Entry e;
    e.name = name;
    e.shape = t.shape;
    e.dtype = storage.storageType == PickleStorageType::Long ? TensorArchive::DType::Int64
                                                             : TensorArchive::DType::Float32;
    int64_t elements = 1;
    for (int64_t d : t.shape)
        elements *= d; // bounded to 2^31 when the tensor was built
    const qint64 bytes = elements * TensorArchive::elementSize(e.dtype);
    if ((m_written += bytes) > m_budget)
        throw m_zip.fail(QStringLiteral("tensor '%1' makes the weights %2 bytes, more than "
                                        "the %3 allowed for this archive")
                             .arg(name)
                             .arg(m_written)
                             .arg(m_budget));
    if (m_names.contains(name))
        throw m_zip.fail(QStringLiteral("tensor '%1' appears twice").arg(name));
    m_names.insert(name);
    const QByteArray& raw = storageBytes(storage);
    const int inSize = storageElementSize(storage.storageType);
    e.data.resize(qsizetype(bytes));
    char* out = e.data.data();
    // Walk the view's elements in row-major order through its strides.
    std::vector<int64_t> index(t.shape.size(), 0);
    int64_t at = t.offset;
    for (int64_t n = 0; n < elements; ++n) {
        const char* in = raw.constData() + at * inSize;
        switch (storage.storageType) {
        case PickleStorageType::Float:
        case PickleStorageType::Long:
            std::memcpy(out, in, size_t(inSize));
            break;
        case PickleStorageType::Double: {
            const float f = float(qFromLittleEndian<double>(in));
            std::memcpy(out, &f, sizeof f);
            break;
        }
        }
        out += TensorArchive::elementSize(e.dtype);
        for (size_t d = index.size(); d-- > 0;) {
            at += t.stride[d];
            if (++index[d] < t.shape[d])
                break;
            at -= t.stride[d] * t.shape[d];
            index[d] = 0;
        }
    }
    archive.entries.push_back(std::move(e));
}

} // namespace kinemark
