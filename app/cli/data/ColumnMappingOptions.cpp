#include "app/cli/data/ColumnMappingOptions.h"

#include "core/labels/LabelMapFile.h"

#include <QDateTime>
#include <stdexcept>

namespace kinemark {

namespace {
[[noreturn]] void bad(const QString& option, const QString& why)
{
    throw std::invalid_argument(QStringLiteral("--%1: %2").arg(option, why).toStdString());
}
} // namespace

void ColumnMappingOptions::addTo(QCommandLineParser& parser)
{
    parser.addOptions({
        {"delimiter", "csv: field delimiter: ',', ';', 'tab' or 'space' (default: detect).", "C"},
        {"header",
         "csv: the first line holds column names (default: detected; a header when a column "
         "that is numeric below is not a number in it)."},
        {"no-header", "csv: the first line is data, not column names (columns by number then)."},
        {"skip-lines", "csv: lines to skip before the header or data.", "N", "0"},
        {"time-column", "csv: column holding time stamps (name or 1-based number).", "COL"},
        {"time-format", "csv: auto|datetime|unix-s|unix-ms|unix-us|unix-ns|seconds (default auto).",
         "F", "auto"},
        {"rate",
         "csv: sampling rate in Hz (required without --time-column); device files: the rate to "
         "resample to (default 50).",
         "HZ"},
        {"sensor",
         "csv: a sensor and its axis columns, NAME[:QUANTITY]=COL,COL,COL; repeat per sensor "
         "(e.g. --sensor back=2,3,4 --sensor thigh=back_x,...). QUANTITY defaults to acc.",
         "SPEC"},
        {"label-column",
         "csv: column holding per-sample labels (ground truth): class ids, or texts such as 'A' "
         "or 'walking', which become classes (the mapping is printed).",
         "COL"},
        {"label-format",
         "csv: auto (default: texts when the first label is no integer), integer or text.", "F",
         "auto"},
        {"label-order",
         "csv: ids of classes made from text labels: appearance (default, order of first "
         "appearance) or sorted.",
         "O", "appearance"},
        {"label-map",
         "csv: text labels to class ids, a CSV of 'text,class_id[,name]' lines or JSON "
         "{\"text\": id}; -1 is no label.",
         "FILE"},
        {"unlabelled",
         "csv: label values meaning no label, comma separated (e.g. 0,null); empty always is.",
         "VALUES"},
        {"decimal", "csv: decimal mark: auto (default), point or comma (with ';' delimiters).",
         "MARK", "auto"},
        {"label-set",
         "csv: label set of the label column: hapt, uci-har, harth, har70plus, one of the "
         "project's, a label set file (FILE.json, as 'labels set export' writes), or the id to "
         "give a set made from text labels.",
         "ID|FILE"},
        {"unit", "csv: unit of the axis values: g, m/s2 or counts (default g).", "U", "g"},
        {"counts-per-g",
         "csv: raw counts per g, with --unit counts (without it: estimated by --calibrate auto).",
         "N"},
        {"calibrate",
         "automatic calibration of the accelerometers from their still periods (van Hees 2014): "
         "auto or off; every format. Default: auto for --unit counts without --counts-per-g, "
         "else off.",
         "MODE"},
        {"gaps",
         "csv: time-stamp gaps: 'error' (default) or 'mark' (filled, left unlabelled, reported).",
         "P", "error"},
        {"subject", "subject id (default: the recording id).", "ID"},
        {"recording-id", "recording id (default: the file's base name).", "ID"},
        {"start", "csv without absolute time: start time, ISO 8601 (UTC).", "TIME"},
    });
}

ColumnMapping ColumnMappingOptions::fromParser(const QCommandLineParser& parser)
{
    ColumnMapping m;
    if (parser.isSet("delimiter")) {
        const QString d = parser.value("delimiter");
        if (d == QLatin1String("tab") || d == QLatin1String("\\t"))
            m.delimiter = '\t';
        else if (d == QLatin1String("space"))
            m.delimiter = ' ';
        else if (d.size() == 1 && d.at(0).unicode() < 128)
            m.delimiter = char(d.at(0).unicode());
        else
            bad("delimiter", QStringLiteral("'%1' is not one character, 'tab' or 'space'").arg(d));
    }
    if (parser.isSet("header") && parser.isSet("no-header"))
        bad("header", QStringLiteral("give --header or --no-header, not both"));
    if (parser.isSet("header"))
        m.hasHeader = true;
    else if (parser.isSet("no-header"))
        m.hasHeader = false;
    bool ok = true;
    m.skipLines = parser.value("skip-lines").toInt(&ok);
    if (!ok || m.skipLines < 0)
        bad("skip-lines",
            QStringLiteral("'%1' is not a non-negative number").arg(parser.value("skip-lines")));
    m.timeColumn = parser.value("time-column");
    const QString tf = parser.value("time-format");
    if (tf == QLatin1String("auto"))
        m.timeFormat = ColumnMapping::TimeFormat::Auto;
    else if (tf == QLatin1String("datetime"))
        m.timeFormat = ColumnMapping::TimeFormat::DateTime;
    else if (tf == QLatin1String("unix-s"))
        m.timeFormat = ColumnMapping::TimeFormat::UnixSeconds;
    else if (tf == QLatin1String("unix-ms"))
        m.timeFormat = ColumnMapping::TimeFormat::UnixMilliseconds;
    else if (tf == QLatin1String("unix-us"))
        m.timeFormat = ColumnMapping::TimeFormat::UnixMicroseconds;
    else if (tf == QLatin1String("unix-ns"))
        m.timeFormat = ColumnMapping::TimeFormat::UnixNanoseconds;
    else if (tf == QLatin1String("seconds"))
        m.timeFormat = ColumnMapping::TimeFormat::RelativeSeconds;
    else
        bad("time-format", QStringLiteral("'%1' is not auto, datetime, unix-s, unix-ms, unix-us, "
                                          "unix-ns or seconds")
                               .arg(tf));
    if (parser.isSet("rate")) {
        m.sampleRateHz = parser.value("rate").toDouble(&ok);
        if (!ok || !(m.sampleRateHz > 0))
            bad("rate",
                QStringLiteral("'%1' is not a positive number of Hz").arg(parser.value("rate")));
    }
    for (const QString& spec : parser.values("sensor")) {
        const int eq = spec.indexOf(QLatin1Char('='));
        if (eq <= 0)
            bad("sensor", QStringLiteral("'%1' is not NAME=COL,COL,COL").arg(spec));
        ColumnMapping::SensorColumns s;
        QString name = spec.left(eq).trimmed();
        const int colon = name.indexOf(QLatin1Char(':'));
        if (colon >= 0) {
            s.quantity = name.mid(colon + 1).trimmed();
            name = name.left(colon).trimmed();
        }
        s.sensor = name;
        for (const QString& c : spec.mid(eq + 1).split(QLatin1Char(','), Qt::SkipEmptyParts))
            s.columns << c.trimmed();
        if (s.sensor.isEmpty() || s.columns.isEmpty())
            bad("sensor", QStringLiteral("'%1' names no sensor or no columns").arg(spec));
        m.sensors.push_back(s);
    }
    m.labelColumn = parser.value("label-column");
    const QString labelFormat = parser.value("label-format");
    if (labelFormat == QLatin1String("auto"))
        m.labelFormat = ColumnMapping::LabelFormat::Auto;
    else if (labelFormat == QLatin1String("integer"))
        m.labelFormat = ColumnMapping::LabelFormat::Integer;
    else if (labelFormat == QLatin1String("text"))
        m.labelFormat = ColumnMapping::LabelFormat::Text;
    else
        bad("label-format", QStringLiteral("'%1' is not auto, integer or text").arg(labelFormat));
    const QString labelOrder = parser.value("label-order");
    if (labelOrder == QLatin1String("appearance"))
        m.labelOrder = ColumnMapping::LabelOrder::FirstAppearance;
    else if (labelOrder == QLatin1String("sorted"))
        m.labelOrder = ColumnMapping::LabelOrder::Sorted;
    else
        bad("label-order", QStringLiteral("'%1' is not appearance or sorted").arg(labelOrder));
    if (parser.isSet("label-map"))
        m.labelMap = LabelMapFile::read(parser.value("label-map"));
    if (parser.isSet("unlabelled"))
        m.unlabelledValues = parser.value("unlabelled").split(QLatin1Char(','));
    if ((!m.labelMap.empty() || parser.isSet("unlabelled")) && m.labelColumn.isEmpty())
        bad(parser.isSet("label-map") ? "label-map" : "unlabelled",
            QStringLiteral("applies to a label column; give --label-column"));
    const QString decimal = parser.value("decimal");
    if (decimal == QLatin1String("auto"))
        m.decimalMark = 0;
    else if (decimal == QLatin1String("point"))
        m.decimalMark = '.';
    else if (decimal == QLatin1String("comma"))
        m.decimalMark = ',';
    else
        bad("decimal", QStringLiteral("'%1' is not auto, point or comma").arg(decimal));
    m.labelSetId = parser.value("label-set");
    const QString unit = parser.value("unit");
    if (unit == QLatin1String("g"))
        m.unit = ColumnMapping::Unit::G;
    else if (unit == QLatin1String("m/s2") || unit == QLatin1String("m/s^2") ||
             unit == QLatin1String("ms2"))
        m.unit = ColumnMapping::Unit::MetresPerSecond2;
    else if (unit == QLatin1String("counts"))
        m.unit = ColumnMapping::Unit::Counts;
    else
        bad("unit", QStringLiteral("'%1' is not g, m/s2 or counts").arg(unit));
    if (parser.isSet("counts-per-g")) {
        m.countsPerG = parser.value("counts-per-g").toDouble(&ok);
        if (!ok || !(m.countsPerG > 0))
            bad("counts-per-g",
                QStringLiteral("'%1' is not a positive number").arg(parser.value("counts-per-g")));
    }
    const QString calibrate = parser.value("calibrate");
    if (!calibrate.isEmpty() && calibrate != QLatin1String("auto") &&
        calibrate != QLatin1String("off"))
        bad("calibrate", QStringLiteral("'%1' is not auto or off").arg(calibrate));
    if (m.unit == ColumnMapping::Unit::Counts && !parser.isSet("counts-per-g")) {
        if (calibrate == QLatin1String("off"))
            bad("unit", QStringLiteral("counts need --counts-per-g, or --calibrate auto to "
                                       "estimate the scale from the recording's still periods"));
        m.calibration.unknownScale = true;
    }
    m.calibration.enabled =
        calibrate == QLatin1String("auto") || (calibrate.isEmpty() && m.calibration.unknownScale);
    // --resample (declared with the device options) also resamples a CSV's
    // uneven time stamps onto the --rate grid.
    if (parser.isSet("resample")) {
        if (!UniformResampler::methodFromName(parser.value("resample"), &m.resampleMethod))
            bad("resample",
                QStringLiteral("'%1' is not one of %2")
                    .arg(parser.value("resample"), UniformResampler::methodNames().join(", ")));
        m.resample = true;
    }
    const QString gaps = parser.value("gaps");
    if (gaps == QLatin1String("error"))
        m.gapPolicy = ColumnMapping::GapPolicy::Error;
    else if (gaps == QLatin1String("mark"))
        m.gapPolicy = ColumnMapping::GapPolicy::MarkGap;
    else
        bad("gaps", QStringLiteral("'%1' is not error or mark").arg(gaps));
    m.subjectId = parser.value("subject");
    m.recordingId = parser.value("recording-id");
    if (parser.isSet("start")) {
        QDateTime t = QDateTime::fromString(parser.value("start"), Qt::ISODateWithMs);
        if (!t.isValid())
            bad("start", QStringLiteral("'%1' is not an ISO 8601 time").arg(parser.value("start")));
        if (t.timeSpec() == Qt::LocalTime)
            t.setTimeSpec(Qt::UTC);
        m.startTimeUs = t.toMSecsSinceEpoch() * 1000;
    }
    return m;
}

QString ColumnMappingOptions::helpText()
{
    return QStringLiteral(
        "\nGeneric CSV example (time in column 1, a thigh sensor in m/s^2, labels in column 5):\n"
        "  kinemark-cli import walk.csv --format csv --time-column 1 --time-format unix-ms \\\n"
        "      --sensor thigh=2,3,4 --unit m/s2 --label-column 5 --label-set harth -o walk.kmk\n"
        "Text labels, lines ending in ';' (WISDM: user,activity,time in ns,x,y,z in m/s^2):\n"
        "  kinemark-cli import wisdm.txt --format csv --time-column 3 \\\n"
        "      --time-format unix-ns --rate 20 --resample linear --sensor phone=4,5,6 \\\n"
        "      --unit m/s2 --label-column 2 --label-set wisdm -o wisdm.kmk\n");
}

} // namespace kinemark
