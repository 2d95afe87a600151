// The built-in demo recording: determinism, shape, schedule coverage, and the
// physics that make it useful (gravity per posture, gait cadence, intensity).
#include "core/demo/DemoRecordingGenerator.h"

#include <QElapsedTimer>
#include <QtTest>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <set>

using namespace kinemark;

namespace {

constexpr std::array<int32_t, 10> kHarthClasses = {1, 2, 3, 4, 5, 6, 7, 8, 13, 14};
constexpr double kPi = 3.14159265358979323846;

using Vec3 = std::array<double, 3>;

double norm(const Vec3& v)
{
    return std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

// Channels 0-2 are back x, y, z; 3-5 thigh x, y, z.
Vec3 meanOver(const Recording& r, size_t firstChannel, int64_t start, int64_t end)
{
    Vec3 sum{};
    for (size_t a = 0; a < 3; ++a) {
        const std::vector<float>& s = r.channel(firstChannel + a).samples;
        for (int64_t i = start; i < end; ++i)
            sum[a] += s[size_t(i)];
        sum[a] /= double(end - start);
    }
    return sum;
}

Vec3 meanOfClass(const Recording& r, size_t firstChannel, int32_t classId)
{
    Vec3 sum{};
    int64_t n = 0;
    for (const Segment& seg : r.groundTruth()->segments()) {
        if (seg.classId != classId)
            continue;
        const Vec3 m = meanOver(r, firstChannel, seg.start, seg.end);
        for (size_t a = 0; a < 3; ++a)
            sum[a] += m[a] * double(seg.length());
        n += seg.length();
    }
    for (double& v : sum)
        v /= double(std::max<int64_t>(1, n));
    return sum;
}

// Sum of the three axes' variances of one sensor over every sample of a class.
double varianceOfClass(const Recording& r, size_t firstChannel, int32_t classId)
{
    double total = 0;
    for (size_t a = 0; a < 3; ++a) {
        const std::vector<float>& s = r.channel(firstChannel + a).samples;
        double sum = 0, sumSq = 0;
        int64_t n = 0;
        for (const Segment& seg : r.groundTruth()->segments()) {
            if (seg.classId != classId)
                continue;
            for (int64_t i = seg.start; i < seg.end; ++i) {
                sum += s[size_t(i)];
                sumSq += double(s[size_t(i)]) * s[size_t(i)];
            }
            n += seg.length();
        }
        const double mean = sum / double(n);
        total += sumSq / double(n) - mean * mean;
    }
    return total;
}

const Segment* longestSegment(const Recording& r, int32_t classId)
{
    const Segment* best = nullptr;
    for (const Segment& seg : r.groundTruth()->segments())
        if (seg.classId == classId && (!best || seg.length() > best->length()))
            best = &seg;
    return best;
}

// DFT power of a mean-removed stretch at 0.01 Hz steps over [loHz, hiHz].
std::vector<std::pair<double, double>> powerSpectrum(const std::vector<float>& x, int64_t start,
                                                     int64_t count, double rate, double loHz,
                                                     double hiHz)
{
    double mean = 0;
    for (int64_t i = 0; i < count; ++i)
        mean += x[size_t(start + i)];
    mean /= double(count);
    std::vector<std::pair<double, double>> spectrum;
    for (int k = 0; loHz + 0.01 * k <= hiHz + 1e-9; ++k) {
        const double f = loHz + 0.01 * k;
        double re = 0, im = 0;
        const double w = 2 * kPi * f / rate;
        for (int64_t i = 0; i < count; ++i) {
            const double v = x[size_t(start + i)] - mean;
            re += v * std::cos(w * double(i));
            im -= v * std::sin(w * double(i));
        }
        spectrum.emplace_back(f, re * re + im * im);
    }
    return spectrum;
}

double medianPower(std::vector<std::pair<double, double>> spectrum)
{
    std::nth_element(spectrum.begin(), spectrum.begin() + long(spectrum.size() / 2), spectrum.end(),
                     [](const auto& a, const auto& b) { return a.second < b.second; });
    return spectrum[spectrum.size() / 2].second;
}

// Frequency (Hz) of the largest power in [loHz, hiHz]; `prominence` gets the
// peak's power over the median power of 0.5-4 Hz.
double dominantFrequency(const std::vector<float>& x, int64_t start, int64_t count, double rate,
                         double loHz, double hiHz, double* prominence)
{
    const auto spectrum = powerSpectrum(x, start, count, rate, loHz, hiHz);
    const auto peak =
        std::max_element(spectrum.begin(), spectrum.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    *prominence = peak->second / medianPower(powerSpectrum(x, start, count, rate, 0.5, 4.0));
    return peak->first;
}

// FNV-1a over the raw bits of every sample and the ground truth.
uint64_t fingerprint(const Recording& r)
{
    uint64_t h = 1469598103934665603ULL;
    const auto add = [&h](const void* data, size_t bytes) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (size_t i = 0; i < bytes; ++i) {
            h ^= p[i];
            h *= 1099511628211ULL;
        }
    };
    for (size_t c = 0; c < r.channelCount(); ++c)
        add(r.channel(c).samples.data(), r.channel(c).samples.size() * sizeof(float));
    for (const Segment& s : r.groundTruth()->segments()) {
        add(&s.start, sizeof s.start);
        add(&s.end, sizeof s.end);
        add(&s.classId, sizeof s.classId);
    }
    return h;
}

bool sameSamples(const Recording& a, const Recording& b)
{
    if (a.channelCount() != b.channelCount())
        return false;
    for (size_t c = 0; c < a.channelCount(); ++c) {
        const std::vector<float>& x = a.channel(c).samples;
        const std::vector<float>& y = b.channel(c).samples;
        if (x.size() != y.size() || std::memcmp(x.data(), y.data(), x.size() * sizeof(float)) != 0)
            return false;
    }
    return true;
}

} // namespace

class TestDemo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void deterministic();
    void bitIdenticalToReference();
    void sampleCount_data();
    void sampleCount();
    void shapeAndNames();
    void demoProject();
    void coversEveryHarthClass();
    void transitionsAreShortAndSmooth();
    void gravityOfSittingAndStanding();
    void staticPosturesReadOneG();
    void walkingStepFrequency();
    void runningMoreIntenseThanWalking();
    void lyingBackIsHorizontal();
    void dayAndNight();

private:
    Recording m_demo; // the default two hours
};

