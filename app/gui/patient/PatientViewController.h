#pragma once

#include <QObject>

class QWidget;

namespace kinemark {

class PatientPanel;
class Project;
class RecordingSession;

// The Patient view's actions: its settings (kept in the project, so report
// and CLI agree with the view), File > Export Report, and keeping the
// summaries current when the shown tracks are edited or predicted.
class PatientViewController : public QObject
{
    Q_OBJECT
public:
    PatientViewController(Project* project, RecordingSession* session, PatientPanel* panel,
                          QWidget* dialogParent);

    // A project was opened or created: its settings go to the panel.
    void projectReplaced();
    // Opens the settings dialog for the shown recording's label set.
    void editSettings();
    // File > Export Report: the panel's summary of the shown recording as PDF.
    void exportReport(const QString& projectPath);

Q_SIGNALS:
    void projectChanged(); // the settings changed (the project needs saving)
    void message(const QString& text);

private:
    Project* m_project;
    RecordingSession* m_session;
    PatientPanel* m_panel;
    QWidget* m_dialogParent;
};

} // namespace kinemark
