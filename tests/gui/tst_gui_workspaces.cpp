// The main window's workspaces at the default 1400x850 size (offscreen), with
// a week of the demo and a prediction of it: Annotate, Analyse and Patient
// (Ctrl+1/2/3) each give their main plot at least 600x300 px; the Patient
// view's eight day rows are tall enough for their labels, also in a short
// dock, where they scroll; a layout survives a
// restart, with the Analysis dock docked and saying how to get a result; a
// closed dock comes back from View › Panels; after the recovery question the
// keys work again; and the start-up arguments (a project as a plain argument,
// an unknown one an error). KINEMARK_SCREENSHOT_DIR=docs writes
// docs/workspace-{annotate,analyse,patient}.png.
#include "app/gui/analysis/AnalysisController.h"
#include "app/gui/mainwindow/MainWindow.h"
#include "app/gui/mainwindow/StartupArguments.h"
#include "app/gui/mainwindow/WorkspaceLayouts.h"
#include "core/demo/DemoRecordingGenerator.h"
#include "core/editing/EditJournal.h"
#include "core/project/ProjectFile.h"
#include "tests/support/TestSupport.h"
#include "widgets/analysis/AnalysisPanel.h"
#include "widgets/analysis/ConfusionMatrixView.h"
#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/patient/PatientDayView.h"
#include "widgets/patient/PatientPanel.h"
#include "widgets/patient/TimeUseSummaryPanel.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/SegmentLane.h"
#include "widgets/recording/SignalView.h"
#include "widgets/recording/SpectrogramView.h"
#include "widgets/recording/TimelineView.h"
#include "widgets/report/PatientDayPainter.h"

#include <QDockWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolTip>
#include <QtTest>

using namespace kinemark;

namespace {
// A week of the demo's daily routine (eight calendar days) at a low rate, and
// a prediction that mistakes the first quarter of every hour for walking.
Project weekWithPrediction()
{
    DemoOptions options = DemoOptions::severalDays(7);
    options.sampleRateHz = 5;
    Project project = DemoRecordingGenerator::demoProject(options);
    Recording& r = *project.recordings.front();
    AnnotationTrack prediction = *r.groundTruth();
    prediction.setName(QStringLiteral("model"));
    prediction.setKind(AnnotationTrack::Kind::Prediction);
    const int64_t hour = int64_t(3600 * r.sampleRateHz);
    for (int64_t start = 0; start + hour / 4 < int64_t(r.sampleCount()); start += hour)
        prediction.assign(start, start + hour / 4, 1);
    r.tracks.push_back(prediction);
    return project;
}

// Answers the message box the next call opens with `button` (the timer fires
// inside the box's event loop); `asked` tells whether one opened.
void answerNextBox(bool* asked, QMessageBox::StandardButton button)
{
    QTimer::singleShot(0, [asked, button] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        *asked = true;
        box->button(button)->click();
    });
}

QRect inWindow(const QWidget* widget, const QWidget* window)
{
    return QRect(widget->mapTo(window, QPoint(0, 0)), widget->size());
}

QDockWidget* dock(const QMainWindow& window, const char* name)
{
    return window.findChild<QDockWidget*>(QLatin1String(name));
}

QMenu* viewMenu(const QMainWindow& window)
{
    for (QAction* a : window.menuBar()->actions())
        if (a->menu() && a->text().remove(QLatin1Char('&')) == QLatin1String("View"))
            return a->menu();
    return nullptr;
}

QMenu* panelsMenu(const QMainWindow& window)
{
    if (QMenu* view = viewMenu(window))
        for (QAction* a : view->actions())
            if (a->menu() && a->text().remove(QLatin1Char('&')) == QLatin1String("Panels"))
                return a->menu();
    return nullptr;
}

void saveScreenshot(QMainWindow& window, const QString& name)
{
    const QString dir = qEnvironmentVariable("KINEMARK_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    window.grab(); // lays out and renders once so queued replots settle
    QCoreApplication::processEvents();
    QVERIFY(window.grab().save(QDir(dir).filePath(name), "PNG"));
}
} // namespace

