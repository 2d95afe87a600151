#pragma once

#include "core/calibration/CalibrationCoefficients.h"

#include <QJsonObject>
#include <QString>

namespace kinemark {

// What automatic calibration did to one accelerometer, or why it refused: the
// numbers the import notes, `kinemark-cli info` and the import dialog show.
struct CalibrationReport
{
    QString sensor;
    bool calibrated = false;
    QString refusal;      // why not, when !calibrated (names axes and counts)
    int windows = 0;      // whole windows looked at
    int stillWindows = 0; // of them still (and of plausible magnitude): what the fit used
    double windowSeconds = 10.0;
    // Calibration error, mean | |a| - 1 g | over the still windows, in mg:
    // as read (after the initial scale when it was unknown) and after the fit.
    double errorBeforeMg = 0;
    double errorAfterMg = 0;
    int iterations = 0;
    // Raw values per g estimated from the still windows' median magnitude
    // (1 when the values were already in g).
    double initialScale = 1.0;
    // Whether the fit has a temperature term (the coefficients' drift), and
    // why not when it has none: the file stores no temperature, or its still
    // periods' temperature varies too little or moves with the posture.
    bool temperatureUsed = false;
    QString temperatureNote;
    CalibrationCoefficients coefficients;

    // One paragraph for people: windows, errors before and after, offsets in
    // mg and gains, or the refusal.
    QString summary() const;
    // The temperature term for people: the drift per axis in mg per degree C
    // and its reference temperature, or why there is none.
    QString temperatureText() const;
    // The numbers as JSON (the recording's metadata keeps them, so that the
    // import dialog can show a report of a recording read in the background),
    // and back; fromJson ignores what it does not know. The sensor and the
    // coefficients are kept by their own keys.
    QJsonObject toJson() const;
    static CalibrationReport fromJson(const QJsonObject& json);
};

} // namespace kinemark
