#pragma once

#include "core/base/JobControl.h"
#include "core/learning/ItemOrigin.h"

#include <QString>
#include <memory>
#include <vector>

namespace kinemark {

class ModelFile;
class Recording;

// A trained model's own embedding of labelled stretches of recordings — the
// space its auxiliary loss shapes, which is what a researcher maps with t-SNE
// to see whether activities and subjects separate. Window models embed their
// windows (cnn-center's centre-loss features, resnet-supcon's encoder
// output); sequence models (mstcn) embed pieces of the ground-truth segments
// (at most kMaximumPieceSeconds each, so a long activity gives several
// points), each the mean of the last stage's per-sample features over the
// piece. Shared by the Analysis panel and `kinemark-cli analyse --tsne`.
class ModelEmbedding
{
public:
    static constexpr double kMaximumPieceSeconds = 10.0;

    std::vector<float> rows; // items x dimension
    size_t dimension = 0;
    std::vector<int32_t> classIds; // each item's ground-truth class (a class of the model)
    QVector<ItemOrigin> origins;
    QString items; // "windows" or "segments": what a point is

    size_t size() const { return classIds.size(); }

    // At most `maximumItems` items, evenly spread over `recordings` (those the
    // model cannot read are skipped). Throws std::invalid_argument for models
    // without an embedding (spectrogram and generative models), fewer than 10
    // items, or weights that do not fit; Cancelled when `job` is cancelled.
    // Progress is reported through `job`.
    static ModelEmbedding compute(const ModelFile& model,
                                  const std::vector<std::shared_ptr<const Recording>>& recordings,
                                  size_t maximumItems, const JobControl* job = nullptr);

    // Whether compute() can embed with a model of this registry kind.
    static bool hasEmbedding(const QString& modelKind);
};

} // namespace kinemark
