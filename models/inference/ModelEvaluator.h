#pragma once

#include "core/base/JobControl.h"
#include "core/model/Project.h"
#include "models/file/ModelFile.h"

#include <QJsonObject>

namespace kinemark {

// Evaluates a model on a project's ground truth, per subject and overall:
// - window level: the model's own windows (its length and stride) that lie
//   inside one labelled segment of one of its classes;
// - sample level: the prediction spread to samples (as ModelPredictor makes
//   it), on samples labelled with one of the model's classes (a class it was
//   not trained on can be neither right nor wrong).
// Each level gives accuracy, macro F1, macro precision and recall, and F1 per class.
// Sequence models (mstcn) have no window level.
// - segmentation: SegmentationMetrics of the sample-level prediction (Fm,
//   Jaccard, precision, recall, edit score, F1@{10,25,50}), per subject and
//   overall, for every model.
class ModelEvaluator
{
public:
    // `subjects` empty: every subject with ground truth.
    static QJsonObject evaluate(const ModelFile& model, const Project& project,
                                const QStringList& subjects = {}, const JobControl* job = nullptr);
};

} // namespace kinemark
