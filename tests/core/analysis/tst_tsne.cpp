// t-SNE and its two trees: neighbours and forces against brute force, well
// separated Gaussian clusters stay separated in the map, the KL divergence
// falls, a seed gives the same map, and cancel stops it.
#include "core/analysis/tsne/BarnesHutQuadTree.h"
#include "core/analysis/tsne/TsneEmbedding.h"
#include "core/analysis/tsne/VantagePointTree.h"
#include "core/base/JobControl.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <random>

using namespace kinemark;

namespace {

// `clusters` Gaussian blobs of unit deviation in `dimensions` dimensions whose
// centres lie `spacing` apart along distinct axes; labels say which blob.
std::vector<float> gaussianClusters(int clusters, int perCluster, int dimensions, double spacing,
                                    std::vector<int>& labels, uint32_t seed = 7)
{
    std::mt19937 random(seed);
    std::normal_distribution<float> noise(0.f, 1.f);
    std::vector<float> data;
    labels.clear();
    for (int c = 0; c < clusters; ++c) {
        for (int i = 0; i < perCluster; ++i) {
            for (int d = 0; d < dimensions; ++d)
                data.push_back(noise(random) + (d == c ? float(spacing) : 0.f));
            labels.push_back(c);
        }
    }
    return data;
}

// Fraction of points whose nearest other point in the map has their label.
double nearestNeighbourAgreement(const std::vector<float>& y, const std::vector<int>& labels)
{
    const size_t n = labels.size();
    int agree = 0;
    for (size_t i = 0; i < n; ++i) {
        double best = 1e300;
        size_t nearest = i;
        for (size_t j = 0; j < n; ++j) {
            if (j == i)
                continue;
            const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
            if (dx * dx + dy * dy < best) {
                best = dx * dx + dy * dy;
                nearest = j;
            }
        }
        agree += labels[nearest] == labels[i];
    }
    return double(agree) / double(n);
}

// Smallest gap between two clusters' points over the largest distance of a
// point to its own cluster's centre: above 1 means the clusters do not touch.
double separationRatio(const std::vector<float>& y, const std::vector<int>& labels, int clusters)
{
    std::vector<double> cx(size_t(clusters), 0), cy(size_t(clusters), 0);
    std::vector<int> counts(size_t(clusters), 0);
    for (size_t i = 0; i < labels.size(); ++i) {
        cx[size_t(labels[i])] += y[2 * i];
        cy[size_t(labels[i])] += y[2 * i + 1];
        counts[size_t(labels[i])] += 1;
    }
    for (int c = 0; c < clusters; ++c) {
        cx[size_t(c)] /= counts[size_t(c)];
        cy[size_t(c)] /= counts[size_t(c)];
    }
    double radius = 0;
    for (size_t i = 0; i < labels.size(); ++i)
        radius = std::max(radius, std::hypot(y[2 * i] - cx[size_t(labels[i])],
                                             y[2 * i + 1] - cy[size_t(labels[i])]));
    double gap = 1e300;
    for (size_t i = 0; i < labels.size(); ++i)
        for (size_t j = i + 1; j < labels.size(); ++j)
            if (labels[i] != labels[j])
                gap = std::min(
                    gap, double(std::hypot(y[2 * i] - y[2 * j], y[2 * i + 1] - y[2 * j + 1])));
    return gap / radius;
}

} // namespace

class TestTsne : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void vantagePointTreeFindsTheTrueNeighbours();
    void quadTreeWithZeroThetaIsExactRepulsion();
    void barnesHutKeepsSeparatedClustersApartAndKlFalls();
    void exactKeepsSeparatedClustersApartAndKlFalls();
    void barnesHutAgreesWithExactOnKl();
    void sameSeedSameMap();
    void cancelStopsAndBadInputIsRefused();
};

