#include "models/internal/nn/ModuleTensors.h"

#include "core/base/FormatError.h"

#include <QHash>
#include <QSet>
#include <stdexcept>

namespace kinemark {

namespace {
TensorArchive::DType dtypeOf(const torch::Tensor& t, const QString& name)
{
    if (t.scalar_type() == torch::kFloat)
        return TensorArchive::DType::Float32;
    if (t.scalar_type() == torch::kLong)
        return TensorArchive::DType::Int64;
    throw std::logic_error(
        QStringLiteral("tensor '%1' is neither float32 nor int64").arg(name).toStdString());
}

std::vector<int64_t> shapeOf(const torch::Tensor& t)
{
    return std::vector<int64_t>(t.sizes().begin(), t.sizes().end());
}

// The network's tensors by name: parameters, then buffers (names are unique across both).
std::vector<std::pair<QString, torch::Tensor>> namedTensors(torch::nn::Module& network)
{
    std::vector<std::pair<QString, torch::Tensor>> out;
    for (const auto& p : network.named_parameters(true))
        out.emplace_back(QString::fromStdString(p.key()), p.value());
    for (const auto& b : network.named_buffers(true))
        out.emplace_back(QString::fromStdString(b.key()), b.value());
    return out;
}
} // namespace

TensorArchive::Entry tensorEntry(const QString& name, const torch::Tensor& tensor)
{
    TensorArchive::Entry e;
    e.name = name;
    e.dtype = dtypeOf(tensor, name);
    e.shape = shapeOf(tensor);
    const torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
    e.data = QByteArray(static_cast<const char*>(t.data_ptr()), qsizetype(t.nbytes()));
    return e;
}

void copyEntryInto(const TensorArchive::Entry& entry, torch::Tensor& target, const QString& source)
{
    const TensorArchive::DType expected = dtypeOf(target, entry.name);
    const std::vector<int64_t> shape = shapeOf(target);
    if (entry.dtype != expected)
        throw FormatError(source, QStringLiteral("weights: tensor '%1' is %2, the network needs %3")
                                      .arg(entry.name, TensorArchive::dtypeName(entry.dtype),
                                           TensorArchive::dtypeName(expected)));
    if (entry.shape != shape)
        throw FormatError(source,
                          QStringLiteral("weights: tensor '%1' has shape %2, the network needs %3")
                              .arg(entry.name, TensorArchive::shapeText(entry.shape),
                                   TensorArchive::shapeText(shape)));
    // TensorArchive::fromBytes checked the size; an entry built in memory is checked here.
    if (entry.data.size() !=
        qsizetype(entry.elementCount()) * TensorArchive::elementSize(entry.dtype))
        throw FormatError(source, QStringLiteral("weights: tensor '%1' holds %2 bytes for shape %3")
                                      .arg(entry.name)
                                      .arg(entry.data.size())
                                      .arg(TensorArchive::shapeText(entry.shape)));
    torch::NoGradGuard noGrad;
    // from_blob only views the bytes; copy_ takes them into the network's own storage.
    const torch::Tensor view =
        torch::from_blob(const_cast<char*>(entry.data.constData()), shape, target.scalar_type());
    target.copy_(view);
}

void appendModuleTensors(TensorArchive& archive, torch::nn::Module& network, const QString& prefix)
{
    for (const auto& [name, tensor] : namedTensors(network))
        archive.entries.push_back(tensorEntry(prefix + name, tensor));
}

void loadModuleTensors(torch::nn::Module& network, const TensorArchive& archive,
                       const QString& source, const QString& prefix)
{
    QHash<QString, const TensorArchive::Entry*> byName; // an archive may hold thousands
    for (const TensorArchive::Entry& e : archive.entries)
        byName.insert(e.name, &e);
    QSet<QString> places;
    for (auto& [name, tensor] : namedTensors(network)) {
        const QString full = prefix + name;
        places.insert(full);
        const TensorArchive::Entry* entry = byName.value(full, nullptr);
        if (!entry)
            throw FormatError(source,
                              QStringLiteral("weights: no tensor '%1' (shape %2) for the network")
                                  .arg(full, TensorArchive::shapeText(shapeOf(tensor))));
        copyEntryInto(*entry, tensor, source);
    }
    for (const TensorArchive::Entry& e : archive.entries)
        if (e.name.startsWith(prefix) && !places.contains(e.name))
            throw FormatError(
                source,
                QStringLiteral("weights: tensor '%1' (shape %2) has no place in the network")
                    .arg(e.name, TensorArchive::shapeText(e.shape)));
}

void loadWeightsGrowingClasses(torch::nn::Module& network, const QByteArray& weights,
                               const QString& source, int oldClasses, int newClasses)
{
    const TensorArchive archive = TensorArchive::fromBytes(weights, source);
    if (oldClasses == newClasses) {
        loadModuleTensors(network, archive, source);
        return;
    }
    QHash<QString, const TensorArchive::Entry*> byName;
    for (const TensorArchive::Entry& e : archive.entries)
        byName.insert(e.name, &e);
    QSet<QString> places;
    for (auto& [name, tensor] : namedTensors(network)) {
        places.insert(name);
        const TensorArchive::Entry* entry = byName.value(name, nullptr);
        const std::vector<int64_t> shape = shapeOf(tensor);
        // Grown only where the entry has the old class count and the network the new one.
        bool grown = entry && entry->shape.size() == shape.size() && entry->shape != shape;
        for (size_t d = 0; grown && d < shape.size(); ++d)
            grown = entry->shape[d] == shape[d] ||
                    (entry->shape[d] == oldClasses && shape[d] == newClasses);
        if (!entry)
            throw FormatError(source,
                              QStringLiteral("weights: no tensor '%1' (shape %2) for the network")
                                  .arg(name, TensorArchive::shapeText(shape)));
        if (!grown) {
            copyEntryInto(*entry, tensor, source); // the same shape, or refused with its message
            continue;
        }
        if (entry->dtype != dtypeOf(tensor, name) ||
            entry->data.size() !=
                qsizetype(entry->elementCount()) * TensorArchive::elementSize(entry->dtype))
            throw FormatError(source,
                              QStringLiteral("weights: tensor '%1' is not %2 of shape %3")
                                  .arg(name, TensorArchive::dtypeName(dtypeOf(tensor, name)),
                                       TensorArchive::shapeText(entry->shape)));
        torch::NoGradGuard noGrad;
        const torch::Tensor old = torch::from_blob(const_cast<char*>(entry->data.constData()),
                                                   entry->shape, tensor.scalar_type());
        torch::Tensor block = tensor;
        for (size_t d = 0; d < shape.size(); ++d)
            if (entry->shape[d] != shape[d])
                block = block.narrow(int64_t(d), 0, entry->shape[d]);
        block.copy_(old);
    }
    for (const TensorArchive::Entry& e : archive.entries)
        if (!places.contains(e.name))
            throw FormatError(
                source,
                QStringLiteral("weights: tensor '%1' (shape %2) has no place in the network")
                    .arg(e.name, TensorArchive::shapeText(e.shape)));
}

QByteArray saveWeights(torch::nn::Module& network)
{
    TensorArchive archive;
    appendModuleTensors(archive, network);
    return archive.toBytes();
}

void loadWeights(torch::nn::Module& network, const QByteArray& weights, const QString& source)
{
    loadModuleTensors(network, TensorArchive::fromBytes(weights, source), source);
}

} // namespace kinemark