void TestDemo::initTestCase()
{
    QElapsedTimer timer;
    timer.start();
    m_demo = DemoRecordingGenerator::generate();
    qInfo("default demo (2 h, %zu samples) generated in %lld ms", m_demo.sampleCount(),
          timer.elapsed());
    QVERIFY(m_demo.groundTruth());
}

void TestDemo::deterministic()
{
    DemoOptions options;
    options.durationSeconds = 1800;
    const Recording a = DemoRecordingGenerator::generate(options);
    const Recording b = DemoRecordingGenerator::generate(options);
    QVERIFY(sameSamples(a, b));
    QVERIFY(*a.groundTruth() == *b.groundTruth());

    options.seed = 2;
    const Recording c = DemoRecordingGenerator::generate(options);
    QCOMPARE(c.sampleCount(), a.sampleCount());
    QVERIFY(!sameSamples(a, c));
    QVERIFY(!(*a.groundTruth() == *c.groundTruth()));
}

// Pins the exact output: the generator uses no libm transcendental function and
// no standard distribution, so every IEEE-754 machine must produce these bits
// (the fingerprint hashes them in memory order, i.e. as on a little-endian one).
// Changing the model on purpose changes the value: update it with the change.
void TestDemo::bitIdenticalToReference()
{
    DemoOptions options;
    options.durationSeconds = 600;
    const Recording r = DemoRecordingGenerator::generate(options);
    const uint64_t expected = 0xc901d532076a5298ULL;
    QCOMPARE(QString::number(fingerprint(r), 16), QString::number(expected, 16));
}

void TestDemo::sampleCount_data()
{
    QTest::addColumn<double>("seconds");
    QTest::addColumn<double>("rate");
    QTest::addColumn<qlonglong>("expected");
    QTest::newRow("2 h at 50 Hz") << 7200.0 << 50.0 << 360000LL;
    QTest::newRow("10 min at 25 Hz") << 600.0 << 25.0 << 15000LL;
    QTest::newRow("61.5 s at 100 Hz") << 61.5 << 100.0 << 6150LL;
    QTest::newRow("one sample") << 0.02 << 50.0 << 1LL;
    QTest::newRow("empty") << 0.0 << 50.0 << 0LL;
}

