#include "HarthCsvReader.h"
#include <stdexcept>
namespace kinemark {
// STUB: replaced by the real reader.
Recording HarthCsvReader::read(const QString&, const QString&, ReadReport*, const JobControl*)
{
    throw std::logic_error("HarthCsvReader not implemented yet");
}
} // namespace kinemark
