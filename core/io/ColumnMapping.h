#pragma once

#include "core/calibration/CalibrationOptions.h"
#include "core/io/devices/UniformResampler.h"
#include "core/model/LabelClass.h"

#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace kinemark {

// How the columns of a delimited text file become a Recording. HARTH / HAR70+
// CSV is one preset of it; the generic CSV import builds one from options.
struct ColumnMapping
{
    // One sensor's axis columns, by header name or 1-based column number ("3").
    struct SensorColumns
    {
        QString sensor; // "back"
        QString quantity = QStringLiteral("acc");
        QStringList columns;   // one per axis, e.g. {"back_x","back_y","back_z"}
        QStringList axisNames; // defaults to x, y, z, ... when empty
    };

    enum class TimeFormat
    {
        Auto,             // detect from the first value: date-time text or a number of seconds
        DateTime,         // "2019-01-12 00:00:00.000", ISO 8601 with 'T', optional 'Z'
        UnixSeconds,      // seconds since 1970-01-01 UTC (fractional allowed)
        UnixMilliseconds, // ms since 1970-01-01 UTC
        RelativeSeconds,  // seconds since the start of the recording
        UnixMicroseconds, // us since 1970-01-01 UTC (phone and watch loggers)
        UnixNanoseconds,  // ns since 1970-01-01 UTC (Android sensor events, WISDM)
    };
    // How the label column's values are read. Auto: as class ids when the
    // first value is an integer and no label map or unlabelled values are
    // given, else as text.
    enum class LabelFormat
    {
        Auto,
        Integer, // class ids, checked against the label set
        Text,    // any text; each distinct value is a class (TextLabelDictionary)
    };
    // The ids a label set made from text labels gives its classes.
    enum class LabelOrder
    {
        FirstAppearance, // 1, 2, ... in the order the texts first appear
        Sorted,          // 1, 2, ... in the texts' sorted order
    };
    // One entry of a label map (--label-map): a text of the label column
    // (a number is a text too) and the class it stands for.
    struct LabelMapEntry
    {
        QString text;
        int32_t classId = kUnlabelled;
        QString name; // empty: the label set's name for classId, else the text
    };
    enum class Unit
    {
        G,                // already in g
        MetresPerSecond2, // divided by 9.80665
        Counts,           // divided by countsPerG
    };
    enum class GapPolicy
    {
        Error,   // a gap in the timestamps is an error naming the line
        MarkGap, // fill the gap with the last values, leave it unlabelled, report it
    };

    char delimiter = 0;   // 0: detect (',', ';', tab, space)
    char decimalMark = 0; // 0: detect ('.', or ',' with ';' delimiters); '.' or ','
    // Whether the first line (after skipLines and '#' comments) holds column
    // names; empty: detected, a header when a column that is numeric in the
    // next lines is not in the first (a text label column in every row, as in
    // WISDM, does not make its first row a header).
    std::optional<bool> hasHeader;
    int skipLines = 0;  // lines before the header (or the data, without header)
    QString timeColumn; // empty: no time column; samples are 1/sampleRateHz apart
    TimeFormat timeFormat = TimeFormat::Auto;
    double sampleRateHz = 0; // required without a time column; 0 with one: estimated
    std::vector<SensorColumns> sensors;
    QString labelColumn; // empty: no ground truth
    LabelFormat labelFormat = LabelFormat::Auto;
    LabelOrder labelOrder = LabelOrder::FirstAppearance;
    std::vector<LabelMapEntry> labelMap; // text labels: text -> class (empty: none)
    QStringList unlabelledValues;        // label texts meaning "no label" (besides empty)
    Unit unit = Unit::G;
    double countsPerG = 1.0;
    // Automatic calibration of the accelerometers once read (--calibrate auto;
    // the default for counts without --counts-per-g, with unknownScale).
    CalibrationOptions calibration;
    GapPolicy gapPolicy = GapPolicy::Error;
    // Time stamps that step forward unevenly (phones, watches): resample the
    // rows onto a uniform grid at sampleRateHz (estimated when 0) with the
    // rules of device files (--resample); gaps are reported, not errors.
    bool resample = false;
    UniformResampler::Method resampleMethod = UniformResampler::Method::Linear;

    QString labelSetId; // label set of the label column
    // The classes the label column is checked against when the recording goes
    // into a project that has its own, perhaps edited, copy of labelSetId;
    // empty: the built-in set of that id.
    std::vector<LabelClass> projectClasses;
    QString recordingId;    // default: the file's base name
    QString subjectId;      // default: the recording id
    qint64 startTimeUs = 0; // start time when there is no absolute time column
};

} // namespace kinemark
