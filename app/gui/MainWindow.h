#pragma once

#include "Project.h"

#include <QMainWindow>
#include <memory>

class QListWidget;
class QLabel;
class QProgressBar;

namespace kinemark {

class SignalView;

// The main window: a recording list and the views of the selected recording.
// Loading runs on a worker thread; the GUI thread only draws and reacts.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Takes a loaded project and shows its first recording.
    void setProject(Project project, const QString& path);
    bool selectRecording(const QString& id);
    void setVisibleRange(double startSeconds, double endSeconds);

    // Opens a project file in the background; `done` runs on the GUI thread.
    void openProjectAsync(const QString& path);

Q_SIGNALS:
    void projectLoaded(bool ok);

private:
    void createActions();
    void showRecording(int row);
    void openProjectDialog();
    void openDemo();

    Project m_project;
    QString m_projectPath;
    QListWidget* m_recordingList = nullptr;
    SignalView* m_signalView = nullptr;
    QLabel* m_statusLabel = nullptr;
    QProgressBar* m_progress = nullptr;
};

} // namespace kinemark
