// Automatic calibration's parts on synthetic data: still-period finding, the
// sphere fit (offsets, gains, outliers, too few orientations), raw counts of
// unknown scale, hostile values, and the coefficients in a recording's metadata.
#include "core/base/FormatError.h"
#include "core/calibration/AutoCalibrator.h"
#include "core/calibration/CalibrationFit.h"
#include "core/calibration/StillPeriodFinder.h"
#include "core/calibration/TemperatureSeries.h"

#include <QtTest>
#include <cmath>
#include <limits>
#include <random>

using namespace kinemark;

namespace {

using Vec3 = std::array<double, 3>;

// A unit vector spread over the sphere (deterministic for a seed).
Vec3 randomDirection(std::mt19937_64& rng)
{
    std::normal_distribution<double> n(0.0, 1.0);
    Vec3 v{n(rng), n(rng), n(rng)};
    const double len = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    return {v[0] / len, v[1] / len, v[2] / len};
}

// Three columns of `seconds` at `rate` Hz per posture: each posture holds a
// direction with `noiseG` of sensor noise, then `moveSeconds` of movement
// (0.5 g swings) before the next. Values are distorted as raw = offset + gain * g.
struct Signal
{
    std::vector<float> x, y, z;
};

Signal postures(const std::vector<Vec3>& directions, double rate, double holdS, double moveS,
                double noiseG, const Vec3& offset, const Vec3& gain, uint64_t seed = 7)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0.0, noiseG);
    Signal s;
    std::vector<float>* cols[3] = {&s.x, &s.y, &s.z};
    for (const Vec3& d : directions) {
        for (int i = 0; i < int(holdS * rate); ++i)
            for (size_t a = 0; a < 3; ++a)
                cols[a]->push_back(float(offset[a] + gain[a] * (d[a] + noise(rng))));
        for (int i = 0; i < int(moveS * rate); ++i) {
            const double swing = 0.5 * std::sin(2 * M_PI * 1.7 * i / rate);
            for (size_t a = 0; a < 3; ++a)
                cols[a]->push_back(float(offset[a] + gain[a] * (d[a] + swing + noise(rng))));
        }
    }
    return s;
}

std::vector<Vec3> directions(int n, uint64_t seed = 3)
{
    std::mt19937_64 rng(seed);
    std::vector<Vec3> out;
    for (int i = 0; i < n; ++i)
        out.push_back(randomDirection(rng));
    return out;
}

Recording recordingOf(Signal s, double rate)
{
    Recording r;
    r.id = QStringLiteral("synthetic");
    r.sampleRateHz = rate;
    Sensor sensor;
    sensor.name = QStringLiteral("wrist");
    const char* names[3] = {"x", "y", "z"};
    std::vector<float>* cols[3] = {&s.x, &s.y, &s.z};
    for (int a = 0; a < 3; ++a)
        sensor.channels.push_back(Channel{QLatin1String(names[a]), QStringLiteral("acc"),
                                          QStringLiteral("g"), std::move(*cols[a])});
    r.sensors.push_back(std::move(sensor));
    return r;
}

} // namespace

