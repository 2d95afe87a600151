#pragma once

#include "core/learning/ChannelNormalisation.h"
#include "core/learning/SpectrogramDataset.h"
#include "core/learning/WindowingOptions.h"
#include "core/model/Recording.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>
#include <QVariantMap>
#include <vector>

namespace kinemark {

// A trained model as a self-contained file (.kmodel), also kept inside
// projects: what it is, how it was trained and on what, how it cuts and
// scales its input, how well it did on validation data, and its weights.
//
// Layout: "KMKMODEL", uint32 format version (2), uint32 header length, the
// header (UTF-8 JSON), uint64 weights length, the weights (a TensorArchive:
// named float32/int64 tensors as plain data, models/file/TensorArchive.h), and
// the MD5 of everything before it. Integers little-endian. The MD5 is a
// checksum against damage, not a signature. A signed file has a signature
// block between the weights and the MD5 (models/file/ModelSignature.h):
// fromBytes refuses one that does not match and reads the rest as unsigned.
//
// Everything is data: reading a file runs nothing from it. fromBytes checks
// the header against the registry (kind, every hyperparameter in its range)
// and the limits below, computes the parameter count the network will have
// (ParameterCount) and refuses more than ParameterCount::kMaxElements or
// weights that do not add up to it, all before a network is built. Format 1
// (weights as a LibTorch archive, whose loader runs TorchScript) is refused.
class ModelFile
{
public:
    static constexpr quint32 kFormatVersion = 2;
    // What a header may ask for (generous: HAR models have 6-30 channels and classes).
    static constexpr int kMaxChannels = 64;
    static constexpr int kMaxClasses = 1024;
    static constexpr int kMaxWindowLength = 65536; // samples
    static constexpr double kMinSampleRateHz = 0.01;
    static constexpr double kMaxSampleRateHz = 100000;
    static constexpr int kMaxParentTextLength = 256; // the parent's id, time and hash

    // The model a fine-tuned model started from (header "parent", optional: a
    // model trained from scratch and every older file has none). Provenance
    // only: nothing is loaded from it, but it says which weights the model
    // grew from, so that a chain of retrains can be traced and a parent told
    // from a same-named model trained again.
    struct Parent
    {
        QString id;          // the parent's stored-model id, or its file name
        QString created;     // the parent's creation time (ISO 8601 UTC)
        QString weightsHash; // SHA-256 (hex) of the parent file's weights
        bool isEmpty() const { return id.isEmpty() && created.isEmpty() && weightsHash.isEmpty(); }
    };

    QString kind;                // registry id
    QVariantMap hyperparameters; // resolved, all of them
    std::vector<int32_t> classIds;
    QStringList classNames; // both empty only for a pre-trained encoder ("...-pretrain")
    QString labelSetId;
    QStringList channelNames; // in input order
    double sampleRateHz = 50;
    WindowingOptions windowing;
    ChannelNormalisation normalisation;
    // Spectrogram models (selfpab, selfpab-pretrain) read stacked STFT windows
    // cut this way and z-scored per feature with the statistics of the
    // pre-training corpus; featureNormalisation is empty for other models.
    SpectrogramWindowing spectrogramWindowing;
    ChannelNormalisation featureNormalisation;
    QJsonObject trainingData; // subjects, recordings, windows per class
    QJsonObject validation;   // metrics on the validation subjects, if any
    QString created;          // ISO 8601 UTC
    quint64 seed = 0;
    Parent parent; // empty unless fine-tuned from another model
    QByteArray weights;

    QByteArray toBytes() const;
    // Throws FormatError naming `source` and what is wrong.
    static ModelFile fromBytes(const QByteArray& bytes, const QString& source);
    // Why a format-1 file is refused, and how to convert it.
    static QString legacyFormatMessage();
    // The weights against the header: a TensorArchive whose network tensors
    // add up to the parameter count the header's network has, at most
    // ParameterCount::kMaxElements. Throws FormatError naming `source`.
    void checkWeights(const QString& source) const;
    // Writes atomically (a failed save leaves an existing file as it was).
    void save(const QString& path) const;
    static ModelFile load(const QString& path);

    // Empty when the model can read `recording`; otherwise each mismatch in words
    // ("sample rate 100 Hz, the model needs 50 Hz", "channel 4 is thigh_x, the model expects
    // back_x").
    QStringList incompatibilities(const Recording& recording) const;
    // The fields a list of models shows (no weights).
    QJsonObject summary() const;
    QJsonObject header() const;
    // SHA-256 (hex) of the weights, as a child's Parent::weightsHash records it.
    QString weightsHash() const;
};

} // namespace kinemark
