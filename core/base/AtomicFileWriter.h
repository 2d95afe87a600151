#pragma once

#include <QString>
#include <stdexcept>

class QByteArray;

namespace kinemark {

// Replaces a file so that a crash or a power loss at any moment leaves either
// the old contents or the new ones, never a mix: the new contents go to a
// temporary file beside the target (the same file system, so that rename() is
// atomic), which is flushed to disk, renamed over the target, and the rename
// flushed in its folder. A writer that is not committed removes its
// temporary. The project file and the edit journal save through it.
class AtomicFileWriter
{
public:
    enum class Naming
    {
        // "<target>.tmp": one writer per target at a time (the edit journal).
        Fixed,
        // "<target>.tmp-<pid>-<random>": concurrent saves do not collide; the
        // temporaries of killed processes are removed first (the project file).
        Unique,
    };
    enum class Permissions
    {
        New,        // the new file gets the umask's permissions
        KeepTarget, // the new file gets those the user gave the old one, if any
    };
    // The step that failed, with the system's reason, so that each caller can
    // say what went wrong in its own words.
    enum class Step
    {
        Create,  // write(): the temporary cannot be created
        Write,   // write(): writing or flushing it failed
        Reopen,  // commit(): an adopted temporary cannot be reopened to flush it
        Flush,   // commit(): flushing an adopted temporary failed
        Replace, // commit(): the rename over the target failed
    };
    class Failure : public std::runtime_error
    {
    public:
        Failure(Step step, const QString& reason);
        Step step;
        QString reason;
    };

    AtomicFileWriter(const QString& target, Naming naming,
                     Permissions permissions = Permissions::New);
    ~AtomicFileWriter();
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    const QString& temporaryPath() const { return m_temporary; }

    // Writes `bytes` as the whole temporary and flushes it to disk; throws
    // Failure (Create or Write) and leaves no temporary behind on failure.
    void write(const QByteArray& bytes);
    // The caller has created the temporary itself (HDF5 writes the project):
    // from now on it is removed unless committed, and commit() flushes it.
    void adopt();
    // Renames the written temporary over the target and flushes the folder;
    // throws Failure (Reopen, Flush or Replace).
    void commit();

private:
    void flushAdopted();

    QString m_target;
    QString m_temporary;
    Permissions m_permissions;
    bool m_exists = false;  // the temporary exists and is ours to remove
    bool m_adopted = false; // written by the caller, not flushed yet
    bool m_committed = false;
};

} // namespace kinemark
