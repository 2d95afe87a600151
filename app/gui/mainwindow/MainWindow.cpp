#include "app/gui/mainwindow/MainWindow.h"

#include "app/gui/analysis/AnalysisController.h"
#include "app/gui/effort/EffortRecorder.h"
#include "app/gui/generation/SyntheticWindowsController.h"
#include "app/gui/generation/WhatTheModelSeesDialog.h"
#include "app/gui/import/ImportController.h"
#include "app/gui/jobs/JobRunner.h"
#include "app/gui/mainwindow/KeyboardReference.h"
#include "app/gui/mainwindow/LabelFileActions.h"
#include "app/gui/mainwindow/WorkspaceLayouts.h"
#include "app/gui/patient/PatientViewController.h"
#include "app/gui/project/ProjectController.h"
#include "app/gui/training/ModelController.h"
#include "app/gui/video/VideoController.h"
#include "core/base/ElapsedTime.h"
#include "core/demo/DemoRecordingGenerator.h"
#include "core/editing/TrackNavigation.h"
#include "core/labels/LabelTrackBuilder.h"
#include "core/project/ProjectFile.h"
#include "widgets/analysis/AnalysisPanel.h"
#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/annotation/TierActions.h"
#include "widgets/annotation/TimelineEditor.h"
#include "widgets/annotation/segments/SegmentListPanel.h"
#include "widgets/jobs/JobsPanel.h"
#include "widgets/patient/PatientPanel.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/ChannelVisibility.h"
#include "widgets/recording/GoToTimeDialog.h"
#include "widgets/recording/LabelLegend.h"
#include "widgets/recording/OverviewStrip.h"
#include "widgets/recording/PositionReadout.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/SignalView.h"
#include "widgets/recording/SpectrogramView.h"
#include "widgets/recording/TimelineView.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace kinemark {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Kinemark"));
    m_session = new RecordingSession(this);
    createViews();
    createRecordingsDock();
    createStatusBar();
    // Annotation editing of the ground truth (keyboard, timeline mouse, undo, journal).
    m_editor = new AnnotationEditor(m_session, this, this);
    m_projects = new ProjectController(&m_project, m_jobs, m_editor, this);
    m_imports = new ImportController(&m_project, m_jobs, this);
    JobsPanel* jobsPanel = createJobsDock();
    createPatientView();
    createSegmentsDock();
    // A tab beside the Segments dock in Annotate, brought to the front when the
    // shown recording has a video.
    m_video = new VideoController(
        &m_project, m_session, m_editor, [this] { return m_projects->path(); }, this);
    connect(m_video, &VideoController::message, this, &MainWindow::showMessage);
    statusBar()->addPermanentWidget(m_video->statusLabel());
    createModelControllers(jobsPanel);
    connectEditing();
    connectProject();
    m_workspaces = new WorkspaceLayouts(this);
    // The Patient workspace keeps the signals and the timeline above the days
    // (a clicked moment shows there) but not the spectrograms: with them the
    // recording views alone need most of the default window's height.
    connect(m_workspaces, &WorkspaceLayouts::workspaceChanging, this,
            [this](WorkspaceLayouts::Workspace w) {
                m_spectrogramView->setVisible(w != WorkspaceLayouts::Patient);
                m_splitter->refresh(); // its smaller minimum counts now, not after the docks
            });
    createActions();
    setAcceptDrops(true); // device files and recordings dropped on the window are imported
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    // Last, once every dock exists: the workspace of the last session as it was left.
    m_workspaces->restore();
    m_splitter->restoreState(settings.value(QStringLiteral("mainWindow/splitter")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::createViews()
{
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 2);
    layout->setSpacing(3);
    m_overview = new OverviewStrip(m_session, central);
    m_signalView = new SignalView(m_session, central);
    m_spectrogramView = new SpectrogramView(m_session, central);
    m_timelineView = new TimelineView(m_session, central);
    m_legend = new LabelLegend(central);
    m_splitter = new QSplitter(Qt::Vertical, central);
    m_splitter->setObjectName(QStringLiteral("viewSplitter"));
    m_splitter->addWidget(m_signalView);
    m_splitter->addWidget(m_spectrogramView);
    m_splitter->addWidget(m_timelineView);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 4);
    m_splitter->setStretchFactor(2, 1);
    m_splitter->setChildrenCollapsible(false);
    layout->addWidget(m_overview);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_legend);
    // Keys belong to the window (its shortcuts); the views hold its focus, so a
    // click on any plot takes the focus back from a list or a field.
    central->setFocusPolicy(Qt::ClickFocus);
    setCentralWidget(central);
}

