#include "core/io/HarthCsvReader.h"

#include "core/io/ColumnMapping.h"
#include "core/io/DelimitedTextReader.h"

#include <QFileInfo>

namespace kinemark {

Recording HarthCsvReader::read(const QString& path, const QString& labelSetId, ReadReport* report,
                               const JobControl* job)
{
    // Columns are mapped by header name, so the optional leading unnamed index
    // column (the header then starts with ',') is simply a field nobody reads,
    // and the field count still has to match on every line.
    ColumnMapping mapping;
    mapping.delimiter = ',';
    mapping.hasHeader = true;
    mapping.timeColumn = QStringLiteral("timestamp");
    mapping.timeFormat = ColumnMapping::TimeFormat::DateTime;
    // HARTH and HAR70+ are recorded at 50 Hz; their time stamps jitter around
    // the grid, so the rate is given rather than estimated (which also saves a
    // pass over millions of time stamps).
    mapping.sampleRateHz = 50.0;
    for (const char* sensor : {"back", "thigh"}) {
        ColumnMapping::SensorColumns s;
        s.sensor = QString::fromLatin1(sensor);
        s.quantity = QStringLiteral("acc");
        for (const char* axis : {"_x", "_y", "_z"})
            s.columns << s.sensor + QLatin1String(axis);
        mapping.sensors.push_back(s);
    }
    mapping.labelColumn = QStringLiteral("label");
    mapping.labelFormat = ColumnMapping::LabelFormat::Integer; // class ids, never texts
    mapping.unit = ColumnMapping::Unit::G;
    mapping.gapPolicy = ColumnMapping::GapPolicy::Error;
    mapping.labelSetId = labelSetId;
    // The file name is the subject: S006.csv holds subject S006.
    mapping.recordingId = QFileInfo(path).completeBaseName();
    mapping.subjectId = mapping.recordingId;
    return DelimitedTextReader::read(path, mapping, report, job);
}

} // namespace kinemark
