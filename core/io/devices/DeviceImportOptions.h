#pragma once

#include "core/calibration/CalibrationOptions.h"
#include "core/io/devices/UniformResampler.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace kinemark {

// How device files (.cwa, .gt3x, GENEActiv .bin) become recordings.
struct DeviceImportOptions
{
    // The recording's uniform rate; every sensor is resampled onto it.
    double rateHz = 50.0;
    UniformResampler::Method method = UniformResampler::Method::Linear;
    // One name per file: all files become one recording with these sensors on a
    // common time base. Empty: one recording per file, the sensor named after the
    // device's body location.
    QStringList sensorNames;
    // Seconds added to each file's clock (missing entries are 0).
    std::vector<double> offsetsS;
    // Replace the offset of every file after the first by the suggested
    // alignment with the first (searched within maxAlignLagS of its offset).
    bool autoAlign = false;
    double maxAlignLagS = 60.0;
    // Automatic calibration of each sensor once resampled (--calibrate auto).
    CalibrationOptions calibration;
    QString recordingId; // default: the first file's base name
    QString subjectId;   // default: the device's subject code, else the recording id
};

} // namespace kinemark
