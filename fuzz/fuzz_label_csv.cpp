// Fuzzes the one-class-per-sample label file (SampleLabelColumnFormat, `labels
// import --format samples`) against HARTH's label set and a 10 000-sample
// recording. The first byte chooses the column (by name, by number or the
// default), header or not, and clipping; the rest is the file.
#include "core/labels/SampleLabelColumnFormat.h"
#include "core/model/LabelSet.h"
#include "fuzz/FuzzScratch.h"

#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace kinemark;
    static const LabelSet labelSet = LabelSet::builtin(QStringLiteral("harth"));
    if (size < 1)
        return 0;
    const uint8_t choice = data[0];
    static const QString kColumns[] = {QString(), QStringLiteral("label"), QStringLiteral("2")};
    const QString path = FuzzScratch::write(QStringLiteral("labels.csv"), data + 1, size - 1);
    try {
        SampleLabelColumnFormat::read(path, kColumns[choice % 3], !(choice & 0x04), 10000,
                                      choice & 0x08, QStringLiteral("ground truth"),
                                      AnnotationTrack::Kind::GroundTruth, labelSet.id, &labelSet);
    } catch (const std::exception&) {
        // FormatError and its kin: the reader refused the file, as it should.
    }
    return 0;
}
