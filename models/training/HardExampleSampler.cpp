#include "models/training/HardExampleSampler.h"

#include "core/base/SeededRandom.h"

#include <algorithm>
#include <cmath>

namespace kinemark {

HardExampleSampler::HardExampleSampler(int perClass, double hardFraction)
    : m_perClass(std::max(1, perClass)), m_hardFraction(std::clamp(hardFraction, 0.0, 1.0))
{}

std::vector<int64_t> HardExampleSampler::select(const std::vector<int64_t>& truth,
                                                const std::vector<int64_t>& predicted,
                                                const std::vector<uint8_t>& nearBoundary,
                                                int classes, std::mt19937_64& rng) const
{
    const size_t k = size_t(std::max(0, classes));
    std::vector<std::vector<int64_t>> wrong(k), boundary(k), rest(k);
    for (size_t i = 0; i < truth.size(); ++i) {
        const int64_t c = truth[i];
        if (c < 0 || c >= classes)
            continue;
        if (predicted[i] != c)
            wrong[size_t(c)].push_back(int64_t(i));
        else if (nearBoundary[i])
            boundary[size_t(c)].push_back(int64_t(i));
        else
            rest[size_t(c)].push_back(int64_t(i));
    }
    const size_t hardQuota = size_t(std::lround(m_perClass * m_hardFraction));
    std::vector<int64_t> selected;
    for (int c = 0; c < classes; ++c) {
        auto& w = wrong[size_t(c)];
        auto& b = boundary[size_t(c)];
        auto& r = rest[size_t(c)];
        seededShuffle(w, rng);
        seededShuffle(b, rng);
        const size_t fromWrong = std::min(w.size(), hardQuota);
        const size_t fromBoundary = std::min(b.size(), hardQuota - fromWrong);
        selected.insert(selected.end(), w.begin(), w.begin() + long(fromWrong));
        selected.insert(selected.end(), b.begin(), b.begin() + long(fromBoundary));
        // The random share comes from everything of the class not taken yet.
        r.insert(r.end(), w.begin() + long(fromWrong), w.end());
        r.insert(r.end(), b.begin() + long(fromBoundary), b.end());
        seededShuffle(r, rng);
        const size_t fromRest = std::min(r.size(), size_t(m_perClass) - fromWrong - fromBoundary);
        selected.insert(selected.end(), r.begin(), r.begin() + long(fromRest));
    }
    return selected;
}

std::vector<uint8_t> HardExampleSampler::boundaries(const std::vector<int64_t>& truth,
                                                    int64_t rowLength, int64_t radius)
{
    std::vector<uint8_t> near(truth.size(), 0);
    const int64_t rows = rowLength > 0 ? int64_t(truth.size()) / rowLength : 0;
    for (int64_t row = 0; row < rows; ++row) {
        const int64_t base = row * rowLength;
        for (int64_t t = 1; t < rowLength; ++t) {
            if (truth[size_t(base + t)] == truth[size_t(base + t - 1)])
                continue;
            // The change lies between t-1 and t: mark radius samples on each side.
            for (int64_t u = std::max<int64_t>(0, t - radius); u < std::min(rowLength, t + radius);
                 ++u)
                near[size_t(base + u)] = 1;
        }
    }
    return near;
}

} // namespace kinemark
