// Fuzzes the segment CSV label file (SegmentCsvFormat, `labels import --format
// csv`) against HARTH's label set and a 10 000-sample recording at 50 Hz; the
// first byte says whether overlapping or out-of-range segments are clipped.
#include "core/labels/SegmentCsvFormat.h"
#include "fuzz/FuzzScratch.h"

#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace kinemark;
    static const LabelSet labelSet = LabelSet::builtin(QStringLiteral("harth"));
    if (size < 1)
        return 0;
    const bool clip = data[0] & 1;
    const QString path = FuzzScratch::write(QStringLiteral("segments.csv"), data + 1, size - 1);
    try {
        SegmentCsvFormat::read(path, labelSet, 50.0, 10000, clip, QStringLiteral("ground truth"),
                               AnnotationTrack::Kind::GroundTruth);
    } catch (const std::exception&) {
        // FormatError and its kin: the reader refused the file, as it should.
    }
    return 0;
}
