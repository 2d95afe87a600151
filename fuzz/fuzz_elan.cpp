// Fuzzes the ELAN .eaf reader (ElanFormat, `labels import --format eaf`)
// against HARTH's label set and a 10 000-sample recording at 50 Hz; the first
// byte says whether overlapping or out-of-range annotations are clipped.
#include "core/labels/ElanFormat.h"
#include "fuzz/FuzzScratch.h"

#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace kinemark;
    static const LabelSet labelSet = LabelSet::builtin(QStringLiteral("harth"));
    if (size < 1)
        return 0;
    const bool clip = data[0] & 1;
    const QString path = FuzzScratch::write(QStringLiteral("labels.eaf"), data + 1, size - 1);
    try {
        ElanFormat::read(path, labelSet, 50.0, 10000, clip);
    } catch (const std::exception&) {
        // FormatError and its kin: the reader refused the file, as it should.
    }
    return 0;
}
