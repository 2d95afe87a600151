#include "MainWindow.h"

#include "DemoRecordingGenerator.h"
#include "KeyboardReference.h"
#include "LabelLegend.h"
#include "OverviewStrip.h"
#include "ProjectFile.h"
#include "RecordingSession.h"
#include "SignalView.h"
#include "SpectrogramView.h"
#include "TimeAxisState.h"
#include "TimelineView.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace kinemark {

namespace {
constexpr int kMaxRecentFiles = 8;
const char* kRecentKey = "recentProjects";
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Kinemark"));
    m_session = new RecordingSession(this);

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
    setCentralWidget(central);

    auto* dock = new QDockWidget(tr("Recordings"), this);
    dock->setObjectName(QStringLiteral("recordingsDock"));
    m_recordingTree = new QTreeWidget(dock);
    m_recordingTree->setHeaderLabels({tr("Recording"), tr("Duration")});
    m_recordingTree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_recordingTree->header()->setStretchLastSection(false);
    dock->setWidget(m_recordingTree);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    connect(m_recordingTree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item && item->data(0, Qt::UserRole).isValid())
            showRecording(item->data(0, Qt::UserRole).toString());
    });

    m_statusLabel = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setRange(0, 1000);
    m_progress->setVisible(false);
    statusBar()->addWidget(m_statusLabel, 1);
    statusBar()->addPermanentWidget(m_progress);
    connect(m_session, &RecordingSession::backgroundProgress, this, [this](const QString& what, double f) {
        m_progress->setVisible(true);
        m_progress->setFormat(what + QStringLiteral(" %p%"));
        m_progress->setValue(int(f * 1000));
    });
    connect(m_session, &RecordingSession::backgroundFinished, this, [this] { m_progress->setVisible(false); });

    createActions();
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("mainWindow/splitter")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    settings.setValue(QStringLiteral("mainWindow/splitter"), m_splitter->saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Project..."), QKeySequence::Open, this, &MainWindow::openProjectDialog);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    updateRecentMenu();
    file->addAction(tr("Open &Demo"), this, &MainWindow::openDemo);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    TimeAxisState* axis = m_session->timeAxis();
    QMenu* view = menuBar()->addMenu(tr("&View"));
    auto add = [this, view](const QString& text, const QList<QKeySequence>& keys, auto slot) {
        QAction* a = view->addAction(text);
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    add(tr("Zoom &In"), {QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal), QKeySequence::ZoomIn}, [axis] { axis->zoom(0.5); });
    add(tr("Zoom &Out"), {QKeySequence(Qt::Key_Minus), QKeySequence::ZoomOut}, [axis] { axis->zoom(2.0); });
    add(tr("&Fit All"), {QKeySequence(Qt::Key_F), QKeySequence(Qt::CTRL | Qt::Key_0)}, [axis] { axis->fitAll(); });
    add(tr("Zoom to &Selection"), {QKeySequence(Qt::Key_Z)}, [axis] { axis->zoomToSelection(); });
    view->addSeparator();
    add(tr("Pan &Left"), {QKeySequence(Qt::Key_Left)}, [axis] { axis->panBy(-0.1); });
    add(tr("Pan &Right"), {QKeySequence(Qt::Key_Right)}, [axis] { axis->panBy(0.1); });
    add(tr("Page Left"), {QKeySequence(Qt::Key_PageUp)}, [axis] { axis->panBy(-1.0); });
    add(tr("Page Right"), {QKeySequence(Qt::Key_PageDown)}, [axis] { axis->panBy(1.0); });
    add(tr("Go to &Start"), {QKeySequence(Qt::Key_Home)}, [axis] { axis->panToStart(); });
    add(tr("Go to &End"), {QKeySequence(Qt::Key_End)}, [axis] { axis->panToEnd(); });
    view->addSeparator();
    QAction* logScale = view->addAction(tr("Spectrogram in &Decibels"));
    logScale->setCheckable(true);
    logScale->setChecked(QSettings().value(QStringLiteral("spectrogram/log"), true).toBool());
    m_spectrogramView->setScale(logScale->isChecked() ? SpectrogramView::Scale::Log : SpectrogramView::Scale::Linear);
    connect(logScale, &QAction::toggled, this, [this](bool on) {
        m_spectrogramView->setScale(on ? SpectrogramView::Scale::Log : SpectrogramView::Scale::Linear);
        QSettings().setValue(QStringLiteral("spectrogram/log"), on);
    });
    QMenu* gradients = view->addMenu(tr("Spectrogram &Colours"));
    auto* group = new QActionGroup(gradients);
    const QList<QPair<QString, QCPColorGradient::GradientPreset>> presets{
        {tr("Thermal"), QCPColorGradient::gpThermal}, {tr("Grey"), QCPColorGradient::gpGrayscale},
        {tr("Night"), QCPColorGradient::gpNight}, {tr("Jet"), QCPColorGradient::gpJet}};
    const int chosen = QSettings().value(QStringLiteral("spectrogram/gradient"), int(QCPColorGradient::gpThermal)).toInt();
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

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Reference"), QKeySequence::HelpContents, this, &MainWindow::showKeyboardReference);
    help->addAction(tr("&About Kinemark"), this, [this] {
        QMessageBox::about(this, tr("About Kinemark"),
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
    m_project = std::move(project);
    m_projectPath = path;
    setWindowTitle(path.isEmpty() ? tr("Kinemark — demo") : tr("Kinemark — %1").arg(QFileInfo(path).fileName()));
    m_recordingTree->clear();
    // Grouped by subject, in order of first appearance.
    QMap<QString, QTreeWidgetItem*> subjects;
    QTreeWidgetItem* first = nullptr;
    for (const auto& r : m_project.recordings) {
        QTreeWidgetItem*& subject = subjects[r->subjectId];
        if (!subject) {
            subject = new QTreeWidgetItem(m_recordingTree, {tr("Subject %1").arg(r->subjectId)});
            subject->setExpanded(true);
            subject->setFlags(Qt::ItemIsEnabled);
        }
        const qint64 s = qint64(r->durationSeconds());
        auto* item = new QTreeWidgetItem(subject, {r->id, QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'))});
        item->setData(0, Qt::UserRole, r->id);
        if (!first)
            first = item;
    }
    m_statusLabel->setText(tr("%n recording(s)", nullptr, int(m_project.recordings.size())));
    if (first)
        m_recordingTree->setCurrentItem(first);
    else
        m_session->setRecording(nullptr, LabelSet());
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
    m_statusLabel->setText(tr("%1: subject %2, %3 Hz, %4 channels")
                               .arg(r->id, r->subjectId)
                               .arg(r->sampleRateHz)
                               .arg(r->channelCount()));
}

void MainWindow::openProjectAsync(const QString& path)
{
    m_statusLabel->setText(tr("Opening %1…").arg(path));
    m_progress->setRange(0, 0);
    m_progress->setVisible(true);
    struct Result
    {
        Project project;
        QString error;
    };
    auto* watcher = new QFutureWatcher<std::shared_ptr<Result>>(this);
    connect(watcher, &QFutureWatcher<std::shared_ptr<Result>>::finished, this, [this, watcher, path] {
        std::shared_ptr<Result> result = watcher->result();
        watcher->deleteLater();
        m_progress->setVisible(false);
        m_progress->setRange(0, 1000);
        if (!result->error.isEmpty()) {
            m_statusLabel->setText(tr("Could not open %1").arg(path));
            QMessageBox::warning(this, tr("Open Project"), result->error);
            Q_EMIT projectLoaded(false);
            return;
        }
        setProject(std::move(result->project), path);
        addRecentFile(path);
        Q_EMIT projectLoaded(true);
    });
    watcher->setFuture(QtConcurrent::run([path] {
        auto result = std::make_shared<Result>();
        try {
            result->project = ProjectFile::open(path);
        } catch (const std::exception& e) {
            result->error = QString::fromStdString(e.what());
        }
        return result;
    }));
}

void MainWindow::openProjectDialog()
{
    const QString dir = QSettings().value(QStringLiteral("lastProjectDir")).toString();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Project"), dir, tr("Kinemark projects (*.kmk)"));
    if (path.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("lastProjectDir"), QFileInfo(path).absolutePath());
    openProjectAsync(path);
}

void MainWindow::openDemo()
{
    setProject(DemoRecordingGenerator::demoProject(), QString());
}

void MainWindow::addRecentFile(const QString& path)
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

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = QSettings().value(kRecentKey).toStringList();
    for (const QString& f : files)
        m_recentMenu->addAction(QFileInfo(f).fileName(), this, [this, f] { openProjectAsync(f); })->setToolTip(f);
    m_recentMenu->setEnabled(!files.isEmpty());
}

} // namespace kinemark