void MainWindow::createRecordingsDock()
{
    auto* dock = new QDockWidget(tr("Recordings"), this);
    dock->setObjectName(QStringLiteral("recordingsDock"));
    m_recordingTree = new QTreeWidget(dock);
    m_recordingTree->setHeaderLabels({tr("Recording"), tr("Duration")});
    m_recordingTree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    // The duration column as wide as its text, not the header's default 100
    // px: the ids (HAPT's "exp05_user03") get the rest of a narrow dock.
    m_recordingTree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_recordingTree->header()->setStretchLastSection(false);
    m_recordingTree->setMinimumWidth(160); // ids and durations stay readable
    dock->setWidget(m_recordingTree);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    connect(m_recordingTree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item && item->data(0, Qt::UserRole).isValid())
            showRecording(item->data(0, Qt::UserRole).toString());
    });
}

void MainWindow::createStatusBar()
{
    m_statusLabel = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setRange(0, 1000);
    m_progress->setVisible(false);
    m_cancelButton = new QToolButton(this);
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setToolTip(tr("Cancel the running task (Esc)"));
    m_cancelButton->setShortcut(QKeySequence(Qt::Key_Escape));
    statusBar()->addWidget(m_statusLabel, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancelButton);
    // Project-level work (open, import, save) gets its own bar with a cancel button.
    auto* jobProgress = new QProgressBar(this);
    jobProgress->setMaximumWidth(260);
    jobProgress->setVisible(false);
    statusBar()->insertPermanentWidget(1, jobProgress);
    m_jobs = new JobRunner(jobProgress, m_cancelButton, this);
    connect(m_session, &RecordingSession::backgroundProgress, this,
            [this](const QString& what, double f) {
                m_progress->setVisible(true);
                m_progress->setFormat(what + QStringLiteral(" %p%"));
                m_progress->setValue(int(f * 1000));
            });
    connect(m_session, &RecordingSession::backgroundFinished, this,
            [this] { m_progress->setVisible(false); });
}

JobsPanel* MainWindow::createJobsDock()
{
    // Background jobs of models (training, prediction) in their own dock.
    auto* jobsDock = new QDockWidget(tr("Jobs"), this);
    jobsDock->setObjectName(QStringLiteral("jobsDock"));
    auto* jobsPanel = new JobsPanel(jobsDock);
    jobsDock->setWidget(jobsPanel);
    addDockWidget(Qt::LeftDockWidgetArea, jobsDock);
    jobsDock->hide(); // shown when the first job starts
    return jobsPanel;
}

void MainWindow::createPatientView()
{
    // The Patient view: a recording's days at a glance, with time-use summaries.
    auto* patientDock = new QDockWidget(tr("Patient View"), this);
    patientDock->setObjectName(QStringLiteral("patientDock"));
    m_patientPanel = new PatientPanel(patientDock);
    m_patientPanel->setTimeAxis(m_session->timeAxis());
    patientDock->setWidget(m_patientPanel);
    addDockWidget(Qt::BottomDockWidgetArea, patientDock);
    patientDock->hide();
    m_patient = new PatientViewController(&m_project, m_session, m_patientPanel, this);
    connect(m_patient, &PatientViewController::projectChanged, this, &MainWindow::projectChanged);
    connect(m_patient, &PatientViewController::message, this, &MainWindow::showMessage);
}

