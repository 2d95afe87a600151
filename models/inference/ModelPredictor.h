#pragma once

#include "core/base/JobControl.h"
#include "core/model/ClassProbabilities.h"
#include "core/model/Recording.h"
#include "models/file/ModelFile.h"

#include <memory>

namespace kinemark {

class WindowSet;

// A model's output over one recording: the prediction track and its class probabilities.
struct Prediction
{
    AnnotationTrack track;
    ClassProbabilities probabilities;
};

// Runs a trained model. Construct once per model (it builds the network and
// loads the weights), then predict on a worker thread; not for concurrent use.
class ModelPredictor
{
public:
    // Throws FormatError when the weights do not fit the model's network.
    explicit ModelPredictor(const ModelFile& model);
    ~ModelPredictor();

    const ModelFile& model() const;

    // Slides the model's windows (its stride) over the whole recording, averages
    // the class probabilities of the windows that cover each stride-long row
    // of samples, and labels every sample with its row's most probable class.
    // Throws std::invalid_argument listing the incompatibilities.
    Prediction predict(const Recording& recording, const QString& trackName,
                       const JobControl* job = nullptr) const;

    // Class probabilities of windows of a set cut with this model's windowing
    // (rows x classes). Window models only (std::invalid_argument otherwise).
    std::vector<float> classify(const WindowSet& windows, const std::vector<size_t>& indices) const;

    // Sequence models (mstcn) label every sample from the whole recording
    // (chunks stitched without seams): the track takes each sample's most
    // probable class, while the stored probabilities are means over rows of
    // sequenceProbabilityStep() samples (per sample, a week of 12 classes
    // would be 1.4 GB; half-second rows are 58 MB).
    bool isSequenceModel() const;
    // Samples per probability row of a sequence model: half a second, at least 1.
    static int64_t sequenceProbabilityStep(double sampleRateHz);
    // Sequence models only (std::invalid_argument otherwise): the class
    // probabilities of every sample (rows of classes), as predict() sees them
    // before averaging. For tests and short recordings.
    std::vector<float> sampleProbabilities(const Recording& recording,
                                           const JobControl* job = nullptr) const;
    // Samples a sequence model processes per pass (default 32768; each pass
    // also reads the network's reach on either side). Trades memory for speed;
    // the result does not depend on it.
    void setSequenceChunkLength(int64_t samples);

private:
    Prediction predictSequenceModel(const Recording& recording, const QString& trackName,
                                    const JobControl* job) const;

    struct Network;
    std::unique_ptr<Network> d;
};

} // namespace kinemark
