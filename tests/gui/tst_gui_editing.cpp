// Annotation editing through the GUI (offscreen): every edit from the keyboard
// and the mouse, and its undo, checked on the resulting ground truth; the label
// set editor's merge; recovery from the journal.
#include "app/gui/mainwindow/LabelFileActions.h"
#include "core/editing/EditJournal.h"
#include "core/labels/LabelSetFile.h"
#include "tests/gui/EditorTimelineHost.h"
#include "tests/support/AnnotatedProject.h"
#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/annotation/LabelPickerDialog.h"
#include "widgets/annotation/LabelSetEditorDialog.h"
#include "widgets/annotation/TimelineEditor.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/TimelineView.h"

#include <QApplication>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace kinemark;

namespace {
using test::Triple;
using test::triples;
constexpr double kRate = 10;

Project makeProject()
{
    AnnotationTrack truth(QStringLiteral("truth"), AnnotationTrack::Kind::GroundTruth, "harth");
    truth.append(Segment{0, 500, 1, {}, 0});
    truth.append(Segment{500, 1000, 2, {}, 0});
    truth.append(Segment{1000, 1500, 7, {}, 0});
    AnnotationTrack model(QStringLiteral("model"), AnnotationTrack::Kind::Prediction, "harth");
    model.append(Segment{0, 500, 1, {}, 0});
    model.append(Segment{500, 2000, 6, {}, 0});
    return test::annotatedProject(kRate, 2000, {truth, model});
}

const std::vector<Triple> kOriginal{{0, 500, 1}, {500, 1000, 2}, {1000, 1500, 7}};

struct Host : test::EditorTimelineHost
{
    explicit Host(const QString& path = QString()) : EditorTimelineHost(makeProject(), 260)
    {
        open(path);
    }
    const AnnotationTrack* truth() const { return project.recordings[0]->groundTruth(); }
    // Pixel of a sample in the truth lane (lane 0).
    QPoint at(int64_t sample) const { return EditorTimelineHost::at(0, double(sample)); }
    void drag(int64_t from, int64_t to, Qt::KeyboardModifiers m = Qt::NoModifier)
    {
        settle();
        mouse(QEvent::MouseButtonPress, at(from), Qt::LeftButton, m);
        mouse(QEvent::MouseMove, (at(from) + at(to)) / 2, Qt::LeftButton, m);
        mouse(QEvent::MouseMove, at(to), Qt::LeftButton, m);
        mouse(QEvent::MouseButtonRelease, at(to), Qt::NoButton, m);
    }
};
} // namespace

class TestGuiEditing : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void relabelWithNumberKeysAndUndoRedo();
    void splitMergeDeleteFromKeys();
    void acceptPredictionAndPaintRange();
    void nudgesMergeIntoOneUndoStep();
    void searchablePicker();
    void jumpKeys();
    void dragBoundarySnapsAndNeighbourFollows();
    void ctrlDragPaintsAndClickSelects();
    void labelSetMergeIsOneUndoStep();
    void labelSetLoadedFromAFileKeepsTheSegmentsClasses();
    void journalRecoversEditsAfterACrash();
    void importOfNoSegmentsAsksFirst();
    void importOfUnknownClassesOffersToSkip();
};

namespace {
// Answers the message box that the next call opens with `button`, keeping its
// text and default button (the timer fires inside the box's event loop). When
// no box opens, the timer finds none and `asked` stays false.
struct BoxAnswer
{
    QString text;
    QMessageBox::StandardButton defaultButton = QMessageBox::NoButton;
    bool asked = false;
};
void answerNextBox(BoxAnswer* answer, QMessageBox::StandardButton button)
{
    QTimer::singleShot(0, [answer, button] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        answer->asked = true;
        answer->text = box->text();
        answer->defaultButton = box->standardButton(box->defaultButton());
        box->button(button)->click();
    });
}
} // namespace

void TestGuiEditing::initTestCase()
{
    QSettings().setValue("annotation/author", "tester");
}