void MainWindow::createSegmentsDock()
{
    // The annotator's list of the edited track's segments, with search and filters.
    auto* dock = new QDockWidget(tr("Segments"), this);
    dock->setObjectName(QStringLiteral("segmentsDock"));
    m_segments = new SegmentListPanel(m_editor, m_session, dock);
    dock->setWidget(m_segments);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    // Where the cursor is, in the status bar, left of the progress bars.
    m_readout = new PositionReadout(m_session, this);
    m_readout->setTrackProvider([this] { return m_editor->editedTrack(); });
    statusBar()->insertPermanentWidget(1, m_readout); // after the one normal widget
    connect(m_editor, &AnnotationEditor::edited, m_readout, &PositionReadout::refresh);
    connect(m_editor, &AnnotationEditor::activeTrackChanged, m_readout, &PositionReadout::refresh);
}

void MainWindow::createModelControllers(JobsPanel* jobsPanel)
{
    m_models = new ModelController(&m_project, m_session, jobsPanel, this);
    connect(m_models, &ModelController::projectChanged, this, &MainWindow::projectChanged);
    connect(m_models, &ModelController::tracksChanged, m_timelineView, &TimelineView::rebuildLanes);
    connect(m_models, &ModelController::message, this, &MainWindow::showMessage);
    m_editor->setBusyCheck([this] { return m_jobs->isBusy() || m_models->isReadingTracks(); });
    // Analysis of a prediction against the ground truth, in a dock; its clicks show the recording.
    m_analysis = new AnalysisController(&m_project, m_session, jobsPanel, this);
    auto* analysisDock = new QDockWidget(tr("Analysis"), this);
    analysisDock->setObjectName(QStringLiteral("analysisDock"));
    analysisDock->setWidget(m_analysis->panel());
    addDockWidget(Qt::RightDockWidgetArea, analysisDock);
    analysisDock->hide();
    m_analysis->setRecordingSelector([this](const QString& id) { return selectRecording(id); });
    // A new analysis is worked on in the Analyse workspace, where the panel is the main area.
    connect(m_analysis, &AnalysisController::panelRequested, this, [this, analysisDock] {
        m_workspaces->switchTo(WorkspaceLayouts::Analyse);
        analysisDock->show();
        analysisDock->raise();
    });
    connect(m_analysis, &AnalysisController::message, this, &MainWindow::showMessage);
    connect(m_analysis, &AnalysisController::projectChanged, this, &MainWindow::projectChanged);
    // Seed 002's synthetic-vs-real gallery of a stored diffusion model (Analysis menu).
    m_synthetic = new SyntheticWindowsController(&m_project, jobsPanel, this);
    connect(m_synthetic, &SyntheticWindowsController::message, this, &MainWindow::showMessage);
}

void MainWindow::connectEditing()
{
    // "Next low-confidence region" follows the first prediction that has probabilities.
    m_editor->setConfidenceProvider(&TrackNavigation::firstPredictionConfidence);
    m_timelineEditor = new TimelineEditor(m_timelineView, m_editor, this);
    connect(m_editor, &AnnotationEditor::edited, this, [this] {
        projectChanged();
        m_patientPanel->refresh();
    });
    connect(m_models, &ModelController::tracksChanged, m_patientPanel, &PatientPanel::refresh);
    // The overview and the analysis follow edits and predictions (each debounced).
    connect(m_editor, &AnnotationEditor::tracksChanged, m_overview, &OverviewStrip::tracksChanged);
    connect(m_editor, &AnnotationEditor::tracksChanged, m_analysis,
            &AnalysisController::tracksEdited);
    connect(m_models, &ModelController::tracksChanged, m_overview, &OverviewStrip::tracksChanged);
    connect(m_models, &ModelController::tracksChanged, m_analysis,
            &AnalysisController::tracksEdited);
    connect(m_editor, &AnnotationEditor::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 6000); });
    connect(m_session, &RecordingSession::labelSetChanged, this,
            [this] { m_legend->setLabelSet(m_session->labelSet()); });
}