void TestDemo::sampleCount()
{
    QFETCH(double, seconds);
    QFETCH(double, rate);
    QFETCH(qlonglong, expected);
    DemoOptions options;
    options.durationSeconds = seconds;
    options.sampleRateHz = rate;
    const Recording r = DemoRecordingGenerator::generate(options);
    QCOMPARE(qlonglong(r.sampleCount()), expected);
    QCOMPARE(r.sampleRateHz, rate);
    QCOMPARE(r.checkConsistency(), QString());
    QVERIFY(r.groundTruth());
}

void TestDemo::shapeAndNames()
{
    const Recording& r = m_demo;
    QCOMPARE(r.checkConsistency(), QString());
    QCOMPARE(r.sampleCount(), size_t(360000));
    QCOMPARE(r.labelSetId, QStringLiteral("harth"));
    QCOMPARE(r.id, QStringLiteral("demo"));
    QCOMPARE(r.subjectId, QStringLiteral("demo-subject"));
    QCOMPARE(r.startTimeUs, DemoOptions().startTimeUs);
    QCOMPARE(r.channelNames(),
             QStringList({"back_x", "back_y", "back_z", "thigh_x", "thigh_y", "thigh_z"}));
    QCOMPARE(r.sensors.at(0).device, QStringLiteral("Axivity AX3 (simulated)"));
    for (size_t c = 0; c < r.channelCount(); ++c) {
        QCOMPARE(r.channel(c).quantity, QStringLiteral("acc"));
        QCOMPARE(r.channel(c).unit, QStringLiteral("g"));
        for (float v : r.channel(c).samples)
            QVERIFY(std::isfinite(v) && std::fabs(v) <= 8.0f);
    }
    QCOMPARE(r.tracks.size(), size_t(1));
    const AnnotationTrack* truth = r.groundTruth();
    QCOMPARE(truth->name(), QStringLiteral("ground truth"));
    QCOMPARE(truth->labelSetId(), QStringLiteral("harth"));
    // Only short transitions are left unlabelled.
    QVERIFY2(truth->labelledSampleCount() > int64_t(0.98 * double(r.sampleCount())),
             qPrintable(QString::number(truth->labelledSampleCount())));
    // Every id is a HARTH class (130 is coasting, counted as cycling (sit)).
    for (const Segment& s : truth->segments())
        QVERIFY2(std::count(kHarthClasses.begin(), kHarthClasses.end(), s.classId) == 1 ||
                     s.classId == 130,
                 qPrintable(QString::number(s.classId)));
}

void TestDemo::demoProject()
{
    DemoOptions options;
    options.durationSeconds = 300;
    const Project p = DemoRecordingGenerator::demoProject(options);
    QCOMPARE(p.name, QStringLiteral("Demo"));
    QVERIFY(p.labelSet(QStringLiteral("harth")));
    QCOMPARE(p.recordings.size(), size_t(1));
    QCOMPARE(p.recordings.front()->sampleCount(), size_t(15000));
    QCOMPARE(p.checkConsistency(), QString());
}

void TestDemo::coversEveryHarthClass()
{
    // The default seed and a few others: the first waking hours go through every
    // episode, so two hours always hold every class.
    for (uint64_t seed : {1, 2, 3, 4, 5, 6, 7, 8}) {
        DemoOptions options;
        options.seed = seed;
        Recording other;
        if (seed != 1)
            other = DemoRecordingGenerator::generate(options);
        const Recording& r = seed == 1 ? m_demo : other;
        QCOMPARE(r.checkConsistency(), QString());
        const auto counts = r.groundTruth()->labelledSampleCounts(int64_t(r.sampleCount()));
        for (int32_t c : kHarthClasses) {
            const auto it = std::find_if(counts.begin(), counts.end(),
                                         [c](const auto& p) { return p.first == c; });
            QVERIFY2(it != counts.end() && it->second >= 100,
                     qPrintable(QStringLiteral("seed %1: class %2 has %3 samples")
                                    .arg(seed)
                                    .arg(c)
                                    .arg(it == counts.end() ? 0 : it->second)));
        }
    }
}

