#pragma once

#include "core/model/Project.h"
#include "models/file/ModelFile.h"

#include <QJsonObject>
#include <vector>

namespace kinemark {

// What every trainer writes alike into the model file it returns: the model's
// kind, hyperparameters, classes (with their names from the label set),
// channels, sample rate, seed and time of creation, and the per-class counts
// of its training data. The trainer adds its windowing, normalisation,
// training data, validation and weights.
class TrainedModelFile
{
public:
    // A model file of `kind` trained on recordings like `first` (its label
    // set, channels and sample rate).
    static ModelFile start(const Project& project, const QString& kind,
                           const QVariantMap& hyperparameters, const std::vector<int32_t>& classIds,
                           const Recording& first, uint64_t seed);

    // {class id: count} for the training data's summary.
    static QJsonObject perClass(const std::vector<int32_t>& classIds,
                                const std::vector<int64_t>& counts);
};

} // namespace kinemark