void TestGuiEditing::relabelWithNumberKeysAndUndoRedo()
{
    Host h;
    h.cursorAt(100);
    h.key(Qt::Key_3);
    QCOMPARE(triples(h.truth()),
             (std::vector<Triple>{{0, 500, 3}, {500, 1000, 2}, {1000, 1500, 7}}));
    QCOMPARE(h.truth()->segments()[0].author, QStringLiteral("tester"));
    QVERIFY(h.truth()->segments()[0].editedMs > 0);
    h.undo();
    QCOMPARE(triples(h.truth()), kOriginal);
    h.redo();
    QCOMPARE(std::get<2>(triples(h.truth())[0]), 3);
    h.undo();
    QCOMPARE(triples(h.truth()), kOriginal);
}

void TestGuiEditing::splitMergeDeleteFromKeys()
{
    Host h;
    h.cursorAt(250);
    h.key(Qt::Key_S);
    QCOMPARE(triples(h.truth()),
             (std::vector<Triple>{{0, 250, 1}, {250, 500, 1}, {500, 1000, 2}, {1000, 1500, 7}}));
    h.undo();
    QCOMPARE(triples(h.truth()), kOriginal);

    h.cursorAt(100);
    h.key(Qt::Key_M);
    QCOMPARE(triples(h.truth()), (std::vector<Triple>{{0, 1000, 1}, {1000, 1500, 7}}));
    h.undo();
    h.cursorAt(700);
    h.key(Qt::Key_M, Qt::ShiftModifier);
    QCOMPARE(triples(h.truth()), (std::vector<Triple>{{0, 1000, 2}, {1000, 1500, 7}}));
    h.undo();
    QCOMPARE(triples(h.truth()), kOriginal);

    h.cursorAt(700);
    h.key(Qt::Key_Delete);
    QCOMPARE(triples(h.truth()), (std::vector<Triple>{{0, 500, 1}, {1000, 1500, 7}}));
    h.undo();
    QCOMPARE(triples(h.truth()), kOriginal);
}

void TestGuiEditing::acceptPredictionAndPaintRange()
{
    Host h;
    h.session.timeAxis()->setSelection(140, 200); // the gap [1400 samples... ) in seconds
    h.key(Qt::Key_A);
    QCOMPARE(triples(h.truth()),
             (std::vector<Triple>{{0, 500, 1}, {500, 1000, 2}, {1000, 1400, 7}, {1400, 2000, 6}}));
    h.undo();
    QCOMPARE(triples(h.truth()), kOriginal);

    h.session.timeAxis()->setSelection(20, 70);
    h.key(Qt::Key_5);
    QCOMPARE(triples(h.truth()),
             (std::vector<Triple>{{0, 200, 1}, {200, 700, 5}, {700, 1000, 2}, {1000, 1500, 7}}));
    h.key(Qt::Key_Delete); // a range: cleared
    QCOMPARE(triples(h.truth()),
             (std::vector<Triple>{{0, 200, 1}, {700, 1000, 2}, {1000, 1500, 7}}));
    h.undo();
    h.undo();
    QCOMPARE(triples(h.truth()), kOriginal);
}

void TestGuiEditing::nudgesMergeIntoOneUndoStep()
{
    Host h;
    h.session.timeAxis()->setVisibleRange(0,
                                          100); // a nudge is visible span / 500 = 0.2 s = 2 samples
    h.cursorAt(100);
    const int before = h.editor.undoStack()->count();
    h.key(Qt::Key_Right, Qt::ControlModifier);
    h.key(Qt::Key_Right, Qt::ControlModifier);
    h.key(Qt::Key_Right, Qt::ControlModifier);
    QCOMPARE(triples(h.truth()),
             (std::vector<Triple>{{0, 506, 1}, {506, 1000, 2}, {1000, 1500, 7}}));
    QCOMPARE(h.editor.undoStack()->count(), before + 1);
    h.key(Qt::Key_Left,
          Qt::ControlModifier | Qt::ShiftModifier); // the start edge at 0 cannot go left
    QCOMPARE(h.truth()->segments()[0].start, int64_t(0));
    h.undo();
    QCOMPARE(triples(h.truth()), kOriginal);
}