void MainWindow::connectProject()
{
    connect(m_projects, &ProjectController::projectReplacing, this, [this] {
        m_analysis->projectReplaced();
        m_synthetic->projectReplaced();
        m_models->projectReplaced();
    });
    connect(m_projects, &ProjectController::projectReplaced, this, [this] {
        m_session->setRecording(nullptr, LabelSet());
        m_editor->setProject(&m_project, m_projects->path());
        m_patient->projectReplaced();
        refreshRecordingList();
    });
    connect(m_projects, &ProjectController::status, m_statusLabel, &QLabel::setText);
    connect(m_projects, &ProjectController::loaded, this, [this](bool ok) {
        focusRecordingViews(); // after the recovery question or the error message
        Q_EMIT projectLoaded(ok);
    });
    connect(m_imports, &ImportController::imported, this, [this](const QString& first) {
        projectChanged();
        refreshRecordingList(first);
    });
}

void MainWindow::projectChanged()
{
    m_projects->setModified(true);
}

void MainWindow::showMessage(const QString& text)
{
    statusBar()->showMessage(text, 8000);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_projects->maybeSave()) {
        event->ignore();
        return;
    }
    m_editor->discardJournal(); // a clean exit: everything is saved or was discarded
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    m_workspaces->save();
    // The Patient workspace hides the spectrograms: their share of the views is
    // the one of the last workspace that showed them.
    if (!m_spectrogramView->isHidden())
        settings.setValue(QStringLiteral("mainWindow/splitter"), m_splitter->saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::createActions()
{
    createFileMenu();
    m_editor->addActionsTo(menuBar()->addMenu(tr("&Edit")));
    // Tiers: which track the keys edit, and adding, renaming, deleting or copying one.
    (new TierActions(m_editor, this, this))->addActionsTo(menuBar()->addMenu(tr("&Labels")));
    QMenu* view = menuBar()->addMenu(tr("&View"));
    addNavigationActions(view);
    view->addSeparator();
    addSpectrogramActions(view);
    m_video->addActionsTo(menuBar()->addMenu(tr("V&ideo")));
    m_models->addActionsTo(menuBar()->addMenu(tr("&Models")));
    createAnalysisMenu();
    addDockActions(view);
    createHelpMenu();
}

void MainWindow::createFileMenu()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Project..."), QKeySequence::Open, m_projects,
                    &ProjectController::openDialog);
    m_projects->setRecentMenu(file->addMenu(tr("Open &Recent")));
    file->addAction(tr("Open &Demo"), this, &MainWindow::openDemo);
    file->addSeparator();
    file->addAction(tr("&Import Recording..."), QKeySequence(Qt::CTRL | Qt::Key_I), m_imports,
                    &ImportController::importDialog);
    auto* labelFiles = new LabelFileActions(m_session, m_editor, this);
    connect(labelFiles, &LabelFileActions::message, m_statusLabel, &QLabel::setText);
    file->addAction(tr("Import &Labels..."), labelFiles, &LabelFileActions::importLabels);
    file->addAction(tr("&Export Labels..."), labelFiles, &LabelFileActions::exportLabels);
    file->addAction(m_video->attachAction());
    file->addAction(tr("Export &Report..."), this,
                    [this] { m_patient->exportReport(m_projects->path()); });
    file->addSeparator();
    file->addAction(tr("&Save"), QKeySequence::Save, m_projects, &ProjectController::save);
    file->addAction(tr("Save &As..."), QKeySequence::SaveAs, m_projects,
                    &ProjectController::saveAs);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
}

