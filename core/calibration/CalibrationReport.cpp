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
    auto signedMg = [](double v) {
        return (v >= 0 ? QStringLiteral("+") : QString()) + QString::number(v, 'f', 1);
    };
    return QStringLiteral("%1 calibrated from %2 still %3-s windows (of %4): error %5 mg before, "
                          "%6 mg after; offset x, y, z %7, %8, %9 mg; %10; %11")
        .arg(who)
        .arg(stillWindows)
        .arg(windowSeconds)
        .arg(windows)
        .arg(errorBeforeMg, 0, 'f', 1)
        .arg(errorAfterMg, 0, 'f', 1)
        .arg(signedMg(c.offsetMg(0)), signedMg(c.offsetMg(1)), signedMg(c.offsetMg(2)), gains,
             temperatureUsed ? QStringLiteral("with temperature")
                             : QStringLiteral("no temperature term (not read from the file)"));
}

} // namespace kinemark
