#include "DemoRecordingGenerator.h"
#include <stdexcept>
namespace kinemark {
// STUB: replaced by the real generator.
Recording DemoRecordingGenerator::generate(const DemoOptions&)
{
    throw std::logic_error("DemoRecordingGenerator not implemented yet");
}
Project DemoRecordingGenerator::demoProject(const DemoOptions&)
{
    throw std::logic_error("DemoRecordingGenerator not implemented yet");
}
} // namespace kinemark
