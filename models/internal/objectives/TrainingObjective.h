#pragma once

// Internal to models/: includes LibTorch.
#include "models/internal/nn/window/WindowNetwork.h"

#include <QMap>
#include <QString>
#include <utility>
#include <vector>

namespace kinemark {

// A model's training loss: the named terms of one batch, the first being the
// total that is minimised. Objectives may keep state (centers) across steps.
class TrainingObjective
{
public:
    using Terms = std::vector<std::pair<QString, torch::Tensor>>;
    virtual ~TrainingObjective() = default;
    // `windows` [B, C, L] normalised, `labels` [B] class indices, `subjects` [B] subject indices.
    virtual Terms losses(WindowNetwork& network, const torch::Tensor& windows,
                         const torch::Tensor& labels, const torch::Tensor& subjects) = 0;
    // After the optimiser step (e.g. moving the centers).
    virtual void afterStep() {}
    // The logits of the last losses() call (detached), from which the trainer
    // counts the epoch's training accuracy; undefined when the objective keeps none.
    virtual torch::Tensor lastLogits() const { return {}; }
    // At the end of every epoch, before validation, with the accuracy over the
    // epoch's training batches (NaN when lastLogits() gives none): e.g. to adapt loss weights.
    virtual void afterEpoch(double trainingAccuracy) {}
    // Values reported with the epoch's mean losses (and shown with the training curves).
    virtual QMap<QString, double> epochReport() const { return {}; }
};

std::unique_ptr<TrainingObjective>
makeTrainingObjective(const QString& kind, const QVariantMap& hyperparameters, int classes);

} // namespace kinemark
