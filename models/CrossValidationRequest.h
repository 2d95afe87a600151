#pragma once

#include "models/TrainingRequest.h"

#include <QStringList>

namespace kinemark {

// A subject-wise cross-validation: which model to train how (the training
// request's model, hyperparameters, classes, seed and threads; its subject
// lists are ignored), over which subjects and in how many folds.
struct CrossValidationRequest
{
    TrainingRequest training;
    int folds = 0;        // <= 0: leave one subject out; k >= 2: k seeded subject folds
    QStringList subjects; // empty: every subject with ground truth
};

} // namespace kinemark
