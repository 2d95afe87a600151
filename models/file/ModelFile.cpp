#include "models/file/ModelFile.h"

#include "core/base/FormatError.h"
#include "models/file/ModelSignature.h"
#include "models/file/TensorArchive.h"
#include "models/registry/ModelRegistry.h"
#include "models/registry/ParameterCount.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSet>
#include <QtEndian>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace kinemark {

namespace {
const QByteArray kMagic("KMKMODEL");

template <typename T> void appendLittleEndian(QByteArray& out, T value)
{
    const T le = qToLittleEndian(value);
    out.append(reinterpret_cast<const char*>(&le), sizeof le);
}

// The header's optional "parent": an object of three strings, each at most
// kMaxParentTextLength characters, the hash hexadecimal. Anything else is
// refused: a model that lies about where it comes from is not read.
ModelFile::Parent readParent(const QJsonObject& header, const QString& source)
{
    const QJsonValue value = header.value(QStringLiteral("parent"));
    if (value.isUndefined() || value.isNull())
        return {};
    const auto fail = [&](const QString& what) {
        return FormatError(source, QStringLiteral("the header's 'parent' %1").arg(what));
    };
    if (!value.isObject())
        throw fail(QStringLiteral("is not an object of id, created and weights_sha256"));
    const QJsonObject o = value.toObject();
    const auto text = [&](const char* key) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return QString();
        if (!v.isString())
            throw fail(QStringLiteral("has a '%1' that is not a string").arg(QLatin1String(key)));
        const QString s = v.toString();
        if (s.size() > ModelFile::kMaxParentTextLength)
            throw fail(QStringLiteral("has a '%1' of %2 characters, more than the %3 allowed")
                           .arg(QLatin1String(key))
                           .arg(s.size())
                           .arg(ModelFile::kMaxParentTextLength));
        return s;
    };
    ModelFile::Parent p;
    p.id = text("id");
    p.created = text("created");
    p.weightsHash = text("weights_sha256");
    for (const QChar c : p.weightsHash)
        if (!c.isDigit() && !(c >= QLatin1Char('a') && c <= QLatin1Char('f')))
            throw fail(QStringLiteral("has a weights_sha256 that is not lower-case hexadecimal"));
    if (p.isEmpty())
        throw fail(QStringLiteral("names no id, created or weights_sha256"));
    return p;
}

QJsonArray toJsonArray(const std::vector<int32_t>& v)
{
    QJsonArray a;
    for (int32_t x : v)
        a.append(x);
    return a;
}
} // namespace

QJsonObject ModelFile::header() const
{
    QJsonObject h;
    h[QStringLiteral("kind")] = kind;
    h[QStringLiteral("hyperparameters")] = QJsonObject::fromVariantMap(hyperparameters);
    h[QStringLiteral("class_ids")] = toJsonArray(classIds);
    h[QStringLiteral("class_names")] = QJsonArray::fromStringList(classNames);
    h[QStringLiteral("label_set")] = labelSetId;
    h[QStringLiteral("channels")] = QJsonArray::fromStringList(channelNames);
    h[QStringLiteral("sample_rate_hz")] = sampleRateHz;
    h[QStringLiteral("windowing")] = windowing.toJson();
    h[QStringLiteral("normalisation")] = normalisation.toJson();
    if (featureNormalisation.channelCount() > 0) {
        QJsonObject spectrogram = spectrogramWindowing.toJson();
        spectrogram[QStringLiteral("normalisation")] = featureNormalisation.toJson();
        h[QStringLiteral("spectrogram")] = spectrogram;
    }
    h[QStringLiteral("training_data")] = trainingData;
    h[QStringLiteral("validation")] = validation;
    h[QStringLiteral("created")] = created;
    h[QStringLiteral("seed")] = QString::number(seed); // 64 bits do not fit a JSON double
    if (!parent.isEmpty()) {
        QJsonObject p;
        p[QStringLiteral("id")] = parent.id;
        p[QStringLiteral("created")] = parent.created;
        p[QStringLiteral("weights_sha256")] = parent.weightsHash;
        h[QStringLiteral("parent")] = p;
    }
    return h;
}

QString ModelFile::weightsHash() const
{
    return QString::fromLatin1(
        QCryptographicHash::hash(weights, QCryptographicHash::Sha256).toHex());
}

