// DSP in core: level-of-detail min/max pyramid.
#include "core/dsp/MinMaxPyramid.h"
#include "core/dsp/SignalPyramids.h"
#include "core/dsp/SpectrogramStore.h"
#include "core/dsp/Stft.h"
#include "core/model/Recording.h"

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
    void stftSinePeaksInItsBin_data();
    void stftSinePeaksInItsBin();
    void stftDftEqualsFft();
    void stftFrameCountsMatchSelfPab();
    void spectrogramStoreOverviewAndTiles();
    void spectrogramStoreRespectsBudget();
    void signalPyramidsCoverEveryChannel();
};

namespace {
// Two channels: a 3 Hz sine for the first hour, 12 Hz after; the second channel is 7 Hz throughout.
std::shared_ptr<Recording> makeToneRecording(double seconds)
{
    auto r = std::make_shared<Recording>();
    r->id = "tones";
    r->sampleRateHz = 50;
    Sensor s;
    s.name = "thigh";
    const size_t n = size_t(seconds * 50);
    Channel a{"x", "acc", "g", std::vector<float>(n)}, b{"y", "acc", "g", std::vector<float>(n)};
    for (size_t i = 0; i < n; ++i) {
        const double t = i / 50.0;
        a.samples[i] = float(std::sin(2 * M_PI * (t < 3600 ? 3.0 : 12.0) * t));
        b.samples[i] = float(std::sin(2 * M_PI * 7.0 * t));
    }
    s.channels = {a, b};
    r->sensors.push_back(s);
    return r;
}

int peakBin(const float* row, int bins)
{
    return int(std::max_element(row + 1, row + bins) - row);
}
} // namespace

void TestDsp::pyramidRangesAreExact_data()
{
    QTest::addColumn<qint64>("count");
    QTest::newRow("shorter than a bucket") << qint64(7);
    QTest::newRow("one bucket") << qint64(MinMaxPyramid::kBaseBucket);
    QTest::newRow("odd levels") << qint64(MinMaxPyramid::kBaseBucket * 37 + 5);
    QTest::newRow("power of two") << qint64(MinMaxPyramid::kBaseBucket * 1024);
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
    const auto edge = [&](int c) { return MinMaxPyramid::columnEdge(0, double(n), columns, c); };
    // The columns tile the samples: contiguous, none empty, the first at 0 and the last at n.
    QCOMPARE(edge(0), int64_t(0));
    QCOMPARE(edge(columns), n);
    const auto columnOf = [&](int64_t s) {
        int c = 0;
        while (edge(c + 1) <= s)
            ++c;
        return size_t(c);
    };
    for (int c = 0; c < columns; ++c)
        QVERIFY(edge(c + 1) > edge(c));
    for (int64_t s : spikes)
        QCOMPARE(maxs[columnOf(s)], 8.f);
    QCOMPARE(mins[columnOf(3000000)], -6.f);
    // Every column equals a brute-force scan of its samples.
    for (int c = 0; c < columns; c += 37) {
        const int64_t a = edge(c), b = edge(c + 1);
        QCOMPARE(mins[size_t(c)], *std::min_element(x.begin() + a, x.begin() + b));
        QCOMPARE(maxs[size_t(c)], *std::max_element(x.begin() + a, x.begin() + b));
    }
    // Zoomed in below one sample per column: columns repeat their sample.
    std::vector<float> m2(10), M2(10);
    p.columns(x.data(), 12344, 12346, 10, m2.data(), M2.data());
    QCOMPARE(M2[9], 8.f);
    QVERIFY(M2[0] < 1.f);
    // A range that is not a whole number of buckets keeps its last samples.
    const int64_t odd = n - 7;
    p.columns(x.data(), 0, double(odd), columns, mins.data(), maxs.data());
    QCOMPARE(MinMaxPyramid::columnEdge(0, double(odd), columns, columns), odd);
    const int64_t lastStart = MinMaxPyramid::columnEdge(0, double(odd), columns, columns - 1);
    QCOMPARE(maxs[columns - 1], *std::max_element(x.begin() + lastStart, x.begin() + odd));
}