void TestGuiEditing::searchablePicker()
{
    Host h;
    h.cursorAt(700);
    QTimer::singleShot(0, [] {
        auto* picker = qobject_cast<LabelPickerDialog*>(QApplication::activeModalWidget());
        QVERIFY(picker);
        QTest::keyClicks(picker->filterEdit(), "lyi");
        QTest::keyClick(picker->filterEdit(), Qt::Key_Return);
    });
    h.key(Qt::Key_L);
    QCOMPARE(std::get<2>(triples(h.truth())[1]), 8); // lying
    h.undo();
    QCOMPARE(triples(h.truth()), kOriginal);
}

void TestGuiEditing::jumpKeys()
{
    Host h;
    TimeAxisState* axis = h.session.timeAxis();
    h.cursorAt(100);
    h.key(Qt::Key_N);
    QCOMPARE(h.editor.cursorSample(), int64_t(500));
    h.key(Qt::Key_N);
    QCOMPARE(h.editor.cursorSample(), int64_t(1000));
    h.key(Qt::Key_N, Qt::ShiftModifier);
    QCOMPARE(h.editor.cursorSample(), int64_t(500));
    h.key(Qt::Key_G);
    QCOMPARE(h.editor.cursorSample(), int64_t(1500));
    QVERIFY(axis->hasSelection());
    QCOMPARE(axis->selectionEnd(), 200.0);
    h.cursorAt(0);
    h.key(Qt::Key_D); // truth and model agree on [0, 500), then differ
    QCOMPARE(h.editor.cursorSample(), int64_t(500));
    // Low confidence from a synthetic series: one value per 100 samples.
    h.editor.setConfidenceProvider([](const Recording&) {
        return ConfidenceSeries{
            0, 100, {0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.3f, 0.2f, 0.9f}};
    });
    h.key(Qt::Key_C);
    QCOMPARE(h.editor.cursorSample(), int64_t(700));
    QCOMPARE(axis->selectionEnd(), 90.0);
}

void TestGuiEditing::dragBoundarySnapsAndNeighbourFollows()
{
    Host h;
    const int before = h.editor.undoStack()->count();
    h.drag(500, 600);
    QCOMPARE(h.editor.undoStack()->count(), before + 1); // one step for the whole drag
    const auto t = triples(h.truth());
    QCOMPARE(int(t.size()), 3);
    const int64_t moved = std::get<1>(t[0]);
    QVERIFY2(std::abs(moved - 600) <= 1,
             qPrintable(QString::number(moved))); // snapped to a sample near the mouse
    QCOMPARE(std::get<0>(t[1]), moved);           // the neighbour followed
    h.undo();
    QCOMPARE(triples(h.truth()), kOriginal);
}

void TestGuiEditing::ctrlDragPaintsAndClickSelects()
{
    Host h;
    h.cursorAt(700);
    h.key(Qt::Key_4); // relabels segment 1 and makes 4 the paint class
    h.undo();
    h.drag(200, 800, Qt::ControlModifier);
    const auto t = triples(h.truth());
    QCOMPARE(int(t.size()), 4);
    QCOMPARE(std::get<2>(t[1]), 4);
    QVERIFY(std::abs(std::get<0>(t[1]) - 200) <= 1 && std::abs(std::get<1>(t[1]) - 800) <= 1);
    h.undo();
    QCOMPARE(triples(h.truth()), kOriginal);
    // A click places the cursor, which selects the segment under it.
    QCoreApplication::processEvents();
    h.timeline->replot();
    h.mouse(QEvent::MouseButtonPress, h.at(1200), Qt::LeftButton);
    h.mouse(QEvent::MouseButtonRelease, h.at(1200), Qt::NoButton);
    QCOMPARE(h.editor.selectedIndex(), 2L);
}

