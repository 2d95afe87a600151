#pragma once

#include <QString>
#include <QVariantMap>
#include <cstdint>

namespace kinemark {

// The number of elements (parameters and buffers) the network of a model kind
// WILL have, computed from its hyperparameters without building it, so that a
// model file asking for a network too large for memory is refused before any
// allocation, and a file whose weights do not add up is refused before
// loading. One function per network, each mirroring its network's
// constructor (models/internal/nn/...); tst_models_parameters builds networks
// for several hyperparameter choices per kind and checks these counts against
// them, so the formulas cannot drift.
class ParameterCount
{
public:
    // What a file may ask for: paper-sized SelfPAB is 60 M.
    static constexpr int64_t kMaxElements = 100'000'000;

    // The shapes the network is built from, beside the hyperparameters.
    struct Inputs
    {
        int channels = 0;     // input channels (window and sequence models)
        int windowLength = 0; // samples per window (cnn-center, usad-diffusion)
        int classes = 0;      // 0 for a pre-trained encoder
        int features = 0;     // spectrogram features per frame (selfpab, selfpab-pretrain)
    };

    // Throws std::invalid_argument when the hyperparameters cannot make a
    // network (e.g. usad's width not divisible by cardinality x radix) or the
    // kind has none. The hyperparameters must be in their registry ranges
    // (ModelRegistry::checked), which keeps every product inside int64.
    static int64_t of(const QString& kind, const QVariantMap& hyperparameters,
                      const Inputs& inputs);

    static int64_t cnnCenter(int channels, int windowLength, int classes);
    static int64_t resNetSupCon(int channels, int classes, int projectionHidden);
    static int64_t msTcn(int channels, int classes, const QVariantMap& h);
    static int64_t usad(int channels, int classes, const QVariantMap& h);
    static int64_t diffusionDenoiser(int channels, int length, int classes, int width, int blocks);
    static int64_t selfPabEncoder(int features, const QVariantMap& h);
    static int64_t selfPabReconstruction(int features, const QVariantMap& h);
    static int64_t selfPabClassifier(int features, int classes, const QVariantMap& h);
};

} // namespace kinemark
