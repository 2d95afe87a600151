#include "ProjectFile.h"
#include <stdexcept>
namespace kinemark {
// STUB: replaced by the real project file.
void ProjectFile::save(const Project&, const QString&, const JobControl*)
{
    throw std::logic_error("ProjectFile not implemented yet");
}
Project ProjectFile::open(const QString&, const JobControl*)
{
    throw std::logic_error("ProjectFile not implemented yet");
}
bool ProjectFile::isProjectFile(const QString&) { return false; }
} // namespace kinemark
