#include "app/cli/data/DeviceImportCliOptions.h"

#include "core/io/RecordingSizeLimit.h"

#include <stdexcept>

namespace kinemark {

void DeviceImportCliOptions::addTo(QCommandLineParser& parser)
{
    parser.addOptions({
        {"sensors",
         "device files: one sensor name per file (e.g. back,thigh); the files become "
         "one recording on a common time base. Without it, one recording per file.",
         "NAMES"},
        {"offset", "device files: seconds added to a sensor's clock, NAME=SECONDS (repeatable).",
         "NAME=S"},
        {"align",
         "device files: 'auto' shifts every sensor after the first to the offset that "
         "best lines up its acceleration magnitude with the first's (cross-correlation, "
         "within --max-lag of its --offset); 'none' (default) keeps the clocks.",
         "MODE", "none"},
        {"max-lag", "device files: the alignment search range in seconds (default 60).", "S", "60"},
        {"resample",
         "device files, and csv time stamps that step unevenly: linear (default), nearest or "
         "mean; --rate sets the rate (default 50 Hz for devices).",
         "METHOD", "linear"},
        {"max-recording-gb",
         "any format: refuse a recording whose samples would take more than GB gigabytes "
         "(default: half the available memory).",
         "GB"},
    });
}

void DeviceImportCliOptions::applySizeLimit(const QCommandLineParser& parser)
{
    if (!parser.isSet("max-recording-gb"))
        return;
    bool ok = false;
    const double gb = parser.value("max-recording-gb").toDouble(&ok);
    if (!ok || !RecordingSizeLimit::setGigabytes(gb))
        throw std::invalid_argument(QStringLiteral("--max-recording-gb: '%1' is not a positive "
                                                   "number of gigabytes")
                                        .arg(parser.value("max-recording-gb"))
                                        .toStdString());
}

DeviceImportOptions DeviceImportCliOptions::fromParser(const QCommandLineParser& parser,
                                                       double rateHz)
{
    auto bad = [](const QString& option, const QString& why) {
        throw std::invalid_argument(QStringLiteral("--%1: %2").arg(option, why).toStdString());
    };
    DeviceImportOptions o;
    if (rateHz > 0)
        o.rateHz = rateHz;
    if (parser.isSet("sensors")) {
        for (const QString& name : parser.value("sensors").split(QLatin1Char(','))) {
            const QString n = name.trimmed();
            if (n.isEmpty())
                bad("sensors",
                    QStringLiteral("empty sensor name in '%1'").arg(parser.value("sensors")));
            if (o.sensorNames.contains(n))
                bad("sensors", QStringLiteral("'%1' is named twice").arg(n));
            o.sensorNames << n;
        }
    }
    for (const QString& spec : parser.values("offset")) {
        const int eq = spec.indexOf(QLatin1Char('='));
        bool ok = false;
        const double seconds = eq > 0 ? spec.mid(eq + 1).toDouble(&ok) : 0;
        if (eq <= 0 || !ok)
            bad("offset", QStringLiteral("'%1' is not NAME=SECONDS").arg(spec));
        const int index = o.sensorNames.indexOf(spec.left(eq).trimmed());
        if (index < 0)
            bad("offset", QStringLiteral("'%1' is not one of the --sensors").arg(spec.left(eq)));
        o.offsetsS.resize(size_t(o.sensorNames.size()), 0.0);
        o.offsetsS[size_t(index)] = seconds;
    }
    const QString align = parser.value("align").trimmed().toLower();
    if (align == QLatin1String("auto"))
        o.autoAlign = true;
    else if (align != QLatin1String("none"))
        bad("align", QStringLiteral("'%1' is not auto or none").arg(align));
    if (o.autoAlign && o.sensorNames.size() < 2)
        bad("align", QStringLiteral("needs two or more --sensors"));
    bool ok = false;
    o.maxAlignLagS = parser.value("max-lag").toDouble(&ok);
    if (!ok || !(o.maxAlignLagS > 0))
        bad("max-lag", QStringLiteral("'%1' is not a positive number of seconds")
                           .arg(parser.value("max-lag")));
    if (!UniformResampler::methodFromName(parser.value("resample"), &o.method))
        bad("resample",
            QStringLiteral("'%1' is not one of %2")
                .arg(parser.value("resample"), UniformResampler::methodNames().join(", ")));
    return o;
}

} // namespace kinemark
