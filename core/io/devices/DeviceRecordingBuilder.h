#pragma once

#include "core/base/JobControl.h"
#include "core/base/ReadReport.h"
#include "core/calibration/TemperatureSeries.h"
#include "core/io/devices/DeviceImportOptions.h"
#include "core/io/devices/DeviceSamples.h"
#include "core/model/Recording.h"

#include <vector>

namespace kinemark {

// Turns decoded device files into one Recording: every file becomes a sensor,
// all on one uniform time base that runs from the earliest to the latest sample
// of any sensor (after its offset). Where a sensor has no data (before it
// started, after it stopped, in a gap) its samples are marked, never bridged:
// the recording's metadata lists them ("gaps"), and so does the report.
// build() consumes the devices' sample columns (freed once resampled); their
// metadata stays. The devices' temperature readings, where their files hold
// them, go to `temperatures` (one series per such sensor, on the recording's
// samples) for automatic calibration; the recording's metadata notes their range.
class DeviceRecordingBuilder
{
public:
    static Recording build(std::vector<DeviceSamples>& devices, const QStringList& sensorNames,
                           const DeviceImportOptions& options, ReadReport* report = nullptr,
                           const JobControl* job = nullptr,
                           std::vector<TemperatureSeries>* temperatures = nullptr);
    // A sensor name from a body location ("right wrist" -> "right_wrist"), or `fallback`.
    static QString sensorNameFor(const DeviceSamples& device, const QString& fallback);
};

} // namespace kinemark
