#include "core/calibration/AutoCalibrator.h"

#include "core/base/FormatError.h"
#include "core/calibration/CalibrationFit.h"
#include "core/calibration/StillPeriodFinder.h"

#include <QJsonDocument>
#include <algorithm>
#include <cmath>
#include <limits>

namespace kinemark {

namespace {
double magnitude(const std::array<double, 3>& m)
{
    return std::sqrt(m[0] * m[0] + m[1] * m[1] + m[2] * m[2]);
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    const size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(mid), v.end());
    return v[mid];
}

struct FirstGuess
{
    CalibrationFit::Vector centre{0.0, 0.0, 0.0};
    double scale = 0;
};

// The median magnitude of the window means about `centre`, and how far the
// magnitudes stray from it (median absolute deviation, relative).
std::pair<double, double> scaleAbout(const std::vector<StillPeriodFinder::Window>& windows,
                                     const CalibrationFit::Vector& centre)
{
    std::vector<double> mags;
    mags.reserve(windows.size());
    for (const auto& w : windows)
        mags.push_back(
            magnitude({w.mean[0] - centre[0], w.mean[1] - centre[1], w.mean[2] - centre[2]}));
    const double scale = median(mags);
    for (double& m : mags)
        m = std::abs(m - scale);
    return {scale, scale > 0 ? median(mags) / scale : std::numeric_limits<double>::infinity()};
}

// Centre and scale of raw values of unknown scale: centred on 0, or on the
// middle of each axis' 2nd to 98th percentile of window means, whichever
// makes the magnitudes agree better.
FirstGuess firstGuess(const std::vector<StillPeriodFinder::Window>& windows)
{
    FirstGuess best;
    if (windows.empty())
        return best;
    CalibrationFit::Vector mid{0.0, 0.0, 0.0};
    for (size_t a = 0; a < 3; ++a) {
        std::vector<double> v;
        v.reserve(windows.size());
        for (const auto& w : windows)
            v.push_back(w.mean[a]);
        const size_t lo = v.size() / 50, hi = v.size() - 1 - v.size() / 50;
        std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(lo), v.end());
        const double low = v[lo];
        std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(hi), v.end());
        mid[a] = 0.5 * (low + v[hi]);
    }
    const auto zero = scaleAbout(windows, {0.0, 0.0, 0.0});
    const auto middle = scaleAbout(windows, mid);
    if (middle.second < zero.second) {
        best.centre = mid;
        best.scale = middle.first;
    } else {
        best.scale = zero.first;
    }
    return best;
}

// The first three "acc" channels of a sensor, or none.
std::vector<size_t> accAxes(const Sensor& s)
{
    std::vector<size_t> axes;
    for (size_t c = 0; c < s.channels.size() && axes.size() < 3; ++c)
        if (s.channels[c].quantity == QLatin1String("acc"))
            axes.push_back(c);
    if (axes.size() < 3)
        axes.clear();
    return axes;
}
} // namespace

