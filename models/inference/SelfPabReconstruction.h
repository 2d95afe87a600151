#pragma once

#include "core/model/Recording.h"
#include "models/file/ModelFile.h"

#include <memory>
#include <vector>

namespace kinemark {

// What a pre-trained SelfPAB encoder sees and makes of one window: the
// normalised stacked spectrogram, the same after masking, the network's
// reconstruction, and which cells the masking altered. For the "what the model
// sees" panel and for tests. Construct once per model file; not for concurrent use.
class SelfPabReconstruction
{
public:
    struct Window
    {
        int frames = 0; // real frames (<= the model's window)
        int axes = 0;
        int bins = 0;
        std::vector<float> input;         // frames x (axes x bins), z-scored
        std::vector<float> masked;        // the input after masking
        std::vector<float> reconstructed; // the network's output
        std::vector<uint8_t> altered;     // 1 where the masking altered a cell
        double l1 = 0;                    // mean |reconstructed - input| over altered cells
    };

    // Throws std::invalid_argument for a model that is not a pre-trained
    // encoder, FormatError when its weights do not fit.
    explicit SelfPabReconstruction(const ModelFile& model);
    ~SelfPabReconstruction();

    // The window of the model's length starting at `firstFrame` of `recording`
    // (shorter at the end), masked by a draw seeded with `seed`. Throws
    // std::invalid_argument when the recording does not fit the model.
    Window reconstruct(const Recording& recording, int64_t firstFrame, uint64_t seed) const;

private:
    struct Network;
    std::unique_ptr<Network> d;
};

} // namespace kinemark
