// Editable tiers, segment notes and the unsure flag through the GUI
// (offscreen): the keys edit the active tier, each tier operation, note and
// flag is one undo step, journaled and recovered after a crash; the timeline
// marks the edited lane and draws unsure and noted segments; the main window
// has the Labels menu and the keyboard reference lists the new keys.
#include "app/gui/mainwindow/KeyboardReference.h"
#include "app/gui/mainwindow/MainWindow.h"
#include "core/demo/DemoRecordingGenerator.h"
#include "core/editing/EditJournal.h"
#include "tests/gui/EditorTimelineHost.h"
#include "tests/support/AnnotatedProject.h"
#include "tests/support/TestSupport.h"
#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/annotation/TierActions.h"
#include "widgets/annotation/TimelineEditor.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/SegmentLane.h"
#include "widgets/recording/TimelineView.h"

#include <QApplication>
#include <QInputDialog>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolTip>
#include <QtTest>

using namespace kinemark;

namespace {
using test::Triple;
using test::triples;
constexpr double kRate = 10;

Project makeProject()
{
    AnnotationTrack truth(QStringLiteral("truth"), AnnotationTrack::Kind::GroundTruth, "harth");
    truth.append(Segment{0, 500, 1});
    truth.append(Segment{500, 1000, 2});
    truth.append(Segment{1000, 1500, 7});
    AnnotationTrack model(QStringLiteral("model"), AnnotationTrack::Kind::Prediction, "harth");
    model.append(Segment{0, 600, 1});
    model.append(Segment{600, 2000, 6});
    return test::annotatedProject(kRate, 2000, {truth, model});
}

const std::vector<Triple> kTruth{{0, 500, 1}, {500, 1000, 2}, {1000, 1500, 7}};

// An editor with its Edit and Labels menus over a timeline, as the main window has them.
struct Host : test::EditorTimelineHost
{
    TierActions tiers{&editor, &window};

    explicit Host(const QString& path = QString()) : EditorTimelineHost(makeProject(), 300)
    {
        tiers.addActionsTo(window.menuBar()->addMenu(QStringLiteral("Labels")));
        open(path);
    }
    Recording& recording() { return *project.recordings[0]; }
    const AnnotationTrack* track(const QString& name) { return recording().track(name); }
    QStringList trackNames()
    {
        QStringList names;
        for (const AnnotationTrack& t : recording().tracks)
            names << t.name();
        return names;
    }
    int laneOf(const QString& name)
    {
        for (int i = 0; i < timeline->laneCount(); ++i)
            if (timeline->laneTrack(i) && timeline->laneTrack(i)->name() == name)
                return i;
        return -1;
    }
    void drag(int lane, int64_t from, int64_t to)
    {
        settle();
        mouse(QEvent::MouseButtonPress, at(lane, from), Qt::LeftButton);
        mouse(QEvent::MouseMove, (at(lane, from) + at(lane, to)) / 2, Qt::LeftButton);
        mouse(QEvent::MouseMove, at(lane, to), Qt::LeftButton);
        mouse(QEvent::MouseButtonRelease, at(lane, to), Qt::NoButton);
    }
};

// Answers the next modal dialog (a message box or an input dialog) from inside its event loop.
void answerNextBox(QMessageBox::StandardButton button, bool* asked)
{
    QTimer::singleShot(0, [button, asked] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            *asked = true;
            box->button(button)->click();
        }
    });
}

void answerNextInput(const QString& text, bool* asked)
{
    QTimer::singleShot(0, [text, asked] {
        if (auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget())) {
            *asked = true;
            dialog->setTextValue(text);
            dialog->accept();
        }
    });
}

QStringList menuTexts(const QMenu* menu)
{
    QStringList out;
    for (const QAction* a : menu->actions())
        if (!a->isSeparator())
            out << QString(a->text()).remove(QLatin1Char('&'));
    return out;
}
} // namespace

class TestGuiTiers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void addedTierTakesTheKeysAndUndoes();
    void editTierMenuAndCycleKey();
    void renameDeleteAndCopyPredictionAreUndoable();
    void notesAndUnsureFromKeysAndUndo();
    void mouseEditsTheActiveTierLane();
    void timelineMarksEditedLaneUnsureAndNotes();
    void journalRecoversTiersNotesAndFlags();
    void mainWindowLabelsMenuKeysAndScreenshot();

private:
    QTemporaryDir m_settingsDir;
};