class TestGuiWorkspaces : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void startupArguments();
    void workspacesGiveTheirMainPlotRoom();
    void patientRowsStayReadableInAShortDock();
    void analysisDockRestoresDocked();
    void spectrogramsComeBackAfterAPatientSession();
    void closedDockComesBackFromTheViewMenu();
    void everyPanelFitsTheDefaultWindow();
    void laneNamesShowInFullAndTheEditedLaneStandsOut();
    void keysWorkAfterTheRecoveryQuestion();

private:
    QTemporaryDir m_settingsDir;
};

void TestGuiWorkspaces::initTestCase()
{
    // The user's own layouts must neither leak in nor be overwritten.
    test::useSettingsIn(m_settingsDir.path());
    QCoreApplication::setApplicationName(QStringLiteral("tst_gui_workspaces"));
}

void TestGuiWorkspaces::init()
{
    QSettings().clear(); // every test starts from the built-in layouts
    QSettings().setValue("annotation/author", "tester");
}

void TestGuiWorkspaces::startupArguments()
{
    using Action = StartupArguments::Action;
    QTemporaryDir dir;
    const QString project = dir.filePath("week.kmk");
    ProjectFile::save(DemoRecordingGenerator::demoProject([] {
                          DemoOptions o;
                          o.durationSeconds = 60;
                          o.sampleRateHz = 10;
                          return o;
                      }()),
                      project);
    const QString text = dir.filePath("week.csv");
    QFile csv(text);
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("t,x\n0,1\n");
    csv.close();
    const auto parse = [](QStringList args) {
        args.prepend(QStringLiteral("kinemark"));
        return StartupArguments::parse(args);
    };

    QCOMPARE(parse({}).action(), Action::OpenDemo);
    // A project as a plain argument, as every desktop application takes it.
    const StartupArguments positional = parse({project});
    QCOMPARE(positional.action(), Action::OpenProject);
    QCOMPARE(positional.projectPath(), project);
    QCOMPARE(parse({"--project", project}).projectPath(), project);
    const StartupArguments withRange = parse({project, "--range", "10,70", "--recording", "demo"});
    QCOMPARE(withRange.action(), Action::OpenProject);
    QCOMPARE(withRange.range()->second, 70.0);
    QCOMPARE(withRange.recording(), QStringLiteral("demo"));

    // Anything else is an error naming what was wrong, never the demo.
    const StartupArguments unknown = parse({"--frobnicate"});
    QCOMPARE(unknown.action(), Action::Fail);
    QVERIFY2(unknown.error().contains("frobnicate"), qPrintable(unknown.error()));
    const StartupArguments missing = parse({dir.filePath("nothing.kmk")});
    QCOMPARE(missing.action(), Action::Fail);
    QVERIFY2(missing.error().contains("nothing.kmk"), qPrintable(missing.error()));
    const StartupArguments notAProject = parse({text});
    QCOMPARE(notAProject.action(), Action::Fail);
    QVERIFY2(notAProject.error().contains("not a Kinemark project"),
             qPrintable(notAProject.error()));
    QCOMPARE(parse({dir.path()}).action(), Action::Fail);
    QCOMPARE(parse({project, project}).action(), Action::Fail);
    QCOMPARE(parse({"--project", project, project}).action(), Action::Fail);
    QCOMPARE(parse({"--range", "70,10"}).action(), Action::Fail);
    QCOMPARE(parse({"--edit-preview", "drag:1,2"}).action(), Action::Fail);
    QCOMPARE(StartupArguments::kUsageError, 2);

    const StartupArguments help = parse({"--help"});
    QCOMPARE(help.action(), Action::ShowHelp);
    QVERIFY2(help.helpText().contains("PROJECT.kmk"), qPrintable(help.helpText()));
    QVERIFY(help.helpText().contains("Import Recording"));
    QCOMPARE(parse({"--help-all"}).action(), Action::ShowHelp);
}