void TestDsp::pyramidIsSmall()
{
    std::vector<float> x(1 << 20, 1.f);
    MinMaxPyramid p;
    p.build(x.data(), int64_t(x.size()));
    // At most an eighth of the raw column (n/32 buckets * 2 values * ~2 for all levels).
    QVERIFY(p.memoryBytes() <= x.size() * sizeof(float) / 8 + 64);
    QVERIFY(p.levelCount() > 10);
}

void TestDsp::stftSinePeaksInItsBin_data()
{
    QTest::addColumn<double>("frequency");
    QTest::addColumn<int>("method");
    for (double f : {2.0, 5.0, 11.0, 24.0})
        for (int m : {1, 2})
            QTest::newRow(qPrintable(QStringLiteral("%1 Hz %2").arg(f).arg(m == 1 ? "dft" : "fft")))
                << f << m;
}

void TestDsp::stftSinePeaksInItsBin()
{
    QFETCH(double, frequency);
    QFETCH(int, method);
    const double fs = 50;
    std::vector<float> x(50 * 60);
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = float(0.3 + std::sin(2 * M_PI * frequency * i / fs));
    StftParameters params;
    params.method = StftParameters::Method(method);
    const Stft stft(params);
    QCOMPARE(stft.binCount(), 26);
    const int64_t frames = stft.frameCount(int64_t(x.size()));
    std::vector<float> out(size_t(frames * stft.binCount()));
    stft.compute(x.data(), int64_t(x.size()), 0, frames, out.data());
    const int expectedBin = int(std::lround(frequency * params.frameLength / fs));
    for (int64_t f = 0; f < frames; f += 13) {
        const float* row = &out[size_t(f * stft.binCount())];
        // Skip the DC bin (the offset) when looking for the sine's peak.
        const int peak = int(std::max_element(row + 1, row + stft.binCount()) - row);
        QCOMPARE(peak, expectedBin);
        QCOMPARE(stft.binFrequency(peak, fs), frequency);
        // A unit sine through a Hann window of L samples peaks at L/4.
        QVERIFY(std::abs(row[peak] - params.frameLength / 4.0f) < 0.5f);
    }
}

void TestDsp::stftDftEqualsFft()
{
    std::mt19937 rng(11);
    std::normal_distribution<float> noise(0.f, 1.f);
    std::vector<float> x(5000);
    for (float& v : x)
        v = noise(rng);
    for (int L : {50, 64, 100}) {
        StftParameters a, b;
        a.frameLength = b.frameLength = L;
        a.hop = b.hop = L / 2;
        a.method = StftParameters::Method::DirectDft;
        b.method = StftParameters::Method::KissFft;
        const Stft sa(a), sb(b);
        const int64_t frames = sa.frameCount(int64_t(x.size()));
        std::vector<float> oa(size_t(frames * sa.binCount())), ob(oa.size());
        sa.compute(x.data(), int64_t(x.size()), 0, frames, oa.data());
        sb.compute(x.data(), int64_t(x.size()), 0, frames, ob.data());
        for (size_t i = 0; i < oa.size(); ++i)
            QVERIFY2(
                std::abs(oa[i] - ob[i]) < 1e-3f * (1 + ob[i]),
                qPrintable(
                    QStringLiteral("L=%1 i=%2: %3 vs %4").arg(L).arg(i).arg(oa[i]).arg(ob[i])));
    }
}

void TestDsp::stftFrameCountsMatchSelfPab()
{
    const Stft stft;
    // SelfPAB: 5-minute windows at 50 Hz give 599 frames of 26 bins.
    QCOMPARE(stft.frameCount(15000), int64_t(599));
    QCOMPARE(stft.frameCount(49), int64_t(0));
    QCOMPARE(stft.frameCount(50), int64_t(1));
    QCOMPARE(stft.frameStart(3), int64_t(75));
    std::vector<float> x(100, 1.f), out(26);
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, stft.compute(x.data(), 100, 3, 1, out.data()));
}

