// The Segments dock (offscreen): its rows follow the edited track, filters and
// sort, click-to-jump, multi-selection relabel and delete as one undo step (and
// undo restoring them), class keys on the list, 10,000 segments, and the
// current row following the cursor.
#include "core/model/Project.h"
#include "tests/support/AnnotatedProject.h"
#include "tests/support/TestSupport.h"
#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/annotation/segments/SegmentFilterModel.h"
#include "widgets/annotation/segments/SegmentListPanel.h"
#include "widgets/annotation/segments/SegmentTableModel.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenuBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace kinemark;

namespace {
using test::Triple;
using test::triples;
constexpr double kRate = 10;

// Truth: class 1 over 0-50 s (ann), class 2 over 50-51 s (bob, a sliver), class 6 over
// 51-100 s (ann, with a note, unsure), class 7 over 100-150 s (imported, no author). The
// model agrees everywhere but over the first 19 s of the class-6 segment.
Project makeProject(int extraSegments = 0)
{
    AnnotationTrack truth(QStringLiteral("truth"), AnnotationTrack::Kind::GroundTruth, "harth");
    truth.append(Segment{0, 500, 1, QStringLiteral("ann"), 1000});
    truth.append(Segment{500, 510, 2, QStringLiteral("bob"), 2000});
    Segment sitting{510, 1000, 6, QStringLiteral("ann"), 3000};
    sitting.note = QStringLiteral("Check the video here");
    sitting.unsure = true;
    truth.append(sitting);
    truth.append(Segment{1000, 1500, 7, QString(), 0});
    for (int i = 0; i < extraSegments; ++i)
        truth.append(Segment{2000 + i * 10, 2000 + i * 10 + 9, 1 + i % 3, QString(), 0});
    AnnotationTrack model(QStringLiteral("model"), AnnotationTrack::Kind::Prediction, "harth");
    model.append(Segment{0, 500, 1, {}, 0});
    model.append(Segment{500, 510, 2, {}, 0});
    model.append(Segment{510, 700, 1, {}, 0});
    model.append(Segment{700, 1000, 6, {}, 0});
    model.append(Segment{1000, 1500, 7, {}, 0});
    return test::annotatedProject(kRate, 2000 + int64_t(extraSegments) * 10, {truth, model});
}

struct Host
{
    Project project;
    QMainWindow window;
    RecordingSession session;
    AnnotationEditor editor{&session, &window};
    SegmentListPanel* panel = nullptr;

    explicit Host(int extraSegments = 0) : project(makeProject(extraSegments))
    {
        editor.addActionsTo(window.menuBar()->addMenu(QStringLiteral("Edit")));
        // The columns' order, widths and sort are remembered; each test starts from the default.
        QSettings().remove(QStringLiteral("segments/header"));
        panel = new SegmentListPanel(&editor, &session);
        window.setCentralWidget(panel);
        window.resize(700, 600);
        editor.setProject(&project, QString());
        session.setRecording(project.recordings[0], *project.labelSet("harth"));
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QCoreApplication::processEvents();
    }
    const AnnotationTrack* truth() const { return project.recordings[0]->groundTruth(); }
    QTableView* table() const { return panel->table(); }
    int rows() const { return table()->model()->rowCount(); }
    QString cell(int row, int column) const
    {
        return table()->model()->index(row, column).data().toString();
    }
    // The starts (in samples) of the rows as the table shows them.
    std::vector<int64_t> starts() const
    {
        std::vector<int64_t> out;
        for (int r = 0; r < rows(); ++r)
            out.push_back(
                panel->tableModel()
                    ->span(panel->filterModel()->mapToSource(table()->model()->index(r, 0)).row())
                    .start);
        return out;
    }
    void selectRows(std::initializer_list<int> rows)
    {
        table()->clearSelection();
        for (int r : rows)
            table()->selectionModel()->select(table()->model()->index(r, 0),
                                              QItemSelectionModel::Select |
                                                  QItemSelectionModel::Rows);
    }
    void settle() { QCoreApplication::processEvents(); }
    // The start (in samples) of the segment in the table's current row, or -1.
    int64_t currentStart() const
    {
        const QModelIndex current = table()->currentIndex();
        return current.isValid() ? panel->tableModel()
                                       ->span(panel->filterModel()->mapToSource(current).row())
                                       .start
                                 : -1;
    }
};
} // namespace

