// The annotator's navigation aids in the main window (offscreen, 1400x850):
// the Segments dock (objectName, View menu toggle, click-to-jump), the position
// readout in the status bar, View › Go to Time (Ctrl+G) and View › Channels;
// the list keeping its navigation keys from the window's pan and zoom.
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
#include <QLineEdit>
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
    void segmentsListKeepsItsKeys();

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

// With the keyboard in the Segments dock, the keys the list and its search box move with
// are theirs: Left/Right/Home/End/PgUp/PgDn are the window's pan keys everywhere else.
void TestGuiNavigation::segmentsListKeepsItsKeys()
{
    MainWindow window;
    window.resize(1400, 850);
    window.setProject(DemoRecordingGenerator::demoProject(), QString());
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.waitForViews();
    window.findChild<QDockWidget*>(QStringLiteral("segmentsDock"))->show();
    SegmentListPanel* panel = window.segmentsPanel();
    QTableView* table = panel->table();
    QTRY_VERIFY(table->model()->rowCount() > 10);
    const int rows = table->model()->rowCount();
    const AnnotationTrack* truth = window.annotationEditor()->groundTruth();
    TimeAxisState* axis = window.session()->timeAxis();

    table->setFocus();
    QVERIFY(table->hasFocus());
    axis->setVisibleRange(0, 60); // zoomed in: a pan would show
    table->setCurrentIndex(table->model()->index(2, 0));
    const double start = axis->visibleStart(), end = axis->visibleEnd();
    for (int key : {Qt::Key_Right, Qt::Key_Left, Qt::Key_Right}) {
        QTest::keyClick(table, Qt::Key(key));
        QCOMPARE(axis->visibleStart(), start); // not panned
        QCOMPARE(axis->visibleEnd(), end);
        QCOMPARE(table->currentIndex().row(), 2);
    }
    QTest::keyClick(table, Qt::Key_Down);
    QCOMPARE(table->currentIndex().row(), 3);
    QTest::keyClick(table, Qt::Key_Up);
    QCOMPARE(table->currentIndex().row(), 2);
    QTest::keyClick(table, Qt::Key_PageDown);
    const int paged = table->currentIndex().row();
    QVERIFY(paged > 3);
    QTest::keyClick(table, Qt::Key_PageUp);
    QVERIFY(table->currentIndex().row() < paged);
    QTest::keyClick(table, Qt::Key_End);
    QCOMPARE(table->currentIndex().row(), rows - 1);
    // The views went along with the list (its rows are the ground truth's, in order).
    QCOMPARE(window.annotationEditor()->cursorSample(), truth->segments().back().start);
    QTest::keyClick(table, Qt::Key_Home);
    QCOMPARE(table->currentIndex().row(), 0);
    QCOMPARE(window.annotationEditor()->cursorSample(), truth->segments().front().start);
    QVERIFY(table->hasFocus());

    // Typing a search: letters that edit elsewhere (S splits, M merges) and the line's own
    // Home and Left go into the box.
    const size_t segments = truth->size();
    QLineEdit* search = panel->searchBox();
    search->setFocus();
    const double searchStart = axis->visibleStart();
    QTest::keyClicks(search, QStringLiteral("sm"));
    QTest::keyClick(search, Qt::Key_Home);
    QCOMPARE(search->cursorPosition(), 0);
    QTest::keyClick(search, Qt::Key_End);
    QTest::keyClick(search, Qt::Key_Left);
    QCOMPARE(search->cursorPosition(), 1);
    QCOMPARE(search->text(), QStringLiteral("sm"));
    QCOMPARE(window.annotationEditor()->groundTruth()->size(), segments);
    QCOMPARE(axis->visibleStart(), searchStart);
    search->clear();

    // Back in the views, the same keys pan again.
    window.centralWidget()->setFocus();
    QVERIFY(!panel->isAncestorOf(QApplication::focusWidget()));
    axis->setVisibleRange(0, 60);
    const double before = axis->visibleStart();
    QTest::keyClick(&window, Qt::Key_End);
    QVERIFY(axis->visibleStart() > before);
}

QTEST_MAIN(TestGuiNavigation)
#include "tst_gui_navigation.moc"
