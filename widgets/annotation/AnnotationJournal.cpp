#include "widgets/annotation/AnnotationJournal.h"

#include <QFile>
#include <QTimer>

namespace kinemark {

namespace {
// The lineage the project's journal continues: the one saved in the file, or a
// new one for a file that never had a journal.
QString lineageOf(const Project& project)
{
    const QString lineage = EditJournal::lineageOf(project);
    return lineage.isEmpty() ? EditJournal::newLineage() : lineage;
}
} // namespace

AnnotationJournal::AnnotationJournal(QObject* parent) : QObject(parent) {}

void AnnotationJournal::open(Project* project, const QString& path)
{
    m_journal.close();
    m_project = project;
    m_path = path;
    m_offer = RecoveryOffer();
    m_pendingContents = JournalContents();
    m_warnedUntitled = false;
    if (!project || path.isEmpty())
        return;
    const QString journalPath = EditJournal::pathFor(path);
    const JournalContents contents = EditJournal::read(journalPath);
    QString why;
    const auto pending = contents.exists ? EditJournal::pendingEntries(*project, contents, &why)
                                         : std::vector<JournalEntry>();
    if (!pending.empty()) {
        // Kept until the user decides (recover() or discardRecovery()).
        m_pendingContents = contents;
        m_offer.edits = int(pending.size());
        for (const JournalEntry& e : pending)
            if (!m_offer.authors.contains(e.author))
                m_offer.authors << e.author;
        m_offer.last = QDateTime::fromMSecsSinceEpoch(pending.back().ms);
        return;
    }
    if (contents.exists && !why.isEmpty() && !contents.entries.empty()) {
        const QString aside =
            journalPath + QStringLiteral(".orphaned-%1").arg(QDateTime::currentMSecsSinceEpoch());
        QFile::rename(journalPath, aside);
        Q_EMIT message(
            tr("An edit journal that does not belong to this file was set aside as %1").arg(aside));
    }
    start(lineageOf(*project), EditJournal::coveredSeqOf(*project));
}

void AnnotationJournal::start(const QString& lineage, int64_t baseSeq)
{
    try {
        m_journal.start(EditJournal::pathFor(m_path), lineage, baseSeq);
    } catch (const std::exception& e) {
        Q_EMIT message(tr("Edits are not journaled: %1").arg(QString::fromUtf8(e.what())));
    }
}

bool AnnotationJournal::recover(QString* error)
{
    if (!m_project || m_offer.edits == 0)
        return false;
    try {
        const auto pending = EditJournal::pendingEntries(*m_project, m_pendingContents);
        EditJournal::replay(*m_project, pending);
        m_journal.resume(EditJournal::pathFor(m_path), m_pendingContents);
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    m_offer = RecoveryOffer();
    return true;
}

void AnnotationJournal::discardRecovery()
{
    if (!m_project || m_path.isEmpty())
        return;
    const QString journalPath = EditJournal::pathFor(m_path);
    QFile::rename(journalPath,
                  journalPath +
                      QStringLiteral(".discarded-%1").arg(QDateTime::currentMSecsSinceEpoch()));
    m_offer = RecoveryOffer();
    start(lineageOf(*m_project), EditJournal::coveredSeqOf(*m_project));
}

void AnnotationJournal::discard()
{
    if (m_journal.isOpen())
        m_journal.discard();
}

int64_t AnnotationJournal::prepareSave()
{
    if (!m_project)
        return 0;
    int64_t seq = 0;
    if (m_journal.isOpen()) {
        m_journal.sync();
        m_saveLineage = m_journal.lineage();
        seq = m_journal.lastSeq();
    } else {
        m_saveLineage = lineageOf(*m_project);
        seq = EditJournal::coveredSeqOf(*m_project);
    }
    EditJournal::stamp(*m_project, m_saveLineage, seq);
    return seq;
}

void AnnotationJournal::projectSaved(const QString& path, int64_t coveredSeq)
{
    try {
        if (m_journal.isOpen() && path == m_path) {
            m_journal.compact(coveredSeq);
            return;
        }
        // Saved under a new name: the old file's journal is obsolete, the new file gets one.
        if (m_journal.isOpen())
            m_journal.discard();
        m_path = path;
        start(m_saveLineage, coveredSeq);
    } catch (const std::exception& e) {
        Q_EMIT message(tr("Edit journal: %1").arg(QString::fromUtf8(e.what())));
    }
}

void AnnotationJournal::record(const QString& author, const QString& description,
                               const std::vector<ProjectEdit>& edits)
{
    if (m_journal.isOpen()) {
        try {
            m_journal.append(author, QDateTime::currentMSecsSinceEpoch(), description, edits);
            // Durable on disk within a second, without an fsync per keystroke.
            QTimer::singleShot(EditJournal::kSyncIntervalMs, this, [this] { m_journal.sync(); });
        } catch (const std::exception& ex) {
            Q_EMIT message(tr("The edit journal cannot be written (%1); save soon")
                               .arg(QString::fromUtf8(ex.what())));
        }
    } else if (!m_warnedUntitled) {
        m_warnedUntitled = true;
        Q_EMIT message(tr("Save the project to protect edits with the journal"));
    }
}

} // namespace kinemark
