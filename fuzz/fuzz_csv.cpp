// Fuzzes the generic delimited-text reader (DelimitedTextReader, through
// RecordingImporter as `kinemark-cli import --format csv` uses it). The first
// byte chooses the column mapping, so one corpus covers named and numbered
// columns, every time format, units, gap policies and a label column; the rest
// is the file.
#include "core/io/RecordingImporter.h"
#include "fuzz/FuzzScratch.h"

#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace kinemark;
    if (size < 1)
        return 0;
    const uint8_t choice = data[0];
    ColumnMapping mapping;
    const bool numbered = choice & 0x01;
    mapping.hasHeader = !numbered;
    mapping.timeColumn =
        (choice & 0x02) ? QString() : (numbered ? QStringLiteral("1") : QStringLiteral("time"));
    if (mapping.timeColumn.isEmpty())
        mapping.sampleRateHz = 50;
    static const ColumnMapping::TimeFormat kTimeFormats[] = {
        ColumnMapping::TimeFormat::Auto, ColumnMapping::TimeFormat::DateTime,
        ColumnMapping::TimeFormat::UnixSeconds, ColumnMapping::TimeFormat::UnixMilliseconds,
        ColumnMapping::TimeFormat::RelativeSeconds};
    mapping.timeFormat = kTimeFormats[(choice >> 2) % 5];
    ColumnMapping::SensorColumns acc;
    acc.sensor = QStringLiteral("wrist");
    acc.columns = numbered ? QStringList{"2", "3", "4"} : QStringList{"x", "y", "z"};
    mapping.sensors.push_back(acc);
    if (choice & 0x20) {
        mapping.labelColumn = numbered ? QStringLiteral("5") : QStringLiteral("label");
        mapping.labelSetId = QStringLiteral("harth");
    }
    mapping.gapPolicy =
        (choice & 0x40) ? ColumnMapping::GapPolicy::MarkGap : ColumnMapping::GapPolicy::Error;
    if (choice & 0x80) {
        mapping.unit = ColumnMapping::Unit::Counts;
        mapping.countsPerG = 256;
    }
    const QString path = FuzzScratch::write(QStringLiteral("input.csv"), data + 1, size - 1);
    try {
        RecordingImporter::read(path, RecordingImporter::Format::Csv, mapping);
    } catch (const std::exception&) {
        // FormatError and its kin: the reader refused the file, as it should.
    }
    return 0;
}
