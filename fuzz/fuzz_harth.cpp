// Fuzzes the HARTH / HAR70+ CSV reader (HarthCsvReader), with HARTH's label set.
#include "core/io/HarthCsvReader.h"
#include "fuzz/FuzzScratch.h"

#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace kinemark;
    const QString path = FuzzScratch::write(QStringLiteral("S001.csv"), data, size);
    try {
        HarthCsvReader::read(path);
    } catch (const std::exception&) {
        // FormatError and its kin: the reader refused the file, as it should.
    }
    return 0;
}
