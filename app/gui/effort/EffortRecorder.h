#pragma once

#include "core/effort/EffortTally.h"

#include <QElapsedTimer>
#include <QObject>
#include <functional>

class QAction;
class QMenu;
class QWidget;

namespace kinemark {

class AnnotationEditor;
class RecordingSession;

// The opt-in log of the annotator's own effort (Help › Log My Editing Effort, off
// by default, remembered in QSettings as effort/log): while it is on, every undo
// step of the editor (classified by PatchOperation), every undo and every scroll of
// the views goes into an EffortTally, which is appended to EffortLog's file when the
// window closes, the log is turned off, another project is opened, or the summary is
// asked for (Help › Editing Effort Summary). Nothing is recorded while it is off.
class EffortRecorder : public QObject
{
    Q_OBJECT
public:
    // `projectPath` gives the open project's file ("" while untitled).
    EffortRecorder(AnnotationEditor* editor, RecordingSession* session,
                   std::function<QString()> projectPath, QWidget* dialogParent);
    ~EffortRecorder() override; // writes what the session holds

    void addActionsTo(QMenu* menu);
    bool isLogging() const { return m_on; }
    void setLogging(bool on);
    // The log file (EffortLog::defaultPath() unless a test sets another).
    const QString& logPath() const { return m_path; }
    void setLogPath(const QString& path) { m_path = path; }
    // Appends the session's tally to the log and starts it afresh.
    void flush();
    // What the log holds (after writing this session's tally), as the summary shows it.
    QString summaryText();
    // Help › Editing Effort Summary: summaryText() in a message box.
    void showSummary();

private:
    void stepsChanged(int index);
    qint64 now() const { return m_clock.elapsed(); }

    AnnotationEditor* m_editor;
    RecordingSession* m_session;
    std::function<QString()> m_projectPath;
    QWidget* m_dialogParent;
    QString m_path;
    bool m_on = false;
    int m_index = 0; // the undo stack's index last seen
    EffortTally m_tally;
    QElapsedTimer m_clock;
    QAction* m_toggle = nullptr;
};

} // namespace kinemark
