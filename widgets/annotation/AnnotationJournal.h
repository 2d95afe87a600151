#pragma once

#include "core/editing/EditJournal.h"

#include <QDateTime>
#include <QObject>
#include <QStringList>

namespace kinemark {

// The annotation editor's crash safety: the edit journal beside the project
// file. When a project is opened it looks for edits the file does not cover
// and offers them (RecoveryOffer) until they are replayed or set aside; it
// appends every edit as it is made, stamps the project with what a save will
// cover and starts afresh (or follows a Save As) once the file is written.
// Kept apart from AnnotationEditor so that the editor is about edits and this
// class about files that must survive a crash.
class AnnotationJournal : public QObject
{
    Q_OBJECT
public:
    // What the journal beside a just opened project holds beyond the file.
    struct RecoveryOffer
    {
        int edits = 0;
        QStringList authors;
        QDateTime last;
    };

    explicit AnnotationJournal(QObject* parent = nullptr);

    // The project just opened from `path` ("" while untitled): closes the previous
    // journal, then either keeps an offer of unsaved edits or starts the journal.
    void open(Project* project, const QString& path);
    RecoveryOffer offer() const { return m_offer; }
    // Replays the offered edits into the project and continues the journal; false with
    // `error` when it cannot.
    bool recover(QString* error);
    // Sets the offered edits aside (renamed, not deleted) and starts afresh.
    void discardRecovery();
    // The user discarded the unsaved changes: the journal goes too.
    void discard();
    // Before saving: records in the project what the file will cover; returns the sequence number.
    int64_t prepareSave();
    // After a successful save to `path`.
    void projectSaved(const QString& path, int64_t coveredSeq);
    // Appends one undo step's edits (a message, once, while the project is untitled).
    void record(const QString& author, const QString& description,
                const std::vector<ProjectEdit>& edits);

Q_SIGNALS:
    void message(const QString& text);

private:
    void start(const QString& lineage, int64_t baseSeq);

    Project* m_project = nullptr;
    QString m_path;
    EditJournal m_journal;
    JournalContents m_pendingContents;
    RecoveryOffer m_offer;
    QString m_saveLineage;
    bool m_warnedUntitled = false;
};

} // namespace kinemark
