#include "core/calibration/CalibrationCoefficients.h"

#include <QLocale>
#include <QRegularExpression>
#include <QStringList>
#include <cmath>

namespace kinemark {

QString CalibrationCoefficients::toText() const
{
    // Enough digits that a saved and reopened recording says exactly what was
    // applied (offsets in counts can be hundreds, gains near 1).
    auto three = [](const std::array<double, 3>& v) {
        return QStringLiteral("%1, %2, %3")
            .arg(v[0], 0, 'g', QLocale::FloatingPointShortest)
            .arg(v[1], 0, 'g', QLocale::FloatingPointShortest)
            .arg(v[2], 0, 'g', QLocale::FloatingPointShortest);
    };
    QString text = QStringLiteral("offset x,y,z (%1): %2; gain x,y,z (%3): %4")
                       .arg(rawUnit, three(offset),
                            rawUnit == QLatin1String("g") ? QStringLiteral("ratio")
                                                          : rawUnit + QStringLiteral("/g"),
                            three(gain));
    if (hasTemperature)
        text += QStringLiteral("; drift x,y,z (%1/C about %2 C): %3")
                    .arg(rawUnit)
                    .arg(referenceC, 0, 'g', QLocale::FloatingPointShortest)
                    .arg(three(drift));
    return text;
}

bool CalibrationCoefficients::fromText(const QString& text, CalibrationCoefficients* out)
{
    static const QRegularExpression re(
        QStringLiteral(R"(^offset x,y,z \(([^)]*)\): ([^;]*); gain x,y,z \([^)]*\): ([^;]*))"
                       R"((?:; drift x,y,z \([^)]*/C about ([^ ]+) C\): (.*))?$)"));
    const QRegularExpressionMatch m = re.match(text.trimmed());
    if (!m.hasMatch())
        return false;
    CalibrationCoefficients c;
    c.rawUnit = m.captured(1);
    auto parse = [](const QString& list, std::array<double, 3>* v) {
        const QStringList parts = list.split(QLatin1Char(','));
        if (parts.size() != 3)
            return false;
        for (int i = 0; i < 3; ++i) {
            bool ok = false;
            (*v)[size_t(i)] = parts[i].trimmed().toDouble(&ok);
            if (!ok || !std::isfinite((*v)[size_t(i)]))
                return false;
        }
        return true;
    };
    if (!parse(m.captured(2), &c.offset) || !parse(m.captured(3), &c.gain))
        return false;
    if (m.hasCaptured(5)) {
        bool ok = false;
        c.referenceC = m.captured(4).toDouble(&ok);
        if (!ok || !std::isfinite(c.referenceC) || !parse(m.captured(5), &c.drift))
            return false;
        c.hasTemperature = true;
    }
    for (double g : c.gain)
        if (!(g != 0.0))
            return false;
    *out = c;
    return true;
}

} // namespace kinemark