void TestDemo::transitionsAreShortAndSmooth()
{
    const Recording& r = m_demo;
    const std::vector<Segment>& segs = r.groundTruth()->segments();
    const auto isStatic = [](int32_t c) { return c == 6 || c == 7 || c == 8; };
    int gaps = 0, staticGaps = 0;
    for (size_t k = 1; k < segs.size(); ++k) {
        const int64_t a = segs[k - 1].end, b = segs[k].start;
        if (a == b)
            continue;
        ++gaps;
        // Unlabelled gaps are the 1.5-3 s posture changes, nothing longer.
        QVERIFY2(b - a >= 50 && b - a <= 150,
                 qPrintable(QStringLiteral("gap [%1, %2)").arg(a).arg(b)));
        if (!isStatic(segs[k - 1].classId) || !isStatic(segs[k].classId))
            continue;
        // Between still postures, the orientation ramps rather than jumps:
        // neighbouring samples (median of three, to ignore a glitch) stay close.
        ++staticGaps;
        for (size_t c = 0; c < r.channelCount(); ++c) {
            const std::vector<float>& s = r.channel(c).samples;
            const auto med3 = [&s](int64_t i) {
                float v[3] = {s[size_t(i - 1)], s[size_t(i)], s[size_t(i + 1)]};
                std::sort(v, v + 3);
                return v[1];
            };
            for (int64_t i = a - 5; i < b + 5; ++i)
                QVERIFY2(std::fabs(med3(i + 1) - med3(i)) < 0.12f,
                         qPrintable(QStringLiteral("channel %1 jumps at %2 (%3 -> %4)")
                                        .arg(c)
                                        .arg(i)
                                        .arg(segs[k - 1].classId)
                                        .arg(segs[k].classId)));
        }
    }
    QVERIFY(gaps >= 5);       // sitting down, standing up, lying down, getting on the bike...
    QVERIFY(staticGaps >= 2); // e.g. sitting <-> standing, sitting <-> lying
}

void TestDemo::gravityOfSittingAndStanding()
{
    const Vec3 sit = meanOfClass(m_demo, 3, 7);
    const Vec3 stand = meanOfClass(m_demo, 3, 6);
    const double cosAngle =
        (sit[0] * stand[0] + sit[1] * stand[1] + sit[2] * stand[2]) / (norm(sit) * norm(stand));
    QVERIFY2(cosAngle < 0.5, qPrintable(QString::number(cosAngle))); // > 60° apart
    // The convention: upright thigh reads -1 g on x, a horizontal thigh +1 g on z.
    QVERIFY2(stand[0] < -0.9, qPrintable(QString::number(stand[0])));
    QVERIFY2(sit[2] > 0.8, qPrintable(QString::number(sit[2])));
    // The back stays roughly upright in both.
    QVERIFY(meanOfClass(m_demo, 0, 6)[0] < -0.9);
    QVERIFY(meanOfClass(m_demo, 0, 7)[0] < -0.8);
}

void TestDemo::staticPosturesReadOneG()
{
    int checked = 0;
    for (const Segment& seg : m_demo.groundTruth()->segments()) {
        if ((seg.classId != 6 && seg.classId != 7 && seg.classId != 8) || seg.length() < 1500)
            continue;
        // Within one posture (a few seconds, between shifts) the mean is gravity.
        const int64_t mid = (seg.start + seg.end) / 2;
        for (size_t sensor : {0, 3}) {
            const double g = norm(meanOver(m_demo, sensor, mid - 100, mid + 100));
            QVERIFY2(g > 0.95 && g < 1.05,
                     qPrintable(QStringLiteral("class %1 at %2: |mean| = %3 g")
                                    .arg(seg.classId)
                                    .arg(mid)
                                    .arg(g)));
        }
        ++checked;
    }
    QVERIFY(checked >= 3);
}