void TestGuiWorkspaces::workspacesGiveTheirMainPlotRoom()
{
    MainWindow window;
    window.resize(1400, 850);
    window.setProject(weekWithPrediction(), QString());
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QCOMPARE(window.size(), QSize(1400, 850));
    WorkspaceLayouts* workspaces = window.workspaces();
    QCOMPARE(workspaces->current(), WorkspaceLayouts::Annotate);
    window.setVisibleRange(9 * 3600, 9 * 3600 + 900);
    // Analysis › Compare Prediction: the result is looked at in the Analyse workspace.
    window.analysisController()->analyse(QStringLiteral("model"));
    QVERIFY(!window.analysisController()->panel()->showsPlaceholder());
    QCOMPARE(workspaces->current(), WorkspaceLayouts::Analyse);
    QCoreApplication::processEvents();

    const auto key = [&](Qt::Key k) {
        QApplication::setActiveWindow(&window);
        QTest::keyClick(&window, k, Qt::ControlModifier);
        QCoreApplication::processEvents();
        window.waitForViews();
        QCoreApplication::processEvents();
        // The docks' minimum sizes fit: the window is not pushed beyond the default size.
        QCOMPARE(window.size(), QSize(1400, 850));
    };
    QDockWidget* analysis = dock(window, "analysisDock");
    QDockWidget* patient = dock(window, "patientDock");
    QDockWidget* recordings = dock(window, "recordingsDock");
    QDockWidget* jobs = dock(window, "jobsDock");

    // Annotate: the recording views (signals, spectrograms, timeline) get the window.
    key(Qt::Key_1);
    QCOMPARE(workspaces->current(), WorkspaceLayouts::Annotate);
    QVERIFY(recordings->isVisible() && !analysis->isVisible() && !patient->isVisible());
    const QRect views = inWindow(window.signalView(), &window)
                            .united(inWindow(window.spectrogramView(), &window))
                            .united(inWindow(window.timelineView(), &window));
    QVERIFY2(views.width() >= 600 && views.height() >= 300,
             qPrintable(QStringLiteral("%1x%2").arg(views.width()).arg(views.height())));
    QVERIFY(recordings->width() <= 300); // the list is narrow
    QVERIFY(views.width() >= 1400 / 2);
    saveScreenshot(window, "workspace-annotate.png");

    // Analyse: the confusion matrix is the main area, the Jobs panel beside it.
    key(Qt::Key_2);
    QCOMPARE(workspaces->current(), WorkspaceLayouts::Analyse);
    QVERIFY(analysis->isVisible() && !analysis->isFloating() && jobs->isVisible());
    QVERIFY(!patient->isVisible());
    const QWidget* matrix = window.analysisController()->panel()->confusionMatrix();
    QVERIFY(matrix->isVisible());
    QVERIFY2(matrix->width() >= 600 && matrix->height() >= 300,
             qPrintable(QStringLiteral("%1x%2").arg(matrix->width()).arg(matrix->height())));
    QVERIFY(analysis->width() > window.centralWidget()->width());
    saveScreenshot(window, "workspace-analyse.png");

    // Patient: the day view big, eight rows tall enough for their labels.
    key(Qt::Key_3);
    QCOMPARE(workspaces->current(), WorkspaceLayouts::Patient);
    QVERIFY(patient->isVisible() && !analysis->isVisible());
    PatientPanel* panel = window.patientPanel();
    panel->waitForSummary();
    QCoreApplication::processEvents();
    QVERIFY(panel->summary());
    QCOMPARE(int(panel->summary()->days.size()), 8);
    const QWidget* days = panel->dayScrollArea()->viewport();
    QVERIFY2(days->width() >= 600 && days->height() >= 300,
             qPrintable(QStringLiteral("%1x%2").arg(days->width()).arg(days->height())));
    PatientDayView* dayView = panel->dayView();
    const PatientDayPainter painter(*panel->summary(),
                                    QRectF(dayView->rect()).adjusted(4, 4, -4, -4));
    // The painter writes a day's label from 0.8 lines up; 5 px rows had none.
    for (int day = 0; day < 8; ++day)
        QVERIFY2(painter.stripRect(day).height() >= dayView->fontMetrics().height(),
                 qPrintable(QString::number(painter.stripRect(day).height())));
    // The summary stands beside the days, not under them.
    QVERIFY(panel->summaryPanel()->mapTo(panel, QPoint(0, 0)).x() >=
            panel->dayScrollArea()->mapTo(panel, QPoint(0, 0)).x() + 600);
    // The charts beside the days whole: the hourly heat map's hours up to 24
    // and its title, not cut at the window's edge (with the recordings list
    // beside them they were).
    QVERIFY(!recordings->isVisible());
    QWidget* summary = panel->summaryPanel();
    QVERIFY2(summary->mapTo(&window, QPoint(summary->width(), 0)).x() <= window.width(),
             "the summary runs past the window");
    QVERIFY2(summary->width() >= summary->minimumSizeHint().width(),
             qPrintable(QStringLiteral("%1 < %2")
                            .arg(summary->width())
                            .arg(summary->minimumSizeHint().width())));
    saveScreenshot(window, "workspace-patient.png");

    // Back to Annotate: its layout as it was.
    key(Qt::Key_1);
    QVERIFY(!patient->isVisible() && recordings->isVisible());
    QCOMPARE(inWindow(window.signalView(), &window).width(), views.width());
}

