#pragma once

#include "core/base/JobControl.h"
#include "core/model/Project.h"
#include "models/CrossValidationRequest.h"
#include "models/TrainingProgress.h"

#include <QJsonObject>
#include <functional>

namespace kinemark {

// Where a cross-validation is, for progress bars and live curves.
struct CrossValidationProgress
{
    int fold = 0; // 1-based
    int folds = 0;
    double fraction = 0;       // of the whole run
    QString what;              // "fold 2/5: epoch 3/10"
    TrainingProgress training; // the fold's training (epoch 0 while evaluating)
    bool evaluating = false;
};

// Subject-wise cross-validation of any registered model: for every fold, a
// fresh model is trained on the other subjects and evaluated (ModelEvaluator)
// on the fold's subjects only, so no subject's data is ever on both sides.
//
// The held-out fold is not used to choose the epoch (training runs without
// validation subjects and keeps its last epoch): choosing the best epoch on the
// test subjects would report an optimistic figure.
//
// Threading: run() blocks; call it from a worker. The project is only read.
class CrossValidation
{
public:
    using Observer = std::function<void(const CrossValidationProgress&)>;

    // Returns
    //   model, scheme ("loso" or "k-fold"), fold_count, seed, class_ids, classes, level
    //   ("window" or "sample": the level of the fold metrics), hyperparameters,
    //   folds: [{fold, training_subjects, validation_subjects, metrics, evaluation}],
    //   summary: CrossValidationSummary::aggregate of the folds' metrics (mean, std, ...),
    //   pooled: the level's metrics over the held-out items of all folds together.
    // A fold's metrics are the level's overall classification metrics of its
    // held-out subjects plus segmentation_fm, segmentation_jaccard, segmentation_edit.
    // Throws std::invalid_argument (unknown model or subject, fewer than two
    // subjects, more folds than subjects), TrainingError, or Cancelled.
    static QJsonObject run(const Project& project, const CrossValidationRequest& request,
                           const Observer& observer = {}, const JobControl* job = nullptr);

    // The subjects a request folds: its own, or every subject with labelled ground truth.
    static QStringList resolveSubjects(const Project& project,
                                       const CrossValidationRequest& request);
};

} // namespace kinemark
