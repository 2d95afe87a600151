#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace kinemark {

// Seed 000's hybrid hard-example sampling for the sample-level contrast: per
// class, up to `perClass` samples of that ground-truth class, of which the
// "hard" share (hardFraction of them) is filled with samples the network
// predicted wrongly and, where those run out, with samples near an activity
// boundary; the rest are drawn at random from what is left of the class. Easy
// random samples alone teach the embedding little: the errors and the
// boundaries are where segmentation goes wrong.
//
// Plain C++ (no LibTorch) so that tests can check the order of preference.
class HardExampleSampler
{
public:
    explicit HardExampleSampler(int perClass, double hardFraction = 0.5);

    // `truth` and `predicted` are class indices per sample (truth -1: ignored),
    // `nearBoundary` non-zero for samples near a ground-truth class change.
    // Returns sample indices, class by class (in class index order), each class
    // as [wrong..., boundary..., random...].
    std::vector<int64_t> select(const std::vector<int64_t>& truth,
                                const std::vector<int64_t>& predicted,
                                const std::vector<uint8_t>& nearBoundary, int classes,
                                std::mt19937_64& rng) const;

    // Marks samples within `radius` of a change of label between neighbours
    // (including to and from -1) inside rows of `rowLength` samples.
    static std::vector<uint8_t> boundaries(const std::vector<int64_t>& truth, int64_t rowLength,
                                           int64_t radius);

private:
    int m_perClass;
    double m_hardFraction;
};

} // namespace kinemark