CalibrationReport AutoCalibrator::fit(const float* x, const float* y, const float* z, size_t count,
                                      double rateHz, const CalibrationOptions& options,
                                      const JobControl* job, const TemperatureSeries* temperature)
{
    CalibrationReport report;
    report.windowSeconds = options.windowSeconds;
    report.coefficients.rawUnit =
        options.unknownScale ? QStringLiteral("counts") : QStringLiteral("g");
    const double samples = options.windowSeconds * rateHz;
    if (!(rateHz > 0) || !(samples >= 2) || !std::isfinite(samples)) {
        report.refusal = QStringLiteral("a %1 s window at %2 Hz is not at least two samples")
                             .arg(options.windowSeconds)
                             .arg(rateHz);
        return report;
    }
    const size_t windowSamples = size_t(std::llround(samples));
    const std::vector<StillPeriodFinder::Window> all =
        StillPeriodFinder::windows(x, y, z, count, windowSamples, job);
    report.windows = int(all.size());

    // The values' centre and scale: 0 and 1 for g. Raw counts of unknown scale
    // may also sit on a constant (unsigned 12-bit devices put 0 g at 2048), so
    // two first guesses are weighed: centred on 0, and centred on the middle of
    // each axis' range of window means; the scale is the median magnitude
    // about that centre (a day is mostly spent still enough that 10-s means
    // are gravity), and the guess whose magnitudes agree best with it wins.
    // The still windows found with it then refine both.
    CalibrationFit::Vector centre{0.0, 0.0, 0.0};
    double scale = 1.0;
    if (options.unknownScale) {
        std::vector<StillPeriodFinder::Window> usable;
        for (const auto& w : all)
            if (w.finite && !w.constant)
                usable.push_back(w);
        const FirstGuess guess = firstGuess(usable);
        centre = guess.centre;
        scale = guess.scale;
        if (scale > 0 && std::isfinite(scale)) {
            const auto still = StillPeriodFinder::still(usable, options.stillSdG * scale);
            if (still.size() >= 6) {
                const FirstGuess refined = firstGuess(still);
                if (refined.scale > 0 && std::isfinite(refined.scale)) {
                    centre = refined.centre;
                    scale = refined.scale;
                }
            }
        }
        if (!(scale > 0) || !std::isfinite(scale)) {
            report.refusal = QStringLiteral("no finite, varying values to estimate the scale "
                                            "from (%1 window(s) of %2 s)")
                                 .arg(all.size())
                                 .arg(options.windowSeconds);
            return report;
        }
    }
    report.initialScale = scale;

    std::vector<CalibrationFit::Vector> means;
    std::vector<double> celsius;
    const bool warm = temperature && !temperature->isEmpty();
    for (const auto& w : StillPeriodFinder::still(all, options.stillSdG * scale)) {
        const CalibrationFit::Vector m{(w.mean[0] - centre[0]) / scale,
                                       (w.mean[1] - centre[1]) / scale,
                                       (w.mean[2] - centre[2]) / scale};
        // A still mean far from 1 g is no gravity reading (a clipped axis, a
        // device lying on a vibrating machine); it would only pull the sphere.
        if (std::abs(magnitude(m) - 1.0) < options.maxMagnitudeErrorG) {
            means.push_back(m);
            if (warm)
                celsius.push_back(temperature->meanOver(int64_t(w.start), int64_t(windowSamples)));
        }
    }
    report.stillWindows = int(means.size());
    if (means.empty()) {
        // Nothing to weigh orientations with: say what "still" meant instead.
        report.refusal = QStringLiteral("no still periods found: none of the %1 whole %2-s "
                                        "window(s) has every axis' SD below %3 mg and a magnitude "
                                        "near 1 g")
                             .arg(all.size())
                             .arg(options.windowSeconds)
                             .arg(options.stillSdG * 1000.0);
        return report;
    }
    const CalibrationFit::Result r = CalibrationFit::fit(means, options, warm ? &celsius : nullptr);
    report.errorBeforeMg = r.errorBeforeMg;
    report.errorAfterMg = r.errorAfterMg;
    report.iterations = r.iterations;
    report.temperatureUsed = r.temperatureUsed;
    report.temperatureNote =
        warm ? r.temperatureNote : QStringLiteral("the file stores no temperature");
    if (!r.ok) {
        report.refusal = r.refusal;
        return report;
    }
    // corrected = o + s * (raw - centre) / scale + c * (T - reference)
    //   <=>  raw = offset + gain * g + drift * (T - reference)
    for (size_t a = 0; a < 3; ++a) {
        const double perRaw = r.scale[a] / scale;
        const double corrected0 = r.offset[a] - perRaw * centre[a]; // corrected at raw 0
        report.coefficients.gain[a] = 1.0 / perRaw;
        report.coefficients.offset[a] = -corrected0 / perRaw;
        report.coefficients.drift[a] = r.temperatureUsed ? -r.temperature[a] / perRaw : 0.0;
    }
    report.coefficients.hasTemperature = r.temperatureUsed;
    report.coefficients.referenceC = r.temperatureUsed ? r.referenceTemperature : 0.0;
    report.calibrated = true;
    return report;
}

void AutoCalibrator::apply(const CalibrationCoefficients& c, Channel& x, Channel& y, Channel& z,
                           const TemperatureSeries* temperature)
{
    Channel* axes[3] = {&x, &y, &z};
    const bool warm = c.hasTemperature && temperature && !temperature->isEmpty();
    for (size_t a = 0; a < 3; ++a) {
        const double offset = c.offset[a], perRaw = 1.0 / c.gain[a];
        std::vector<float>& v = axes[a]->samples;
        if (!warm) {
            for (float& value : v)
                value = float((double(value) - offset) * perRaw);
        } else {
            // The readings are a second or two apart: the temperature is
            // interpolated between the two around each sample (as
            // TemperatureSeries::at, in one pass instead of a search per sample).
            const TemperatureSeries& t = *temperature;
            const double drift = c.drift[a], reference = c.referenceC;
            const size_t m = t.sample.size();
            size_t k = 0; // the first reading after sample i
            for (size_t i = 0; i < v.size(); ++i) {
                while (k < m && t.sample[k] <= int64_t(i))
                    ++k;
                double celsius;
                if (k == 0) {
                    celsius = t.celsius.front();
                } else if (k == m) {
                    celsius = t.celsius.back();
                } else {
                    const double f = double(int64_t(i) - t.sample[k - 1]) /
                                     double(t.sample[k] - t.sample[k - 1]);
                    celsius = double(t.celsius[k - 1]) +
                              f * (double(t.celsius[k]) - double(t.celsius[k - 1]));
                }
                v[i] = float((double(v[i]) - offset - drift * (celsius - reference)) * perRaw);
            }
        }
        axes[a]->unit = QStringLiteral("g");
    }
}