QJsonObject ModelFile::summary() const
{
    QJsonObject s = header();
    s.remove(QStringLiteral("normalisation"));
    if (s.contains(QStringLiteral("spectrogram"))) {
        QJsonObject spectrogram = s.value(QStringLiteral("spectrogram")).toObject();
        spectrogram.remove(QStringLiteral("normalisation"));
        s[QStringLiteral("spectrogram")] = spectrogram;
    }
    return s;
}

QByteArray ModelFile::toBytes() const
{
    const QByteArray json = QJsonDocument(header()).toJson(QJsonDocument::Compact);
    QByteArray out;
    out.reserve(int(kMagic.size() + 16 + json.size() + weights.size() + 16));
    out.append(kMagic);
    appendLittleEndian<quint32>(out, kFormatVersion);
    appendLittleEndian<quint32>(out, quint32(json.size()));
    out.append(json);
    appendLittleEndian<quint64>(out, quint64(weights.size()));
    out.append(weights);
    out.append(QCryptographicHash::hash(out, QCryptographicHash::Md5));
    return out;
}

QString ModelFile::legacyFormatMessage()
{
    return QStringLiteral(
        "model format 1 stores its weights as a LibTorch archive, which can run code when "
        "loaded; Kinemark no longer reads it. Convert it with `kinemark-cli model convert OLD "
        "NEW` (reads it without running anything) or train the model again.");
}

