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
};

} // namespace kinemark