void TestTsne::vantagePointTreeFindsTheTrueNeighbours()
{
    std::mt19937 random(3);
    std::uniform_real_distribution<float> uniform(-1.f, 1.f);
    const size_t n = 500, dims = 6;
    std::vector<float> data(n * dims);
    for (float& v : data)
        v = uniform(random);
    const VantagePointTree tree(data.data(), n, dims, 11);
    std::vector<uint32_t> indices;
    std::vector<float> distances;
    for (size_t q = 0; q < n; q += 7) {
        std::vector<std::pair<float, uint32_t>> all;
        for (size_t j = 0; j < n; ++j) {
            if (j == q)
                continue;
            float s = 0;
            for (size_t d = 0; d < dims; ++d)
                s += (data[q * dims + d] - data[j * dims + d]) *
                     (data[q * dims + d] - data[j * dims + d]);
            all.emplace_back(std::sqrt(s), uint32_t(j));
        }
        std::sort(all.begin(), all.end());
        tree.nearest(q, 15, indices, distances);
        QCOMPARE(indices.size(), size_t(15));
        for (size_t k = 0; k < 15; ++k) {
            QCOMPARE(indices[k], all[k].second);
            QVERIFY(std::abs(distances[k] - all[k].first) < 1e-5f);
        }
    }
    // Asking for more than there is gives everything else.
    tree.nearest(0, 1000, indices, distances);
    QCOMPARE(indices.size(), n - 1);
}

void TestTsne::quadTreeWithZeroThetaIsExactRepulsion()
{
    std::mt19937 random(5);
    std::normal_distribution<double> noise(0, 3);
    const size_t n = 300;
    std::vector<double> y(2 * n);
    for (double& v : y)
        v = noise(random);
    y[2 * 10] = y[2 * 11]; // a duplicate point must not break the tree
    y[2 * 10 + 1] = y[2 * 11 + 1];
    BarnesHutQuadTree tree;
    tree.build(y.data(), n);
    for (size_t i = 0; i < n; i += 13) {
        double fx = 0, fy = 0;
        const double z = tree.repulsion(i, 0.0, fx, fy);
        double ez = 0, ex = 0, ey = 0;
        for (size_t j = 0; j < n; ++j) {
            if (j == i)
                continue;
            const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
            const double q = 1 / (1 + dx * dx + dy * dy);
            ez += q;
            ex += q * q * dx;
            ey += q * q * dy;
        }
        QVERIFY2(std::abs(z - ez) < 1e-9 * ez, qPrintable(QString("%1 vs %2").arg(z).arg(ez)));
        QVERIFY(std::abs(fx - ex) < 1e-9 + 1e-9 * std::abs(ex));
        QVERIFY(std::abs(fy - ey) < 1e-9 + 1e-9 * std::abs(ey));
        // With the usual angle the approximation stays close.
        double ax = 0, ay = 0;
        const double az = tree.repulsion(i, 0.5, ax, ay);
        QVERIFY(std::abs(az - ez) < 0.05 * ez);
    }
}

void TestTsne::barnesHutKeepsSeparatedClustersApartAndKlFalls()
{
    std::vector<int> labels;
    const std::vector<float> data = gaussianClusters(4, 250, 10, 25.0, labels);
    TsneOptions options;
    options.method = TsneMethod::BarnesHut;
    options.iterations = 500;
    options.threads = 2;
    const TsneResult r = TsneEmbedding::compute(data.data(), labels.size(), 10, options);
    QVERIFY(!r.exact);
    QCOMPARE(r.positions.size(), 2 * labels.size());
    QCOMPARE(nearestNeighbourAgreement(r.positions, labels), 1.0);
    const double separation = separationRatio(r.positions, labels, 4);
    QVERIFY2(separation > 1.0, qPrintable(QString::number(separation)));
    // KL is sampled every 50 iterations: it falls over the run, and within the
    // phase after early exaggeration (where P is no longer scaled).
    QCOMPARE(r.klHistory.size(), size_t(10));
    QVERIFY(r.klHistory.back().second < r.klHistory.front().second);
    QVERIFY(r.klHistory.back().second < r.klHistory[5].second);
    QCOMPARE(r.klDivergence, r.klHistory.back().second);
}

