#pragma once

#include "ClassProbabilities.h"
#include "JobControl.h"
#include "ModelFile.h"
#include "Recording.h"

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
    Prediction predict(const Recording& recording, const QString& trackName, const JobControl* job = nullptr) const;

    // Class probabilities of windows of a set cut with this model's windowing
    // (rows x classes). Window models only (std::invalid_argument otherwise).
    std::vector<float> classify(const WindowSet& windows, const std::vector<size_t>& indices) const;

    // Sequence models (mstcn) label every sample from the whole recording
    // (chunks stitched without seams); their probabilities have one row per sample.
    bool isSequenceModel() const;

private:
    Prediction predictSequenceModel(const Recording& recording, const QString& trackName, const JobControl* job) const;

    struct Network;
    std::unique_ptr<Network> d;
};

} // namespace kinemark
