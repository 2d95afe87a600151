#include "core/learning/SpectrogramMasking.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace kinemark {

namespace {
// Uniform in [0, 1) from 53 random bits: the same on every standard library
// (std::uniform_real_distribution is not).
double uniform(std::mt19937_64& rng)
{
    return double(rng() >> 11) * 0x1.0p-53;
}
// Uniform integer in [0, n) by rejection (no modulo bias).
int64_t below(std::mt19937_64& rng, int64_t n)
{
    const uint64_t range = uint64_t(n);
    const uint64_t limit = std::numeric_limits<uint64_t>::max() / range * range;
    uint64_t x = rng();
    while (x >= limit)
        x = rng();
    return int64_t(x % range);
}
} // namespace

SpectrogramMasking::SpectrogramMasking(const SpectrogramMaskingOptions& options)
    : m_options(options)
{
    const SpectrogramMaskingOptions& o = options;
    if (o.timeWidth < 1 || o.frequencyWidth < 1 || o.timeProportion < 0 || o.timeProportion > 1 ||
        o.zeroProbability < 0 || o.swapProbability < 0 ||
        o.zeroProbability + o.swapProbability > 1 + 1e-12 || o.frequencyProbability < 0 ||
        o.frequencyProbability > 1)
        throw std::invalid_argument("spectrogram masking: widths must be positive and proportions "
                                    "and probabilities within [0, 1]");
}

int SpectrogramMasking::blockCount(int frames) const
{
    const int candidates = frames - m_options.timeWidth;
    if (candidates <= 0)
        return 0;
    // floor(0.15 x 596 / 3) = 29; the small epsilon keeps exact products exact.
    return int(std::floor(m_options.timeProportion * candidates / m_options.timeWidth + 1e-9));
}

SpectrogramMaskDraw SpectrogramMasking::draw(int frames, int bins, std::mt19937_64& rng) const
{
    if (bins < m_options.frequencyWidth)
        throw std::invalid_argument("spectrogram masking: fewer bins than the frequency band");
    SpectrogramMaskDraw d;
    const int candidates = frames - m_options.timeWidth;
    const int count = blockCount(frames);
    if (count > 0) {
        // Partial Fisher-Yates: the first `count` of a random permutation of the starts.
        std::vector<int> starts(static_cast<size_t>(candidates));
        for (int i = 0; i < candidates; ++i)
            starts[size_t(i)] = i;
        for (int i = 0; i < count; ++i)
            std::swap(starts[size_t(i)], starts[size_t(i + below(rng, candidates - i))]);
        for (int i = 0; i < count; ++i) {
            SpectrogramMaskDraw::Block b;
            b.start = starts[size_t(i)];
            const double u = uniform(rng);
            if (u < m_options.zeroProbability) {
                b.alteration = SpectrogramMaskDraw::Alteration::Zero;
            } else if (u < m_options.zeroProbability + m_options.swapProbability) {
                b.alteration = SpectrogramMaskDraw::Alteration::Swap;
                b.source = int(below(rng, candidates));
            } else {
                b.alteration = SpectrogramMaskDraw::Alteration::Keep;
            }
            d.blocks.push_back(b);
        }
    }
    if (uniform(rng) < m_options.frequencyProbability)
        d.bandStart = int(below(rng, bins - m_options.frequencyWidth + 1));
    return d;
}

void SpectrogramMasking::apply(const SpectrogramMaskDraw& draw, float* window, int frames, int axes,
                               int bins, uint8_t* altered) const
{
    const size_t width = size_t(axes) * size_t(bins);
    const int w = m_options.timeWidth;
    std::fill(altered, altered + size_t(frames) * width, uint8_t(0));
    // Swaps copy the input as it was before any block changed it.
    std::vector<float> original;
    for (const SpectrogramMaskDraw::Block& b : draw.blocks)
        if (b.alteration == SpectrogramMaskDraw::Alteration::Swap) {
            original.assign(window, window + size_t(frames) * width);
            break;
        }
    for (const SpectrogramMaskDraw::Block& b : draw.blocks) {
        if (b.start < 0 || b.start + w > frames)
            throw std::out_of_range("spectrogram masking: a block lies outside the window");
        float* rows = window + size_t(b.start) * width;
        if (b.alteration == SpectrogramMaskDraw::Alteration::Zero) {
            std::fill(rows, rows + size_t(w) * width, 0.0f);
        } else if (b.alteration == SpectrogramMaskDraw::Alteration::Swap) {
            if (b.source < 0 || b.source + w > frames)
                throw std::out_of_range(
                    "spectrogram masking: a swap source lies outside the window");
            std::copy_n(original.data() + size_t(b.source) * width, size_t(w) * width, rows);
        }
        std::fill(altered + size_t(b.start) * width, altered + size_t(b.start + w) * width,
                  uint8_t(1));
    }
    if (draw.bandStart >= 0) {
        if (draw.bandStart + m_options.frequencyWidth > bins)
            throw std::out_of_range("spectrogram masking: the band lies outside the bins");
        for (int f = 0; f < frames; ++f)
            for (int a = 0; a < axes; ++a) {
                const size_t first =
                    size_t(f) * width + size_t(a) * size_t(bins) + size_t(draw.bandStart);
                std::fill(window + first, window + first + size_t(m_options.frequencyWidth), 0.0f);
                std::fill(altered + first, altered + first + size_t(m_options.frequencyWidth),
                          uint8_t(1));
            }
    }
}

} // namespace kinemark
