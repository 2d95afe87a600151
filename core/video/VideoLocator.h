#pragma once

#include "core/video/VideoAttachment.h"

#include <QString>

namespace kinemark {

class Project;

// Where a project's attached videos are on disk, and whether they are still
// the files that were attached. Paths are stored relative to the project
// file's folder where possible, so that a study folder moved to another disk
// or machine keeps its videos; a stored size and content hash
// (VideoFingerprint) tell a missing or replaced file from the right one. A
// missing file is a status with a message, never an exception: the project
// opens, and the user relocates the video (relocate, findMoved).
class VideoLocator
{
public:
    enum class Status
    {
        Ok,
        Missing, // no file at the path, or it cannot be read
        Changed  // a file is there, but its size or content hash differs
    };
    struct Check
    {
        Status status = Status::Missing;
        QString absolutePath;
        QString message; // names the file; empty when Ok
    };
    struct Relocation
    {
        VideoAttachment attachment; // the new path, size and hash; offset and drift kept
        QString warning;            // set when the new file is not the one attached
    };

    // `projectFilePath`: the .kmk the attachments belong to; empty for a
    // project not saved yet, whose paths are then stored absolute.
    explicit VideoLocator(const QString& projectFilePath = QString());
    const QString& projectFolder() const { return m_folder; }

    // A stored path resolved against the project's folder (an absolute one as it is).
    QString absolutePath(const QString& storedPath) const;
    QString absolutePath(const VideoAttachment& video) const { return absolutePath(video.path); }
    // How `path` is stored: relative to the project's folder when the file is
    // in it, below it, or in a folder beside it ("../videos/a.mp4"): such a
    // file moves with the study's folder. Absolute otherwise (another disk, a
    // mount point far away), and for a project not saved yet.
    QString storedPath(const QString& path) const;

    // A new attachment of the file at `path` with its size and hash.
    // Throws std::runtime_error naming the file when it cannot be read.
    VideoAttachment attach(const QString& path, double offsetS = 0, double driftPpm = 0) const;

    // Ok, Missing or Changed, with a message naming the file.
    Check check(const VideoAttachment& video) const;
    static QString statusName(Status status); // "ok", "missing", "changed"

    // The attachment pointing at `newPath` instead, with its size and hash,
    // keeping the offset and drift (the sync was done against the content,
    // not the path). Warns when the new file's size or hash differs from the
    // stored ones. Throws std::runtime_error naming the file when it cannot
    // be read.
    Relocation relocate(const VideoAttachment& video, const QString& newPath) const;

    // The path of the attached file under `folder` (searched through its
    // subfolders): a file of the same name whose size and hash match, else
    // one of any name whose size and hash match (a renamed copy); without a
    // stored hash, the first file of the same name (and size, when known).
    // Empty when none is found.
    QString findMoved(const VideoAttachment& video, const QString& folder) const;

    // `video` as stored by `from`'s project (another folder, e.g. before Save
    // As) with its path stored for this locator's project.
    VideoAttachment rebased(const VideoAttachment& video, const VideoLocator& from) const;
    // Every video of `project` rebased from `from`'s project file to this
    // locator's, for Save As into another folder: a relative path would
    // otherwise point beside the new file. Returns how many paths changed.
    // (The files stay where they are, so this is not an undoable edit.)
    int rebaseAll(Project& project, const VideoLocator& from) const;

    // How many directory entries findMoved looks at before giving up, so that
    // pointing it at "/" returns instead of walking a whole disk.
    static constexpr int kMaxSearchEntries = 200000;

private:
    QString m_folder; // absolute, empty for an unsaved project
};

} // namespace kinemark
