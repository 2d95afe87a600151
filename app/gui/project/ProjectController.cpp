#include "app/gui/project/ProjectController.h"

#include "app/gui/jobs/JobRunner.h"
#include "core/editing/EditJournal.h"
#include "core/project/ProjectFile.h"
#include "core/video/VideoLocator.h"
#include "widgets/annotation/AnnotationEditor.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QWidget>
#include <memory>

namespace kinemark {

namespace {
constexpr int kMaxRecentFiles = 8;
const char* kRecentKey = "recentProjects";
} // namespace

ProjectController::ProjectController(Project* project, JobRunner* jobs, AnnotationEditor* editor,
                                     QWidget* window)
    : QObject(window), m_project(project), m_jobs(jobs), m_editor(editor), m_window(window)
{}

void ProjectController::setModified(bool modified)
{
    const bool becameModified = modified && !m_modified;
    if (modified)
        ++m_changes;
    m_modified = modified;
    updateTitle();
    if (becameModified)
        Q_EMIT status(tr("Unsaved changes"));
}

void ProjectController::updateTitle()
{
    const QString name = m_path.isEmpty() ? tr("untitled") : QFileInfo(m_path).fileName();
    m_window->setWindowTitle(tr("Kinemark — %1[*]").arg(name));
    m_window->setWindowModified(m_modified);
}

void ProjectController::replaceProject(Project project, const QString& path)
{
    Q_EMIT projectReplacing(); // before the old project goes: its jobs must not store into the
                               // new one
    *m_project = std::move(project);
    m_path = path;
    m_modified = false;
    updateTitle();
    Q_EMIT projectReplaced();
    offerRecovery();
}

void ProjectController::offerRecovery()
{
    const AnnotationEditor::RecoveryOffer offer = m_editor->recoveryOffer();
    if (offer.edits == 0)
        return;
    const bool asked = m_recoverOnOpen == m_path;
    m_recoverOnOpen.clear();
    const auto answer =
        asked ? QMessageBox::Yes
              : QMessageBox::question(
                    m_window, tr("Recover Edits"),
                    tr("Kinemark was not closed properly. The journal of %1 holds %n edit(s) "
                       "(by %2, the last at %3) that were not saved.\n\nRecover them?",
                       nullptr, offer.edits)
                        .arg(QFileInfo(m_path).fileName(), offer.authors.join(QStringLiteral(", ")),
                             QLocale().toString(offer.last, QLocale::ShortFormat)),
                    QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer != QMessageBox::Yes) {
        m_editor->discardRecovery();
        return;
    }
    QString error;
    if (m_editor->recover(&error))
        Q_EMIT status(
            tr("Recovered %n edit(s) from the journal; save to keep them", nullptr, offer.edits));
    else
        QMessageBox::warning(m_window, tr("Recover Edits"),
                             tr("The journal could not be replayed:\n\n%1").arg(error));
}

void ProjectController::offerStartupRecovery()
{
    for (const QString& path : QSettings().value(kRecentKey).toStringList()) {
        if (!QFileInfo::exists(path))
            continue;
        const JournalContents contents = EditJournal::read(EditJournal::pathFor(path));
        // Entries beyond the header's base were never covered by a save (a cheap first look;
        // opening the project checks against the file itself).
        int pending = 0;
        for (const JournalEntry& e : contents.entries)
            pending += e.seq > contents.baseSeq ? 1 : 0;
        if (pending == 0)
            continue;
        const auto answer =
            QMessageBox::question(m_window, tr("Recover Edits"),
                                  tr("Kinemark was not closed properly while %1 had %n unsaved "
                                     "edit(s). Open it and recover them?",
                                     nullptr, pending)
                                      .arg(QFileInfo(path).fileName()),
                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        if (answer == QMessageBox::Yes) {
            m_recoverOnOpen = path;
            openAsync(path);
        }
        return;
    }
}

void ProjectController::openAsync(const QString& path)
{
    auto result = std::make_shared<Project>();
    Q_EMIT status(tr("Opening %1…").arg(path));
    const bool started = m_jobs->run(
        tr("Opening"),
        [path, result](const JobControl& job) { *result = ProjectFile::open(path, &job); },
        [this, path, result](const JobOutcome& outcome) {
            if (!outcome.isDone()) {
                Q_EMIT status(tr("Could not open %1").arg(path));
                if (outcome.isFailed())
                    QMessageBox::warning(m_window, tr("Open Project"), outcome.message());
                Q_EMIT loaded(false);
                return;
            }
            replaceProject(std::move(*result), path);
            addRecentFile(path);
            Q_EMIT loaded(true);
        });
    if (!started)
        QMessageBox::information(m_window, tr("Open Project"),
                                 tr("Wait for the running task to finish, or cancel it."));
}

void ProjectController::saveAsync(const QString& path)
{
    // The project is shared read-only with the worker while it saves; edits
    // wait (the editor is disabled by the busy flag in later issues).
    // Videos are stored relative to the project file's folder: saved into
    // another folder, their paths are rebased so that they still name the same
    // files (and rebased back if the save does not happen).
    const QString previousPath = m_path;
    const bool rebased = VideoLocator(path).rebaseAll(*m_project, VideoLocator(previousPath)) > 0;
    const Project* project = m_project;
    const int64_t journalCovered = m_editor->prepareSave();
    const quint64 changesSaved = m_changes;
    m_jobs->run(
        tr("Saving"),
        [project, path](const JobControl& job) { ProjectFile::save(*project, path, &job); },
        [this, path, previousPath, rebased, journalCovered,
         changesSaved](const JobOutcome& outcome) {
            if (!outcome.isDone() && rebased)
                VideoLocator(previousPath).rebaseAll(*m_project, VideoLocator(path));
            if (!outcome.isDone()) {
                if (outcome.isFailed())
                    QMessageBox::warning(
                        m_window, tr("Save Project"),
                        tr("The project was not saved; the file on disk is unchanged.\n\n%1")
                            .arg(outcome.message()));
                return;
            }
            m_path = path;
            // A change made while the worker wrote (a stored result, a
            // setting) is not in the file: the project stays modified.
            const bool changedMeanwhile = m_changes != changesSaved;
            if (!changedMeanwhile)
                setModified(false);
            else
                updateTitle(); // the new file name, still with its `*`
            m_editor->projectSaved(path, journalCovered);
            addRecentFile(path);
            Q_EMIT status(
                changedMeanwhile
                    ? tr("Saved %1; changes made while saving are not saved yet").arg(path)
                    : tr("Saved %1").arg(path));
        });
}

bool ProjectController::save()
{
    if (m_path.isEmpty())
        return saveAs();
    saveAsync(m_path);
    return true;
}

bool ProjectController::saveAs()
{
    const QString dir = QSettings().value(QStringLiteral("lastProjectDir")).toString();
    QString path = QFileDialog::getSaveFileName(m_window, tr("Save Project"), dir,
                                                tr("Kinemark projects (*.kmk)"));
    if (path.isEmpty())
        return false;
    if (!path.endsWith(QLatin1String(".kmk")))
        path += QLatin1String(".kmk");
    QSettings().setValue(QStringLiteral("lastProjectDir"), QFileInfo(path).absolutePath());
    saveAsync(path);
    return true;
}

bool ProjectController::maybeSave()
{
    if (!m_modified)
        return true;
    const auto answer = QMessageBox::warning(
        m_window, tr("Kinemark"), tr("The project has unsaved changes. Save them?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Save) {
        if (!save())
            return false;
        m_jobs->waitForDone();
        return !m_modified;
    }
    m_editor->discardJournal(); // the user chose to drop the edits it holds
    return true;
}

void ProjectController::openDialog()
{
    const QString dir = QSettings().value(QStringLiteral("lastProjectDir")).toString();
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open Project"), dir,
                                                      tr("Kinemark projects (*.kmk)"));
    if (path.isEmpty() || !maybeSave())
        return;
    QSettings().setValue(QStringLiteral("lastProjectDir"), QFileInfo(path).absolutePath());
    openAsync(path);
}

void ProjectController::setRecentMenu(QMenu* menu)
{
    m_recentMenu = menu;
    updateRecentMenu();
}

void ProjectController::addRecentFile(const QString& path)
{
    QSettings settings;
    QStringList files = settings.value(kRecentKey).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    settings.setValue(kRecentKey, files);
    updateRecentMenu();
}

void ProjectController::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = QSettings().value(kRecentKey).toStringList();
    for (const QString& f : files)
        m_recentMenu->addAction(QFileInfo(f).fileName(), this, [this, f] { openAsync(f); })
            ->setToolTip(f);
    m_recentMenu->setEnabled(!files.isEmpty());
}

} // namespace kinemark
