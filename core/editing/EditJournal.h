#pragma once

#include "core/editing/ProjectEdit.h"

#include <QElapsedTimer>
#include <QFile>
#include <vector>

namespace kinemark {

// One undo step as written to the journal: what it did to the project, by whom and when.
struct JournalEntry
{
    int64_t seq = 0;
    QString author;
    int64_t ms = 0;
    QString description; // "Split", "Undo Split", ... for the recovery prompt
    std::vector<ProjectEdit> edits;
};

// What a journal file holds, read back after a crash.
struct JournalContents
{
    bool exists = false;
    QString lineage;     // the id that ties the journal to its project file
    int64_t baseSeq = 0; // the project file covered entries up to here when the journal began
    std::vector<JournalEntry> entries;
    // Bytes of the file up to the end of the last intact record; a torn or
    // damaged tail (a record cut short by a crash) starts here.
    qint64 validBytes = 0;
    QString damage; // what was wrong after validBytes, "" when nothing
};

// The crash-safe journal of annotation edits, an append-only text file beside
// the project (<project>.kmk.journal). Each line is one record:
//
//   <seq> <crc32 of the JSON, 8 hex digits> <JSON, one line>\n
//
// and the first line is a header record (seq 0) naming the lineage and base
// sequence number. Records are written with one write() each, so they reach
// the kernel at once (a killed process loses nothing written); sync() makes them
// durable on disk and is called at least once a second while edits arrive.
//
// The project file records the lineage and the last sequence number it covers
// in its metadata (kLineageKey, kCoveredKey): after a crash, the entries after
// that number are the unsaved work; after a save the journal is compacted.
class EditJournal
{
public:
    static constexpr const char* kLineageKey = "kinemark.journal.lineage";
    static constexpr const char* kCoveredKey = "kinemark.journal.covered";
    // How long an appended record may stay in the page cache before sync().
    static constexpr int kSyncIntervalMs = 500;

    EditJournal() = default;
    ~EditJournal();
    EditJournal(const EditJournal&) = delete;
    EditJournal& operator=(const EditJournal&) = delete;

    static QString pathFor(const QString& projectPath)
    {
        return projectPath + QStringLiteral(".journal");
    }

    // Starts a fresh journal at `path` (replacing what was there) for a project
    // file of `lineage` that covers entries up to `baseSeq`. Throws std::runtime_error.
    void start(const QString& path, const QString& lineage, int64_t baseSeq);
    // Continues an existing journal after its entries were recovered; cuts a torn tail off.
    void resume(const QString& path, const JournalContents& contents);
    void close();
    bool isOpen() const { return m_file.isOpen(); }
    const QString& path() const { return m_path; }
    const QString& lineage() const { return m_lineage; }
    int64_t lastSeq() const { return m_lastSeq; }

    // Writes one record; returns its sequence number. Throws std::runtime_error
    // when the write fails (disk full), so the caller can tell the user.
    int64_t append(const QString& author, int64_t ms, const QString& description,
                   const std::vector<ProjectEdit>& edits);
    // fdatasync; cheap when nothing is pending.
    void sync();
    bool hasUnsyncedRecords() const { return m_unsynced; }
    // sync() if the oldest unsynced record is older than kSyncIntervalMs.
    void syncIfDue();

    // After a save that covered every entry up to `coveredSeq`: rewrites the
    // journal (new file, rename) with a header at `coveredSeq` and only the later entries.
    void compact(int64_t coveredSeq);
    // Closes and deletes the file (the user discarded the changes, or closed cleanly).
    void discard();

    // Reads a journal; never throws for a torn or damaged tail (that is what a
    // crash leaves), only reports it. A missing file gives exists == false.
    static JournalContents read(const QString& path);

    // The project's lineage and covered sequence number (from its metadata).
    static QString lineageOf(const Project& project);
    static int64_t coveredSeqOf(const Project& project);
    static void stamp(Project& project, const QString& lineage, int64_t coveredSeq);
    static QString newLineage();

    // The entries of `contents` that `project` (as opened from its file) lacks, or
    // none with `why` set when the journal belongs to another file.
    static std::vector<JournalEntry>
    pendingEntries(const Project& project, const JournalContents& contents, QString* why = nullptr);
    // Applies the entries in order; throws std::runtime_error naming the entry that fails.
    static void replay(Project& project, const std::vector<JournalEntry>& entries);

private:
    void writeRecord(int64_t seq, const QByteArray& json);
    void openForAppend();

    QFile m_file;
    QString m_path;
    QString m_lineage;
    int64_t m_lastSeq = 0;
    bool m_unsynced = false;
    QElapsedTimer m_oldestUnsynced;
};

} // namespace kinemark
