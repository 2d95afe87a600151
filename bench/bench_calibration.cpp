// Automatic calibration benchmark (issue #18): a 7-day, 100 Hz three-axis
// recording of a synthetic posture schedule (postures held for minutes in
// directions all over the sphere, with sensor noise, between bouts of
// movement), every axis distorted by a known offset and gain, calibrated by
// kinemark::AutoCalibrator. bench/calibration_vs_numpy.py runs the same
// algorithm written with numpy on the same file and prints the ratio.
//
//   bench_calibration --make FILE [--days 7] [--rate 100]
//   bench_calibration --calibrate FILE [--rate 100] [--repeat 3] [--json]
//
// FILE is raw float32, the x column, then y, then z (what numpy.fromfile reads).
#include "core/calibration/AutoCalibrator.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>

using namespace kinemark;

namespace {

// The distortion the calibration has to find (raw = offset + gain * g).
constexpr double kOffset[3] = {0.08, -0.12, 0.05};
constexpr double kGain[3] = {1.05, 0.95, 1.02};

int usage()
{
    std::fprintf(stderr, "usage: bench_calibration --make FILE [--days 7] [--rate 100]\n"
                         "       bench_calibration --calibrate FILE [--rate 100] [--repeat 3] "
                         "[--json]\n");
    return 2;
}

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// xorshift64*: cheap noise, fixed by the seed.
struct Noise
{
    uint64_t state = 0x2545F4914F6CDD1DULL;
    double uniform()
    {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return double((state * 0x2545F4914F6CDD1DULL) >> 11) * (1.0 / 9007199254740992.0);
    }
    // Sum of four uniforms: near-Gaussian with SD `sd`.
    double gaussian(double sd)
    {
        return (uniform() + uniform() + uniform() + uniform() - 2.0) * sd * std::sqrt(3.0);
    }
};

int make(const QString& path, double days, double rate)
{
    const auto start = std::chrono::steady_clock::now();
    const int64_t n = int64_t(days * 86400.0 * rate);
    std::vector<float> cols[3];
    for (auto& c : cols)
        c.resize(size_t(n));
    Noise rng;
    int64_t i = 0;
    double dir[3] = {0, 0, 1};
    while (i < n) {
        // A posture held for 1 to 40 minutes, then 10 s to 10 min of movement.
        const double u = rng.uniform() * 2 - 1, phi = rng.uniform() * 2 * M_PI;
        dir[0] = std::sqrt(1 - u * u) * std::cos(phi);
        dir[1] = std::sqrt(1 - u * u) * std::sin(phi);
        dir[2] = u;
        const int64_t hold = int64_t((60 + rng.uniform() * 2340) * rate);
        const int64_t move = int64_t((10 + rng.uniform() * 590) * rate);
        const double freq = 1.2 + rng.uniform(), amp = 0.2 + 0.8 * rng.uniform();
        for (int64_t k = 0; k < hold + move && i < n; ++k, ++i) {
            const double swing =
                k < hold ? 0.0 : amp * std::sin(2 * M_PI * freq * double(k) / rate);
            for (int a = 0; a < 3; ++a) {
                const double g = dir[a] + (a == 1 ? 0.5 : 1.0) * swing + rng.gaussian(0.004);
                cols[a][size_t(i)] = float(kOffset[a] + kGain[a] * g);
            }
        }
    }
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return std::fprintf(stderr, "cannot write %s\n", qPrintable(path)), 1;
    for (const auto& c : cols)
        f.write(reinterpret_cast<const char*>(c.data()), qint64(c.size() * sizeof(float)));
    std::printf("%s: %.1f days at %.0f Hz, %lld samples per axis, %.1f MB, made in %.1f s\n",
                qPrintable(path), days, rate, static_cast<long long>(n), double(f.size()) / 1e6,
                seconds(start));
    return 0;
}

int calibrate(const QString& path, double rate, int repeat, bool json)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return std::fprintf(stderr, "cannot read %s\n", qPrintable(path)), 1;
    const size_t n = size_t(f.size()) / sizeof(float) / 3;
    std::vector<Channel> axes(3);
    for (auto& c : axes) {
        c.quantity = QStringLiteral("acc");
        c.samples.resize(n);
        f.read(reinterpret_cast<char*>(c.samples.data()), qint64(n * sizeof(float)));
    }
    CalibrationOptions options;
    options.enabled = true;
    double bestFit = 1e9, bestApply = 1e9, firstFit = 0;
    CalibrationReport report;
    for (int r = 0; r < repeat; ++r) {
        auto t = std::chrono::steady_clock::now();
        report = AutoCalibrator::fit(axes[0].samples.data(), axes[1].samples.data(),
                                     axes[2].samples.data(), n, rate, options);
        const double fit = seconds(t);
        if (r == 0)
            firstFit = fit;
        bestFit = std::min(bestFit, fit);
        if (!report.calibrated)
            return std::fprintf(stderr, "refused: %s\n", qPrintable(report.refusal)), 1;
        // Applying it is the other pass over the samples; undone afterwards so
        // that every run fits the same data.
        t = std::chrono::steady_clock::now();
        AutoCalibrator::apply(report.coefficients, axes[0], axes[1], axes[2]);
        bestApply = std::min(bestApply, seconds(t));
        CalibrationCoefficients undo;
        for (size_t a = 0; a < 3; ++a) {
            undo.gain[a] = 1.0 / report.coefficients.gain[a];
            undo.offset[a] = -report.coefficients.offset[a] / report.coefficients.gain[a];
        }
        AutoCalibrator::apply(undo, axes[0], axes[1], axes[2]);
    }
    if (json) {
        QJsonArray offset, gain;
        for (size_t a = 0; a < 3; ++a) {
            offset.append(report.coefficients.offset[a]);
            gain.append(report.coefficients.gain[a]);
        }
        const QJsonObject o{{"samples", qint64(n)},
                            {"first_fit_s", firstFit},
                            {"best_fit_s", bestFit},
                            {"best_apply_s", bestApply},
                            {"windows", report.windows},
                            {"still_windows", report.stillWindows},
                            {"iterations", report.iterations},
                            {"error_before_mg", report.errorBeforeMg},
                            {"error_after_mg", report.errorAfterMg},
                            {"offset", offset},
                            {"gain", gain}};
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    } else {
        std::printf("%zu samples per axis: fit %.3f s (first %.3f s), apply %.3f s\n%s\n", n,
                    bestFit, firstFit, bestApply, qPrintable(report.summary()));
        std::printf("true offsets %.3f %.3f %.3f g, gains %.3f %.3f %.3f\n", kOffset[0], kOffset[1],
                    kOffset[2], kGain[0], kGain[1], kGain[2]);
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    auto value = [&](const QString& name, const QString& fallback) {
        const int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
    };
    try {
        const double rate = value(QStringLiteral("--rate"), QStringLiteral("100")).toDouble();
        if (args.contains(QStringLiteral("--make")))
            return make(value(QStringLiteral("--make"), QString()),
                        value(QStringLiteral("--days"), QStringLiteral("7")).toDouble(), rate);
        if (args.contains(QStringLiteral("--calibrate")))
            return calibrate(value(QStringLiteral("--calibrate"), QString()), rate,
                             value(QStringLiteral("--repeat"), QStringLiteral("3")).toInt(),
                             args.contains(QStringLiteral("--json")));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_calibration: %s\n", e.what());
        return 1;
    }
    return usage();
}