std::vector<CalibrationReport>
AutoCalibrator::calibrate(Recording& recording, const CalibrationOptions& options,
                          const QString& file, ReadReport* report, const JobControl* job,
                          const std::vector<TemperatureSeries>* temperatures)
{
    std::vector<CalibrationReport> reports;
    if (!options.enabled)
        return reports;
    std::vector<std::pair<size_t, std::vector<size_t>>> sensors;
    for (size_t s = 0; s < recording.sensors.size(); ++s) {
        std::vector<size_t> axes = accAxes(recording.sensors[s]);
        if (!axes.empty())
            sensors.emplace_back(s, std::move(axes));
    }
    if (sensors.empty()) {
        if (report)
            report->warnings << QStringLiteral("automatic calibration: recording '%1' has no "
                                               "three-axis accelerometer; nothing calibrated")
                                    .arg(recording.id);
        return reports;
    }
    auto temperatureOf = [temperatures](const QString& sensor) -> const TemperatureSeries* {
        if (temperatures)
            for (const TemperatureSeries& t : *temperatures)
                if (t.sensor == sensor && !t.isEmpty())
                    return &t;
        return nullptr;
    };
    // Fit every sensor first: a refusal leaves the recording as it was read.
    for (size_t i = 0; i < sensors.size(); ++i) {
        const Sensor& s = recording.sensors[sensors[i].first];
        const auto& axes = sensors[i].second;
        JobControl sub;
        if (job) {
            sub.cancelRequested = job->cancelRequested;
            const double n = double(sensors.size());
            sub.progress = [job, i, n](double f, const QString&) {
                job->report((double(i) + f) / n, QStringLiteral("calibrating"));
            };
        }
        CalibrationReport r =
            fit(s.channels[axes[0]].samples.data(), s.channels[axes[1]].samples.data(),
                s.channels[axes[2]].samples.data(),
                std::min({s.channels[axes[0]].samples.size(), s.channels[axes[1]].samples.size(),
                          s.channels[axes[2]].samples.size()}),
                recording.sampleRateHz, options, job ? &sub : nullptr, temperatureOf(s.name));
        r.sensor = s.name;
        if (!r.calibrated)
            throw FormatError(
                file.isEmpty() ? recording.source : file,
                QStringLiteral("automatic calibration of sensor '%1' refused: %2. To import the "
                               "values as read, use --calibrate off%3")
                    .arg(s.name, r.refusal,
                         options.unknownScale
                             ? QStringLiteral(" with --counts-per-g N (raw counts need their "
                                              "scale then)")
                             : QString()));
        reports.push_back(r);
    }
    for (size_t i = 0; i < sensors.size(); ++i) {
        Sensor& s = recording.sensors[sensors[i].first];
        const auto& axes = sensors[i].second;
        const CalibrationReport& r = reports[i];
        apply(r.coefficients, s.channels[axes[0]], s.channels[axes[1]], s.channels[axes[2]],
              temperatureOf(s.name));
        recording.metadata.insert(summaryKey(s.name), r.summary());
        recording.metadata.insert(coefficientsKey(s.name), r.coefficients.toText());
        recording.metadata.insert(
            reportKey(s.name),
            QString::fromUtf8(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact)));
        if (report)
            report->repairs << QStringLiteral("automatic calibration: %1").arg(r.summary());
    }
    return reports;
}

std::vector<CalibrationReport> AutoCalibrator::reportsOf(const Recording& recording)
{
    std::vector<CalibrationReport> reports;
    for (const Sensor& s : recording.sensors) {
        CalibrationCoefficients c;
        if (!CalibrationCoefficients::fromText(recording.metadata.value(coefficientsKey(s.name)),
                                               &c))
            continue;
        CalibrationReport r = CalibrationReport::fromJson(
            QJsonDocument::fromJson(recording.metadata.value(reportKey(s.name)).toUtf8()).object());
        r.sensor = s.name;
        r.calibrated = true;
        r.coefficients = c;
        reports.push_back(r);
    }
    return reports;
}

QString AutoCalibrator::reportKey(const QString& sensor)
{
    return sensor + QStringLiteral(".calibration report");
}

QString AutoCalibrator::summaryKey(const QString& sensor)
{
    return sensor + QStringLiteral(".calibration");
}

QString AutoCalibrator::coefficientsKey(const QString& sensor)
{
    return sensor + QStringLiteral(".calibration coefficients");
}

} // namespace kinemark