void TestGuiWorkspaces::patientRowsStayReadableInAShortDock()
{
    // The Patient view docked low (as under the recording views): a week drew
    // eight rows about 5 px high without day labels. Now the days scroll.
    Project project = weekWithPrediction();
    PatientPanel panel;
    panel.resize(800, 480); // narrow: the summary goes under the days
    panel.setRecording(project.recordings.front(), project.labelSet(QStringLiteral("harth")));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.waitForSummary();
    QCoreApplication::processEvents();
    QCOMPARE(int(panel.summary()->days.size()), 8);
    PatientDayView* dayView = panel.dayView();
    QVERIFY(dayView->height() >= dayView->minimumHeightFor(8));
    QVERIFY2(dayView->height() > panel.dayScrollArea()->viewport()->height(),
             qPrintable(QStringLiteral("%1 in %2")
                            .arg(dayView->height())
                            .arg(panel.dayScrollArea()->viewport()->height())));
    QVERIFY(panel.summaryPanel()->mapTo(&panel, QPoint(0, 0)).y() >
            panel.dayScrollArea()->mapTo(&panel, QPoint(0, 0)).y());
    QVERIFY(panel.dayScrollArea()->verticalScrollBar()->isVisible());
    const PatientDayPainter painter(*panel.summary(),
                                    QRectF(dayView->rect()).adjusted(4, 4, -4, -4));
    for (int day = 0; day < 8; ++day)
        QVERIFY2(painter.stripRect(day).height() >= dayView->fontMetrics().height(),
                 qPrintable(QString::number(painter.stripRect(day).height())));
}

void TestGuiWorkspaces::analysisDockRestoresDocked()
{
    {
        MainWindow window;
        window.resize(1400, 850);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.workspaces()->switchTo(WorkspaceLayouts::Analyse);
        QDockWidget* analysis = dock(window, "analysisDock");
        QVERIFY(analysis->isVisible());
        // The user floated the dock to enlarge it, then quit.
        analysis->setFloating(true);
        analysis->resize(900, 700);
        QVERIFY(window.close());
    }
    QCOMPARE(QSettings().value("workspaces/active").toString(), QStringLiteral("analyse"));
    MainWindow window;
    window.resize(1400, 850);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.workspaces()->current(), WorkspaceLayouts::Analyse);
    QVERIFY(window.workspaces()->workspaceAction(WorkspaceLayouts::Analyse)->isChecked());
    QDockWidget* analysis = dock(window, "analysisDock");
    QVERIFY(analysis->isVisible());
    QVERIFY(!analysis->isFloating()); // not a floating window with last session's nothing
    QCOMPARE(window.dockWidgetArea(analysis), Qt::RightDockWidgetArea);
    QVERIFY(analysis->width() >= 600);
    // No result after a restart: the panel says how to get one.
    AnalysisPanel* panel = window.analysisController()->panel();
    QVERIFY(panel->showsPlaceholder());

    // Reset Layout: a moved dock goes back; a workspace's own changes are kept per workspace.
    window.removeDockWidget(dock(window, "jobsDock"));
    QVERIFY(!dock(window, "jobsDock")->isVisible());
    window.workspaces()->resetLayout();
    QVERIFY(dock(window, "jobsDock")->isVisible());
    QCOMPARE(window.dockWidgetArea(dock(window, "jobsDock")), Qt::RightDockWidgetArea);
}

