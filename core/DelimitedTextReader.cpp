#include "DelimitedTextReader.h"
#include <stdexcept>
namespace kinemark {
// STUB: replaced by the real reader.
Recording DelimitedTextReader::read(const QString&, const ColumnMapping&, ReadReport*, const JobControl*)
{
    throw std::logic_error("DelimitedTextReader not implemented yet");
}
} // namespace kinemark