void TestDsp::spectrogramStoreOverviewAndTiles()
{
    auto rec = makeToneRecording(2 * 3600);
    SpectrogramStore store(rec);
    QCOMPARE(store.binCount(), 26);
    const int64_t frames = store.frameCount();
    QCOMPARE(frames, (int64_t(rec->sampleCount()) - 50) / 25 + 1);
    // Frame timing: frame f covers samples [25 f, 25 f + 50), centred 0.5 s after its start.
    QCOMPARE(store.frameCentreSeconds(0), 0.5);
    QCOMPARE(store.frameAtSeconds(store.frameCentreSeconds(1234)), 1234.0);

    // Zoomed out, nothing can be answered before the overview is built.
    const int columns = 200;
    std::vector<float> out(size_t(columns) * 26);
    QVERIFY(!store.canAnswer(0, double(frames), columns));
    QVERIFY(!store.columns(0, 0, double(frames), columns, out.data()));
    store.buildOverview(nullptr, 2);
    QVERIFY(store.overviewReady());
    QVERIFY(store.columns(0, 0, double(frames), columns, out.data()));
    QCOMPARE(peakBin(&out[0], 26), 3);                         // first hour: 3 Hz
    QCOMPARE(peakBin(&out[size_t(columns - 1) * 26], 26), 12); // second hour: 12 Hz
    QVERIFY(store.columns(1, 0, double(frames), columns, out.data()));
    QCOMPARE(peakBin(&out[size_t(columns / 2) * 26], 26), 7);

    // Zoomed in to 20 s: full resolution tiles are needed and equal the direct STFT.
    const double f0 = 5000, f1 = 5040;
    QVERIFY(!store.canAnswer(f0, f1, 40));
    store.ensureTiles(int64_t(f0), int64_t(f1));
    QVERIFY(store.canAnswer(f0, f1, 40));
    std::vector<float> zoomed(40 * 26), direct(40 * 26);
    QVERIFY(store.columns(0, f0, f1, 40, zoomed.data()));
    store.stft().compute(rec->sensors[0].channels[0].samples.data(), int64_t(rec->sampleCount()),
                         int64_t(f0), 40, direct.data());
    for (size_t i = 0; i < zoomed.size(); ++i)
        QCOMPARE(zoomed[i], direct[i]);
}

void TestDsp::spectrogramStoreRespectsBudget()
{
    auto rec = makeToneRecording(3600);
    const size_t tileBytes = size_t(SpectrogramStore::kTileFrames) * 26 * sizeof(float);
    SpectrogramStore store(rec, StftParameters(), 4 * tileBytes);
    store.ensureTiles(0, store.frameCount());
    QVERIFY(store.memoryBytes() <= 4 * tileBytes);
    // The most recent tiles stay; the first ones were evicted.
    QVERIFY(store.canAnswer(double(store.frameCount() - 100), double(store.frameCount()), 10) ||
            store.frameCount() < 100);
    QVERIFY(!store.canAnswer(0, 100, 10));
}

void TestDsp::signalPyramidsCoverEveryChannel()
{
    auto rec = makeToneRecording(600);
    const auto pyramids = SignalPyramids::build(*rec);
    QCOMPARE(pyramids->channelCount(), size_t(2));
    float mn, mx;
    const auto& x = rec->sensors[0].channels[1].samples;
    pyramids->channel(1).rangeMinMax(x.data(), 100, 20000, &mn, &mx);
    QCOMPARE(mx, *std::max_element(x.begin() + 100, x.begin() + 20000));
    QCOMPARE(mn, *std::min_element(x.begin() + 100, x.begin() + 20000));
}

QTEST_GUILESS_MAIN(TestDsp)
#include "tst_dsp.moc"