void MainWindow::addNavigationActions(QMenu* view)
{
    TimeAxisState* axis = m_session->timeAxis();
    auto add = [this, view](const QString& text, const QList<QKeySequence>& keys, auto slot) {
        QAction* a = view->addAction(text);
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    add(tr("Zoom &In"),
        {QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal), QKeySequence::ZoomIn},
        [axis] { axis->zoom(0.5); });
    add(tr("Zoom &Out"), {QKeySequence(Qt::Key_Minus), QKeySequence::ZoomOut},
        [axis] { axis->zoom(2.0); });
    add(tr("&Fit All"), {QKeySequence(Qt::Key_F), QKeySequence(Qt::CTRL | Qt::Key_0)},
        [axis] { axis->fitAll(); });
    add(tr("Zoom to &Selection"), {QKeySequence(Qt::Key_Z)}, [axis] { axis->zoomToSelection(); });
    view->addSeparator();
    add(tr("Pan &Left"), {QKeySequence(Qt::Key_Left)}, [axis] { axis->panBy(-0.1); });
    add(tr("Pan &Right"), {QKeySequence(Qt::Key_Right)}, [axis] { axis->panBy(0.1); });
    add(tr("Page Left"), {QKeySequence(Qt::Key_PageUp)}, [axis] { axis->panBy(-1.0); });
    add(tr("Page Right"), {QKeySequence(Qt::Key_PageDown)}, [axis] { axis->panBy(1.0); });
    add(tr("Go to &Start"), {QKeySequence(Qt::Key_Home)}, [axis] { axis->panToStart(); });
    add(tr("Go to &End"), {QKeySequence(Qt::Key_End)}, [axis] { axis->panToEnd(); });
    add(tr("Go to &Time..."), {QKeySequence(Qt::CTRL | Qt::Key_G)}, [this] { showGoToTime(); });
    view->addSeparator();
    // Which signal channels are drawn, per channel and per quantity; rebuilt as it opens,
    // since it lists the shown recording's channels.
    QMenu* channels = view->addMenu(tr("&Channels"));
    connect(channels, &QMenu::aboutToShow, this, [this, channels] {
        m_signalView->channelVisibility()->populateMenu(channels, m_session->recording());
    });
    if (auto* segments = findChild<QDockWidget*>(QStringLiteral("segmentsDock")))
        view->addAction(segments->toggleViewAction());
}

void MainWindow::showGoToTime()
{
    const Recording* r = m_session->recording();
    if (!r) {
        showMessage(tr("No recording is shown"));
        return;
    }
    GoToTimeDialog dialog(m_session->timeAxis(), r->startTimeUs, this);
    dialog.exec();
    focusRecordingViews(); // the keys act on the views at the new time at once
}

void MainWindow::addSpectrogramActions(QMenu* view)
{
    addSpectrogramScaleAction(view);
    addSpectrogramColourMenu(view);
    addSpectrogramFrameMenu(view);
}

void MainWindow::addSpectrogramScaleAction(QMenu* view)
{
    QAction* logScale = view->addAction(tr("Spectrogram in &Decibels"));
    logScale->setCheckable(true);
    logScale->setChecked(QSettings().value(QStringLiteral("spectrogram/log"), true).toBool());
    m_spectrogramView->setScale(logScale->isChecked() ? SpectrogramView::Scale::Log
                                                      : SpectrogramView::Scale::Linear);
    connect(logScale, &QAction::toggled, this, [this](bool on) {
        m_spectrogramView->setScale(on ? SpectrogramView::Scale::Log
                                       : SpectrogramView::Scale::Linear);
        QSettings().setValue(QStringLiteral("spectrogram/log"), on);
    });
}

void MainWindow::addSpectrogramColourMenu(QMenu* view)
{
    QMenu* gradients = view->addMenu(tr("Spectrogram &Colours"));
    auto* group = new QActionGroup(gradients);
    const QList<QPair<QString, QCPColorGradient::GradientPreset>> presets{
        {tr("Thermal"), QCPColorGradient::gpThermal},
        {tr("Grey"), QCPColorGradient::gpGrayscale},
        {tr("Night"), QCPColorGradient::gpNight},
        {tr("Jet"), QCPColorGradient::gpJet}};
    const int chosen =
        QSettings()
            .value(QStringLiteral("spectrogram/gradient"), int(QCPColorGradient::gpThermal))
            .toInt();
    for (const auto& [name, preset] : presets) {
        QAction* a = gradients->addAction(name);
        a->setCheckable(true);
        a->setChecked(int(preset) == chosen);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, preset = preset] {
            m_spectrogramView->setGradient(preset);
            QSettings().setValue(QStringLiteral("spectrogram/gradient"), int(preset));
        });
    }
    m_spectrogramView->setGradient(QCPColorGradient::GradientPreset(chosen));
}

