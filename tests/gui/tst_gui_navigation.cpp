// The annotator's navigation aids in the main window (offscreen, 1400x850):
// the Segments dock (objectName, View menu toggle, click-to-jump), the position
// readout in the status bar, View › Go to Time (Ctrl+G) and View › Channels.
#include "app/gui/mainwindow/MainWindow.h"
#include "core/demo/DemoRecordingGenerator.h"
#include "tests/support/TestSupport.h"
#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/annotation/segments/SegmentListPanel.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/PositionReadout.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/SignalView.h"

#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace kinemark;

namespace {
// Every action of `menu` and its submenus.
QList<QAction*> allActions(QMenu* menu)
{
    QList<QAction*> out;
    for (QAction* a : menu->actions()) {
        out << a;
        if (a->menu())
            out << allActions(a->menu());
    }
    return out;
}

QMenu* viewMenu(MainWindow& window)
{
    for (QAction* a : window.menuBar()->actions())
        if (a->menu() && a->text().remove(QLatin1Char('&')) == QStringLiteral("View"))
            return a->menu();
    return nullptr;
}
} // namespace

class TestGuiNavigation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void segmentsDockReadoutAndGoToTime();

private:
    QTemporaryDir m_settingsDir;
};

void TestGuiNavigation::initTestCase()
{
    test::useSettingsIn(m_settingsDir.path());
    QSettings().setValue("annotation/author", "tester");
}

void TestGuiNavigation::segmentsDockReadoutAndGoToTime()
{
    MainWindow window;
    window.resize(1400, 850);
    window.setProject(DemoRecordingGenerator::demoProject(), QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.waitForViews();

    auto* dock = window.findChild<QDockWidget*>(QStringLiteral("segmentsDock"));
    QVERIFY(dock);
    dock->show();
    QMenu* view = viewMenu(window);
    QVERIFY(view);
    const QList<QAction*> actions = allActions(view);
    QVERIFY(actions.contains(dock->toggleViewAction()));
    QAction* goTo = nullptr;
    QMenu* channels = nullptr;
    for (QAction* a : actions) {
        if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_G))
            goTo = a;
        if (a->menu() && a->text().remove(QLatin1Char('&')) == QStringLiteral("Channels"))
            channels = a->menu();
    }
    QVERIFY(goTo);
    QVERIFY(channels);
    // View › Channels lists the shown recording's channels when it opens.
    Q_EMIT channels->aboutToShow();
    QStringList channelNames;
    for (QAction* a : channels->actions())
        channelNames << a->text();
    for (const QString& name : window.session()->recording()->channelNames())
        QVERIFY2(channelNames.contains(name), qPrintable(name));

    // The dock lists the demo's ground truth; a click goes to the segment.
    SegmentListPanel* panel = window.segmentsPanel();
    QVERIFY(panel);
    QTRY_VERIFY(panel->table()->model()->rowCount() > 3);
    const AnnotationTrack* truth = window.annotationEditor()->groundTruth();
    QCOMPARE(panel->table()->model()->rowCount(), int(truth->size()));
    const QModelIndex third = panel->table()->model()->index(2, 0);
    panel->table()->scrollTo(third);
    QTest::mouseClick(panel->table()->viewport(), Qt::LeftButton, {},
                      panel->table()->visualRect(third).center());
    QCOMPARE(window.annotationEditor()->cursorSample(), truth->segments()[2].start);
    QCOMPARE(window.annotationEditor()->selectedIndex(), 2L);

    // The readout says where the cursor is and which segment it is on.
    PositionReadout* readout = window.positionReadout();
    QVERIFY(readout && readout->isVisible());
    QVERIFY(window.statusBar()->isAncestorOf(readout));
    const QString className = window.session()->labelSet().className(truth->segments()[2].classId);
    QVERIFY2(readout->text().contains(className), qPrintable(readout->text()));

    // A readable table at the default size: the time columns are not elided.
    QTableView* table = panel->table();
    const QString start = table->model()->index(2, 0).data().toString();
    QVERIFY(table->columnWidth(0) >= table->fontMetrics().horizontalAdvance(start) + 6);

    const QString shots = qEnvironmentVariable("KINEMARK_SHOT_DIR");
    if (!shots.isEmpty()) {
        window.waitForViews();
        window.grab();
        QCoreApplication::processEvents();
        QVERIFY(window.grab().save(shots + QStringLiteral("/main-window-segments.png")));
    }
}

QTEST_MAIN(TestGuiNavigation)
#include "tst_gui_navigation.moc"
