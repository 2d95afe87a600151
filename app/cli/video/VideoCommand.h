#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli video attach|detach|list|sync|relocate <project.kmk> ...
//
// The videos filmed alongside a recording, without the GUI: attach a file
// with its offset and rate correction, list them with whether each is still
// there and unchanged, set the offset and drift from sync pairs (the same
// event's time in the video and in the recording), point an attachment at a
// moved file, detach. Every change is saved to the project; the videos are
// referenced, never copied into it.
class VideoCommand
{
public:
    // `arguments` as main() got them: program, "video", action, project, ...
    static int run(const QStringList& arguments);
};

} // namespace kinemark
