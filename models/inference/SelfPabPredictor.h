#pragma once

#include "models/inference/ModelPredictor.h"

#include <memory>

namespace kinemark {

// Runs a trained SelfPAB downstream model (kind "selfpab") over a whole
// recording: frame probabilities averaged over overlapping 5-minute windows,
// spread back to samples (each hop of samples takes the mean of the frames
// that cover it), the track labelling every sample with its row's most
// probable class; the stored probabilities are those rows (a hop, 0.5 s at
// 50 Hz, per row). ModelPredictor hands spectrogram models to this class.
class SelfPabPredictor
{
public:
    // Throws std::invalid_argument for another kind, FormatError when the weights do not fit.
    explicit SelfPabPredictor(const ModelFile& model);
    ~SelfPabPredictor();

    // Throws std::invalid_argument listing the incompatibilities.
    Prediction predict(const Recording& recording, const QString& trackName,
                       const JobControl* job = nullptr) const;
    // Softmax probabilities of every STFT frame (rows of classes).
    std::vector<float> frameProbabilities(const Recording& recording,
                                          const JobControl* job = nullptr) const;

private:
    struct Network;
    std::unique_ptr<Network> d;
};

} // namespace kinemark
