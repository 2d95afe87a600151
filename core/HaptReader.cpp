#include "HaptReader.h"
#include <stdexcept>
namespace kinemark {
// STUB: replaced by the real reader.
std::vector<Recording> HaptReader::readFolder(const QString&, ReadReport*, const JobControl*)
{
    throw std::logic_error("HaptReader not implemented yet");
}
bool HaptReader::looksLikeHaptFolder(const QString&) { return false; }
} // namespace kinemark
