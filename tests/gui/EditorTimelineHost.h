#pragma once

// An AnnotationEditor with its Edit menu over a timeline in a plain window, as
// the main window has them, for the editing tests (tst_gui_editing,
// tst_gui_tiers): the keys go through the window's shortcuts and the mouse
// through the lanes, without the rest of the main window. Header only: each
// test adds what it needs (more menus, its own helpers) in a struct of its own.
#include "core/model/Project.h"
#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/annotation/TimelineEditor.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/TimelineView.h"

#include <QApplication>
#include <QMainWindow>
#include <QMenuBar>
#include <QtTest>
#include <cmath>

namespace kinemark::test {

struct EditorTimelineHost
{
    Project project;
    QMainWindow window;
    RecordingSession session;
    TimelineView* timeline = new TimelineView(&session);
    AnnotationEditor editor{&session, &window};
    TimelineEditor* mouseEditor = new TimelineEditor(timeline, &editor, &window);

    EditorTimelineHost(Project p, int height) : project(std::move(p))
    {
        window.setCentralWidget(timeline);
        editor.addActionsTo(window.menuBar()->addMenu(QStringLiteral("Edit")));
        window.resize(1100, height);
    }
    // Edits the project as opened from `path` ("": untitled) and shows its first recording,
    // 0-200 s in view, in the active window.
    void open(const QString& path)
    {
        editor.setProject(&project, path);
        session.setRecording(project.recordings[0], *project.labelSet("harth"));
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        session.timeAxis()->setVisibleRange(0, 200);
        settle();
    }
    double rate() const { return project.recordings[0]->sampleRateHz; }
    // An edit rebuilds the lanes; they are laid out when the queued replot runs.
    void settle()
    {
        QCoreApplication::processEvents();
        timeline->replot();
    }
    void cursorAt(int64_t sample) { session.timeAxis()->setCursor((sample + 0.5) / rate()); }
    void key(int key, Qt::KeyboardModifiers m = Qt::NoModifier)
    {
        // A closed dialog may have taken the activation with it; shortcuts need an active window.
        QApplication::setActiveWindow(&window);
        QTest::keyClick(&window, Qt::Key(key), m);
    }
    void undo() { key(Qt::Key_Z, Qt::ControlModifier); }
    void redo() { key(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier); }
    // Pixel of a sample in lane `lane`.
    QPoint at(int lane, double sample) const
    {
        QCPAxisRect* rect = timeline->laneRect(lane);
        return QPoint(
            int(std::lround(rect->axis(QCPAxis::atBottom)->coordToPixel(sample / rate()))),
            rect->center().y());
    }
    void mouse(QEvent::Type type, QPoint pos, Qt::MouseButtons buttons,
               Qt::KeyboardModifiers m = Qt::NoModifier)
    {
        QMouseEvent e(type, QPointF(pos), timeline->mapToGlobal(QPointF(pos)),
                      type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton, buttons, m);
        QApplication::sendEvent(timeline, &e);
    }
};

} // namespace kinemark::test