class TestWidgetsSegments : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rowsShowTheEditedTrack();
    void searchAndFilters();
    void sortByAnyColumn();
    void clickJumpsToTheSegment();
    void multiSelectionRelabelIsOneUndoStep();
    void multiSelectionDeleteIsOneUndoStep();
    void classKeysAndDeleteActOnTheList();
    void followsEditsLive();
    void tenThousandSegments();
    void sortIsRemembered();
    void listsTheTierTheKeysEdit();
    void currentRowFollowsTheCursor();
    void longTierNamesDoNotWidenTheList();

private:
    QTemporaryDir m_settingsDir;
};

void TestWidgetsSegments::initTestCase()
{
    test::useSettingsIn(m_settingsDir.path());
    QSettings().setValue("annotation/author", "tester");
}

void TestWidgetsSegments::rowsShowTheEditedTrack()
{
    Host h;
    QCOMPARE(h.rows(), 4);
    QCOMPARE(h.cell(0, SegmentTableModel::StartColumn), QStringLiteral("0:00.00"));
    QCOMPARE(h.cell(1, SegmentTableModel::EndColumn), QStringLiteral("0:51.00"));
    QCOMPARE(h.cell(1, SegmentTableModel::DurationColumn), QStringLiteral("0:01.00"));
    QCOMPARE(h.cell(2, SegmentTableModel::ClassColumn), h.editor.labelSet().className(6));
    QCOMPARE(h.cell(1, SegmentTableModel::AuthorColumn), QStringLiteral("bob"));
    QCOMPARE(h.cell(2, SegmentTableModel::NoteColumn), QStringLiteral("Check the video here"));
    QVERIFY(!h.cell(2, SegmentTableModel::UnsureColumn).isEmpty());
    QVERIFY(h.cell(0, SegmentTableModel::UnsureColumn).isEmpty());
    QVERIFY(h.cell(3, SegmentTableModel::EditedColumn).isEmpty()); // imported: no edit time
    // The class column carries the class colour as a swatch.
    const QVariant swatch =
        h.table()->model()->index(0, SegmentTableModel::ClassColumn).data(Qt::DecorationRole);
    QCOMPARE(swatch.value<QColor>(), QColor(h.editor.labelSet().find(1)->colour));
    // No absolute start: no wall-clock tooltip (never a 1970 date).
    QVERIFY(h.table()->model()->index(0, 0).data(Qt::ToolTipRole).isNull());
    QVERIFY(h.panel->countLabel()->text().contains(QLatin1String("4")));
}

void TestWidgetsSegments::searchAndFilters()
{
    Host h;
    const QString sitting = h.editor.labelSet().className(6);
    h.panel->searchBox()->setText(sitting.left(3).toUpper()); // case-insensitive, part of a name
    QCOMPARE(h.starts(), (std::vector<int64_t>{510}));
    h.panel->searchBox()->setText(QStringLiteral("video")); // note text
    QCOMPARE(h.starts(), (std::vector<int64_t>{510}));
    h.panel->searchBox()->setText(QStringLiteral("bob")); // author
    QCOMPARE(h.starts(), (std::vector<int64_t>{500}));
    h.panel->searchBox()->clear();
    QCOMPARE(h.rows(), 4);

    QComboBox* classes = h.panel->classBox();
    classes->setCurrentIndex(classes->findData(7));
    QCOMPARE(h.starts(), (std::vector<int64_t>{1000}));
    classes->setCurrentIndex(0);
    QComboBox* authors = h.panel->authorBox();
    authors->setCurrentIndex(authors->findData(QStringLiteral("ann")));
    QCOMPARE(h.starts(), (std::vector<int64_t>{0, 510}));
    authors->setCurrentIndex(authors->findData(QString(""))); // imported, no author
    QCOMPARE(h.starts(), (std::vector<int64_t>{1000}));
    authors->setCurrentIndex(0);
    QCOMPARE(h.rows(), 4);

    // Short segments: under 2 s.
    h.panel->durationBox()->setCurrentIndex(1);
    h.panel->durationSeconds()->setValue(2.0);
    QCOMPARE(h.starts(), (std::vector<int64_t>{500}));
    h.panel->durationBox()->setCurrentIndex(2); // longer than 2 s
    QCOMPARE(h.starts(), (std::vector<int64_t>{0, 510, 1000}));
    h.panel->durationBox()->setCurrentIndex(0);

    // Disagreements with the model: it has another class over part of the sitting segment only.
    QCOMPARE(h.panel->comparedTrackBox()->currentText(), QStringLiteral("model"));
    h.panel->disagreementsBox()->setChecked(true);
    QCOMPARE(h.starts(), (std::vector<int64_t>{510}));
    h.panel->disagreementsBox()->setChecked(false);

    h.panel->notesBox()->setChecked(true);
    QCOMPARE(h.starts(), (std::vector<int64_t>{510}));
    h.panel->notesBox()->setChecked(false);
    h.panel->unsureBox()->setChecked(true);
    QCOMPARE(h.starts(), (std::vector<int64_t>{510}));
    h.panel->unsureBox()->setChecked(false);
    QCOMPARE(h.rows(), 4);
    QVERIFY(h.panel->countLabel()->text().startsWith(QLatin1String("4")));
}

