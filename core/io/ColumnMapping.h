#pragma once

#include "core/calibration/CalibrationOptions.h"
#include "core/model/LabelClass.h"

#include <QString>
#include <QStringList>
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

    char delimiter = 0; // 0: detect (',', ';', tab, space)
    bool hasHeader = true;
    int skipLines = 0;  // lines before the header (or the data, without header)
    QString timeColumn; // empty: no time column; samples are 1/sampleRateHz apart
    TimeFormat timeFormat = TimeFormat::Auto;
    double sampleRateHz = 0; // required without a time column; 0 with one: estimated
    std::vector<SensorColumns> sensors;
    QString labelColumn; // empty: no ground truth
    Unit unit = Unit::G;
    double countsPerG = 1.0;
    // Automatic calibration of the accelerometers once read (--calibrate auto;
    // the default for counts without --counts-per-g, with unknownScale).
    CalibrationOptions calibration;
    GapPolicy gapPolicy = GapPolicy::Error;

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