void TestGuiTiers::initTestCase()
{
    test::useSettingsIn(m_settingsDir.path());
    QSettings().setValue("annotation/author", "tester");
}

void TestGuiTiers::addedTierTakesTheKeysAndUndoes()
{
    Host h;
    QCOMPARE(h.editor.activeTrack(), QStringLiteral("truth")); // the default
    QSignalSpy changed(&h.editor, &AnnotationEditor::activeTrackChanged);
    QVERIFY(h.editor.addTier(QStringLiteral("bo")));
    QCOMPARE(h.trackNames(), (QStringList{"truth", "model", "bo"}));
    QCOMPARE(h.track("bo")->kind(), AnnotationTrack::Kind::Annotation);
    QCOMPARE(h.editor.activeTrack(), QStringLiteral("bo"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(h.editor.editedTrack(), h.track("bo"));

    // Keys edit the active tier; the ground truth stays as it was.
    h.cursorAt(100);
    h.key(Qt::Key_3);
    QCOMPARE(triples(h.track("bo")), (std::vector<Triple>{{0, 2000, 3}}));
    QCOMPARE(triples(h.track("truth")), kTruth);
    h.cursorAt(700);
    h.key(Qt::Key_S);
    QCOMPARE(triples(h.track("bo")), (std::vector<Triple>{{0, 700, 3}, {700, 2000, 3}}));
    h.key(Qt::Key_Delete);
    QCOMPARE(triples(h.track("bo")), (std::vector<Triple>{{0, 700, 3}}));
    QCOMPARE(triples(h.track("truth")), kTruth);

    h.undo();
    h.undo();
    h.undo();
    QVERIFY(h.track("bo")->isEmpty());
    h.undo(); // the tier itself
    QVERIFY(!h.track("bo"));
    QCOMPARE(h.editor.activeTrack(), QStringLiteral("truth"));
    h.redo();
    QVERIFY(h.track("bo"));
    // A name already used is refused, with nothing pushed.
    const int steps = h.editor.undoStack()->count();
    QVERIFY(!h.editor.addTier(QStringLiteral("model")));
    QVERIFY(!h.editor.addTier(QStringLiteral("  ")));
    QCOMPARE(h.editor.undoStack()->count(), steps);
}

void TestGuiTiers::editTierMenuAndCycleKey()
{
    Host h;
    QVERIFY(h.editor.addTier(QStringLiteral("bo")));
    QVERIFY(h.editor.setActiveTrack(QString())); // back to the ground truth
    QCOMPARE(h.editor.activeTrack(), QStringLiteral("truth"));
    QMenu* list = h.tiers.editTierMenu();
    Q_EMIT list->aboutToShow();
    // Predictions are not offered: the keys never edit a model's output.
    QCOMPARE(menuTexts(list), (QStringList{"truth", "bo"}));
    QVERIFY(list->actions()[0]->isChecked());
    list->actions()[1]->trigger();
    QCOMPARE(h.editor.activeTrack(), QStringLiteral("bo"));
    QVERIFY(list->actions()[1]->isChecked());
    QVERIFY(!list->actions()[0]->isChecked());
    QVERIFY(!h.editor.setActiveTrack(QStringLiteral("model")));
    QVERIFY(!h.editor.setActiveTrack(QStringLiteral("nonexistent")));
    QCOMPARE(h.editor.activeTrack(), QStringLiteral("bo"));
    // T cycles forwards, Shift+T backwards.
    h.key(Qt::Key_T);
    QCOMPARE(h.editor.activeTrack(), QStringLiteral("truth"));
    h.key(Qt::Key_T);
    QCOMPARE(h.editor.activeTrack(), QStringLiteral("bo"));
    h.key(Qt::Key_T, Qt::ShiftModifier);
    QCOMPARE(h.editor.activeTrack(), QStringLiteral("truth"));
}

void TestGuiTiers::renameDeleteAndCopyPredictionAreUndoable()
{
    Host h;
    // Copy From Prediction: the model's segments become an editable tier.
    bool asked = false;
    answerNextInput(QStringLiteral("model, corrected"), &asked);
    h.tiers.copyPrediction();
    QVERIFY(asked);
    const AnnotationTrack* copy = h.track("model, corrected");
    QVERIFY(copy);
    QCOMPARE(copy->kind(), AnnotationTrack::Kind::Annotation);
    QCOMPARE(triples(copy), triples(h.track("model")));
    QCOMPARE(copy->segments()[0].author, QStringLiteral("tester"));
    QCOMPARE(h.editor.activeTrack(), QStringLiteral("model, corrected"));
    h.cursorAt(100);
    h.key(Qt::Key_2);
    QCOMPARE(triples(h.track("model, corrected")),
             (std::vector<Triple>{{0, 600, 2}, {600, 2000, 6}}));
    QCOMPARE(triples(h.track("model")), (std::vector<Triple>{{0, 600, 1}, {600, 2000, 6}}));

    // Rename: the active tier follows its new name, and its old one on undo.
    asked = false;
    answerNextInput(QStringLiteral("checked"), &asked);
    h.tiers.renameTier();
    QVERIFY(asked);
    QCOMPARE(h.trackNames(), (QStringList{"truth", "model", "checked"}));
    QCOMPARE(h.editor.activeTrack(), QStringLiteral("checked"));
    h.undo();
    QCOMPARE(h.trackNames(), (QStringList{"truth", "model", "model, corrected"}));
    QCOMPARE(h.editor.activeTrack(), QStringLiteral("model, corrected"));
    h.redo();
    QCOMPARE(h.editor.activeTrack(), QStringLiteral("checked"));
    QVERIFY(!h.editor.renameTier(QStringLiteral("checked"), QStringLiteral("model"))); // taken
    QVERIFY(!h.editor.renameTier(QStringLiteral("model"), QStringLiteral("m2"))); // a prediction

    // Delete asks first; No keeps the tier, Yes removes it, undo brings it back whole.
    const std::vector<Segment> before = h.track("checked")->segments();
    asked = false;
    answerNextBox(QMessageBox::No, &asked);
    h.tiers.deleteTier();
    QVERIFY(asked);
    QVERIFY(h.track("checked"));
    asked = false;
    answerNextBox(QMessageBox::Yes, &asked);
    h.tiers.deleteTier();
    QVERIFY(asked);
    QVERIFY(!h.track("checked"));
    QCOMPARE(h.editor.activeTrack(), QStringLiteral("truth"));
    h.undo();
    QCOMPARE(h.trackNames(), (QStringList{"truth", "model", "checked"}));
    QVERIFY(h.track("checked")->segments() == before);
}

void TestGuiTiers::notesAndUnsureFromKeysAndUndo()
{
    Host h;
    h.cursorAt(600);
    // E opens the note dialog; its text becomes the note, one undo step.
    bool asked = false;
    answerNextInput(QStringLiteral("stairs?\nsee video"), &asked);
    const int steps = h.editor.undoStack()->count();
    h.key(Qt::Key_E);
    QVERIFY(asked);
    QCOMPARE(h.track("truth")->segments()[1].note, QStringLiteral("stairs?\nsee video"));
    QCOMPARE(h.editor.undoStack()->count(), steps + 1);
    QCOMPARE(triples(h.track("truth")), kTruth);
    // U toggles the flag.
    h.key(Qt::Key_U);
    QVERIFY(h.track("truth")->segments()[1].unsure);
    h.key(Qt::Key_U);
    QVERIFY(!h.track("truth")->segments()[1].unsure);
    h.undo();
    QVERIFY(h.track("truth")->segments()[1].unsure);
    h.undo();
    h.undo();
    QVERIFY(h.track("truth")->segments()[1].note.isEmpty());
    h.redo();
    QCOMPARE(h.track("truth")->segments()[1].note, QStringLiteral("stairs?\nsee video"));
    // A split keeps the note on both parts; a relabel keeps it too.
    h.cursorAt(750);
    h.key(Qt::Key_S);
    QCOMPARE(h.track("truth")->segments()[1].note, QStringLiteral("stairs?\nsee video"));
    QCOMPARE(h.track("truth")->segments()[2].note, QStringLiteral("stairs?\nsee video"));
    h.key(Qt::Key_4);
    QCOMPARE(h.track("truth")->segments()[2].classId, 4);
    QCOMPARE(h.track("truth")->segments()[2].note, QStringLiteral("stairs?\nsee video"));
    // Notes and flags go to the active tier.
    QVERIFY(h.editor.addTier(QStringLiteral("bo")));
    h.key(Qt::Key_1);
    h.key(Qt::Key_U);
    QVERIFY(h.track("bo")->segments()[0].unsure);
    QVERIFY(!h.track("truth")->segments()[2].unsure);
    // In a gap there is nothing to note.
    QVERIFY(h.editor.setActiveTrack(QString()));
    h.cursorAt(1700);
    QVERIFY(!h.editor.setNote(QStringLiteral("x")));
}

void TestGuiTiers::mouseEditsTheActiveTierLane()
{
    Host h;
    bool asked = false;
    answerNextInput(QStringLiteral("copy"), &asked);
    h.tiers.copyPrediction();
    QVERIFY(asked);
    h.settle();
    const int lane = h.laneOf(QStringLiteral("copy"));
    QVERIFY(lane > 0);
    QCOMPARE(h.timeline->editedLane(), lane);
    // A boundary drag on the edited lane moves the edited tier's boundary.
    h.session.timeAxis()->setVisibleRange(0, 200);
    h.drag(lane, 600, 700);
    QCOMPARE(triples(h.track("copy")), (std::vector<Triple>{{0, 700, 1}, {700, 2000, 6}}));
    QCOMPARE(triples(h.track("truth")), kTruth);
    // The ground truth's lane does not take drags while it is not the edited one.
    h.drag(h.laneOf(QStringLiteral("truth")), 500, 550);
    QCOMPARE(triples(h.track("truth")), kTruth);
}

void TestGuiTiers::timelineMarksEditedLaneUnsureAndNotes()
{
    Host h;
    h.session.timeAxis()->setVisibleRange(0, 160);
    h.settle();
    const int truthLane = h.laneOf(QStringLiteral("truth"));
    QCOMPARE(h.timeline->editedLane(), truthLane);
    auto* truthPlot = qobject_cast<SegmentLane*>(h.timeline->laneRect(truthLane)->plottables()[0]);
    QVERIFY(truthPlot && truthPlot->isEdited());

    // The middle of segment [500, 1000) in the truth lane, and its top right corner.
    auto grab = [&] {
        h.settle();
        return h.timeline->grab().toImage();
    };
    const QRect lane = h.timeline->laneRect(truthLane)->rect();
    const QPoint middle = h.at(truthLane, 750) + QPoint(0, lane.height() / 4);
    const QPoint corner(h.at(truthLane, 1000).x() - 2, lane.top() + 2);
    const QImage plain = grab();
    h.cursorAt(750);
    h.key(Qt::Key_U);
    const QImage unsure = grab();
    // Hatching changes pixels inside the segment.
    int changed = 0;
    for (int dx = -20; dx <= 20; ++dx)
        for (int dy = -4; dy <= 4; ++dy)
            changed +=
                plain.pixel(middle + QPoint(dx, dy)) != unsure.pixel(middle + QPoint(dx, dy));
    QVERIFY2(changed > 40, qPrintable(QString::number(changed)));
    QVERIFY(h.editor.setNote(QStringLiteral("check")));
    const QImage noted = grab();
    QVERIFY(qGray(noted.pixel(corner)) < 80);
    QVERIFY(qGray(unsure.pixel(corner)) > qGray(noted.pixel(corner)) + 40);
    // The tooltip says so in words, with the note in full.
    QMouseEvent move(QEvent::MouseMove, QPointF(middle), h.timeline->mapToGlobal(QPointF(middle)),
                     Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(h.timeline, &move);
    QVERIFY2(QToolTip::text().contains(QStringLiteral("running (unsure)")),
             qPrintable(QToolTip::text()));
    QVERIFY2(QToolTip::text().contains(QStringLiteral("note: check")),
             qPrintable(QToolTip::text()));
    QToolTip::hideText();

    // Another tier active: its lane is marked, the truth's no longer.
    QVERIFY(h.editor.addTier(QStringLiteral("bo")));
    h.settle();
    QCOMPARE(h.timeline->editedLane(), h.laneOf(QStringLiteral("bo")));
    truthPlot = qobject_cast<SegmentLane*>(h.timeline->laneRect(truthLane)->plottables()[0]);
    QVERIFY(truthPlot && !truthPlot->isEdited());
}

void TestGuiTiers::journalRecoversTiersNotesAndFlags()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("p.kmk");
    std::vector<AnnotationTrack> edited;
    {
        Host h(path);
        h.cursorAt(100);
        QVERIFY(h.editor.setNote(QStringLiteral("a, \"quoted\"\nnote")));
        h.key(Qt::Key_U);
        QVERIFY(h.editor.copyPredictionToTier(QStringLiteral("model"), QStringLiteral("copy")));
        h.key(Qt::Key_U);
        QVERIFY(h.editor.renameTier(QStringLiteral("copy"), QStringLiteral("renamed")));
        QVERIFY(h.editor.addTier(QStringLiteral("gone")));
        QVERIFY(h.editor.deleteTier(QStringLiteral("gone")));
        edited = h.recording().tracks;
        // No save, no clean close: what a crash leaves.
    }
    Host h(path);
    QCOMPARE(h.editor.recoveryOffer().edits, 7);
    QVERIFY(h.editor.recover());
    QVERIFY(h.recording().tracks == edited);
    QCOMPARE(h.trackNames(), (QStringList{"truth", "model", "renamed"}));
    QVERIFY(h.track("renamed")->segments()[0].unsure);
    QCOMPARE(h.track("truth")->segments()[0].note, QStringLiteral("a, \"quoted\"\nnote"));
}

void TestGuiTiers::mainWindowLabelsMenuKeysAndScreenshot()
{
    MainWindow window;
    window.resize(1400, 850);
    window.setProject(DemoRecordingGenerator::demoProject(), QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.waitForViews();

    QMenu* labels = nullptr;
    for (QAction* a : window.menuBar()->actions())
        if (a->menu() && a->text().remove(QLatin1Char('&')) == QStringLiteral("Labels"))
            labels = a->menu();
    QVERIFY(labels);
    const QStringList texts = menuTexts(labels);
    for (const char* item : {"Add Tier...", "Rename Tier...", "Delete Tier...",
                             "Copy Prediction to Tier...", "Edit Tier", "Next Tier"})
        QVERIFY2(texts.contains(QLatin1String(item)), item);

    // The keyboard reference lists the new keys.
    KeyboardReference reference(window.menuBar());
    auto* table = reference.findChild<QTableWidget*>();
    QVERIFY(table);
    QStringList rows;
    for (int r = 0; r < table->rowCount(); ++r)
        rows << table->item(r, 0)->text() + QLatin1Char(' ') + table->item(r, 1)->text();
    for (const char* row :
         {"E Segment Note...", "U Mark Unsure / Sure", "T Next Tier", "Shift+T Previous Tier"})
        QVERIFY2(rows.contains(QLatin1String(row)), row);

    // Two tiers, an unsure segment and a note, as the annotator sees them.
    AnnotationEditor* editor = window.annotationEditor();
    TimeAxisState* axis = window.session()->timeAxis();
    const AnnotationTrack* truth = editor->groundTruth();
    QVERIFY(truth && truth->size() > 6);
    const Recording* r = editor->recording();
    const double rate = r->sampleRateHz;
    const Segment third = truth->segments()[2];
    axis->setVisibleRange(truth->segments()[0].start / rate, truth->segments()[6].end / rate);
    axis->setCursor((third.start + 0.5) / rate);
    QVERIFY(editor->toggleUnsure());
    QVERIFY(editor->setNote(QStringLiteral("transition, check the video")));
    axis->setCursor((truth->segments()[4].start + 0.5) / rate);
    QVERIFY(editor->setNote(QStringLiteral("short bout")));
    const int64_t end = truth->segments()[6].end;
    const int32_t first = truth->segments()[0].classId, second = truth->segments()[3].classId;
    QVERIFY(editor->addTier(QStringLiteral("second annotator"))); // moves the tracks
    QVERIFY(editor->paint(0, end / 2, first));
    QVERIFY(editor->paint(end / 2, end, second));
    axis->setCursor((end / 2 + 0.5) / rate);
    QVERIFY(editor->toggleUnsure());
    window.waitForViews();
    TimelineView* timeline = window.timelineView();
    QCOMPARE(timeline->laneTrack(timeline->editedLane())->name(),
             QStringLiteral("second annotator"));
    // Every lane of the timeline is visible at the default size.
    for (int i = 0; i < timeline->laneCount(); ++i)
        QVERIFY(timeline->laneRect(i)->height() >= 14);

    const QString shots = qEnvironmentVariable("KINEMARK_SHOT_DIR");
    if (!shots.isEmpty()) {
        window.grab();
        QCoreApplication::processEvents();
        QVERIFY(window.grab().save(shots + QStringLiteral("/main-window-tiers.png")));
        // The lanes alone, enlarged, to look at the marks.
        QVERIFY(timeline->grab()
                    .toImage()
                    .scaled(timeline->size() * 2)
                    .save(shots + QStringLiteral("/timeline-tiers.png")));
    }
}

QTEST_MAIN(TestGuiTiers)
#include "tst_gui_tiers.moc"
