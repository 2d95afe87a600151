#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

namespace kinemark {

// Random numbers that a seed fixes on every platform and standard library:
// the demo generator, t-SNE's initial map, the vantage-point tree's pivots and
// the trainers' batch orders must come out the same wherever Kinemark runs,
// which std::uniform_int_distribution and std::shuffle do not promise.

// splitmix64 (Steele, Lea & Flood 2014): advances `state` and returns the next
// 64 well-mixed bits. Small and fully specified, also good for seeding larger
// generators.
inline uint64_t splitmix64(uint64_t& state)
{
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// A Fisher-Yates shuffle driven by any generator that returns uint64 values
// (std::mt19937_64 included): position i swaps with rng() % (i + 1), from the
// back. The modulo bias is negligible for the sizes shuffled here and keeps
// the sequence of swaps the same on every standard library.
template <typename Container, typename Generator>
void seededShuffle(Container& items, Generator& rng)
{
    for (size_t i = items.size(); i > 1; --i)
        std::swap(items[i - 1], items[size_t(rng() % i)]);
}

} // namespace kinemark
