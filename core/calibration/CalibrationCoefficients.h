#pragma once

#include <QString>
#include <array>

namespace kinemark {

// One accelerometer's calibration as a model of the sensor's error, per axis:
//   raw = offset + gain * g_true + drift * (T - referenceC)
//   so   g = (raw - offset - drift * (T - referenceC)) / gain,
// in the unit the values were read in (g, or raw counts when their scale was
// unknown: the gain is then counts per g), T the device's temperature in
// degrees C where it stores one (drift is 0 otherwise). Written this way the
// numbers say what is wrong with the device ("x reads 0.1 g high, 5 % strong
// and 2 mg higher per degree"), and a known distortion can be compared with
// them directly.
struct CalibrationCoefficients
{
    std::array<double, 3> offset{0.0, 0.0, 0.0};
    std::array<double, 3> gain{1.0, 1.0, 1.0};
    std::array<double, 3> drift{0.0, 0.0, 0.0}; // raw units per degree C
    double referenceC = 0;                      // the temperature the offsets hold at
    bool hasTemperature = false;
    QString rawUnit = QStringLiteral("g"); // "g" or "counts"

    double toG(int axis, double raw) const
    {
        return (raw - offset[size_t(axis)]) / gain[size_t(axis)];
    }
    double toG(int axis, double raw, double celsius) const
    {
        const double warm = hasTemperature ? drift[size_t(axis)] * (celsius - referenceC) : 0.0;
        return (raw - offset[size_t(axis)] - warm) / gain[size_t(axis)];
    }
    // The offset in mg of true acceleration (offset / gain), for people.
    double offsetMg(int axis) const { return 1000.0 * offset[size_t(axis)] / gain[size_t(axis)]; }
    // The drift in mg of true acceleration per degree C.
    double driftMgPerC(int axis) const { return 1000.0 * drift[size_t(axis)] / gain[size_t(axis)]; }

    // "offset x,y,z (unit): a, b, c; gain x,y,z: d, e, f" and, with the
    // temperature term, "; drift x,y,z (unit/C about T C): g, h, i": the
    // recording's metadata value, read back by fromText (false when it is not one).
    QString toText() const;
    static bool fromText(const QString& text, CalibrationCoefficients* out);
};

} // namespace kinemark
