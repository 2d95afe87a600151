#include "core/calibration/CalibrationReport.h"

namespace kinemark {

QString CalibrationReport::summary() const
{
    const QString who = sensor.isEmpty() ? QStringLiteral("accelerometer")
                                         : QStringLiteral("sensor '%1'").arg(sensor);
    if (!calibrated)
        return QStringLiteral("%1 not calibrated: %2").arg(who, refusal);
    const CalibrationCoefficients& c = coefficients;
    const bool counts = c.rawUnit != QLatin1String("g");
    QString gains;
    if (counts)
        gains = QStringLiteral("gain x, y, z %1, %2, %3 %4/g")
                    .arg(c.gain[0], 0, 'f', 2)
                    .arg(c.gain[1], 0, 'f', 2)
                    .arg(c.gain[2], 0, 'f', 2)
                    .arg(c.rawUnit);
    else
        gains = QStringLiteral("gain x, y, z %1, %2, %3")
                    .arg(c.gain[0], 0, 'f', 4)
                    .arg(c.gain[1], 0, 'f', 4)
                    .arg(c.gain[2], 0, 'f', 4);
    auto signedText = [](double v, int decimals) {
        return (v >= 0 ? QStringLiteral("+") : QString()) + QString::number(v, 'f', decimals);
    };
    // Offsets of counts in counts (a 12-bit device's zero sits at 2048, which
    // is no error in mg); of g in mg.
    QString offsets;
    if (counts)
        offsets = QStringLiteral("offset x, y, z %1, %2, %3 %4")
                      .arg(c.offset[0], 0, 'f', 1)
                      .arg(c.offset[1], 0, 'f', 1)
                      .arg(c.offset[2], 0, 'f', 1)
                      .arg(c.rawUnit);
    else
        offsets = QStringLiteral("offset x, y, z %1, %2, %3 mg")
                      .arg(signedText(c.offsetMg(0), 1), signedText(c.offsetMg(1), 1),
                           signedText(c.offsetMg(2), 1));
    return QStringLiteral("%1 calibrated from %2 still %3-s windows (of %4): error %5 mg before%6, "
                          "%7 mg after; %8; %9; %10")
        .arg(who)
        .arg(stillWindows)
        .arg(windowSeconds)
        .arg(windows)
        .arg(errorBeforeMg, 0, 'f', 1)
        .arg(counts ? QStringLiteral(" (at the first estimate of %1 %2/g)")
                          .arg(initialScale, 0, 'f', 1)
                          .arg(c.rawUnit)
                    : QString())
        .arg(errorAfterMg, 0, 'f', 1)
        .arg(offsets, gains, temperatureText());
}

QString CalibrationReport::temperatureText() const
{
    const CalibrationCoefficients& c = coefficients;
    if (!temperatureUsed || !c.hasTemperature)
        return temperatureNote.isEmpty()
                   ? QStringLiteral("no temperature term")
                   : QStringLiteral("no temperature term (%1)").arg(temperatureNote);
    auto signedText = [](double v) {
        return (v >= 0 ? QStringLiteral("+") : QString()) + QString::number(v, 'f', 2);
    };
    return QStringLiteral("temperature drift x, y, z %1, %2, %3 mg/C about %4 C")
        .arg(signedText(c.driftMgPerC(0)), signedText(c.driftMgPerC(1)),
             signedText(c.driftMgPerC(2)))
        .arg(c.referenceC, 0, 'f', 1);
}

QJsonObject CalibrationReport::toJson() const
{
    return QJsonObject{{"calibrated", calibrated},         {"windows", windows},
                       {"still_windows", stillWindows},    {"window_s", windowSeconds},
                       {"error_before_mg", errorBeforeMg}, {"error_after_mg", errorAfterMg},
                       {"iterations", iterations},         {"initial_scale", initialScale},
                       {"temperature", temperatureUsed},   {"temperature_note", temperatureNote}};
}

CalibrationReport CalibrationReport::fromJson(const QJsonObject& json)
{
    CalibrationReport r;
    r.calibrated = json.value("calibrated").toBool();
    r.windows = json.value("windows").toInt();
    r.stillWindows = json.value("still_windows").toInt();
    r.windowSeconds = json.value("window_s").toDouble(10.0);
    r.errorBeforeMg = json.value("error_before_mg").toDouble();
    r.errorAfterMg = json.value("error_after_mg").toDouble();
    r.iterations = json.value("iterations").toInt();
    r.initialScale = json.value("initial_scale").toDouble(1.0);
    r.temperatureUsed = json.value("temperature").toBool();
    r.temperatureNote = json.value("temperature_note").toString();
    return r;
}

} // namespace kinemark