void TestGuiEditing::labelSetMergeIsOneUndoStep()
{
    Host h;
    QTimer::singleShot(0, [] {
        auto* dialog = qobject_cast<LabelSetEditorDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        dialog->table()->item(0, 1)->setText("strolling"); // rename class 1
        dialog->mergeClasses(2, 1);
        dialog->addClass(99, "climbing", "#123456");
        dialog->accept();
    });
    h.editor.editLabelSet();
    QCOMPARE(triples(h.truth()),
             (std::vector<Triple>{{0, 500, 1}, {500, 1000, 1}, {1000, 1500, 7}}));
    const LabelSet* set = h.project.labelSet("harth");
    QCOMPARE(set->className(1), QStringLiteral("strolling"));
    QCOMPARE(set->find(2)->mergedInto, 1);
    QVERIFY(set->find(99));
    QCOMPARE(h.session.labelSet().className(1), QStringLiteral("strolling"));
    h.undo();
    QCOMPARE(triples(h.truth()), kOriginal);
    QVERIFY(*h.project.labelSet("harth") == LabelSet::builtin("harth"));
}

void TestGuiEditing::labelSetLoadedFromAFileKeepsTheSegmentsClasses()
{
    Host h;
    QTemporaryDir dir;
    LabelSet withoutSeven = LabelSet::builtin("harth");
    withoutSeven.classes.erase(std::remove_if(withoutSeven.classes.begin(),
                                              withoutSeven.classes.end(),
                                              [](const LabelClass& c) { return c.id == 7; }),
                               withoutSeven.classes.end());
    LabelSetFile::write(withoutSeven, dir.filePath("without7.json"));
    LabelSet renamed = LabelSet::builtin("harth");
    renamed.id = "lab-harth";
    renamed.classes.front().name = "strolling";
    LabelSetFile::write(renamed, dir.filePath("renamed.json"));
    QString refusal;
    QTimer::singleShot(0, [&] {
        auto* dialog = qobject_cast<LabelSetEditorDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        // The editor told the dialog which classes the segments use: 7 is one of them.
        QTimer::singleShot(0, [&] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            QVERIFY(box);
            refusal = box->text();
            box->accept();
        });
        QVERIFY(!dialog->loadFile(dir.filePath("without7.json")));
        QVERIFY(dialog->loadFile(dir.filePath("renamed.json")));
        dialog->accept();
    });
    h.editor.editLabelSet();
    QVERIFY2(refusal.contains("7 ("), qPrintable(refusal));
    QCOMPARE(triples(h.truth()), kOriginal);
    const LabelSet* set = h.project.labelSet("harth");
    QVERIFY(set);
    QCOMPARE(set->className(1), QStringLiteral("strolling"));
    h.undo();
    QVERIFY(*h.project.labelSet("harth") == LabelSet::builtin("harth"));
}

void TestGuiEditing::journalRecoversEditsAfterACrash()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("p.kmk");
    std::vector<Triple> edited;
    {
        Host h(path);
        h.cursorAt(100);
        h.key(Qt::Key_3);
        h.cursorAt(250);
        h.key(Qt::Key_S);
        h.drag(500, 600);
        h.undo(); // undos are journaled too
        edited = triples(h.truth());
        // No save, no clean close: what a crash leaves.
    }
    QVERIFY(QFile::exists(EditJournal::pathFor(path)));
    Host h(path); // the same project as it was on disk
    QCOMPARE(h.editor.recoveryOffer().edits, 4);
    QVERIFY(h.editor.recoveryOffer().authors.contains("tester"));
    QVERIFY(h.editor.recover());
    QCOMPARE(triples(h.truth()), edited);
    QCOMPARE(triples(h.truth()),
             (std::vector<Triple>{{0, 250, 3}, {250, 500, 3}, {500, 1000, 2}, {1000, 1500, 7}}));
}