void TestTsne::exactKeepsSeparatedClustersApartAndKlFalls()
{
    std::vector<int> labels;
    const std::vector<float> data = gaussianClusters(3, 60, 8, 25.0, labels);
    TsneOptions options;
    options.perplexity = 20;
    options.iterations = 400;
    const TsneResult r = TsneEmbedding::compute(data.data(), labels.size(), 8, options);
    QVERIFY(r.exact); // 180 points: the automatic choice is exact
    QCOMPARE(nearestNeighbourAgreement(r.positions, labels), 1.0);
    QVERIFY(separationRatio(r.positions, labels, 3) > 1.0);
    QVERIFY(r.klHistory.back().second < r.klHistory.front().second);
    // The reported KL is the true KL of the returned map, up to the last step.
    const double check =
        TsneEmbedding::exactKlDivergence(data.data(), labels.size(), 8, 20, r.positions.data());
    QVERIFY2(std::abs(check - r.klDivergence) < 0.02 * check + 1e-3,
             qPrintable(QString("%1 vs %2").arg(check).arg(r.klDivergence)));
}

void TestTsne::barnesHutAgreesWithExactOnKl()
{
    // Both methods, same data: their maps are equally good by the exact KL
    // (Barnes-Hut only approximates the forces and P's far tail).
    std::vector<int> labels;
    const std::vector<float> data = gaussianClusters(3, 100, 6, 6.0, labels, 9);
    TsneOptions options;
    options.perplexity = 15;
    options.iterations = 500;
    options.method = TsneMethod::Exact;
    const TsneResult exact = TsneEmbedding::compute(data.data(), labels.size(), 6, options);
    options.method = TsneMethod::BarnesHut;
    const TsneResult approximate = TsneEmbedding::compute(data.data(), labels.size(), 6, options);
    const double klExact =
        TsneEmbedding::exactKlDivergence(data.data(), labels.size(), 6, 15, exact.positions.data());
    const double klApproximate = TsneEmbedding::exactKlDivergence(data.data(), labels.size(), 6, 15,
                                                                  approximate.positions.data());
    QVERIFY2(klApproximate < 1.15 * klExact,
             qPrintable(QString("BH %1, exact %2").arg(klApproximate).arg(klExact)));
}

void TestTsne::sameSeedSameMap()
{
    std::vector<int> labels;
    const std::vector<float> data = gaussianClusters(2, 100, 5, 10.0, labels);
    TsneOptions options;
    options.method = TsneMethod::BarnesHut;
    options.iterations = 100;
    options.threads = 2;
    options.pcaInitialisation = false;
    const TsneResult a = TsneEmbedding::compute(data.data(), labels.size(), 5, options);
    const TsneResult b = TsneEmbedding::compute(data.data(), labels.size(), 5, options);
    QVERIFY(a.positions == b.positions);
    options.seed = 2;
    const TsneResult c = TsneEmbedding::compute(data.data(), labels.size(), 5, options);
    QVERIFY(a.positions != c.positions);
}

void TestTsne::cancelStopsAndBadInputIsRefused()
{
    std::vector<int> labels;
    const std::vector<float> data = gaussianClusters(2, 100, 5, 10.0, labels);
    std::atomic<bool> cancel{false};
    double lastFraction = 0;
    JobControl job;
    job.cancelRequested = &cancel;
    job.progress = [&](double fraction, const QString&) {
        lastFraction = fraction;
        if (fraction > 0.3)
            cancel = true;
    };
    TsneOptions options;
    options.iterations = 1000;
    QVERIFY_THROWS_EXCEPTION(Cancelled,
                             TsneEmbedding::compute(data.data(), labels.size(), 5, options, &job));
    QVERIFY(lastFraction > 0.3 && lastFraction < 0.4);
    options.perplexity = 200;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             TsneEmbedding::compute(data.data(), labels.size(), 5, options));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             TsneEmbedding::compute(data.data(), 2, 5, TsneOptions()));
}

QTEST_GUILESS_MAIN(TestTsne)
#include "tst_tsne.moc"
