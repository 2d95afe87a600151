#pragma once

#include "core/model/Recording.h"

#include <QString>
#include <array>

namespace kinemark::test {

// Input of the automatic-calibration tests: a calibrated recording with
// varied postures, distorted by known offsets and gains and written as raw
// counts, which the import has to calibrate back.
struct CalibrationDistortion
{
    std::array<double, 3> offsetG{0.12, -0.08, 0.15}; // raw = offset + gain * g, per axis
    std::array<double, 3> gain{1.06, 0.92, 1.03};
    double countsPerG = 256;
    double countsOffset = 2048; // what a 12-bit device adds to every axis
};

// The built-in demo's back sensor (`secondsPerMounting` of it, 50 Hz) worn in
// three mountings one after another: as it is, turned 180 degrees about z and
// about x, so that the still periods see both sides of every axis (the demo
// alone, like most free-living data, never has its x axis pointing down).
// Then calibrated by AutoCalibrator, so that the known distortion is all
// there is to find. One sensor "wrist"; throws when calibration refuses.
Recording variedPostures(double secondsPerMounting);
// The same demo back sensor in its one mounting, uncalibrated: too few
// orientations for calibration.
Recording oneMounting(double seconds);
// Writes `r`'s first three channels distorted by `d` as integer counts, a
// header line "x,y,z" and one row per sample.
void writeCountsCsv(const QString& path, const Recording& r, const CalibrationDistortion& d);

} // namespace kinemark::test
