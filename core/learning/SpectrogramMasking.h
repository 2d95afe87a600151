#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace kinemark {

// SelfPAB's masking of a normalised spectrogram window (the reference notes,
// seed 003), applied before the transformer reconstructs it:
// - time alteration: floor(proportion x (frames - width) / width) start frames
//   (29 for 599 frames), drawn without replacement from the frames - width
//   possible starts; each start's `width` frames (3) are zeroed with
//   probability 0.8, replaced by a copy of `width` frames from a random other
//   start with 0.1, and left unchanged with 0.1 (they still count in the loss);
// - frequency masking: with probability 0.9, one band of `frequencyWidth` (3)
//   adjacent bins is zeroed in every axis and every frame.
// The cells the loss counts are every cell of an altered frame and every cell
// of the band.
struct SpectrogramMaskingOptions
{
    double timeProportion = 0.15;
    int timeWidth = 3;
    double zeroProbability = 0.8;
    double swapProbability = 0.1; // the rest, 0.1, stays unchanged
    double frequencyProbability = 0.9;
    int frequencyWidth = 3;
};

// One draw for one window: where the time blocks are, what happens to each,
// and which band (if any) is masked.
struct SpectrogramMaskDraw
{
    enum class Alteration : uint8_t
    {
        Zero,
        Swap,
        Keep
    };
    struct Block
    {
        int start = 0;
        Alteration alteration = Alteration::Zero;
        int source = 0; // Swap: the first frame copied in
    };
    std::vector<Block> blocks;
    int bandStart = -1; // first masked bin; -1: no frequency mask
};

class SpectrogramMasking
{
public:
    explicit SpectrogramMasking(
        const SpectrogramMaskingOptions& options = SpectrogramMaskingOptions());

    const SpectrogramMaskingOptions& options() const { return m_options; }
    // Start frames drawn for a window of `frames` real frames (29 for 599).
    int blockCount(int frames) const;
    // Throws std::invalid_argument for bins < frequencyWidth.
    SpectrogramMaskDraw draw(int frames, int bins, std::mt19937_64& rng) const;

    // Alters `window` (rows of axes x bins, the first `frames` rows real) in
    // place as `draw` says and sets `altered` (same shape, as 1/0) to the
    // cells the loss counts. Swapped frames are copies of the unaltered input.
    void apply(const SpectrogramMaskDraw& draw, float* window, int frames, int axes, int bins,
               uint8_t* altered) const;

private:
    SpectrogramMaskingOptions m_options;
};

} // namespace kinemark