ModelFile ModelFile::fromBytes(const QByteArray& bytes, const QString& source)
{
    const auto fail = [&](const QString& what) { return FormatError(source, what); };
    if (!bytes.startsWith(kMagic))
        throw fail(QStringLiteral("not a Kinemark model file (no KMKMODEL signature)"));
    if (bytes.size() < kMagic.size() + 8 + 8 + 16)
        throw fail(QStringLiteral("the file is truncated (%1 bytes)").arg(bytes.size()));
    qsizetype at = kMagic.size();
    const auto read32 = [&] {
        const quint32 v = qFromLittleEndian<quint32>(bytes.constData() + at);
        at += 4;
        return v;
    };
    // The version first: a version-1 file is refused for what it is, whatever its checksum.
    const quint32 version = read32();
    if (version == 1)
        throw fail(legacyFormatMessage());
    if (version > kFormatVersion)
        throw fail(QStringLiteral("format version %1 is newer than this Kinemark reads (%2)")
                       .arg(version)
                       .arg(kFormatVersion));
    if (version < kFormatVersion)
        throw fail(QStringLiteral("format version %1 is not a Kinemark model format").arg(version));
    QByteArray body = bytes.left(bytes.size() - 16);
    if (QCryptographicHash::hash(body, QCryptographicHash::Md5) != bytes.right(16))
        throw fail(QStringLiteral("the checksum does not match: the file is damaged or truncated"));
    const quint32 headerLength = read32();
    if (qsizetype(headerLength) > body.size() - at - 8)
        throw fail(QStringLiteral("header length %1 runs past the end").arg(headerLength));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body.mid(at, headerLength), &parseError);
    if (!doc.isObject())
        throw fail(
            QStringLiteral("the header is not valid JSON (%1)").arg(parseError.errorString()));
    at += headerLength;
    const quint64 weightsLength = qFromLittleEndian<quint64>(body.constData() + at);
    at += 8;
    // A signature block (ModelSignature) may follow the weights: it must match what it signs,
    // then the file reads as unsigned.
    body.truncate(ModelSignature::unsignedLength(body, quint64(at) + weightsLength, source));
    if (weightsLength != quint64(body.size() - at))
        throw fail(QStringLiteral("weights length %1 does not match the file").arg(weightsLength));

    const QJsonObject h = doc.object();
    const auto need = [&](const char* key) {
        const QJsonValue v = h.value(QLatin1String(key));
        if (v.isUndefined())
            throw fail(QStringLiteral("the header has no '%1'").arg(QLatin1String(key)));
        return v;
    };
    // Every count is checked before it drives a loop or an allocation.
    const auto boundedArray = [&](const char* key, int most) {
        const QJsonArray a = need(key).toArray();
        if (a.size() > most)
            throw fail(QStringLiteral("'%1' has %2 entries, more than the %3 allowed")
                           .arg(QLatin1String(key))
                           .arg(a.size())
                           .arg(most));
        return a;
    };
    ModelFile m;
    m.kind = need("kind").toString();
    if (m.kind.isEmpty())
        throw fail(QStringLiteral("the header names no model kind"));
    if (!ModelRegistry::find(m.kind))
        throw fail(QStringLiteral("model kind '%1' is not one this Kinemark knows (%2)")
                       .arg(m.kind, ModelRegistry::ids().join(QStringLiteral(", "))));
    try {
        m.hyperparameters =
            ModelRegistry::checked(m.kind, need("hyperparameters").toObject().toVariantMap());
    } catch (const std::invalid_argument& e) {
        throw fail(QString::fromStdString(e.what()));
    }
    QSet<int32_t> distinct;
    for (const QJsonValue& v : boundedArray("class_ids", kMaxClasses)) {
        const double id = v.toDouble(-1);
        if (!v.isDouble() || id < 0 || id > std::numeric_limits<int32_t>::max() ||
            std::floor(id) != id)
            throw fail(QStringLiteral("class id %1 is not a whole number from 0 to %2")
                           .arg(v.toVariant().toString())
                           .arg(std::numeric_limits<int32_t>::max()));
        if (distinct.contains(int32_t(id)))
            throw fail(QStringLiteral("class id %1 appears twice").arg(int32_t(id)));
        distinct.insert(int32_t(id));
        m.classIds.push_back(int32_t(id));
    }
    for (const QJsonValue& v : boundedArray("class_names", kMaxClasses))
        m.classNames << v.toString();
    m.labelSetId = need("label_set").toString();
    for (const QJsonValue& v : boundedArray("channels", kMaxChannels))
        m.channelNames << v.toString();
    m.sampleRateHz = need("sample_rate_hz").toDouble();
    m.windowing = WindowingOptions::fromJson(need("windowing").toObject(), source);
    m.normalisation = ChannelNormalisation::fromJson(need("normalisation").toObject(), source);
    if (h.contains(QStringLiteral("spectrogram"))) {
        const QJsonObject spectrogram = h.value(QStringLiteral("spectrogram")).toObject();
        m.spectrogramWindowing = SpectrogramWindowing::fromJson(spectrogram, source);
        m.featureNormalisation = ChannelNormalisation::fromJson(
            spectrogram.value(QStringLiteral("normalisation")).toObject(), source);
    }
    m.trainingData = h.value(QStringLiteral("training_data")).toObject();
    m.validation = h.value(QStringLiteral("validation")).toObject();
    m.created = h.value(QStringLiteral("created")).toString();
    m.seed = h.value(QStringLiteral("seed")).toString().toULongLong();
    m.parent = readParent(h, source);
    m.weights = body.mid(at);
    // A pre-trained encoder has no classes; every other model has some.
    const bool encoderOnly = m.kind.endsWith(QLatin1String("-pretrain"));
    if ((m.classIds.empty() && !encoderOnly) || int(m.classIds.size()) != m.classNames.size())
        throw fail(QStringLiteral("class ids and names do not match (%1 ids, %2 names)")
                       .arg(m.classIds.size())
                       .arg(m.classNames.size()));
    if (m.channelNames.isEmpty() || size_t(m.channelNames.size()) != m.normalisation.channelCount())
        throw fail(QStringLiteral("%1 channels but a normalisation for %2")
                       .arg(m.channelNames.size())
                       .arg(m.normalisation.channelCount()));
    if (!(m.sampleRateHz >= kMinSampleRateHz && m.sampleRateHz <= kMaxSampleRateHz))
        throw fail(QStringLiteral("sample rate %1 Hz is outside %2..%3 Hz")
                       .arg(m.sampleRateHz)
                       .arg(kMinSampleRateHz)
                       .arg(kMaxSampleRateHz));
    if (m.windowing.length > kMaxWindowLength || m.windowing.stride > kMaxWindowLength)
        throw fail(QStringLiteral("windowing: length %1 / stride %2 samples, more than %3")
                       .arg(m.windowing.length)
                       .arg(m.windowing.stride)
                       .arg(kMaxWindowLength));
    for (const ChannelNormalisation* n : {&m.normalisation, &m.featureNormalisation})
        for (size_t c = 0; c < n->channelCount(); ++c)
            if (!std::isfinite(n->mean()[c]) || !std::isfinite(n->std()[c]))
                throw fail(QStringLiteral("normalisation of channel %1 is not finite (%2, %3)")
                               .arg(c)
                               .arg(double(n->mean()[c]))
                               .arg(double(n->std()[c])));
    m.checkWeights(source);
    return m;
}

