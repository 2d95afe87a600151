// Fuzzes the generic delimited-text reader (DelimitedTextReader, through
// RecordingImporter as `kinemark-cli import --format csv` uses it). The first
// byte chooses the column mapping, so one corpus covers named and numbered
// columns, every time format, units, gap policies and a label column; the rest
// is the file. Its last byte also picks the label and number options (issue
// #18): label format (auto, integer, text), unlabelled values, sorted class
// ids, the decimal mark, a label map, and a label set to place texts in or
// none (a set made from the texts).
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
        ColumnMapping::TimeFormat::Auto,
        ColumnMapping::TimeFormat::DateTime,
        ColumnMapping::TimeFormat::UnixSeconds,
        ColumnMapping::TimeFormat::UnixMilliseconds,
        ColumnMapping::TimeFormat::RelativeSeconds,
        ColumnMapping::TimeFormat::UnixMicroseconds,
        ColumnMapping::TimeFormat::UnixNanoseconds};
    mapping.timeFormat = kTimeFormats[(choice >> 2) % 7];
    ColumnMapping::SensorColumns acc;
    acc.sensor = QStringLiteral("wrist");
    acc.columns = numbered ? QStringList{"2", "3", "4"} : QStringList{"x", "y", "z"};
    mapping.sensors.push_back(acc);
    const uint8_t extra = data[size - 1];
    if (choice & 0x20) {
        mapping.labelColumn = numbered ? QStringLiteral("5") : QStringLiteral("label");
        mapping.labelSetId = (extra & 0x80) ? QString() : QStringLiteral("harth");
        static const ColumnMapping::LabelFormat kLabelFormats[] = {
            ColumnMapping::LabelFormat::Auto, ColumnMapping::LabelFormat::Integer,
            ColumnMapping::LabelFormat::Text};
        mapping.labelFormat = kLabelFormats[extra % 3];
        if (extra & 0x04)
            mapping.unlabelledValues = QStringList{QStringLiteral("null"), QStringLiteral("0")};
        if (extra & 0x08)
            mapping.labelOrder = ColumnMapping::LabelOrder::Sorted;
        if (extra & 0x40)
            mapping.labelMap = {{QStringLiteral("A"), 1, QStringLiteral("walking")},
                                {QStringLiteral("B"), 2, QString()},
                                {QStringLiteral("null"), kUnlabelled, QString()}};
    }
    mapping.decimalMark = (extra & 0x30) == 0x10 ? ',' : (extra & 0x30) == 0x20 ? '.' : 0;
    mapping.gapPolicy =
        (choice & 0x40) ? ColumnMapping::GapPolicy::MarkGap : ColumnMapping::GapPolicy::Error;
    if (choice & 0x80) {
        mapping.unit = ColumnMapping::Unit::Counts;
        mapping.countsPerG = 256;
    }
    const QString path = FuzzScratch::write(QStringLiteral("input.csv"), data + 1, size - 1);
    try {
        std::vector<LabelSet> made;
        RecordingImporter::read(path, RecordingImporter::Format::Csv, mapping, nullptr, nullptr,
                                &made);
    } catch (const std::exception&) {
        // FormatError and its kin: the reader refused the file, as it should.
    }
    return 0;
}
