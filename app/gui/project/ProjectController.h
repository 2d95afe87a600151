#pragma once

#include "core/model/Project.h"

#include <QObject>
#include <QString>

class QMenu;
class QWidget;

namespace kinemark {

class AnnotationEditor;
class JobRunner;

// The project's life in the main window: opening (on the worker, through the
// status bar's job), saving and saving as, the recent-files menu, the dirty
// state in the window title, and the crash recovery of the edit journal (at
// start-up, and when a project with unsaved journal entries opens).
//
// The window owns the Project; this controller replaces it through
// replaceProject(), which tells the window before and after, so that jobs of
// the old project stop first and the views follow the new one.
class ProjectController : public QObject
{
    Q_OBJECT
public:
    ProjectController(Project* project, JobRunner* jobs, AnnotationEditor* editor, QWidget* window);

    const QString& path() const { return m_path; }
    bool isModified() const { return m_modified; }
    // true: something changed (the title gets its `*`, the status line stops
    // saying "Saved"); false: the project is as on disk.
    void setModified(bool modified);

    // Takes a project (read from `path`, or new when empty) in place of the
    // open one, then offers to recover its journal's unsaved edits.
    void replaceProject(Project project, const QString& path);
    // Opens a project file on a worker thread; loaded() follows.
    void openAsync(const QString& path);
    // Saves on a worker thread (atomically replacing the file); returns at once.
    void saveAsync(const QString& path);
    void openDialog();
    // Saves to the project's file, or asks for one; false when the user cancelled.
    bool save();
    bool saveAs();
    // Before the project goes: asks whether to save unsaved changes; false
    // when the user cancelled.
    bool maybeSave();
    // The File › Open Recent menu, filled from the settings.
    void setRecentMenu(QMenu* menu);
    // At start-up: if a recent project's journal holds edits a crash kept from
    // being saved, offers to open it and recover them.
    void offerStartupRecovery();

Q_SIGNALS:
    // The open project is about to be replaced (jobs of the old one must stop).
    void projectReplacing();
    // The project was replaced; the views should show it.
    void projectReplaced();
    void loaded(bool ok);
    // A line for the status bar. It stays until the next one, so a change
    // after "Saved" replaces it: the status and the title always agree.
    void status(const QString& text);

private:
    void updateTitle();
    void offerRecovery();
    void addRecentFile(const QString& path);
    void updateRecentMenu();

    Project* m_project;
    JobRunner* m_jobs;
    AnnotationEditor* m_editor;
    QWidget* m_window;
    QMenu* m_recentMenu = nullptr;
    QString m_path;
    QString m_recoverOnOpen; // recover without asking (the user said yes at start-up)
    bool m_modified = false;
    // Counts changes, so that a save clears the dirty flag only when nothing
    // changed while it ran (the worker saved the project as it was at the start).
    quint64 m_changes = 0;
};

} // namespace kinemark
