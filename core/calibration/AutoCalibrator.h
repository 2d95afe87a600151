#pragma once

#include "core/base/JobControl.h"
#include "core/base/ReadReport.h"
#include "core/calibration/CalibrationOptions.h"
#include "core/calibration/CalibrationReport.h"
#include "core/calibration/TemperatureSeries.h"
#include "core/model/Recording.h"

#include <vector>

namespace kinemark {

// Automatic calibration of a recording's accelerometers from the recording
// itself (van Hees et al. 2014): each sensor's first three "acc" channels are
// calibrated separately. StillPeriodFinder reads each column once; the fit
// (CalibrationFit) works on the still windows' means, with each window's
// temperature where the device file stored one (TemperatureSeries); the
// coefficients are applied in place and kept in the recording's metadata
// (summaryKey, coefficientsKey, reportKey).
class AutoCalibrator
{
public:
    // Fits one accelerometer without changing it (`count` samples per axis;
    // `temperature` on the same samples, or nullptr).
    static CalibrationReport fit(const float* x, const float* y, const float* z, size_t count,
                                 double rateHz, const CalibrationOptions& options,
                                 const JobControl* job = nullptr,
                                 const TemperatureSeries* temperature = nullptr);
    // g = (raw - offset - drift * (T - reference)) / gain on the three columns,
    // in place (T from `temperature`, which the coefficients' temperature term needs).
    static void apply(const CalibrationCoefficients& coefficients, Channel& x, Channel& y,
                      Channel& z, const TemperatureSeries* temperature = nullptr);
    // Calibrates every accelerometer of `recording` (nothing when
    // !options.enabled) and notes each report in `report`. A refusal throws
    // FormatError naming `file`, the sensor, why, and the options that import
    // without calibration; the recording is then left unchanged.
    // `temperatures` are the device files' readings by sensor name (none for
    // text files and .gt3x, which store no temperature).
    static std::vector<CalibrationReport>
    calibrate(Recording& recording, const CalibrationOptions& options, const QString& file,
              ReadReport* report = nullptr, const JobControl* job = nullptr,
              const std::vector<TemperatureSeries>* temperatures = nullptr);
    // The reports of a calibrated recording, rebuilt from its metadata (also
    // after saving and reopening), in sensor order; empty when it was not
    // calibrated. What the import dialog shows after a background import.
    static std::vector<CalibrationReport> reportsOf(const Recording& recording);
    // The metadata keys of a sensor's calibration: the summary for people, the
    // coefficients applied, and the report's numbers as JSON.
    static QString summaryKey(const QString& sensor);
    static QString coefficientsKey(const QString& sensor);
    static QString reportKey(const QString& sensor);
};

} // namespace kinemark
