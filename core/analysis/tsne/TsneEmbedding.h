#pragma once

#include "core/base/JobControl.h"

#include <QJsonObject>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace kinemark {

enum class TsneMethod
{
    Automatic, // exact up to exactPointLimit points, Barnes-Hut above
    Exact,     // all pairs: O(n^2) per iteration, for small sets and as a reference
    BarnesHut, // sparse neighbour affinities + quad-tree repulsion: O(n log n)
};

struct TsneOptions
{
    double perplexity = 30;
    int iterations = 1000; // including the early-exaggeration phase
    double earlyExaggeration = 12;
    int earlyExaggerationIterations = 250;
    double learningRate = 0; // 0: max(n / earlyExaggeration / 4, 50), as sklearn's "auto"
    double theta = 0.5;      // Barnes-Hut opening angle; 0 would be exact
    TsneMethod method = TsneMethod::Automatic;
    size_t exactPointLimit = 800;
    bool pcaInitialisation = true; // otherwise Gaussian noise of deviation 1e-4
    uint64_t seed = 1;
    int threads = 0;  // 0: all cores
    int klEvery = 50; // iterations between KL divergence samples

    QJsonObject toJson() const;
    static TsneOptions fromJson(const QJsonObject& json);
};

struct TsneResult
{
    std::vector<float> positions; // x, y per point
    double klDivergence = 0;      // of the final embedding (the Barnes-Hut estimate there)
    std::vector<std::pair<int, double>> klHistory; // (iteration, KL) every klEvery iterations
    bool exact = false;                            // which method ran
    int iterations = 0;
};

// t-distributed stochastic neighbour embedding (van der Maaten & Hinton 2008)
// of the rows of a row-major float matrix into two dimensions, with the
// Barnes-Hut approximation (van der Maaten 2014): input affinities from the
// ~3 x perplexity nearest neighbours found with a vantage-point tree, repulsion
// through a quad tree. Optimised by gradient descent with momentum and
// per-coordinate gains, early exaggeration first. Deterministic for a seed and
// a thread count. Reports progress and stops with Cancelled through `job`.
class TsneEmbedding
{
public:
    // Throws std::invalid_argument when there are fewer than 3 points or the
    // perplexity is not below the number of points.
    static TsneResult compute(const float* data, size_t count, size_t dimensions,
                              const TsneOptions& options, const JobControl* job = nullptr);

    // KL(P || Q) of an embedding against the exact (dense) input affinities;
    // O(n^2), for tests and benchmarks.
    static double exactKlDivergence(const float* data, size_t count, size_t dimensions,
                                    double perplexity, const float* positions);
};

} // namespace kinemark