void TestWidgetsSegments::sortByAnyColumn()
{
    Host h;
    h.table()->sortByColumn(SegmentTableModel::DurationColumn, Qt::AscendingOrder);
    QCOMPARE(h.starts().front(), int64_t(500)); // the 1 s sliver first
    h.table()->sortByColumn(SegmentTableModel::DurationColumn, Qt::DescendingOrder);
    QCOMPARE(h.starts().back(), int64_t(500));
    h.table()->sortByColumn(SegmentTableModel::AuthorColumn, Qt::AscendingOrder);
    QCOMPARE(h.starts().front(), int64_t(1000)); // no author sorts first
    QCOMPARE(h.starts().back(), int64_t(500));   // bob after ann
    h.table()->sortByColumn(SegmentTableModel::StartColumn, Qt::DescendingOrder);
    QCOMPARE(h.starts(), (std::vector<int64_t>{1000, 510, 500, 0}));
}

void TestWidgetsSegments::clickJumpsToTheSegment()
{
    Host h;
    TimeAxisState* axis = h.session.timeAxis();
    axis->setVisibleRange(0, 20);
    const QRect cell = h.table()->visualRect(h.table()->model()->index(3, 0));
    QTest::mouseClick(h.table()->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(h.editor.cursorSample(), int64_t(1000));
    QCOMPARE(h.editor.selectedIndex(), 3L);
    QVERIFY(axis->visibleStart() <= 100.0 && 100.0 <= axis->visibleEnd());
    // Enter on a row goes there too.
    h.table()->setCurrentIndex(h.table()->model()->index(1, 0));
    QCOMPARE(h.editor.cursorSample(), int64_t(500));
    // (The cursor goes to a gap: on a segment, the current row would follow it there.)
    h.session.timeAxis()->setCursor(170.0);
    QCOMPARE(h.table()->currentIndex().row(), 1);
    QTest::keyClick(h.table(), Qt::Key_Return);
    QCOMPARE(h.editor.cursorSample(), int64_t(500));
}

void TestWidgetsSegments::multiSelectionRelabelIsOneUndoStep()
{
    Host h;
    const auto original = triples(h.truth());
    const int steps = h.editor.undoStack()->count();
    h.selectRows({0, 2, 3});
    QVERIFY(h.panel->relabelSelected(4));
    QCOMPARE(triples(h.truth()),
             (std::vector<Triple>{{0, 500, 4}, {500, 510, 2}, {510, 1000, 4}, {1000, 1500, 4}}));
    QCOMPARE(h.editor.undoStack()->count(), steps + 1);
    QCOMPARE(h.truth()->segments()[0].author, QStringLiteral("tester"));
    // The note and the unsure flag stay with a relabelled segment.
    QCOMPARE(h.truth()->segments()[2].note, QStringLiteral("Check the video here"));
    QVERIFY(h.truth()->segments()[2].unsure);
    h.settle();
    // The list followed the edit and kept the selection.
    QCOMPARE(h.cell(0, SegmentTableModel::ClassColumn), h.editor.labelSet().className(4));
    QCOMPARE(h.table()->selectionModel()->selectedRows().size(), 3);
    h.editor.undoStack()->undo();
    QCOMPARE(triples(h.truth()), original);
    QCOMPARE(h.truth()->segments()[0].author, QStringLiteral("ann"));
    h.settle();
    QCOMPARE(h.cell(0, SegmentTableModel::ClassColumn), h.editor.labelSet().className(1));
}

void TestWidgetsSegments::multiSelectionDeleteIsOneUndoStep()
{
    Host h;
    const auto original = triples(h.truth());
    const int steps = h.editor.undoStack()->count();
    h.selectRows({1, 3});
    QVERIFY(h.panel->deleteSelected());
    QCOMPARE(triples(h.truth()), (std::vector<Triple>{{0, 500, 1}, {510, 1000, 6}}));
    QCOMPARE(h.editor.undoStack()->count(), steps + 1);
    h.settle();
    QCOMPARE(h.rows(), 2);
    h.editor.undoStack()->undo();
    QCOMPARE(triples(h.truth()), original);
    h.settle();
    QCOMPARE(h.rows(), 4);
    // Nothing selected: nothing to do, no undo step.
    h.table()->clearSelection();
    QVERIFY(!h.panel->deleteSelected());
    QCOMPARE(h.editor.undoStack()->count(), steps + 1);
}

void TestWidgetsSegments::classKeysAndDeleteActOnTheList()
{
    Host h;
    h.table()->setFocus();
    h.selectRows({0, 1});
    h.session.timeAxis()->setCursor(120.0); // the cursor is on another segment
    const LabelClass* three = h.editor.labelSet().find(3);
    QVERIFY(three && !three->shortcut.isEmpty());
    QTest::keySequence(h.table(), QKeySequence(three->shortcut));
    QCOMPARE(triples(h.truth()),
             (std::vector<Triple>{{0, 500, 3}, {500, 510, 3}, {510, 1000, 6}, {1000, 1500, 7}}));
    h.settle();
    h.selectRows({1});
    QTest::keyClick(h.table(), Qt::Key_Delete);
    QCOMPARE(triples(h.truth()),
             (std::vector<Triple>{{0, 500, 3}, {510, 1000, 6}, {1000, 1500, 7}}));
    // No row selected: the key relabels the segment under the cursor, as anywhere else.
    h.settle();
    h.table()->clearSelection();
    QTest::keySequence(h.table(), QKeySequence(three->shortcut));
    QCOMPARE(triples(h.truth()),
             (std::vector<Triple>{{0, 500, 3}, {510, 1000, 6}, {1000, 1500, 3}}));
}

void TestWidgetsSegments::followsEditsLive()
{
    Host h;
    h.session.timeAxis()->setCursor(25.05);
    QVERIFY(h.editor.splitAtCursor());
    h.settle();
    QCOMPARE(h.rows(), 5);
    QCOMPARE(h.cell(1, SegmentTableModel::StartColumn), QStringLiteral("0:25.00"));
    h.editor.undoStack()->undo();
    h.settle();
    QCOMPARE(h.rows(), 4);
}

void TestWidgetsSegments::tenThousandSegments()
{
    Host h(10000);
    QCOMPARE(h.rows(), 10004);
    QElapsedTimer timer;
    timer.start();
    h.panel->searchBox()->setText(h.editor.labelSet().className(2));
    h.table()->sortByColumn(SegmentTableModel::DurationColumn, Qt::DescendingOrder);
    h.table()->selectAll();
    const int selected = int(h.panel->selectedSpans().size());
    QVERIFY(selected > 3000);
    QVERIFY(h.panel->relabelSelected(5));
    h.settle();
    QCOMPARE(h.rows(), 0); // none of class 2 is left
    h.editor.undoStack()->undo();
    h.settle();
    QCOMPARE(h.rows(), selected);
    // Filter, sort, relabel, two rebuilds and an undo of ten thousand rows: well under a
    // second each on a desktop, bounded generously for a loaded test machine.
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
}

void TestWidgetsSegments::sortIsRemembered()
{
    {
        Host h;
        h.table()->sortByColumn(SegmentTableModel::DurationColumn, Qt::AscendingOrder);
    }
    QSettings settings;
    const QByteArray state = settings.value(QStringLiteral("segments/header")).toByteArray();
    QVERIFY(!state.isEmpty());
    Host again;
    // Host starts from the default; a panel made after restoring the saved state sorts as left.
    settings.setValue(QStringLiteral("segments/header"), state);
    SegmentListPanel panel(&again.editor, &again.session);
    QCOMPARE(panel.table()->horizontalHeader()->sortIndicatorSection(),
             int(SegmentTableModel::DurationColumn));
    QCOMPARE(panel.table()->model()->index(0, 0).data().toString(), QStringLiteral("0:50.00"));
}

void TestWidgetsSegments::listsTheTierTheKeysEdit()
{
    Host h;
    QVERIFY(h.panel->countLabel()->text().contains(QStringLiteral("truth")));
    QVERIFY(h.editor.addTier(QStringLiteral("second opinion"))); // becomes the active tier
    h.settle();
    QCOMPARE(h.rows(), 0);
    QVERIFY(h.panel->countLabel()->text().contains(QStringLiteral("second opinion")));
    QVERIFY(h.editor.paint(100, 300, 4));
    h.settle();
    QCOMPARE(h.starts(), (std::vector<int64_t>{100}));
    // Relabelling from the list edits that tier, not the ground truth.
    const auto truth = triples(h.truth());
    h.selectRows({0});
    QVERIFY(h.panel->relabelSelected(5));
    QCOMPARE(h.editor.editedTrack()->segments()[0].classId, 5);
    QCOMPARE(triples(h.truth()), truth);
    // The disagreement filter may compare with the ground truth now.
    QVERIFY(h.panel->comparedTrackBox()->findData(QStringLiteral("truth")) >= 0);
    QVERIFY(h.editor.setActiveTrack(QString()));
    h.settle();
    QCOMPARE(h.rows(), 4);
}

// A tier with a long name in the "Disagrees with" box (and long class names in
// the class box) widened the panel's minimum past the Segments dock's 400 px.
void TestWidgetsSegments::longTierNamesDoNotWidenTheList()
{
    Host h;
    QVERIFY(h.editor.addTier(
        QStringLiteral("second annotator, checked against the video on the second pass")));
    h.settle();
    // A list opened on a recording that has such a tier (as at start-up).
    SegmentListPanel panel(&h.editor, &h.session);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.comparedTrackBox()->count() >= 2);
    QVERIFY2(panel.minimumSizeHint().width() <= 400,
             qPrintable(QString::number(panel.minimumSizeHint().width())));
    QVERIFY(panel.countLabel()->text().contains(QStringLiteral("second annotator")));
}

