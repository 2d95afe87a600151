// The opt-in effort log in the GUI (EffortRecorder): off by default, remembered,
// and while on, the editor's steps (by operation), undos and the stretch on screen
// reach the log file; nothing does while it is off.
#include "app/gui/effort/EffortRecorder.h"
#include "core/effort/EffortLog.h"
#include "tests/gui/EditorTimelineHost.h"
#include "tests/support/AnnotatedProject.h"

#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace kinemark;
using Op = CorrectionEffort::Operation;

namespace {
// 200 s at 10 Hz: walking 0-100 s, running 100-200 s.
Project project()
{
    AnnotationTrack truth(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth,
                          QStringLiteral("harth"));
    truth.append(Segment(0, 1000, 1));
    truth.append(Segment(1000, 2000, 2));
    return test::annotatedProject(10.0, 2000, {truth});
}

QAction* actionNamed(QMenu& menu, const QString& start)
{
    for (QAction* a : menu.actions())
        if (a->text().remove('&').startsWith(start))
            return a;
    return nullptr;
}
} // namespace

class TestGuiEffortLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().remove(QStringLiteral("effort/log"));
    }

    void logsOnlyWhenTurnedOnAndRemembersIt()
    {
        QTemporaryDir dir;
        const QString log = dir.filePath("effort-log.jsonl");
        test::EditorTimelineHost host(project(), 400);
        host.open(QString());
        auto* recorder = new EffortRecorder(
            &host.editor, &host.session, [] { return QStringLiteral("/data/study.kmk"); },
            &host.window);
        recorder->setLogPath(log);
        QMenu help;
        recorder->addActionsTo(&help);
        QAction* toggle = actionNamed(help, "Log My Editing Effort");
        QVERIFY(toggle && toggle->isCheckable());
        QVERIFY(actionNamed(help, "Editing Effort Summary"));
        QVERIFY(!toggle->isChecked());
        QVERIFY(!recorder->isLogging());

        // Off: an edit leaves no trace.
        host.cursorAt(500);
        QVERIFY(host.editor.splitAtCursor());
        recorder->flush();
        QVERIFY(EffortLog::read(log).empty());

        toggle->trigger();
        QVERIFY(recorder->isLogging());
        QCOMPARE(QSettings().value(QStringLiteral("effort/log")).toBool(), true);
        host.cursorAt(1500);
        QVERIFY(host.editor.splitAtCursor()); // a split
        QVERIFY(host.editor.assignClass(7));  // a relabel of the segment under the cursor
        host.undo();                          // undone ...
        host.redo();                          // ... and done again
        host.settle();
        recorder->flush();
        const std::vector<EffortLog::Entry> entries = EffortLog::read(log);
        QCOMPARE(entries.size(), size_t(1));
        const EffortLog::Entry& e = entries.front();
        QCOMPARE(e.recording, QStringLiteral("rec"));
        QCOMPARE(e.project, QStringLiteral("study.kmk"));
        QCOMPARE(e.operations[Op::Split], int64_t(1));
        QCOMPARE(e.operations[Op::Relabel], int64_t(2)); // done and redone
        QCOMPARE(e.undos, int64_t(1));
        QCOMPARE(e.reviewedSeconds, 200.0); // 0-200 s was on screen
        QVERIFY(e.activeSeconds >= 0);
        const QString summary = recorder->summaryText();
        QVERIFY2(summary.contains("Edits: 3 (relabel 2, drag 0, split 1"), qPrintable(summary));
        QVERIFY2(summary.contains("Logging is on"), qPrintable(summary));
        const QString shots = qEnvironmentVariable("KINEMARK_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            help.popup(QPoint(0, 0));
            QVERIFY(QTest::qWaitForWindowExposed(&help));
            QVERIFY(help.grab().save(shots + "/effort-help-menu.png"));
            help.hide();
            QMessageBox box(QMessageBox::Information, "Editing Effort", summary, QMessageBox::Ok,
                            &host.window);
            box.show();
            QVERIFY(QTest::qWaitForWindowExposed(&box));
            QVERIFY(box.grab().save(shots + "/effort-summary.png"));
        }

        // Off again: nothing more is logged, and a new window starts off.
        toggle->trigger();
        QVERIFY(!recorder->isLogging());
        host.cursorAt(1800);
        QVERIFY(host.editor.splitAtCursor());
        recorder->flush();
        QCOMPARE(EffortLog::read(log).size(), size_t(1));
        QCOMPARE(QSettings().value(QStringLiteral("effort/log")).toBool(), false);
    }

    void aNewWindowStartsAsTheLastWasLeft()
    {
        QSettings().setValue(QStringLiteral("effort/log"), true);
        test::EditorTimelineHost host(project(), 400);
        EffortRecorder recorder(
            &host.editor, &host.session, [] { return QString(); }, &host.window);
        QVERIFY(recorder.isLogging());
        QSettings().remove(QStringLiteral("effort/log"));
    }
};

QTEST_MAIN(TestGuiEffortLog)
#include "tst_gui_effortlog.moc"