void MainWindow::addSpectrogramFrameMenu(QMenu* view)
{
    QMenu* frames = view->addMenu(tr("Spectrogram &Frame Length"));
    auto* frameGroup = new QActionGroup(frames);
    const double frameSeconds =
        QSettings().value(QStringLiteral("spectrogram/frameSeconds"), 1.0).toDouble();
    for (double seconds : {0.5, 1.0, 2.0, 4.0}) {
        QAction* a = frames->addAction(seconds == 1.0 ? tr("%1 s (default)").arg(seconds)
                                                      : tr("%1 s").arg(seconds));
        a->setCheckable(true);
        a->setChecked(seconds == frameSeconds);
        frameGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, seconds] {
            m_session->setSpectrogramFrameSeconds(seconds);
            QSettings().setValue(QStringLiteral("spectrogram/frameSeconds"), seconds);
        });
    }
    m_session->setSpectrogramFrameSeconds(frameSeconds);
}

void MainWindow::createAnalysisMenu()
{
    QMenu* analysisMenu = menuBar()->addMenu(tr("&Analysis"));
    m_analysis->addActionsTo(analysisMenu);
    m_synthetic->addActionTo(analysisMenu);
    // SelfPAB's input, masking and a pre-trained encoder's reconstruction of one window.
    QAction* sees = analysisMenu->addAction(tr("&What the Model Sees…"), this, [this] {
        auto* dialog = new WhatTheModelSeesDialog(m_project, m_session, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    sees->setStatusTip(
        tr("One 5-minute window of the shown recording as SelfPAB's transformer gets it: "
           "the stacked spectrogram, masked, and reconstructed by a pre-trained encoder"));
}

void MainWindow::addDockActions(QMenu* view)
{
    if (auto* patientDock = findChild<QDockWidget*>(QStringLiteral("patientDock")))
        patientDock->toggleViewAction()->setShortcut(
            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D)); // D for days
    view->addSeparator();
    m_workspaces->addMenusTo(view); // View › Workspace and View › Panels (every dock)
}

void MainWindow::createHelpMenu()
{
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Reference"), QKeySequence::HelpContents, this,
                    &MainWindow::showKeyboardReference);
    help->addSeparator();
    (new EffortRecorder(
         m_editor, m_session, [this] { return m_projects->path(); }, this))
        ->addActionsTo(help); // opt-in, local: the annotator's own edits and time
    help->addSeparator();
    help->addAction(tr("&About Kinemark"), this, [this] {
        QMessageBox::about(
            this, tr("About Kinemark"),
            tr("Kinemark %1: human activity recognition from wearable accelerometers.")
                .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::showKeyboardReference()
{
    KeyboardReference dialog(menuBar(), this);
    dialog.exec();
}

void MainWindow::setProject(Project project, const QString& path)
{
    m_projects->replaceProject(std::move(project), path); // may ask to recover edits
    focusRecordingViews();
}

void MainWindow::openProjectAsync(const QString& path)
{
    m_projects->openAsync(path);
}

void MainWindow::saveAsync(const QString& path)
{
    m_projects->saveAsync(path);
}

bool MainWindow::isModified() const
{
    return m_projects->isModified();
}

void MainWindow::offerStartupRecovery()
{
    m_projects->offerStartupRecovery();
    focusRecordingViews();
}

void MainWindow::focusRecordingViews()
{
    // A closed dialog does not always give the activation back (no window
    // manager, or one that activates nothing): without it the window's
    // shortcuts, and so every annotation key, would do nothing.
    if (!isVisible() || QApplication::activeModalWidget())
        return;
    activateWindow();
    centralWidget()->setFocus(Qt::OtherFocusReason);
}

void MainWindow::openDemo()
{
    if (!m_projects->maybeSave())
        return;
    setProject(DemoRecordingGenerator::demoProject(), QString());
}

void MainWindow::refreshRecordingList(const QString& select)
{
    m_recordingTree->clear();
    // Grouped by subject, in order of first appearance.
    QMap<QString, QTreeWidgetItem*> subjects;
    QTreeWidgetItem* current = nullptr;
    for (const auto& r : m_project.recordings) {
        QTreeWidgetItem*& subject = subjects[r->subjectId];
        if (!subject) {
            subject = new QTreeWidgetItem(m_recordingTree, {tr("Subject %1").arg(r->subjectId)});
            subject->setExpanded(true);
            subject->setFlags(Qt::ItemIsEnabled);
        }
        // The same rounding as `kinemark-cli info`.
        auto* item =
            new QTreeWidgetItem(subject, {r->id, ElapsedTime::clock(r->durationSeconds())});
        item->setData(0, Qt::UserRole, r->id);
        item->setToolTip(0, r->id); // an id longer than the dock is wide
        if (!current || r->id == select)
            current = item;
    }
    m_statusLabel->setText(tr("%n recording(s)", nullptr, int(m_project.recordings.size())));
    if (current)
        m_recordingTree->setCurrentItem(current);
}

bool MainWindow::selectRecording(const QString& id)
{
    QTreeWidgetItemIterator it(m_recordingTree);
    for (; *it; ++it) {
        if ((*it)->data(0, Qt::UserRole).toString() == id) {
            m_recordingTree->setCurrentItem(*it);
            return true;
        }
    }
    return false;
}

void MainWindow::setVisibleRange(double startSeconds, double endSeconds)
{
    m_session->timeAxis()->setVisibleRange(startSeconds, endSeconds);
}

void MainWindow::waitForViews()
{
    m_jobs->waitForDone();
    m_session->waitForBackgroundWork();
    // A zoomed-in spectrogram asks for tiles only when it draws: let it ask, then wait again.
    for (int i = 0; i < 3 && !m_spectrogramView->isComplete(); ++i) {
        m_spectrogramView->replot();
        QCoreApplication::processEvents();
        m_session->waitForBackgroundWork();
    }
}

void MainWindow::showRecording(const QString& id)
{
    const auto r = m_project.recording(id);
    if (!r || r.get() == m_session->recording())
        return;
    const LabelSet* set = m_project.labelSet(r->labelSetId);
    m_session->setRecording(r, set ? *set : LabelSet());
    m_legend->setLabelSet(set ? *set : LabelSet());
    m_patientPanel->setRecording(r, set);
    m_statusLabel->setText(tr("%1: subject %2, %3 Hz, %4 channels")
                               .arg(r->id, r->subjectId)
                               .arg(r->sampleRateHz)
                               .arg(r->channelCount()));
}

void MainWindow::importFilesDialog(const QStringList& paths)
{
    if (paths.size() == 1 && ProjectFile::isProjectFile(paths.first())) {
        if (m_projects->maybeSave())
            openProjectAsync(paths.first());
        return;
    }
    m_imports->importFilesDialog(paths);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    if (m_video->attachDropped(paths)) // videos are attached to the shown recording
        return;
    // After the drop has finished: a modal dialog inside the drop handler blocks the drag source.
    QMetaObject::invokeMethod(
        this, [this, paths] { importFilesDialog(paths); }, Qt::QueuedConnection);
}

void MainWindow::importAsync(const QString& path, int format, const ColumnMapping& mapping)
{
    m_imports->importAsync(path, format, mapping);
}

void MainWindow::importDevicesAsync(const QStringList& paths, int format,
                                    const DeviceImportOptions& options)
{
    m_imports->importDevicesAsync(paths, format, options);
}

} // namespace kinemark