void TestGuiWorkspaces::spectrogramsComeBackAfterAPatientSession()
{
    DemoOptions options;
    options.durationSeconds = 600;
    options.sampleRateHz = 10;
    {
        MainWindow window;
        window.resize(1400, 850);
        window.setProject(DemoRecordingGenerator::demoProject(options), QString());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.workspaces()->switchTo(WorkspaceLayouts::Patient);
        QVERIFY(window.spectrogramView()->isHidden()); // room for the days
        QVERIFY(window.close());
    }
    MainWindow window;
    window.resize(1400, 850);
    window.setProject(DemoRecordingGenerator::demoProject(options), QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.workspaces()->current(), WorkspaceLayouts::Patient);
    QVERIFY(window.spectrogramView()->isHidden());
    window.workspaces()->switchTo(WorkspaceLayouts::Annotate);
    QCoreApplication::processEvents();
    QVERIFY(window.spectrogramView()->isVisible());
    const QWidget* spectrograms = window.spectrogramView();
    QVERIFY2(spectrograms->height() >= spectrograms->minimumSizeHint().height(),
             qPrintable(QString::number(spectrograms->height())));
    QCOMPARE(window.size(), QSize(1400, 850));
}

void TestGuiWorkspaces::closedDockComesBackFromTheViewMenu()
{
    MainWindow window;
    window.resize(1400, 850);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QMenu* view = viewMenu(window);
    QVERIFY(view);
    QMenu* panels = nullptr;
    for (QAction* a : view->actions())
        if (a->menu() && a->text().remove(QLatin1Char('&')) == QLatin1String("Panels"))
            panels = a->menu();
    QVERIFY(panels);
    // Every dock has its toggle there, by a unique name (layouts are saved by it).
    QStringList names;
    for (QDockWidget* d : window.findChildren<QDockWidget*>()) {
        QVERIFY(!d->objectName().isEmpty());
        QVERIFY(!names.contains(d->objectName()));
        names << d->objectName();
        QVERIFY2(panels->actions().contains(d->toggleViewAction()), qPrintable(d->objectName()));
    }
    QDockWidget* recordings = dock(window, "recordingsDock");
    QVERIFY(recordings->isVisible());
    recordings->close();
    QVERIFY(!recordings->isVisible());
    QAction* toggle = recordings->toggleViewAction();
    QVERIFY(!toggle->isChecked());
    toggle->trigger();
    QVERIFY(recordings->isVisible());
    QVERIFY(!recordings->isFloating());
}