// As the cursor moves into another segment, its row becomes current and is scrolled into
// view, the keyboard stays where it was, the views stay where the cursor put them, and a
// multi-selection the annotator is working on in the list is left alone.
void TestWidgetsSegments::currentRowFollowsTheCursor()
{
    Host h(10000);
    TimeAxisState* axis = h.session.timeAxis();
    h.panel->searchBox()->setFocus();
    QVERIFY(h.panel->searchBox()->hasFocus());
    const int64_t far = 2000 + 6000 * 10; // row 6004 of 10,004: far below the visible rows
    axis->setCursor((far + 4.5) / kRate);
    QCOMPARE(h.currentStart(), far);
    QCOMPARE(h.panel->selectedSpans().size(), size_t(1));
    QCOMPARE(h.panel->selectedSpans()[0].start, far);
    const QRect shown = h.table()->visualRect(h.table()->currentIndex());
    QVERIFY(h.table()->viewport()->rect().contains(shown.center()));
    QVERIFY(h.panel->searchBox()->hasFocus());
    QCOMPARE(h.editor.cursorSample(), far + 4); // following did not jump to the row's start

    // Sorted by duration, the row is found where the sort put it.
    h.table()->sortByColumn(SegmentTableModel::DurationColumn, Qt::DescendingOrder);
    axis->setCursor(50.55);
    QCOMPARE(h.currentStart(), int64_t(500));
    // In a gap, the list keeps its row.
    axis->setCursor(170.0);
    QCOMPARE(h.currentStart(), int64_t(500));

    // The annotator's rows in the list, while it has the keyboard, are not taken away.
    h.table()->setFocus();
    QVERIFY(h.table()->hasFocus());
    h.table()->sortByColumn(SegmentTableModel::StartColumn, Qt::AscendingOrder);
    h.selectRows({0, 1});
    axis->setCursor(120.0);
    QCOMPARE(h.panel->selectedSpans().size(), size_t(2));
    // One selected row follows the cursor, as does a multi-selection once the keyboard is
    // elsewhere.
    h.selectRows({0});
    axis->setCursor(75.0);
    QCOMPARE(h.currentStart(), int64_t(510));
    QCOMPARE(h.panel->selectedSpans().size(), size_t(1));
    h.selectRows({0, 1});
    h.panel->searchBox()->setFocus();
    axis->setCursor(120.0);
    QCOMPARE(h.currentStart(), int64_t(1000));
    QCOMPARE(h.panel->selectedSpans().size(), size_t(1));
    QCOMPARE(h.editor.cursorSample(), int64_t(1200));
}

QTEST_MAIN(TestWidgetsSegments)
#include "tst_widgets_segments.moc"