void TestDemo::walkingStepFrequency()
{
    const Recording& r = m_demo;
    const Segment* walk = longestSegment(r, 1);
    QVERIFY(walk && walk->length() >= 1000);
    // 20 s from the middle of the longest walk.
    const int64_t start = (walk->start + walk->end) / 2 - 500;
    double prominence = 0;
    const double step =
        dominantFrequency(r.channel(0).samples, start, 1000, 50, 0.5, 4.0, &prominence);
    QVERIFY2(step >= 1.6 && step <= 2.2, qPrintable(QString::number(step)));
    QVERIFY2(prominence > 20, qPrintable(QString::number(prominence)));
    // The thigh swings once per stride: a clear line at half the step frequency
    // on its anterior axis.
    const double stride = dominantFrequency(r.channel(5).samples, start, 1000, 50, step / 2 - 0.05,
                                            step / 2 + 0.05, &prominence);
    QVERIFY2(std::fabs(stride - step / 2) < 0.04,
             qPrintable(QStringLiteral("stride %1 Hz, step %2 Hz").arg(stride).arg(step)));
    QVERIFY2(prominence > 10, qPrintable(QString::number(prominence)));
}

void TestDemo::runningMoreIntenseThanWalking()
{
    const double walk = varianceOfClass(m_demo, 0, 1);
    const double run = varianceOfClass(m_demo, 0, 2);
    const double sit = varianceOfClass(m_demo, 0, 7);
    QVERIFY2(run > 3 * walk, qPrintable(QStringLiteral("run %1, walk %2").arg(run).arg(walk)));
    QVERIFY2(walk > 5 * sit, qPrintable(QStringLiteral("walk %1, sit %2").arg(walk).arg(sit)));
    QVERIFY(varianceOfClass(m_demo, 3, 2) > 2 * varianceOfClass(m_demo, 3, 1));
    // Running cadence is faster than walking.
    const Segment* run1 = longestSegment(m_demo, 2);
    QVERIFY(run1 && run1->length() >= 1000);
    double prominence = 0;
    const double step =
        dominantFrequency(m_demo.channel(0).samples, (run1->start + run1->end) / 2 - 500, 1000, 50,
                          0.5, 4.0, &prominence);
    QVERIFY2(step >= 2.5 && step <= 3.1, qPrintable(QString::number(step)));
}

void TestDemo::lyingBackIsHorizontal()
{
    int checked = 0;
    for (const Segment& seg : m_demo.groundTruth()->segments()) {
        if (seg.classId != 8)
            continue;
        // Every 30 s (the roll changes when turning over, the pitch does not).
        for (int64_t i = seg.start; i + 100 <= seg.end; i += 1500) {
            const Vec3 back = meanOver(m_demo, 0, i, i + 100);
            QVERIFY2(std::fabs(back[0]) < 0.35, qPrintable(QString::number(back[0])));
            QVERIFY2(std::hypot(back[1], back[2]) > 0.85,
                     qPrintable(QString::number(std::hypot(back[1], back[2]))));
            ++checked;
        }
    }
    QVERIFY(checked >= 10);
}

void TestDemo::dayAndNight()
{
    // A day from midnight (the benchmark's file): a night in bed, turning over.
    DemoOptions options;
    options.durationSeconds = 24 * 3600;
    options.startTimeUs = 1547251200000000LL; // 2019-01-12 00:00:00 UTC
    QElapsedTimer timer;
    timer.start();
    const Recording r = DemoRecordingGenerator::generate(options);
    qInfo("24 h (%zu samples) generated in %lld ms", r.sampleCount(), timer.elapsed());
    QCOMPARE(r.sampleCount(), size_t(4320000));
    QCOMPARE(r.checkConsistency(), QString());

    // 01:00 to 05:00 is (almost all) lying.
    const AnnotationTrack* truth = r.groundTruth();
    int64_t lying = 0;
    for (int64_t i = 3600 * 50; i < 5 * 3600 * 50; ++i)
        lying += truth->classAt(i) == 8;
    QVERIFY2(lying > int64_t(0.95 * 4 * 3600 * 50), qPrintable(QString::number(lying)));

    // Turning over in bed: both supine (back z ~ -1) and on a side (|back y| ~ 1).
    bool supine = false, side = false;
    for (int64_t i = 3600 * 50; i < 6 * 3600 * 50; i += 60 * 50) {
        const Vec3 back = meanOver(r, 0, i, i + 100);
        supine = supine || back[2] < -0.85;
        side = side || std::fabs(back[1]) > 0.85;
    }
    QVERIFY(supine && side);

    // Every class also appears in a full day that starts with the night.
    std::set<int32_t> seen;
    for (const Segment& s : truth->segments())
        seen.insert(s.classId);
    for (int32_t c : kHarthClasses)
        QVERIFY2(seen.count(c) == 1, qPrintable(QString::number(c)));
}

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
