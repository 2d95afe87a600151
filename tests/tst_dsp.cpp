// DSP in core: level-of-detail min/max pyramid.
#include "MinMaxPyramid.h"

#include <QtTest>
#include <algorithm>
#include <random>

using namespace kinemark;

class TestDsp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pyramidRangesAreExact_data();
    void pyramidRangesAreExact();
    void pyramidColumnsKeepSpikes();
    void pyramidIsSmall();
};

void TestDsp::pyramidRangesAreExact_data()
{
    QTest::addColumn<qint64>("count");
    QTest::newRow("shorter than a bucket") << qint64(7);
    QTest::newRow("one bucket") << qint64(16);
    QTest::newRow("odd levels") << qint64(16 * 37 + 5);
    QTest::newRow("power of two") << qint64(16 * 1024);
    QTest::newRow("large ragged") << qint64(200003);
}

void TestDsp::pyramidRangesAreExact()
{
    QFETCH(qint64, count);
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.f, 1.f);
    std::vector<float> x(static_cast<size_t>(count));
    for (float& v : x)
        v = noise(rng);
    MinMaxPyramid p;
    p.build(x.data(), count);
    std::uniform_int_distribution<int64_t> pos(0, count - 1);
    for (int trial = 0; trial < 3000; ++trial) {
        int64_t a = pos(rng), b = pos(rng);
        if (a > b)
            std::swap(a, b);
        ++b;
        float mn, mx;
        p.rangeMinMax(x.data(), a, b, &mn, &mx);
        const auto [emn, emx] = std::minmax_element(x.begin() + a, x.begin() + b);
        QCOMPARE(mn, *emn);
        QCOMPARE(mx, *emx);
    }
    // The whole range too.
    float mn, mx;
    p.rangeMinMax(x.data(), 0, count, &mn, &mx);
    QCOMPARE(mn, *std::min_element(x.begin(), x.end()));
    QCOMPARE(mx, *std::max_element(x.begin(), x.end()));
}

void TestDsp::pyramidColumnsKeepSpikes()
{
    // A day at 50 Hz of small noise with single-sample spikes: each must show in its column.
    const int64_t n = 86400 * 50;
    std::vector<float> x(static_cast<size_t>(n));
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> small(-0.01f, 0.01f);
    for (float& v : x)
        v = small(rng);
    const std::vector<int64_t> spikes{12345, 1000001, 2500000, n - 1};
    for (int64_t s : spikes)
        x[size_t(s)] = 8.f;
    x[3000000] = -6.f;
    MinMaxPyramid p;
    p.build(x.data(), n);
    const int columns = 1000;
    std::vector<float> mins(columns), maxs(columns);
    p.columns(x.data(), 0, double(n), columns, mins.data(), maxs.data());
    const double per = double(n) / columns;
    for (int64_t s : spikes)
        QCOMPARE(maxs[size_t(s / per)], 8.f);
    QCOMPARE(mins[size_t(3000000 / per)], -6.f);
    // Every column equals a brute-force scan of its samples.
    for (int c = 0; c < columns; c += 37) {
        const int64_t a = int64_t(std::floor(c * per)), b = int64_t(std::floor((c + 1) * per));
        QCOMPARE(mins[size_t(c)], *std::min_element(x.begin() + a, x.begin() + b));
        QCOMPARE(maxs[size_t(c)], *std::max_element(x.begin() + a, x.begin() + b));
    }
    // Zoomed in below one sample per column: columns repeat their sample.
    std::vector<float> m2(10), M2(10);
    p.columns(x.data(), 12344, 12346, 10, m2.data(), M2.data());
    QCOMPARE(M2[9], 8.f);
    QVERIFY(M2[0] < 1.f);
}

void TestDsp::pyramidIsSmall()
{
    std::vector<float> x(1 << 20, 1.f);
    MinMaxPyramid p;
    p.build(x.data(), int64_t(x.size()));
    // At most a quarter of the raw column (n/16 buckets * 2 values * ~2 for all levels).
    QVERIFY(p.memoryBytes() <= x.size() * sizeof(float) / 4 + 64);
    QVERIFY(p.levelCount() > 10);
}

QTEST_GUILESS_MAIN(TestDsp)
#include "tst_dsp.moc"
