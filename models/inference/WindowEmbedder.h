#pragma once

#include "core/base/JobControl.h"
#include "models/file/ModelFile.h"

#include <memory>
#include <vector>

namespace kinemark {

class WindowSet;

// A window model's embedding of windows: the layer its auxiliary loss works on
// (cnn-center's 64-d centre-loss features, resnet-supcon's encoder output),
// which is what a researcher maps with t-SNE to see whether activities and
// subjects separate. Construct once per model; not for concurrent use.
class WindowEmbedder
{
public:
    // Throws std::invalid_argument for a sequence model (no windows) and
    // FormatError when the weights do not fit the network.
    explicit WindowEmbedder(const ModelFile& model);
    ~WindowEmbedder();

    // Embeddings of windows `indices` of a set cut with the model's windowing,
    // normalised as the model was trained: rows of dimension() floats, in eval
    // mode. Throws Cancelled between batches.
    std::vector<float> embed(const WindowSet& windows, const std::vector<size_t>& indices,
                             const JobControl* job = nullptr) const;
    // Floats per embedded window (known after the first embed(); 0 before).
    int dimension() const;

private:
    struct Network;
    std::unique_ptr<Network> d;
};

} // namespace kinemark