void ModelFile::checkWeights(const QString& source) const
{
    const auto fail = [&](const QString& what) { return FormatError(source, what); };
    // The network's size from the header alone, before anything is built or the weights read.
    ParameterCount::Inputs inputs;
    inputs.channels = int(channelNames.size());
    inputs.windowLength = windowing.length;
    inputs.classes = int(classIds.size());
    inputs.features = int(featureNormalisation.channelCount());
    int64_t expected = 0;
    try {
        expected = ParameterCount::of(kind, hyperparameters, inputs);
    } catch (const std::invalid_argument& e) {
        throw fail(QString::fromStdString(e.what()));
    }
    if (expected > ParameterCount::kMaxElements)
        throw fail(QStringLiteral("a %1 network of these hyperparameters, %2 channels and %3 "
                                  "classes would have %4 parameters, more than the %5 allowed")
                       .arg(kind)
                       .arg(inputs.channels)
                       .arg(inputs.classes)
                       .arg(expected)
                       .arg(ParameterCount::kMaxElements));
    if (TensorArchive::isArchive(weights) == false && weights.startsWith("PK"))
        throw fail(legacyFormatMessage());
    const TensorArchive archive = TensorArchive::fromBytes(weights, source);
    // The network's tensors; a pre-training checkpoint also holds the
    // optimiser's ("optimizer.*") and its step, which the network does not count.
    int64_t stored = 0;
    for (const TensorArchive::Entry& e : archive.entries)
        if (!e.name.startsWith(QLatin1String("optimizer.")) && e.name != QLatin1String("step"))
            stored += e.elementCount();
    if (stored != expected)
        throw fail(QStringLiteral("weights: %1 elements, but a %2 network of these "
                                  "hyperparameters has %3")
                       .arg(stored)
                       .arg(kind)
                       .arg(expected));
}

void ModelFile::save(const QString& path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw FormatError(path, QStringLiteral("cannot write: %1").arg(file.errorString()));
    const QByteArray bytes = toBytes();
    if (file.write(bytes) != bytes.size() || !file.commit())
        throw FormatError(path, QStringLiteral("cannot write: %1").arg(file.errorString()));
}

ModelFile ModelFile::load(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw FormatError(path, QStringLiteral("cannot open: %1").arg(file.errorString()));
    return fromBytes(file.readAll(), path);
}

QStringList ModelFile::incompatibilities(const Recording& recording) const
{
    QStringList problems;
    if (std::abs(recording.sampleRateHz - sampleRateHz) > 1e-6)
        problems << QStringLiteral("sample rate %1 Hz, the model needs %2 Hz")
                        .arg(recording.sampleRateHz)
                        .arg(sampleRateHz);
    const QStringList names = recording.channelNames();
    if (names.size() != channelNames.size()) {
        problems << QStringLiteral("%1 channels (%2), the model needs %3 (%4)")
                        .arg(names.size())
                        .arg(names.join(QStringLiteral(", ")))
                        .arg(channelNames.size())
                        .arg(channelNames.join(QStringLiteral(", ")));
    } else {
        for (int i = 0; i < names.size(); ++i)
            if (names[i] != channelNames[i])
                problems << QStringLiteral("channel %1 is %2, the model expects %3")
                                .arg(i + 1)
                                .arg(names[i], channelNames[i]);
    }
    if (int64_t(recording.sampleCount()) < windowing.length)
        problems << QStringLiteral("%1 samples, shorter than one window of %2")
                        .arg(recording.sampleCount())
                        .arg(windowing.length);
    if (!labelSetId.isEmpty() && !recording.labelSetId.isEmpty() &&
        recording.labelSetId != labelSetId)
        problems << QStringLiteral("label set %1, the model predicts %2")
                        .arg(recording.labelSetId, labelSetId);
    return problems;
}

} // namespace kinemark
