#include "MainWindow.h"

#include "DemoRecordingGenerator.h"
#include "ProjectFile.h"
#include "SignalView.h"

#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

namespace kinemark {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Kinemark"));
    m_signalView = new SignalView(this);
    setCentralWidget(m_signalView);

    auto* dock = new QDockWidget(tr("Recordings"), this);
    dock->setObjectName(QStringLiteral("recordingsDock"));
    m_recordingList = new QListWidget(dock);
    dock->setWidget(m_recordingList);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    connect(m_recordingList, &QListWidget::currentRowChanged, this, &MainWindow::showRecording);

    m_statusLabel = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(200);
    m_progress->setVisible(false);
    statusBar()->addWidget(m_statusLabel, 1);
    statusBar()->addPermanentWidget(m_progress);

    createActions();
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
}

MainWindow::~MainWindow()
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Project..."), QKeySequence::Open, this, &MainWindow::openProjectDialog);
    file->addAction(tr("Open &Demo"), this, &MainWindow::openDemo);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Kinemark"), this, [this] {
        QMessageBox::about(this, tr("About Kinemark"),
                           tr("Kinemark %1: human activity recognition from wearable "
                              "accelerometers.")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::setProject(Project project, const QString& path)
{
    m_project = std::move(project);
    m_projectPath = path;
    setWindowTitle(path.isEmpty() ? tr("Kinemark — demo")
                                  : tr("Kinemark — %1").arg(QFileInfo(path).fileName()));
    m_recordingList->clear();
    for (const auto& r : m_project.recordings)
        m_recordingList->addItem(tr("%1 (subject %2)").arg(r->id, r->subjectId));
    m_statusLabel->setText(tr("%n recording(s)", nullptr, int(m_project.recordings.size())));
    if (!m_project.recordings.empty())
        m_recordingList->setCurrentRow(0);
    else
        m_signalView->setRecording(nullptr, nullptr);
}

bool MainWindow::selectRecording(const QString& id)
{
    for (size_t i = 0; i < m_project.recordings.size(); ++i) {
        if (m_project.recordings[i]->id == id) {
            m_recordingList->setCurrentRow(int(i));
            return true;
        }
    }
    return false;
}

void MainWindow::setVisibleRange(double startSeconds, double endSeconds)
{
    m_signalView->setVisibleRange(startSeconds, endSeconds);
}

void MainWindow::showRecording(int row)
{
    if (row < 0 || size_t(row) >= m_project.recordings.size())
        return;
    const auto& r = m_project.recordings[size_t(row)];
    m_signalView->setRecording(r, m_project.labelSet(r->labelSetId));
}

void MainWindow::openProjectAsync(const QString& path)
{
    m_statusLabel->setText(tr("Opening %1...").arg(path));
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
        if (!result->error.isEmpty()) {
            m_statusLabel->setText(tr("Could not open %1").arg(path));
            QMessageBox::warning(this, tr("Open Project"), result->error);
            Q_EMIT projectLoaded(false);
            return;
        }
        setProject(std::move(result->project), path);
        QSettings().setValue(QStringLiteral("lastProject"), path);
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
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Project"), QString(),
                                                      tr("Kinemark projects (*.kmk)"));
    if (!path.isEmpty())
        openProjectAsync(path);
}

void MainWindow::openDemo()
{
    setProject(DemoRecordingGenerator::demoProject(), QString());
}

} // namespace kinemark
