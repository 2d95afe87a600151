#pragma once

#include <QStringList>
#include <QVariantMap>
#include <cstdint>
#include <vector>

namespace kinemark {

// Everything a training run needs besides the project.
struct TrainingRequest
{
    QString model;                  // registry id
    QVariantMap hyperparameters;    // overrides of the registry defaults
    std::vector<int32_t> classIds;  // empty: every class of the label set present in the data
    QStringList trainingSubjects;   // empty: every subject not in validationSubjects
    QStringList validationSubjects; // empty: no validation (the last epoch is kept)
    uint64_t seed = 1;
    int threads = 0; // LibTorch intra-op threads; <= 0: all cores
    // selfpab: a pre-trained encoder (.kmodel of kind selfpab-pretrain); empty:
    // the encoder starts from random weights (the paper's "Spectrogram + TE").
    QString encoderPath;
    // selfpab: the id of a pre-trained encoder stored in the project (a
    // StoredModel of kind selfpab-pretrain), used instead of encoderPath; the
    // GUI's choice, so that an encoder made in the project needs no file.
    QString encoderModel;

    // Fine-tuning (FineTuning): start from a trained classifier's weights,
    // normalisation and classes instead of from scratch. initModelPath is a
    // .kmodel file, initModel the id of a model stored in the project (the
    // GUI's choice); at most one. `model` may stay empty (it is the parent's
    // kind); hyperparameters may override only the training schedule (epochs,
    // lr, batch, ...), whose defaults become a fine-tuning schedule.
    QString initModelPath;
    QString initModel;
    // Classes in the training data that the parent does not know are refused
    // (naming them) unless extendClasses: then the classifier head grows by
    // their rows, the parent's rows kept exactly.
    bool extendClasses = false;
    // 0..1: that fraction (seeded sample, at least one recording when > 0) of
    // the parent's labelled training recordings (those of its training
    // subjects found in the project, else the project's other labelled
    // recordings) joins the training recordings, so that fine-tuning on a few
    // corrected recordings does not forget the rest.
    double replayFraction = 0;
    // Recording ids trained on beside the training subjects' (the replay
    // sample FineTuning draws; set by it, rarely by a caller).
    QStringList extraRecordings;
};

} // namespace kinemark
