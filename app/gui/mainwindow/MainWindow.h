#pragma once

#include "core/io/ColumnMapping.h"
#include "core/io/devices/DeviceImportOptions.h"
#include "core/model/Project.h"

#include <QMainWindow>
#include <memory>

class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;
class QToolButton;
class QTreeWidget;

namespace kinemark {

class AnnotationEditor;
class ImportController;
class JobsPanel;
class JobRunner;
class LabelLegend;
class ModelController;
class AnalysisController;
class SyntheticWindowsController;
class OverviewStrip;
class PatientPanel;
class PatientViewController;
class PositionReadout;
class ProjectController;
class RecordingSession;
class SegmentListPanel;
class SignalView;
class SpectrogramView;
class TimelineEditor;
class TimelineView;
class VideoController;
class WorkspaceLayouts;

// The main window: a recording list, and the synchronised views of the
// selected recording (overview strip, signals, stacked spectrograms,
// timeline lanes) on one time axis. Loading and every computation run on
// worker threads; the GUI thread only draws and reacts.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Takes a loaded project and shows its first recording.
    void setProject(Project project, const QString& path);
    bool selectRecording(const QString& id);
    // Visible range in seconds from the shown recording's start.
    void setVisibleRange(double startSeconds, double endSeconds);
    // Opens a project file on a worker thread; projectLoaded() follows.
    void openProjectAsync(const QString& path);
    // Waits for the background work of the shown recording (for screenshots and tests).
    void waitForViews();
    // Imports a recording file or folder on a worker thread into the open project.
    void importAsync(const QString& path, int format, const ColumnMapping& mapping);
    // Imports device files (.cwa, .gt3x, GENEActiv .bin) on a worker thread: one
    // recording of several sensors when options name them, else one per file.
    void importDevicesAsync(const QStringList& paths, int format,
                            const DeviceImportOptions& options);
    // The import dialog for the given files (drag and drop); a dropped project opens.
    void importFilesDialog(const QStringList& paths);
    // Saves on a worker thread (atomically replacing the file); returns at once.
    void saveAsync(const QString& path);
    bool isModified() const;

    RecordingSession* session() const { return m_session; }
    SignalView* signalView() const { return m_signalView; }
    SpectrogramView* spectrogramView() const { return m_spectrogramView; }
    TimelineView* timelineView() const { return m_timelineView; }
    AnnotationEditor* annotationEditor() const { return m_editor; }
    TimelineEditor* timelineEditor() const { return m_timelineEditor; }
    ModelController* modelController() const { return m_models; }
    AnalysisController* analysisController() const { return m_analysis; }
    SyntheticWindowsController* syntheticWindowsController() const { return m_synthetic; }
    PatientPanel* patientPanel() const { return m_patientPanel; }
    SegmentListPanel* segmentsPanel() const { return m_segments; }
    PositionReadout* positionReadout() const { return m_readout; }
    // The Video dock, its playback following the views and the sync tools.
    VideoController* videoController() const { return m_video; }
    // The Annotate, Analyse and Patient arrangements of the docks (View › Workspace).
    WorkspaceLayouts* workspaces() const { return m_workspaces; }
    // At start-up: if a recent project's journal holds edits a crash kept from
    // being saved, offers to open it and recover them.
    void offerStartupRecovery();

Q_SIGNALS:
    void projectLoaded(bool ok);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // The construction, step by step.
    void createViews();
    void createRecordingsDock();
    void createStatusBar();
    JobsPanel* createJobsDock();
    void createPatientView();
    void createSegmentsDock();
    void createModelControllers(JobsPanel* jobsPanel);
    void connectEditing();
    void connectProject();
    // The menus, one by one.
    void createActions();
    void createFileMenu();
    void addNavigationActions(QMenu* view);
    void showGoToTime();
    void addSpectrogramActions(QMenu* view);
    void addSpectrogramScaleAction(QMenu* view);
    void addSpectrogramColourMenu(QMenu* view);
    void addSpectrogramFrameMenu(QMenu* view);
    void createAnalysisMenu();
    void addDockActions(QMenu* view);
    void createHelpMenu();

    // Something changed the project: it has unsaved changes.
    void projectChanged();
    // A controller's message, for a while in the status bar.
    void showMessage(const QString& text);
    void showRecording(const QString& id);
    void openDemo();
    void refreshRecordingList(const QString& select = QString());
    void showKeyboardReference();
    // Gives the keyboard back to the recording views (after a dialog).
    void focusRecordingViews();

    Project m_project;
    RecordingSession* m_session = nullptr;
    QTreeWidget* m_recordingTree = nullptr;
    OverviewStrip* m_overview = nullptr;
    SignalView* m_signalView = nullptr;
    SpectrogramView* m_spectrogramView = nullptr;
    TimelineView* m_timelineView = nullptr;
    LabelLegend* m_legend = nullptr;
    PositionReadout* m_readout = nullptr;   // the status bar's cursor time and segment
    SegmentListPanel* m_segments = nullptr; // the Segments dock
    QSplitter* m_splitter = nullptr;
    QLabel* m_statusLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancelButton = nullptr;
    JobRunner* m_jobs = nullptr;
    AnnotationEditor* m_editor = nullptr;
    TimelineEditor* m_timelineEditor = nullptr;
    ModelController* m_models = nullptr;
    AnalysisController* m_analysis = nullptr;
    // Analysis › Synthetic Windows…
    SyntheticWindowsController* m_synthetic = nullptr;
    PatientPanel* m_patientPanel = nullptr;     // the clinician's days-at-a-glance dock
    PatientViewController* m_patient = nullptr; // its settings and report
    ProjectController* m_projects = nullptr;    // open, save, recovery, title
    ImportController* m_imports = nullptr;      // File › Import Recording, dropped files
    WorkspaceLayouts* m_workspaces = nullptr;   // View › Workspace, View › Panels
    VideoController* m_video = nullptr;         // the Video dock and menu
};

} // namespace kinemark
