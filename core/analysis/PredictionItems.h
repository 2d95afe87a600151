#pragma once

#include "core/learning/ItemOrigin.h"
#include "core/model/Project.h"
#include "core/model/Recording.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace kinemark {

// The items the analysis views show for a prediction track against the ground
// truth, without the model: consecutive windows of each recording, labelled
// by the two tracks at the window's centre sample, with the mean of the
// track's stored class probabilities over the window when there are any.
// Windows where either track is unlabelled or has a class outside classIds
// are left out.
struct PredictionItems
{
    std::vector<int32_t> classIds;
    std::vector<int32_t> truth, predicted; // indices into classIds
    QVector<ItemOrigin> origins;
    // items x classIds.size() in classIds order, or empty when some recording
    // has no probabilities for the track or they lack one of the classes.
    std::vector<float> probabilities;

    size_t size() const { return truth.size(); }

    // Throws std::invalid_argument when windowSamples < 1 or classIds is empty.
    static PredictionItems
    fromTracks(const std::vector<std::shared_ptr<const Recording>>& recordings,
               const QString& predictionTrack, const std::vector<int32_t>& classIds,
               int64_t windowSamples);

    // The track against the ground truth in every recording of the project that
    // has both, in windows of `windowSeconds`. The classes are those the
    // track's stored probabilities cover (a model's own: windows of classes it
    // was not trained on can be neither right nor wrong, and ROC curves need a
    // probability for every class), else every labelled class of either track.
    // No recording with both, or no labelled class: empty items without classes.
    // `used` receives the recordings compared.
    static PredictionItems ofProject(const Project& project, const QString& predictionTrack,
                                     double windowSeconds,
                                     std::vector<std::shared_ptr<const Recording>>* used = nullptr);
};

} // namespace kinemark