void TestGuiWorkspaces::everyPanelFitsTheDefaultWindow()
{
    // Showing the Patient View in Annotate grew the window past 850 px: the
    // central views' minimum heights (spectrograms, timeline, signal rows)
    // and the dock's added up to more than the screen. Every panel of
    // View > Panels, all on at once, in every workspace: the window keeps its
    // size and nothing in it asks for more than there is.
    MainWindow window;
    window.resize(1400, 850);
    window.setProject(weekWithPrediction(), QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QMenu* panels = panelsMenu(window);
    QVERIFY(panels);
    for (int w = 0; w < WorkspaceLayouts::kWorkspaceCount; ++w) {
        const auto workspace = WorkspaceLayouts::Workspace(w);
        window.workspaces()->switchTo(workspace);
        QCoreApplication::processEvents();
        emit panels->aboutToShow(); // the menu lists the docks as it opens
        QVERIFY(!panels->actions().isEmpty());
        for (QAction* toggle : panels->actions()) {
            if (!toggle->isChecked())
                toggle->trigger();
            QCoreApplication::processEvents();
            const QString what = WorkspaceLayouts::name(workspace) + QStringLiteral(" + ") +
                                 toggle->text().remove(QLatin1Char('&'));
            QVERIFY2(window.size() == QSize(1400, 850), qPrintable(QStringLiteral("%1: %2x%3")
                                                                       .arg(what)
                                                                       .arg(window.width())
                                                                       .arg(window.height())));
            const QSize least = window.minimumSizeHint();
            QVERIFY2(least.width() <= 1400 && least.height() <= 850,
                     qPrintable(QStringLiteral("%1: the window needs %2x%3")
                                    .arg(what)
                                    .arg(least.width())
                                    .arg(least.height())));
            // What the docks and the views may take: the window less its menu and status bars.
            const int room = 850 - window.menuBar()->height() - window.statusBar()->height();
            QList<QWidget*> parts{window.centralWidget()};
            for (QDockWidget* d : window.findChildren<QDockWidget*>())
                if (d->isVisible())
                    parts << d;
            for (QWidget* part : parts)
                QVERIFY2(part->minimumSizeHint().height() <= room,
                         qPrintable(QStringLiteral("%1: %2 needs %3 px of %4")
                                        .arg(what, part->objectName())
                                        .arg(part->minimumSizeHint().height())
                                        .arg(room)));
        }
        saveScreenshot(window, QStringLiteral("panels-%1.png").arg(w));
    }
}

void TestGuiWorkspaces::laneNamesShowInFullAndTheEditedLaneStandsOut()
{
    // The edited lane's name was cut ("✎ second an…") at the 78 px every view
    // shared, and its blue frame vanished on blue segments.
    DemoOptions options;
    options.durationSeconds = 600;
    options.sampleRateHz = 10;
    Project project = DemoRecordingGenerator::demoProject(options);
    // The whole truth standing (blue, the frame's old colour).
    Recording& r = *project.recordings.front();
    int32_t standing = -1;
    QColor blue;
    for (const LabelClass& c : project.labelSet(r.labelSetId)->classes)
        if (c.name == QLatin1String("standing")) {
            standing = c.id;
            blue = QColor(c.colour);
        }
    QVERIFY(standing >= 0 && blue.blue() > blue.red());
    r.groundTruth()->assign(0, int64_t(r.sampleCount()), standing);
    MainWindow window;
    window.resize(1400, 850);
    window.setProject(std::move(project), QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    AnnotationEditor* editor = window.annotationEditor();
    const QString name = QStringLiteral("second annotator");
    QVERIFY(editor->addTier(name));
    QCoreApplication::processEvents();
    TimelineView* timeline = window.timelineView();
    int lane = -1;
    for (int i = 0; i < timeline->laneCount(); ++i)
        if (timeline->laneTrack(i) && timeline->laneTrack(i)->name() == name)
            lane = i;
    QVERIFY(lane >= 0);
    QCOMPARE(timeline->editedLane(), lane);
    // In full, with its pencil, and the name column wide enough for it at the default font.
    QVERIFY2(!timeline->laneNameElided(lane), qPrintable(timeline->laneNameShown(lane)));
    QVERIFY(timeline->laneNameShown(lane).endsWith(name));
    QVERIFY2(timeline->laneNameRect(lane).width() >= timeline->nameWidthNeeded(lane),
             qPrintable(QStringLiteral("%1 < %2")
                            .arg(timeline->laneNameRect(lane).width())
                            .arg(timeline->nameWidthNeeded(lane))));
    // Every view's plot starts at the same x, so that times line up.
    QCOMPARE(timeline->leftMargin(), window.signalView()->leftMargin());
    QCOMPARE(window.session()->timeAxis()->nameColumnWidth(), timeline->leftMargin());
    // Far beyond the column's limit: elided, and said in full by the tooltip.
    const QString longName(60, QLatin1Char('w'));
    QVERIFY(editor->renameTier(name, longName));
    QCoreApplication::processEvents();
    QVERIFY(timeline->laneNameElided(timeline->editedLane()));
    QVERIFY(timeline->leftMargin() <= TimelineView::kMaximumNameColumn);
    const QPoint onName = timeline->laneNameRect(timeline->editedLane()).center();
    QMouseEvent move(QEvent::MouseMove, QPointF(onName), timeline->mapToGlobal(QPointF(onName)),
                     Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(timeline, &move);
    QCOMPARE(QToolTip::text(), longName);
    QToolTip::hideText();

    // The edited mark shows on blue segments: the truth lane, all standing,
    // edited, has dark and light frame lines and its name on the tab colour.
    QVERIFY(editor->setActiveTrack(QString()));
    QCoreApplication::processEvents();
    const int truthLane = timeline->editedLane();
    QCOMPARE(timeline->laneTrack(truthLane), window.session()->recording()->groundTruth());
    timeline->replot(); // QCustomPlot draws on a replot, not on grab()
    const QImage image = timeline->grab().toImage();
    const QRect plot = timeline->laneRect(truthLane)->rect();
    const int x = plot.center().x();
    // Along the lane's top edge, within its first 6 px: a dark line and a light one.
    int darkest = 255, lightest = 0;
    for (int y = plot.top(); y < plot.top() + 6; ++y) {
        darkest = std::min(darkest, qGray(image.pixel(x, y)));
        lightest = std::max(lightest, qGray(image.pixel(x, y)));
    }
    QVERIFY2(darkest < 60 && lightest > 200,
             qPrintable(QStringLiteral("%1 %2").arg(darkest).arg(lightest)));
    QCOMPARE(QColor(image.pixel(x, plot.center().y())), blue); // the lane is blue inside
    const QRect header = timeline->laneNameRect(truthLane);
    QCOMPARE(QColor(image.pixel(header.right() - 2, header.center().y())),
             SegmentLane::editedColour());
    saveScreenshot(window, "timeline-edited-lane.png");
}

void TestGuiWorkspaces::keysWorkAfterTheRecoveryQuestion()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("p.kmk");
    DemoOptions options;
    options.durationSeconds = 600;
    options.sampleRateHz = 10;
    ProjectFile::save(DemoRecordingGenerator::demoProject(options), path);
    const auto classAt = [](const MainWindow& w, double seconds) {
        return w.session()->recording()->groundTruth()->classAt(int64_t(seconds * 10));
    };
    {
        // Edits, then no save and no clean close: what a crash leaves.
        MainWindow window;
        window.resize(1400, 850);
        window.setProject(ProjectFile::open(path), path);
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.session()->timeAxis()->setCursor(100.5);
        const int32_t before = classAt(window, 100.5);
        QTest::keyClick(&window, before == 3 ? Qt::Key_4 : Qt::Key_3);
        QVERIFY(classAt(window, 100.5) != before);
    }
    QVERIFY(QFile::exists(EditJournal::pathFor(path)));

    MainWindow window;
    window.resize(1400, 850);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    bool asked = false;
    answerNextBox(&asked, QMessageBox::Yes);
    window.setProject(ProjectFile::open(path), path);
    QVERIFY(asked);
    QVERIFY(window.isModified()); // the edit came back
    QCoreApplication::processEvents();
    // The keyboard is the recording views' again, without a click.
    QCOMPARE(QApplication::activeWindow(), &window);
    QVERIFY(QApplication::focusWidget() == window.centralWidget());
    window.session()->timeAxis()->setCursor(300.5);
    const int32_t before = classAt(window, 300.5);
    QTest::keyClick(&window, before == 5 ? Qt::Key_6 : Qt::Key_5);
    QVERIFY(classAt(window, 300.5) != before);
}

QTEST_MAIN(TestGuiWorkspaces)
#include "tst_gui_workspaces.moc"
