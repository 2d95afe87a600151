#pragma once

#include "core/model/Project.h"
#include "models/TrainingRequest.h"

#include <memory>
#include <vector>

namespace kinemark {

// What a training request trains on: its subjects, its classes and their
// labelled recordings. Every trainer starts from it, so that they all read a
// request the same way and fail with the same messages.
struct TrainingSelection
{
    QStringList subjects;
    std::vector<int32_t> classIds;
    // Labelled, of `subjects`, then the request's extraRecordings (whose
    // subjects join `subjects`).
    std::vector<std::shared_ptr<const Recording>> recordings;

    // The selection of a classifier: throws std::invalid_argument (unknown
    // subject, one in both training and validation) or TrainingError (fewer
    // than two classes, no labelled recording among the training subjects).
    static TrainingSelection resolve(const Project& project, const TrainingRequest& request);

    // The class ids a request trains on: its own, or every class of the
    // recordings' label set with labelled samples in them.
    static std::vector<int32_t> classes(const Project& project, const TrainingRequest& request);
    // The request's training subjects, or every subject not held out for
    // validation; throws std::invalid_argument for an unknown subject or one in both.
    static QStringList trainingSubjects(const Project& project, const TrainingRequest& request);
    // The recordings of `subjects` that have ground truth, in the project's order.
    static std::vector<std::shared_ptr<const Recording>>
    labelledRecordings(const Project& project, const QStringList& subjects);
};

} // namespace kinemark
