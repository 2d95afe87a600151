#include "core/analysis/tsne/TsneEmbedding.h"

#include "core/analysis/tsne/BarnesHutQuadTree.h"
#include "core/analysis/tsne/VantagePointTree.h"
#include "core/base/SeededRandom.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>

namespace kinemark {

namespace {

int threadCountFor(int requested)
{
    if (requested > 0)
        return requested;
    return std::max(1, int(std::thread::hardware_concurrency()));
}

// Runs body(begin, end, part) over `parts` contiguous slices of [0, n), the
// first on the calling thread. Slices depend only on n and the thread count, so
// per-slice sums added in slice order give the same result every run.
template <typename Body> void parallelSlices(size_t n, int parts, const Body& body)
{
    parts = int(std::max<size_t>(1, std::min<size_t>(size_t(parts), n)));
    if (parts == 1) {
        body(size_t(0), n, 0);
        return;
    }
    std::vector<std::thread> workers;
    workers.reserve(size_t(parts - 1));
    for (int p = 1; p < parts; ++p)
        workers.emplace_back(
            [&, p] { body(n * size_t(p) / size_t(parts), n * size_t(p + 1) / size_t(parts), p); });
    body(0, n / size_t(parts), 0);
    for (std::thread& w : workers)
        w.join();
}

double nextGaussian(uint64_t& state)
{
    // Box-Muller on two uniform draws in (0, 1].
    const double u1 = (double(splitmix64(state) >> 11) + 1.0) / 9007199254740993.0;
    const double u2 = double(splitmix64(state) >> 11) / 9007199254740992.0;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

// Finds the Gaussian precision beta for which the conditional distribution
// p_j = exp(-beta d_j) / sum over the given squared distances has entropy
// log(perplexity), by bisection on beta (entropy falls as beta grows), and
// writes that distribution to `p`.
void calibrateRow(const double* squaredDistances, size_t m, double logPerplexity, double* p)
{
    double beta = 1, betaLow = 0, betaHigh = std::numeric_limits<double>::infinity();
    // Distances relative to the nearest keep exp() away from underflow for
    // far-apart data; the shift cancels in the normalisation.
    double nearest = std::numeric_limits<double>::infinity();
    for (size_t j = 0; j < m; ++j)
        nearest = std::min(nearest, squaredDistances[j]);
    for (int step = 0; step < 200; ++step) {
        double sum = 0, weighted = 0;
        for (size_t j = 0; j < m; ++j) {
            const double d = squaredDistances[j] - nearest;
            p[j] = std::exp(-beta * d);
            sum += p[j];
            weighted += d * p[j];
        }
        const double entropy = std::log(sum) + beta * weighted / sum;
        const double difference = entropy - logPerplexity;
        if (std::abs(difference) < 1e-5)
            break;
        if (difference > 0) { // too flat: sharpen
            betaLow = beta;
            beta = std::isinf(betaHigh) ? beta * 2 : 0.5 * (beta + betaHigh);
        } else {
            betaHigh = beta;
            beta = 0.5 * (beta + betaLow);
        }
    }
    double sum = 0;
    for (size_t j = 0; j < m; ++j)
        sum += p[j];
    for (size_t j = 0; j < m; ++j)
        p[j] /= sum;
}

double squaredDistance(const float* a, const float* b, size_t dimensions)
{
    double sum = 0;
    for (size_t d = 0; d < dimensions; ++d) {
        const double diff = double(a[d]) - double(b[d]);
        sum += diff * diff;
    }
    return sum;
}

// Symmetric joint affinities P (summing to 1) in compressed rows.
struct SparseAffinities
{
    std::vector<size_t> rowStart; // n + 1
    std::vector<uint32_t> column;
    std::vector<double> value;
};

SparseAffinities sparseAffinities(const float* data, size_t n, size_t dimensions, double perplexity,
                                  int threads, uint64_t seed, const JobControl* job)
{
    const int k = int(std::min<double>(double(n - 1), std::floor(3 * perplexity)));
    reportProgress(job, 0, QCoreApplication::translate("TsneEmbedding", "Nearest neighbours"));
    const VantagePointTree tree(data, n, dimensions, seed);
    std::vector<uint32_t> neighbours(n * size_t(k));
    std::vector<double> conditional(n * size_t(k));
    const double logPerplexity = std::log(perplexity);
    parallelSlices(n, threads, [&](size_t begin, size_t end, int) {
        std::vector<uint32_t> indices;
        std::vector<float> distances;
        std::vector<double> squared(static_cast<size_t>(k));
        for (size_t i = begin; i < end; ++i) {
            tree.nearest(i, k, indices, distances);
            for (int j = 0; j < k; ++j) {
                squared[size_t(j)] = double(distances[size_t(j)]) * double(distances[size_t(j)]);
                neighbours[i * size_t(k) + size_t(j)] = indices[size_t(j)];
            }
            calibrateRow(squared.data(), size_t(k), logPerplexity,
                         conditional.data() + i * size_t(k));
        }
    });
    throwIfCancelled(job);

    // P_ij = (p_j|i + p_i|j) / 2n: each conditional entry lands in both rows,
    // then equal (row, column) pairs are merged.
    struct Entry
    {
        uint32_t row, column;
        double value;
    };
    std::vector<Entry> entries;
    entries.reserve(2 * n * size_t(k));
    for (size_t i = 0; i < n; ++i) {
        for (int j = 0; j < k; ++j) {
            const uint32_t other = neighbours[i * size_t(k) + size_t(j)];
            const double v = conditional[i * size_t(k) + size_t(j)];
            entries.push_back({uint32_t(i), other, v});
            entries.push_back({other, uint32_t(i), v});
        }
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.row != b.row ? a.row < b.row : a.column < b.column;
    });
    SparseAffinities p;
    p.rowStart.assign(n + 1, 0);
    double total = 0;
    for (size_t e = 0; e < entries.size();) {
        size_t f = e;
        double v = 0;
        while (f < entries.size() && entries[f].row == entries[e].row &&
               entries[f].column == entries[e].column)
            v += entries[f++].value;
        p.column.push_back(entries[e].column);
        p.value.push_back(v);
        p.rowStart[entries[e].row + 1] += 1;
        total += v;
        e = f;
    }
    for (size_t i = 0; i < n; ++i)
        p.rowStart[i + 1] += p.rowStart[i];
    for (double& v : p.value)
        v /= total;
    return p;
}

// Dense symmetric joint affinities (n x n, summing to 1) from all pairs.
std::vector<double> denseAffinities(const float* data, size_t n, size_t dimensions,
                                    double perplexity, int threads)
{
    std::vector<double> p(n * n, 0.0);
    const double logPerplexity = std::log(perplexity);
    parallelSlices(n, threads, [&](size_t begin, size_t end, int) {
        std::vector<double> squared(n - 1), row(n - 1);
        for (size_t i = begin; i < end; ++i) {
            for (size_t j = 0, m = 0; j < n; ++j) {
                if (j != i)
                    squared[m++] =
                        squaredDistance(data + i * dimensions, data + j * dimensions, dimensions);
            }
            calibrateRow(squared.data(), n - 1, logPerplexity, row.data());
            for (size_t j = 0, m = 0; j < n; ++j) {
                if (j != i)
                    p[i * n + j] = row[m++];
            }
        }
    });
    double total = 0;
    for (size_t i = 0; i < n; ++i) {
        for (size_t j = i + 1; j < n; ++j) {
            const double v = p[i * n + j] + p[j * n + i];
            p[i * n + j] = p[j * n + i] = v;
            total += 2 * v;
        }
    }
    for (double& v : p)
        v /= total;
    return p;
}

// The first two principal components of the data, scaled so that the first
// has standard deviation 1e-4: a start that keeps the global layout (as
// sklearn's init="pca") yet small enough not to bias the optimisation.
std::vector<double> principalComponentStart(const float* data, size_t n, size_t dimensions)
{
    std::vector<double> mean(dimensions, 0.0);
    for (size_t i = 0; i < n; ++i)
        for (size_t d = 0; d < dimensions; ++d)
            mean[d] += data[i * dimensions + d];
    for (double& m : mean)
        m /= double(n);
    std::vector<double> covariance(dimensions * dimensions, 0.0);
    std::vector<double> centred(dimensions);
    for (size_t i = 0; i < n; ++i) {
        for (size_t d = 0; d < dimensions; ++d)
            centred[d] = data[i * dimensions + d] - mean[d];
        for (size_t a = 0; a < dimensions; ++a) {
            const double ca = centred[a];
            double* row = covariance.data() + a * dimensions;
            for (size_t b = a; b < dimensions; ++b)
                row[b] += ca * centred[b];
        }
    }
    for (size_t a = 0; a < dimensions; ++a)
        for (size_t b = 0; b < a; ++b)
            covariance[a * dimensions + b] = covariance[b * dimensions + a];

    // Power iteration for the two leading eigenvectors, the second after
    // deflating the first.
    std::vector<std::vector<double>> components;
    for (int c = 0; c < 2; ++c) {
        std::vector<double> v(dimensions), next(dimensions);
        for (size_t d = 0; d < dimensions; ++d)
            v[d] = 1.0 + 0.1 * double(d % 7) + (c == 1 ? double(d % 3) : 0.0);
        double eigenvalue = 0;
        for (int step = 0; step < 300; ++step) {
            for (size_t a = 0; a < dimensions; ++a) {
                double s = 0;
                for (size_t b = 0; b < dimensions; ++b)
                    s += covariance[a * dimensions + b] * v[b];
                next[a] = s;
            }
            for (const auto& previous : components) {
                // Remove the found component's direction.
                double dot = 0;
                for (size_t d = 0; d < dimensions; ++d)
                    dot += next[d] * previous[d];
                for (size_t d = 0; d < dimensions; ++d)
                    next[d] -= dot * previous[d];
            }
            double norm = 0;
            for (double x : next)
                norm += x * x;
            norm = std::sqrt(norm);
            if (norm <= 0)
                break;
            eigenvalue = norm;
            double change = 0;
            for (size_t d = 0; d < dimensions; ++d) {
                const double x = next[d] / norm;
                change += std::abs(x - v[d]);
                v[d] = x;
            }
            if (change < 1e-10)
                break;
        }
        (void)eigenvalue;
        components.push_back(v);
    }

    std::vector<double> y(2 * n);
    for (size_t i = 0; i < n; ++i) {
        for (int c = 0; c < 2; ++c) {
            double s = 0;
            for (size_t d = 0; d < dimensions; ++d)
                s += (data[i * dimensions + d] - mean[d]) * components[size_t(c)][d];
            y[2 * i + size_t(c)] = s;
        }
    }
    double mx = 0, sx = 0;
    for (size_t i = 0; i < n; ++i)
        mx += y[2 * i];
    mx /= double(n);
    for (size_t i = 0; i < n; ++i)
        sx += (y[2 * i] - mx) * (y[2 * i] - mx);
    sx = std::sqrt(sx / double(n));
    const double scale = sx > 0 ? 1e-4 / sx : 1.0;
    for (double& v : y)
        v *= scale;
    return y;
}

std::vector<double> randomStart(size_t n, uint64_t seed)
{
    uint64_t state = seed;
    std::vector<double> y(2 * n);
    for (double& v : y)
        v = 1e-4 * nextGaussian(state);
    return y;
}

// Gradient of KL(P || Q) with Barnes-Hut repulsion; returns the KL estimate
// (with the unexaggerated P) when asked, else 0.
double barnesHutGradient(const SparseAffinities& p, const std::vector<double>& y, size_t n,
                         double exaggeration, double theta, int threads, BarnesHutQuadTree& tree,
                         std::vector<double>& repulsion, std::vector<double>& gradient, bool wantKl)
{
    tree.build(y.data(), n);
    std::vector<double> partialZ(size_t(threads), 0.0);
    parallelSlices(n, threads, [&](size_t begin, size_t end, int part) {
        double z = 0;
        const std::vector<uint32_t>& order = tree.spatialOrder();
        for (size_t k = begin; k < end; ++k) {
            const size_t i = order[k];
            double fx = 0, fy = 0;
            z += tree.repulsion(i, theta, fx, fy);
            repulsion[2 * i] = fx;
            repulsion[2 * i + 1] = fy;
        }
        partialZ[size_t(part)] = z;
    });
    double z = 0;
    for (double s : partialZ)
        z += s;
    const double inverseZ = 1.0 / std::max(z, std::numeric_limits<double>::min());

    std::vector<double> partialKl(size_t(threads), 0.0);
    parallelSlices(n, threads, [&](size_t begin, size_t end, int part) {
        double kl = 0;
        for (size_t i = begin; i < end; ++i) {
            const double xi = y[2 * i], yi = y[2 * i + 1];
            double ax = 0, ay = 0;
            for (size_t e = p.rowStart[i]; e < p.rowStart[i + 1]; ++e) {
                const size_t j = p.column[e];
                const double dx = xi - y[2 * j], dy = yi - y[2 * j + 1];
                const double q = 1.0 / (1.0 + dx * dx + dy * dy);
                const double pq = exaggeration * p.value[e] * q;
                ax += pq * dx;
                ay += pq * dy;
                if (wantKl && p.value[e] > 0)
                    kl += p.value[e] * std::log(p.value[e] / std::max(q * inverseZ, 1e-300));
            }
            gradient[2 * i] = 4 * (ax - repulsion[2 * i] * inverseZ);
            gradient[2 * i + 1] = 4 * (ay - repulsion[2 * i + 1] * inverseZ);
        }
        partialKl[size_t(part)] = kl;
    });
    double kl = 0;
    for (double s : partialKl)
        kl += s;
    return kl;
}

double exactGradient(const std::vector<double>& p, const std::vector<double>& y, size_t n,
                     double exaggeration, int threads, std::vector<double>& gradient, bool wantKl)
{
    std::vector<double> partialZ(size_t(threads), 0.0);
    parallelSlices(n, threads, [&](size_t begin, size_t end, int part) {
        double z = 0;
        for (size_t i = begin; i < end; ++i) {
            for (size_t j = 0; j < n; ++j) {
                if (j == i)
                    continue;
                const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                z += 1.0 / (1.0 + dx * dx + dy * dy);
            }
        }
        partialZ[size_t(part)] = z;
    });
    double z = 0;
    for (double s : partialZ)
        z += s;
    const double inverseZ = 1.0 / std::max(z, std::numeric_limits<double>::min());
    std::vector<double> partialKl(size_t(threads), 0.0);
    parallelSlices(n, threads, [&](size_t begin, size_t end, int part) {
        double kl = 0;
        for (size_t i = begin; i < end; ++i) {
            double gx = 0, gy = 0;
            for (size_t j = 0; j < n; ++j) {
                if (j == i)
                    continue;
                const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                const double numerator = 1.0 / (1.0 + dx * dx + dy * dy);
                const double pij = p[i * n + j];
                const double force = (exaggeration * pij - numerator * inverseZ) * numerator;
                gx += force * dx;
                gy += force * dy;
                if (wantKl && pij > 0)
                    kl += pij * std::log(pij / std::max(numerator * inverseZ, 1e-300));
            }
            gradient[2 * i] = 4 * gx;
            gradient[2 * i + 1] = 4 * gy;
        }
        partialKl[size_t(part)] = kl;
    });
    double kl = 0;
    for (double s : partialKl)
        kl += s;
    return kl;
}

} // namespace

QJsonObject TsneOptions::toJson() const
{
    QJsonObject json;
    json["perplexity"] = perplexity;
    json["iterations"] = iterations;
    json["early_exaggeration"] = earlyExaggeration;
    json["early_exaggeration_iterations"] = earlyExaggerationIterations;
    json["learning_rate"] = learningRate;
    json["theta"] = theta;
    json["method"] = method == TsneMethod::Exact       ? "exact"
                     : method == TsneMethod::BarnesHut ? "barnes-hut"
                                                       : "auto";
    json["pca_initialisation"] = pcaInitialisation;
    json["seed"] = double(seed);
    return json;
}

TsneOptions TsneOptions::fromJson(const QJsonObject& json)
{
    TsneOptions o;
    o.perplexity = json.value("perplexity").toDouble(o.perplexity);
    o.iterations = json.value("iterations").toInt(o.iterations);
    o.earlyExaggeration = json.value("early_exaggeration").toDouble(o.earlyExaggeration);
    o.earlyExaggerationIterations =
        json.value("early_exaggeration_iterations").toInt(o.earlyExaggerationIterations);
    o.learningRate = json.value("learning_rate").toDouble(o.learningRate);
    o.theta = json.value("theta").toDouble(o.theta);
    const QString method = json.value("method").toString("auto");
    o.method = method == "exact"        ? TsneMethod::Exact
               : method == "barnes-hut" ? TsneMethod::BarnesHut
                                        : TsneMethod::Automatic;
    o.pcaInitialisation = json.value("pca_initialisation").toBool(o.pcaInitialisation);
    o.seed = uint64_t(json.value("seed").toDouble(double(o.seed)));
    return o;
}

TsneResult TsneEmbedding::compute(const float* data, size_t count, size_t dimensions,
                                  const TsneOptions& options, const JobControl* job)
{
    if (count < 3)
        throw std::invalid_argument("t-SNE needs at least 3 points");
    if (dimensions == 0)
        throw std::invalid_argument("t-SNE needs at least one dimension");
    if (!(options.perplexity > 0) || options.perplexity >= double(count))
        throw std::invalid_argument("t-SNE perplexity must be above 0 and below the number "
                                    "of points (" +
                                    std::to_string(count) + ")");
    if (options.iterations < 1)
        throw std::invalid_argument("t-SNE needs at least one iteration");
    const int threads = threadCountFor(options.threads);
    const bool exact =
        options.method == TsneMethod::Exact ||
        (options.method == TsneMethod::Automatic && count <= options.exactPointLimit);

    SparseAffinities sparse;
    std::vector<double> dense;
    if (exact)
        dense = denseAffinities(data, count, dimensions, options.perplexity, threads);
    else
        sparse = sparseAffinities(data, count, dimensions, options.perplexity, threads,
                                  options.seed, job);
    throwIfCancelled(job);

    std::vector<double> y = options.pcaInitialisation && dimensions >= 2
                                ? principalComponentStart(data, count, dimensions)
                                : randomStart(count, options.seed);
    const double learningRate =
        options.learningRate > 0
            ? options.learningRate
            : std::max(double(count) / std::max(options.earlyExaggeration, 1e-12) / 4, 50.0);

    std::vector<double> gradient(2 * count), update(2 * count, 0.0), gains(2 * count, 1.0);
    std::vector<double> repulsion(2 * count);
    BarnesHutQuadTree tree;
    TsneResult result;
    result.exact = exact;
    const int klEvery = std::max(1, options.klEvery);
    const QString what = QCoreApplication::translate("TsneEmbedding", "t-SNE iterations");
    for (int iteration = 0; iteration < options.iterations; ++iteration) {
        throwIfCancelled(job);
        const bool early = iteration < options.earlyExaggerationIterations;
        if (iteration == options.earlyExaggerationIterations) {
            // A new phase starts from rest, as in the reference implementations.
            std::fill(update.begin(), update.end(), 0.0);
            std::fill(gains.begin(), gains.end(), 1.0);
        }
        const double exaggeration = early ? options.earlyExaggeration : 1.0;
        const double momentum = early ? 0.5 : 0.8;
        const bool last = iteration + 1 == options.iterations;
        const bool wantKl = last || (iteration + 1) % klEvery == 0;
        const double kl =
            exact ? exactGradient(dense, y, count, exaggeration, threads, gradient, wantKl)
                  : barnesHutGradient(sparse, y, count, exaggeration, options.theta, threads, tree,
                                      repulsion, gradient, wantKl);
        for (size_t c = 0; c < 2 * count; ++c) {
            // Delta-bar-delta gains: grow a step that keeps its direction,
            // shrink one that reverses.
            if (update[c] * gradient[c] < 0)
                gains[c] += 0.2;
            else
                gains[c] *= 0.8;
            gains[c] = std::max(gains[c], 0.01);
            update[c] = momentum * update[c] - learningRate * gains[c] * gradient[c];
            y[c] += update[c];
        }
        if (wantKl) {
            result.klHistory.emplace_back(iteration + 1, kl);
            result.klDivergence = kl;
        }
        if (iteration % 10 == 0 || last)
            reportProgress(job, double(iteration + 1) / options.iterations, what);
    }
    result.iterations = options.iterations;
    result.positions.assign(y.begin(), y.end());
    return result;
}

double TsneEmbedding::exactKlDivergence(const float* data, size_t count, size_t dimensions,
                                        double perplexity, const float* positions)
{
    const std::vector<double> p =
        denseAffinities(data, count, dimensions, perplexity, threadCountFor(0));
    double z = 0;
    for (size_t i = 0; i < count; ++i)
        for (size_t j = 0; j < count; ++j)
            if (i != j) {
                const double dx = double(positions[2 * i]) - positions[2 * j];
                const double dy = double(positions[2 * i + 1]) - positions[2 * j + 1];
                z += 1.0 / (1.0 + dx * dx + dy * dy);
            }
    double kl = 0;
    for (size_t i = 0; i < count; ++i)
        for (size_t j = 0; j < count; ++j) {
            const double pij = p[i * count + j];
            if (i == j || pij <= 0)
                continue;
            const double dx = double(positions[2 * i]) - positions[2 * j];
            const double dy = double(positions[2 * i + 1]) - positions[2 * j + 1];
            const double q = 1.0 / (1.0 + dx * dx + dy * dy) / z;
            kl += pij * std::log(pij / std::max(q, 1e-300));
        }
    return kl;
}

} // namespace kinemark
