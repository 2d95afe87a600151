#pragma once

#include <QString>
#include <QStringList>

namespace kinemark {

// The output folder of a cohort run and its one rule: a participant is done
// exactly when DIR/<participant>/ exists. Each participant's files are
// written into a private temporary folder beside it (DIR/.partial-<id>-<host>-<pid>)
// that is renamed to DIR/<participant> once everything is written and
// flushed; rename() of a folder within one file system is atomic, also on
// the NFS and Lustre shares clusters use, so a killed or crashed process
// leaves either a complete folder or a temporary one that the next run
// removes, never a half-written participant that counts as done.
class CohortFolder
{
public:
    explicit CohortFolder(const QString& dir);

    const QString& path() const { return m_dir; }
    QString participantPath(const QString& id) const;
    bool isDone(const QString& id) const;

    // Creates the folder if needed; throws std::runtime_error when it cannot.
    void create() const;
    // A fresh temporary folder for `id`, after removing the temporaries a
    // killed run left for it (a participant belongs to one shard, so no other
    // live process writes them). Throws std::runtime_error when it cannot be made.
    QString beginParticipant(const QString& id) const;
    // Flushes the temporary's files and renames it to the participant's
    // folder; throws std::runtime_error (the temporary removed) when the
    // rename fails, e.g. because another process finished the same participant.
    void commitParticipant(const QString& temporary, const QString& id) const;
    // Removes a temporary after a failure.
    void abandon(const QString& temporary) const;

    // The participants done: the folders that are not temporaries, sorted.
    QStringList doneParticipants() const;
    // failures-<shard>.csv: one file per shard, so that no two processes
    // append to one file (advisory locks are unreliable on cluster file
    // systems); collation merges them.
    QString failuresPath(const QString& shardLabel) const;
    QStringList failureFiles() const;

private:
    QString m_dir;
};

} // namespace kinemark