QTEST_MAIN(TestGuiEditing)
// File > Import Labels... of a file with no segments must not quietly replace
// a ground truth that has some: it asks (default No), and Yes stays undoable
// (issue #16).
void TestGuiEditing::importOfNoSegmentsAsksFirst()
{
    Host h;
    LabelFileActions actions(&h.session, &h.editor, &h.window);
    QTemporaryDir dir;
    const QString empty = dir.filePath("header-only.csv");
    {
        QFile f(empty);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("start_s,end_s,start_sample,end_sample,class_id,class_name,author,edited_ms\n");
    }
    const int before = h.editor.undoStack()->count();

    BoxAnswer no;
    answerNextBox(&no, QMessageBox::No);
    actions.importLabelsFrom(empty, LabelFiles::Format::SegmentCsv);
    QVERIFY(no.asked);
    QCOMPARE(no.text, QStringLiteral("header-only.csv has no segments. Replace the 3 segments of "
                                     "the ground truth with nothing?"));
    QCOMPARE(no.defaultButton, QMessageBox::No);
    QCOMPARE(triples(h.truth()), kOriginal);
    QCOMPARE(h.editor.undoStack()->count(), before);

    BoxAnswer yes;
    answerNextBox(&yes, QMessageBox::Yes);
    actions.importLabelsFrom(empty, LabelFiles::Format::SegmentCsv);
    QVERIFY(yes.asked);
    QVERIFY(h.truth()->segments().empty());
    QCOMPARE(h.editor.undoStack()->count(), before + 1);
    h.undo();
    QCOMPARE(triples(h.truth()), kOriginal);

    // A file with segments is imported without a question.
    const QString some = dir.filePath("some.csv");
    {
        QFile f(some);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("start_sample,end_sample,class_id\n0,100,6\n");
    }
    BoxAnswer none;
    answerNextBox(&none, QMessageBox::No);
    actions.importLabelsFrom(some, LabelFiles::Format::SegmentCsv);
    QCoreApplication::processEvents(); // the timer, had no box been open
    QVERIFY(!none.asked);
    QCOMPARE(triples(h.truth()), (std::vector<Triple>{{0, 100, 6}}));
    h.undo();
    QCOMPARE(triples(h.truth()), kOriginal);
}

// An ELAN file naming classes the label set does not know: refused unless the
// user agrees to leave those annotations out (issue #16).
void TestGuiEditing::importOfUnknownClassesOffersToSkip()
{
    Host h;
    LabelFileActions actions(&h.session, &h.editor, &h.window);
    QTemporaryDir dir;
    const QString eaf = dir.filePath("foreign.eaf");
    {
        QFile f(eaf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("<?xml version=\"1.0\"?>\n<ANNOTATION_DOCUMENT FORMAT=\"3.0\">\n<TIME_ORDER>\n"
                "<TIME_SLOT TIME_SLOT_ID=\"t0\" TIME_VALUE=\"0\"/>\n"
                "<TIME_SLOT TIME_SLOT_ID=\"t1\" TIME_VALUE=\"10000\"/>\n"
                "<TIME_SLOT TIME_SLOT_ID=\"t2\" TIME_VALUE=\"20000\"/>\n</TIME_ORDER>\n"
                "<TIER TIER_ID=\"truth\">\n"
                "<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"t0\" "
                "TIME_SLOT_REF2=\"t1\"><ANNOTATION_VALUE>sitting</ANNOTATION_VALUE>"
                "</ALIGNABLE_ANNOTATION></ANNOTATION>\n"
                "<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a2\" TIME_SLOT_REF1=\"t1\" "
                "TIME_SLOT_REF2=\"t2\"><ANNOTATION_VALUE>Flying</ANNOTATION_VALUE>"
                "</ALIGNABLE_ANNOTATION></ANNOTATION>\n</TIER>\n</ANNOTATION_DOCUMENT>\n");
    }
    BoxAnswer cancel;
    answerNextBox(&cancel, QMessageBox::Cancel);
    actions.importLabelsFrom(eaf, LabelFiles::Format::Elan);
    QVERIFY(cancel.asked);
    QVERIFY2(cancel.text.contains("tier 'truth', annotation a2 at 10.000 s"),
             qPrintable(cancel.text));
    QCOMPARE(cancel.defaultButton, QMessageBox::Cancel);
    QCOMPARE(triples(h.truth()), kOriginal);

    BoxAnswer skip;
    answerNextBox(&skip, QMessageBox::Yes);
    actions.importLabelsFrom(eaf, LabelFiles::Format::Elan);
    QVERIFY(skip.asked);
    QCOMPARE(triples(h.truth()), (std::vector<Triple>{{0, 100, 7}})); // sitting
    h.undo();
    QCOMPARE(triples(h.truth()), kOriginal);
}

#include "tst_gui_editing.moc"
