#pragma once

#include "core/model/Project.h"
#include "models/TrainingRequest.h"
#include "models/file/ModelFile.h"

#include <QStringList>
#include <vector>

namespace kinemark {

// A training run that continues from a trained classifier (the parent)
// instead of starting from random weights: the annotation loop retrains on a
// few corrected recordings in minutes instead of hours. Plain C++ and QtCore:
// it reads the request, the parent and the project and says what the run
// trains; the trainers build the network, load the parent's weights
// (growing the classifier head for new classes) and reuse its normalisation.
//
// What it decides, so that every family fine-tunes alike:
// - the parent: a .kmodel file or a model stored in the project, a classifier
//   whose channels, sample rate and label set fit the training recordings;
// - the hyperparameters: the parent's, with a fine-tuning schedule (a tenth of
//   its learning rate, 5 epochs, no synthetic pre-training, SelfPAB's encoder
//   not frozen) unless the request sets them; a request may change only the
//   schedule (kScheduleKeys), not the network or its loss, and not the model;
// - the classes: the parent's, in its order; classes of the training data it
//   does not know are refused by name, or appended with extendClasses;
// - the replay sample of the parent's training recordings.
class FineTuning
{
public:
    // The hyperparameters a fine-tuning request may set; any other must equal the parent's.
    static const QStringList& scheduleKeys();
    static constexpr int kDefaultEpochs = 5;
    static constexpr double kLearningRateFactor = 0.1;

    // True when the request names a model to start from.
    static bool wanted(const TrainingRequest& request);

    // Reads the parent and resolves the run. Throws std::invalid_argument
    // (both a file and a stored id, no such stored model, another --model, an
    // architecture hyperparameter that differs, a replay fraction outside
    // 0..1), FormatError (an unreadable parent) or TrainingError (a parent
    // that is no classifier or does not fit the recordings, unknown classes
    // without extendClasses).
    static FineTuning prepare(const Project& project, const TrainingRequest& request);

    // The request the trainer runs: the parent's kind and hyperparameters
    // with the schedule, its classes (then the new ones), the replay sample
    // in extraRecordings, no encoder.
    const TrainingRequest& request() const { return m_request; }
    const ModelFile& parent() const { return m_parent; }
    // Where the parent came from, for messages: "file.kmodel" or "project model 'id'".
    const QString& source() const { return m_source; }
    int parentClassCount() const { return int(m_parent.classIds.size()); }
    const std::vector<int32_t>& newClasses() const { return m_newClasses; }
    const QStringList& replayRecordings() const { return m_replay; }

    // Writes into the fine-tuned model where it comes from: the header's
    // parent, and training_data.fine_tuning (parent, schedule, corrected and
    // replayed recordings, new classes).
    void describeIn(ModelFile& child) const;

private:
    TrainingRequest m_request;
    ModelFile m_parent;
    QString m_source;
    QString m_parentId;
    std::vector<int32_t> m_newClasses;
    QStringList m_corrected; // the training subjects' labelled recordings
    QStringList m_replay;
};

} // namespace kinemark
