#include "core/calibration/AutoCalibrator.h"

#include "core/base/FormatError.h"
#include "core/calibration/CalibrationFit.h"
#include "core/calibration/StillPeriodFinder.h"

#include <algorithm>
#include <cmath>

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
                                      const JobControl* job)
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

    // The values' scale: 1 for g; for counts of unknown scale, the median
    // magnitude of the quiet windows (most of a day is spent still enough that
    // the median of all usable windows is gravity within a few per cent), then
    // again of the still ones found with it.
    double scale = 1.0;
    if (options.unknownScale) {
        std::vector<double> mags;
        for (const auto& w : all)
            if (w.finite && !w.constant)
                mags.push_back(magnitude(w.mean));
        scale = median(mags);
        if (scale > 0 && std::isfinite(scale)) {
            mags.clear();
            for (const auto& w : StillPeriodFinder::still(all, options.stillSdG * scale))
                mags.push_back(magnitude(w.mean));
            if (!mags.empty())
                scale = median(mags);
        }
        if (!(scale > 0) || !std::isfinite(scale)) {
            report.refusal = QStringLiteral("no finite, non-zero values to estimate the scale "
                                            "from (%1 window(s) of %2 s)")
                                 .arg(all.size())
                                 .arg(options.windowSeconds);
            return report;
        }
    }
    report.initialScale = scale;

    std::vector<CalibrationFit::Vector> means;
    for (const auto& w : StillPeriodFinder::still(all, options.stillSdG * scale)) {
        const CalibrationFit::Vector m{w.mean[0] / scale, w.mean[1] / scale, w.mean[2] / scale};
        // A still mean far from 1 g is no gravity reading (a clipped axis, a
        // device lying on a vibrating machine); it would only pull the sphere.
        if (std::abs(magnitude(m) - 1.0) < options.maxMagnitudeErrorG)
            means.push_back(m);
    }
    report.stillWindows = int(means.size());
    const CalibrationFit::Result r = CalibrationFit::fit(means, options);
    report.errorBeforeMg = r.errorBeforeMg;
    report.errorAfterMg = r.errorAfterMg;
    report.iterations = r.iterations;
    if (!r.ok) {
        report.refusal = r.refusal;
        return report;
    }
    // corrected = offset + (scale_fit / scale) * raw  <=>  raw = offset' + gain * g
    for (size_t a = 0; a < 3; ++a) {
        const double perRaw = r.scale[a] / scale;
        report.coefficients.gain[a] = 1.0 / perRaw;
        report.coefficients.offset[a] = -r.offset[a] / perRaw;
    }
    report.calibrated = true;
    return report;
}

void AutoCalibrator::apply(const CalibrationCoefficients& c, Channel& x, Channel& y, Channel& z)
{
    Channel* axes[3] = {&x, &y, &z};
    for (size_t a = 0; a < 3; ++a) {
        const double offset = c.offset[a], perRaw = 1.0 / c.gain[a];
        for (float& v : axes[a]->samples)
            v = float((double(v) - offset) * perRaw);
        axes[a]->unit = QStringLiteral("g");
    }
}

std::vector<CalibrationReport> AutoCalibrator::calibrate(Recording& recording,
                                                         const CalibrationOptions& options,
                                                         const QString& file, ReadReport* report,
                                                         const JobControl* job)
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
                recording.sampleRateHz, options, job ? &sub : nullptr);
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
        apply(r.coefficients, s.channels[axes[0]], s.channels[axes[1]], s.channels[axes[2]]);
        recording.metadata.insert(summaryKey(s.name), r.summary());
        recording.metadata.insert(coefficientsKey(s.name), r.coefficients.toText());
        if (report)
            report->repairs << QStringLiteral("automatic calibration: %1").arg(r.summary());
    }
    return reports;
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