class TestCalibration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stillWindowsAreTheQuietOnes()
    {
        // 60 s still, 30 s of movement, 20 s still; 10 s windows at 50 Hz.
        const double rate = 50;
        const Vec3 a{0.0, 0.0, 1.0}, b{0.6, -0.8, 0.0};
        Signal s = postures({a}, rate, 60, 30, 0.003, {0, 0, 0}, {1, 1, 1});
        const Signal t = postures({b}, rate, 20, 0, 0.003, {0, 0, 0}, {1, 1, 1}, 11);
        s.x.insert(s.x.end(), t.x.begin(), t.x.end());
        s.y.insert(s.y.end(), t.y.begin(), t.y.end());
        s.z.insert(s.z.end(), t.z.begin(), t.z.end());
        const auto all = StillPeriodFinder::windows(s.x.data(), s.y.data(), s.z.data(), s.x.size(),
                                                    size_t(10 * rate));
        QCOMPARE(all.size(), size_t(11));
        const auto still = StillPeriodFinder::still(all, 0.013);
        QCOMPARE(still.size(), size_t(8));
        for (size_t i = 0; i < still.size(); ++i) {
            const Vec3& want = i < 6 ? a : b;
            QCOMPARE(still[i].start, (i < 6 ? i : i + 3) * size_t(10 * rate));
            for (size_t k = 0; k < 3; ++k) {
                QVERIFY2(std::abs(still[i].mean[k] - want[k]) < 0.002,
                         qPrintable(QString::number(still[i].mean[k])));
                QVERIFY(std::abs(still[i].sd[k] - 0.003) < 0.0005);
            }
        }
        // The moving windows' SD is that of the swing (0.5 / sqrt 2).
        QVERIFY(all[7].sd[0] > 0.3);
    }

    void nanAndConstantWindowsAreNotStill()
    {
        const double rate = 25;
        Signal s = postures({{0, 0, 1}}, rate, 40, 0, 0.002, {0, 0, 0}, {1, 1, 1});
        s.y[5] = std::numeric_limits<float>::quiet_NaN();
        s.z[260] = std::numeric_limits<float>::infinity();
        for (size_t i = 500; i < 750; ++i) {
            s.x[i] = 0.1f;
            s.y[i] = 0.2f;
            s.z[i] = 0.97f;
        }
        const auto all =
            StillPeriodFinder::windows(s.x.data(), s.y.data(), s.z.data(), s.x.size(), 250);
        QCOMPARE(all.size(), size_t(4));
        QVERIFY(!all[0].finite);
        QVERIFY(!all[1].finite);
        QVERIFY(all[2].constant);
        QVERIFY(all[3].finite && !all[3].constant);
        const auto still = StillPeriodFinder::still(all, 0.013);
        QCOMPARE(still.size(), size_t(1));
        QCOMPARE(still[0].start, size_t(750));
    }

    void fitRecoversOffsetsAndGains()
    {
        const std::vector<Vec3> dirs = directions(300);
        const Vec3 offset{0.12, -0.08, 0.05}, gain{1.06, 0.93, 1.02};
        std::vector<CalibrationFit::Vector> means;
        for (const Vec3& d : dirs)
            means.push_back({offset[0] + gain[0] * d[0], offset[1] + gain[1] * d[1],
                             offset[2] + gain[2] * d[2]});
        const CalibrationFit::Result r = CalibrationFit::fit(means, CalibrationOptions());
        QVERIFY2(r.ok, qPrintable(r.refusal));
        QVERIFY(r.converged);
        for (size_t a = 0; a < 3; ++a) {
            // corrected = o + s * raw inverts raw = offset + gain * g.
            QVERIFY(std::abs(1.0 / r.scale[a] - gain[a]) < 1e-4);
            QVERIFY(std::abs(-r.offset[a] / r.scale[a] - offset[a]) < 1e-4);
        }
        QVERIFY(r.errorBeforeMg > 50);
        QVERIFY(r.errorAfterMg < 0.1);
        QCOMPARE(CalibrationFit::errorMg(means, r.offset, r.scale), r.errorAfterMg);
    }

    void fitRecoversTemperatureDrift()
    {
        // Exact means whose offsets move 2-5 mg per degree with a temperature
        // unrelated to the direction: the fit finds the drift exactly; a
        // temperature that follows the posture, or barely moves, is left out
        // with the reason.
        const std::vector<Vec3> dirs = directions(300);
        const Vec3 offset{0.12, -0.08, 0.05}, gain{1.06, 0.93, 1.02}, drift{0.002, -0.005, 0.003};
        std::vector<CalibrationFit::Vector> means;
        std::vector<double> celsius;
        for (size_t i = 0; i < dirs.size(); ++i) {
            const double t = 25.0 + 8.0 * std::sin(0.37 * double(i));
            celsius.push_back(t);
            CalibrationFit::Vector m;
            for (size_t a = 0; a < 3; ++a)
                m[a] = offset[a] + gain[a] * dirs[i][a] + drift[a] * (t - 25.0);
            means.push_back(m);
        }
        const CalibrationFit::Result r = CalibrationFit::fit(means, CalibrationOptions(), &celsius);
        QVERIFY2(r.ok && r.temperatureUsed, qPrintable(r.refusal + r.temperatureNote));
        for (size_t a = 0; a < 3; ++a) {
            // corrected = o + s * raw + c * dT inverts raw = offset + gain * g + drift * dT.
            QVERIFY(std::abs(1.0 / r.scale[a] - gain[a]) < 1e-4);
            QVERIFY2(std::abs(-r.temperature[a] / r.scale[a] - drift[a]) < 1e-5,
                     qPrintable(QString::number(-r.temperature[a] / r.scale[a])));
            const double atReference = offset[a] + drift[a] * (r.referenceTemperature - 25.0);
            QVERIFY(std::abs(-r.offset[a] / r.scale[a] - atReference) < 1e-4);
        }
        QVERIFY(r.errorAfterMg < 0.1);
        QCOMPARE(CalibrationFit::errorMg(means, r, &celsius), r.errorAfterMg);
        // Without the temperatures the same means keep an error.
        QVERIFY(CalibrationFit::fit(means, CalibrationOptions()).errorAfterMg > 1.0);

        std::vector<double> followsPosture, steady;
        for (size_t i = 0; i < dirs.size(); ++i) {
            followsPosture.push_back(25.0 + 10.0 * dirs[i][2]);
            steady.push_back(25.0 + 0.1 * std::sin(double(i)));
        }
        const CalibrationFit::Result p =
            CalibrationFit::fit(means, CalibrationOptions(), &followsPosture);
        QVERIFY(p.ok && !p.temperatureUsed);
        QVERIFY2(p.temperatureNote.contains(QLatin1String("follows the posture")),
                 qPrintable(p.temperatureNote));
        const CalibrationFit::Result q = CalibrationFit::fit(means, CalibrationOptions(), &steady);
        QVERIFY(q.ok && !q.temperatureUsed);
        QVERIFY2(q.temperatureNote.contains(QLatin1String("varies too little")),
                 qPrintable(q.temperatureNote));
    }

    void temperatureSeriesInterpolatesAndAverages()
    {
        TemperatureSeries t;
        t.append(100, 20.0);
        t.append(100, 99.0); // not after the last: ignored
        t.append(200, 30.0);
        t.append(300, std::nan("")); // not finite: ignored
        t.append(400, 10.0);
        QCOMPARE(t.sample.size(), size_t(3));
        QCOMPARE(t.at(0), 20.0);
        QCOMPARE(t.at(150), 25.0);
        QCOMPARE(t.at(300), 20.0);
        QCOMPARE(t.at(1000), 10.0);
        QCOMPARE(t.meanOver(100, 301), 20.0);     // readings 20, 30, 10
        QCOMPARE(t.meanOver(120, 10), t.at(125)); // none inside: the middle's value
        QCOMPARE(t.range().first, 10.0);
        QVERIFY(std::isnan(TemperatureSeries().at(5)));
    }

    void outliersDoNotPullTheSphere()
    {
        const std::vector<Vec3> dirs = directions(400, 5);
        const Vec3 offset{-0.15, 0.1, 0.07}, gain{0.92, 1.08, 1.0};
        std::vector<CalibrationFit::Vector> means;
        for (size_t i = 0; i < dirs.size(); ++i) {
            // One mean in twenty is a bump of 0.25 g along the direction.
            const double bump = i % 20 == 0 ? 1.25 : 1.0;
            means.push_back({offset[0] + gain[0] * bump * dirs[i][0],
                             offset[1] + gain[1] * bump * dirs[i][1],
                             offset[2] + gain[2] * bump * dirs[i][2]});
        }
        const CalibrationFit::Result r = CalibrationFit::fit(means, CalibrationOptions());
        QVERIFY2(r.ok, qPrintable(r.refusal));
        for (size_t a = 0; a < 3; ++a) {
            QVERIFY2(std::abs(-r.offset[a] / r.scale[a] - offset[a]) < 0.005,
                     qPrintable(QString::number(-r.offset[a] / r.scale[a])));
            QVERIFY(std::abs(1.0 / r.scale[a] / gain[a] - 1.0) < 0.005);
        }
    }

    void oneOrientationIsRefusedSayingWhatIsMissing()
    {
        std::vector<CalibrationFit::Vector> means;
        std::mt19937_64 rng(1);
        std::normal_distribution<double> n(0.0, 0.05);
        for (int i = 0; i < 120; ++i)
            means.push_back({n(rng), n(rng), 1.0});
        const CalibrationFit::Result r = CalibrationFit::fit(means, CalibrationOptions());
        QVERIFY(!r.ok);
        QVERIFY2(r.refusal.contains(QLatin1String("120 still window(s)")), qPrintable(r.refusal));
        for (const char* side : {"x above +0.3 g", "x below -0.3 g", "y above +0.3 g",
                                 "y below -0.3 g", "z below -0.3 g"})
            QVERIFY2(r.refusal.contains(QLatin1String(side)), qPrintable(r.refusal));
        QVERIFY(!r.refusal.contains(QLatin1String("z above")));
    }

    void countsOfUnknownScaleGetTheirGain()
    {
        // 256 counts per g, with per-axis distortions and a counts offset.
        const double rate = 20;
        const Vec3 offset{256 * 0.1 + 40, 256 * -0.06, 256 * 0.18},
            gain{256 * 1.04, 256 * 0.95, 256 * 1.01};
        const Signal s = postures(directions(60, 9), rate, 30, 10, 0.004, offset, gain);
        CalibrationOptions options;
        options.enabled = true;
        options.unknownScale = true;
        const CalibrationReport r =
            AutoCalibrator::fit(s.x.data(), s.y.data(), s.z.data(), s.x.size(), rate, options);
        QVERIFY2(r.calibrated, qPrintable(r.refusal));
        QCOMPARE(r.coefficients.rawUnit, QStringLiteral("counts"));
        QVERIFY(std::abs(r.initialScale / 256 - 1) < 0.1);
        // 60 postures of 30 s: 3 whole still windows each (some straddle moves).
        QVERIFY(r.stillWindows >= 120);
        for (size_t a = 0; a < 3; ++a) {
            QVERIFY2(std::abs(r.coefficients.gain[a] / gain[a] - 1) < 0.002,
                     qPrintable(QString::number(r.coefficients.gain[a])));
            QVERIFY(std::abs(r.coefficients.offset[a] - offset[a]) / 256 < 0.002);
        }
        QVERIFY(r.errorAfterMg < 3);
        QVERIFY(r.summary().contains(QLatin1String("counts/g")));
    }

    void hostileValuesEndWithoutLooping()
    {
        const double rate = 10;
        Signal s = postures(directions(30, 4), rate, 20, 5, 0.003, {0.1, 0, 0}, {1, 1.05, 1});
        for (size_t i = 0; i < s.x.size(); i += 37)
            s.x[i] = std::numeric_limits<float>::quiet_NaN();
        for (size_t i = 3; i < s.y.size(); i += 53)
            s.y[i] = 3e38f;
        for (size_t i = 11; i < s.z.size(); i += 71)
            s.z[i] = -std::numeric_limits<float>::infinity();
        CalibrationOptions options;
        options.enabled = true;
        QElapsedTimer timer;
        timer.start();
        const CalibrationReport r =
            AutoCalibrator::fit(s.x.data(), s.y.data(), s.z.data(), s.x.size(), rate, options);
        QVERIFY(timer.elapsed() < 5000);
        // Every window holds a bad value: nothing is still, and the refusal says so.
        QVERIFY(!r.calibrated);
        QVERIFY2(r.refusal.contains(QLatin1String("no still periods found")),
                 qPrintable(r.refusal));

        // All absurd values, of unknown scale: refused, no division by zero.
        std::vector<float> huge(2000, 3e38f), zero(2000, 0.0f);
        options.unknownScale = true;
        const CalibrationReport h =
            AutoCalibrator::fit(huge.data(), zero.data(), huge.data(), 2000, rate, options);
        QVERIFY(!h.calibrated);
        const CalibrationReport z =
            AutoCalibrator::fit(zero.data(), zero.data(), zero.data(), 2000, rate, options);
        QVERIFY(!z.calibrated);
        QVERIFY2(z.refusal.contains(QLatin1String("scale")), qPrintable(z.refusal));
        // A rate that makes no window.
        QVERIFY(!AutoCalibrator::fit(huge.data(), zero.data(), huge.data(), 2000, 0.0, options)
                     .calibrated);
        // NaN means handed to the fit directly.
        std::vector<CalibrationFit::Vector> means(50, {std::nan(""), 1.0, 0.0});
        QVERIFY(!CalibrationFit::fit(means, CalibrationOptions()).ok);
    }

    void coefficientsReadBackFromTheirText()
    {
        CalibrationCoefficients c;
        c.offset = {25.5123456789, -15.25, 0.001};
        c.gain = {266.24, 243.2, 258.56};
        c.rawUnit = QStringLiteral("counts");
        CalibrationCoefficients back;
        QVERIFY(CalibrationCoefficients::fromText(c.toText(), &back));
        QCOMPARE(back.rawUnit, c.rawUnit);
        for (size_t a = 0; a < 3; ++a) {
            QCOMPARE(back.offset[a], c.offset[a]);
            QCOMPARE(back.gain[a], c.gain[a]);
        }
        QVERIFY(!CalibrationCoefficients::fromText(QStringLiteral("offset x,y,z (g): 1, 2; gain "
                                                                  "x,y,z (ratio): 1, 1, 1"),
                                                   &back));
        QVERIFY(!CalibrationCoefficients::fromText(QStringLiteral("calibrated"), &back));
    }

    void recordingIsCalibratedInPlaceWithItsMetadata()
    {
        const double rate = 25;
        const Vec3 offset{0.08, -0.12, 0.05}, gain{1.05, 0.96, 0.99};
        Recording r =
            recordingOf(postures(directions(50, 2), rate, 30, 10, 0.004, offset, gain), rate);
        const float rawX = r.sensors[0].channels[0].samples[0];
        CalibrationOptions options;
        options.enabled = true;
        ReadReport notes;
        const auto reports = AutoCalibrator::calibrate(r, options, QStringLiteral("w.csv"), &notes);
        QCOMPARE(reports.size(), size_t(1));
        QCOMPARE(reports[0].sensor, QStringLiteral("wrist"));
        const float calX = r.sensors[0].channels[0].samples[0];
        QVERIFY(std::abs(calX - (rawX - reports[0].coefficients.offset[0]) /
                                    reports[0].coefficients.gain[0]) < 1e-5);
        QVERIFY(r.metadata.value(QStringLiteral("wrist.calibration"))
                    .contains(QLatin1String("mg after")));
        CalibrationCoefficients stored;
        QVERIFY(CalibrationCoefficients::fromText(
            r.metadata.value(QStringLiteral("wrist.calibration coefficients")), &stored));
        QVERIFY(std::abs(stored.offset[1] - offset[1]) < 0.002);
        QVERIFY(std::abs(stored.gain[0] - gain[0]) < 0.002);
        QCOMPARE(notes.repairs.size(), 1);

        // Disabled: nothing happens.
        Recording same =
            recordingOf(postures(directions(5), rate, 30, 0, 0.004, offset, gain), rate);
        QVERIFY(AutoCalibrator::calibrate(same, CalibrationOptions(), QString()).empty());
        QVERIFY(same.metadata.isEmpty());
    }

    void refusalNamesFileAndOptionAndKeepsTheValues()
    {
        const double rate = 25;
        Recording r = recordingOf(
            postures({{0.1, 0.0, 0.995}}, rate, 120, 0, 0.004, {0, 0, 0}, {1, 1, 1}), rate);
        const std::vector<float> before = r.sensors[0].channels[2].samples;
        CalibrationOptions options;
        options.enabled = true;
        try {
            AutoCalibrator::calibrate(r, options, QStringLiteral("flat.csv"));
            QFAIL("one orientation was calibrated");
        } catch (const FormatError& e) {
            QCOMPARE(e.file(), QStringLiteral("flat.csv"));
            QVERIFY2(e.message().contains(QLatin1String("--calibrate off")),
                     qPrintable(e.message()));
            QVERIFY(e.message().contains(QLatin1String("12 still window(s)")));
            QVERIFY(e.message().contains(QLatin1String("sensor 'wrist'")));
        }
        QVERIFY(r.sensors[0].channels[2].samples == before);
        QVERIFY(r.metadata.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCalibration)
#include "tst_calibration.moc"
