// Video beside the signals in the main window (issue #19): the cursor of the
// views follows the video and a seek in the views shows the frame at t +
// offset, playback moves the cursor in real time, attaching and the offset
// are undoable edits, sync pairs set the offset and drift, the offset never
// changes on its own, class keys label at the play head, and a moved file is
// reported and relocated with its sync kept.
#include "app/gui/mainwindow/KeyboardReference.h"
#include "app/gui/mainwindow/MainWindow.h"
#include "app/gui/video/VideoController.h"
#include "core/demo/DemoRecordingGenerator.h"
#include "core/model/Project.h"
#include "core/project/ProjectFile.h"
#include "core/video/VideoLocator.h"
#include "tests/support/AnnotatedProject.h"
#include "tests/support/TestSupport.h"
#include "tests/support/TestVideos.h"
#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/video/VideoFrameView.h"
#include "widgets/video/VideoPanel.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <cmath>

using namespace kinemark;
namespace tv = kinemark::testvideos;

namespace {
constexpr double kFrame = 0.04; // the test videos' 25 fps

// Two 20 s recordings at 50 Hz ("rec" and "other"), saved to `path`.
Project twoRecordings()
{
    Project p = test::annotatedProject(50, 1000, {});
    Project second = test::annotatedProject(50, 1000, {});
    second.recordings.front()->id = QStringLiteral("other");
    p.mergeImported(std::move(second));
    return p;
}

bool waitForFrameNear(const VideoPanel& panel, double t, double tolerance)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 5000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (panel.frameTime() && std::abs(*panel.frameTime() - t) <= tolerance)
            return true;
    }
    return false;
}
} // namespace

class TestGuiVideo : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_dir;
    QString m_video;
    QString m_projectPath;
    int m_projects = 0;
    std::unique_ptr<MainWindow> m_window;

    VideoController* video() { return m_window->videoController(); }
    VideoPanel* panel() { return video()->panel(); }
    TimeAxisState* axis() { return m_window->session()->timeAxis(); }
    QUndoStack* undo() { return m_window->annotationEditor()->undoStack(); }
    const VideoAttachment* attached() { return video()->attachment(); }

    // Attaches the test video to "rec" and waits for its first frame.
    void attachVideo()
    {
        QSignalSpy shown(panel(), &VideoPanel::frameShown);
        QVERIFY(video()->attach(m_video));
        QVERIFY(attached());
        if (!shown.wait(10000) && shown.isEmpty())
            QSKIP(qPrintable(
                QStringLiteral("the video cannot be decoded here: %1").arg(panel()->error())));
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::useSettingsIn(m_settingsDir.path());
        QCoreApplication::setApplicationName(QStringLiteral("tst_gui_video"));
        if (!tv::haveFfmpeg())
            QSKIP("ffmpeg is not installed (scripts/install-deps.sh): no test video can be made");
        m_video = m_dir.filePath(QStringLiteral("videos/counter.mp4"));
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("videos"))));
        QVERIFY(tv::write(m_video, QStringLiteral("libx264")));
    }

    void init()
    {
        QSettings().clear();
        QSettings().setValue("annotation/author", "tester");
        // A project of its own per test: the journal of the last one's edits
        // would otherwise be offered for recovery.
        m_projectPath = m_dir.filePath(QStringLiteral("study%1.kmk").arg(++m_projects));
        ProjectFile::save(twoRecordings(), m_projectPath);
        m_window = std::make_unique<MainWindow>();
        m_window->resize(1400, 850);
        m_window->setProject(ProjectFile::open(m_projectPath), m_projectPath);
        QVERIFY(m_window->selectRecording(QStringLiteral("rec")));
        m_window->show();
        m_window->waitForViews();
    }

    void cleanup() { m_window.reset(); }

    // File › Attach Video… is one undo step, stored relative to the project.
    void attachingIsUndoable()
    {
        attachVideo();
        QCOMPARE(attached()->path, QStringLiteral("videos/counter.mp4"));
        QVERIFY(m_window->findChild<QDockWidget*>(QStringLiteral("videoDock"))->isVisible());
        QVERIFY(panel()->hasVideo());
        undo()->undo();
        QVERIFY(!attached());
        QVERIFY(!panel()->hasVideo());
        undo()->redo();
        QVERIFY(attached());
        QTRY_VERIFY(panel()->frameTime().has_value());
    }

    // A video file dropped on the window is attached to the shown recording
    // (not offered for import); one undo step like File › Attach Video….
    void aDroppedVideoIsAttached()
    {
        const int steps = undo()->count();
        QMimeData data;
        data.setUrls({QUrl::fromLocalFile(m_video)});
        QDragEnterEvent enter(QPoint(600, 400), Qt::CopyAction, &data, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(600, 400), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &drop);
        QVERIFY(attached());
        QCOMPARE(attached()->path, QStringLiteral("videos/counter.mp4"));
        QCOMPARE(undo()->count(), steps + 1);
        QTRY_VERIFY(panel()->frameTime().has_value());
        QCoreApplication::processEvents(); // no import dialog was queued
        QVERIFY(!QApplication::activeModalWidget());
    }

    // Help › Keyboard Reference lists the Video menu's keys.
    void keyboardReferenceListsTheVideoKeys()
    {
        KeyboardReference reference(m_window->menuBar());
        auto* table = reference.findChild<QTableWidget*>();
        QVERIFY(table);
        QStringList rows;
        for (int r = 0; r < table->rowCount(); ++r)
            rows << table->item(r, 0)->text() + QLatin1Char('|') + table->item(r, 1)->text();
        for (const QString& expected :
             {QStringLiteral("Space|Play"), QStringLiteral(",|Previous Frame"),
              QStringLiteral(".|Next Frame"), QStringLiteral("Ctrl+.|Video One Frame Later"),
              QStringLiteral("Ctrl+Shift+V|Sync Mark in Video")})
            QVERIFY2(rows.contains(expected), qPrintable(expected));
    }

    // Seeking the signal to t shows the frame at t - offset of the video
    // (video time = recording time - offset), within a frame; the cursor stays at t.
    void seekingTheViewsShowsTheFrameAtTheTime()
    {
        attachVideo();
        QVERIFY(video()->setSync(5.0, 0, QStringLiteral("offset")));
        for (double t : {6.23, 5.5, 6.81}) {
            axis()->setCursor(t);
            const double expected = attached()->videoTimeAt(t);
            QVERIFY(waitForFrameNear(*panel(), expected, kFrame));
            const double shown = *panel()->frameTime();
            QVERIFY2(shown <= expected + 1e-3 && expected < shown + kFrame + 1e-3,
                     qPrintable(QStringLiteral("%1 for %2").arg(shown).arg(expected)));
            QCOMPARE(tv::frameIndex(panel()->frameView()->frame()), int(std::lround(shown * 25)));
            QCOMPARE(axis()->cursor(), t);
        }
        // Frame steps move the cursor with the video.
        panel()->stepFrame(1);
        QVERIFY(waitForFrameNear(*panel(), 1.84, 1e-3));
        QVERIFY(std::abs(axis()->cursor() - attached()->recordingTimeAt(1.84)) < 1e-9);
    }

    // Playing for N seconds moves the cursor by N (within two frames), and the
    // views scroll to keep it in sight.
    void playbackMovesTheCursor()
    {
        attachVideo();
        QVERIFY(video()->setSync(5.0, 0, QStringLiteral("offset")));
        m_window->setVisibleRange(0, 5.6);
        axis()->setCursor(5.2);
        QVERIFY(waitForFrameNear(*panel(), 0.2, kFrame));
        // The cursor as each frame is shown, against the wall clock then: the
        // playback's rate, free of when the test happens to look.
        QElapsedTimer clock;
        clock.start();
        std::vector<std::pair<double, double>> seen; // (wall s, cursor s)
        QObject scope;                               // the connection ends with this test's locals
        connect(panel(), &VideoPanel::frameShown, &scope,
                [&] { seen.emplace_back(clock.elapsed() * 1e-3, axis()->cursor()); });
        panel()->play();
        QTRY_VERIFY(!seen.empty());
        const size_t first = seen.size() - 1;
        QTest::qWait(1000);
        panel()->pause();
        const auto last = seen.back();
        const double elapsed = last.first - seen[first].first;
        const double moved = last.second - seen[first].second;
        QVERIFY(elapsed > 0.8);
        QVERIFY2(std::abs(moved - elapsed) <= 2 * kFrame,
                 qPrintable(QStringLiteral("cursor moved %1 s in %2 s").arg(moved).arg(elapsed)));
        QVERIFY(axis()->cursor() >= axis()->visibleStart());
        QVERIFY(axis()->cursor() <= axis()->visibleEnd());
        QVERIFY(axis()->visibleEnd() > 5.6); // scrolled on
    }

    // Two sync pairs (a frame and a sample each) give the line through them:
    // offset and drift; one pair the offset alone. Each is an undo step.
    void syncPairsSetOffsetAndDrift()
    {
        attachVideo();
        const int steps = undo()->count();
        // First event: frame at 0.4 s of the video, sample at 10.4 s.
        panel()->seek(0.4);
        QVERIFY(waitForFrameNear(*panel(), 0.4, 1e-3));
        video()->markSyncInVideo();
        axis()->setCursor(10.4);
        video()->markSyncInSignal();
        QCOMPARE(video()->syncPairs().size(), size_t(1));
        QVERIFY(std::abs(attached()->offsetS - (10.4 - 0.4)) < 1e-9);
        QCOMPARE(attached()->driftPpm, 0.0);
        // Second event 1.2 s later in the video, 1.2012 s later in the recording.
        panel()->seek(1.6);
        QVERIFY(waitForFrameNear(*panel(), 1.6, 1e-3));
        const double v1 = 0.4, v2 = *panel()->frameTime(), r1 = 10.4, r2 = 10.4 + 1.2012;
        video()->markSyncInVideo();
        axis()->setCursor(r2);
        video()->markSyncInSignal();
        const double rate = (r2 - r1) / (v2 - v1);
        QVERIFY(std::abs(attached()->driftPpm - (rate - 1) * 1e6) < 1e-3);
        QVERIFY(std::abs(attached()->recordingTimeAt(v1) - r1) < 1e-6);
        QVERIFY(std::abs(attached()->recordingTimeAt(v2) - r2) < 1e-6);
        QCOMPARE(undo()->count(), steps + 2);
        // The status bar tells both.
        QVERIFY(video()->statusLabel()->text().contains(QStringLiteral("ppm")));
        undo()->undo();
        QCOMPARE(attached()->driftPpm, 0.0);
        QVERIFY(std::abs(attached()->offsetS - 10.0) < 1e-9);
    }

    // Ctrl+. and Ctrl+, move the video by one frame against the signal; undo puts it back.
    void nudgingTheOffsetIsUndoable()
    {
        attachVideo();
        QVERIFY(video()->setSync(2.0, 0, QStringLiteral("offset")));
        QApplication::setActiveWindow(m_window.get());
        QTest::keyClick(m_window.get(), Qt::Key_Period, Qt::ControlModifier);
        QVERIFY(std::abs(attached()->offsetS - (2.0 + kFrame)) < 1e-6);
        QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
        QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
        QVERIFY(std::abs(attached()->offsetS - (2.0 - kFrame)) < 1e-6);
        undo()->undo();
        undo()->undo();
        QVERIFY(std::abs(attached()->offsetS - (2.0 + kFrame)) < 1e-6);
        undo()->undo();
        QCOMPARE(attached()->offsetS, 2.0);
    }

    // MaD GUI's "sync lost": seeking, playing, pausing, another recording and
    // back, and a background job leave the offset and drift as they were.
    void theOffsetNeverChangesOnItsOwn()
    {
        attachVideo();
        QVERIFY(video()->setSync(3.25, 120, QStringLiteral("offset")));
        const int steps = undo()->count();
        axis()->setCursor(4.0);
        QVERIFY(waitForFrameNear(*panel(), attached()->videoTimeAt(4.0), kFrame));
        panel()->play();
        QTest::qWait(400);
        panel()->pause();
        panel()->stepFrame(1);
        panel()->jumpBy(-1);
        QTest::qWait(200);
        QVERIFY(m_window->selectRecording(QStringLiteral("other")));
        QVERIFY(!panel()->hasVideo());
        QVERIFY(m_window->selectRecording(QStringLiteral("rec")));
        QTRY_VERIFY(panel()->frameTime().has_value());
        m_window->saveAsync(m_projectPath); // a background job
        QTRY_VERIFY(!m_window->isModified());
        QCOMPARE(attached()->offsetS, 3.25);
        QCOMPARE(attached()->driftPpm, 120.0);
        QCOMPARE(undo()->count(), steps);
        // And in the saved file.
        const Project saved = ProjectFile::open(m_projectPath);
        QCOMPARE(saved.videos(QStringLiteral("rec")).size(), size_t(1));
        QCOMPARE(saved.videos(QStringLiteral("rec")).front().offsetS, 3.25);
    }

    // Save As into another folder: the video's relative path is rebased, so
    // the saved project still finds the same file (and its offset).
    void saveAsIntoAnotherFolderKeepsTheVideo()
    {
        attachVideo();
        QVERIFY(video()->setSync(1.5, 0, QStringLiteral("offset")));
        QCOMPARE(attached()->path, QStringLiteral("videos/counter.mp4"));
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("elsewhere/deeper/still"))));
        const QString moved = m_dir.filePath(QStringLiteral("elsewhere/deeper/still/moved.kmk"));
        m_window->saveAsync(moved);
        QTRY_VERIFY(!m_window->isModified());
        const Project saved = ProjectFile::open(moved);
        QCOMPARE(saved.videos(QStringLiteral("rec")).size(), size_t(1));
        const VideoAttachment v = saved.videos(QStringLiteral("rec")).front();
        QCOMPARE(v.offsetS, 1.5);
        const VideoLocator::Check c = VideoLocator(moved).check(v);
        QVERIFY2(c.status == VideoLocator::Status::Ok, qPrintable(c.message + " " + v.path));
        QCOMPARE(QFileInfo(c.absolutePath).canonicalFilePath(),
                 QFileInfo(m_video).canonicalFilePath());
    }

    // While the video plays, a class key starts a segment at the play head and
    // the same key again ends it there: one segment as long as the time between.
    void classKeysLabelAtThePlayHead()
    {
        attachVideo();
        AnnotationEditor* editor = m_window->annotationEditor();
        const int32_t walking = editor->labelSet().classes.front().id;
        axis()->setCursor(0.2);
        QVERIFY(waitForFrameNear(*panel(), 0.2, kFrame));
        QSignalSpy shown(panel(), &VideoPanel::frameShown);
        panel()->play();
        QVERIFY(shown.wait(5000));
        QTRY_VERIFY(editor->playheadLabelling());
        const double start = axis()->cursor();
        QVERIFY(editor->assignClass(walking));
        QCOMPARE(editor->openSegmentClass(), walking);
        QTest::qWait(600);
        QVERIFY(editor->assignClass(walking));
        const double end = axis()->cursor();
        panel()->pause();
        QVERIFY(editor->openSegmentStart() < 0);
        const AnnotationTrack* track = editor->editedTrack();
        QVERIFY(track);
        const auto segments = test::triples(track);
        const auto labelled = std::find_if(segments.begin(), segments.end(), [&](const auto& s) {
            return std::get<2>(s) == walking;
        });
        QVERIFY(labelled != segments.end());
        QCOMPARE(std::get<0>(*labelled), int64_t(std::floor(start * 50)));
        QCOMPARE(std::get<1>(*labelled), int64_t(std::floor(end * 50)) + 1);
        QVERIFY(end - start > 0.4);
    }

    // A video moved away: the dock says so and offers Relocate; relocating
    // keeps the offset and drift, and plays again.
    void aMovedVideoIsRelocatedWithItsSync()
    {
        const QString copy = m_dir.filePath(QStringLiteral("videos/moving.mp4"));
        QFile::remove(copy);
        QVERIFY(QFile::copy(m_video, copy));
        QSignalSpy shown(panel(), &VideoPanel::frameShown);
        QVERIFY(video()->attach(copy));
        QVERIFY(shown.wait(10000) || !shown.isEmpty());
        QVERIFY(video()->setSync(7.5, -40, QStringLiteral("offset")));
        QVERIFY(m_window->selectRecording(QStringLiteral("other")));
        const QString moved = m_dir.filePath(QStringLiteral("moved.mp4"));
        QFile::remove(moved);
        QVERIFY(QFile::rename(copy, moved));
        QVERIFY(m_window->selectRecording(QStringLiteral("rec")));
        QVERIFY(!panel()->hasVideo());
        QVERIFY(panel()->frameView()->message().contains(QStringLiteral("moving.mp4")));
        QVERIFY(video()->relocate(moved));
        QCOMPARE(attached()->offsetS, 7.5);
        QCOMPARE(attached()->driftPpm, -40.0);
        QCOMPARE(attached()->path, QStringLiteral("moved.mp4"));
        QTRY_VERIFY(panel()->hasVideo() && panel()->frameTime().has_value());
    }

    // The demo with a video docked beside the views during playback, labels
    // painted at the play head into a tier of their own: the window keeps its
    // size, the dock shows the picture. KINEMARK_SCREENSHOT_DIR=docs saves
    // docs/video-annotation.png.
    void demoWithAVideoDockedDuringPlayback()
    {
        const QString scene = m_dir.filePath(QStringLiteral("scene.mp4"));
        QProcess ffmpeg;
        ffmpeg.start(QStringLiteral("ffmpeg"), {"-v", "error", "-y", "-f", "lavfi", "-i",
                                                "testsrc=size=640x360:rate=25:duration=30", "-c:v",
                                                "libx264", "-pix_fmt", "yuv420p", scene});
        QVERIFY(ffmpeg.waitForFinished(60000) && ffmpeg.exitCode() == 0);
        m_window->setProject(DemoRecordingGenerator::demoProject(), QString());
        m_window->waitForViews();
        QSignalSpy shown(panel(), &VideoPanel::frameShown);
        QVERIFY(video()->attach(scene));
        QVERIFY(shown.wait(10000) || !shown.isEmpty());
        // The video starts a few seconds before the demo's first long walk.
        AnnotationEditor* editor = m_window->annotationEditor();
        const Recording* demo = m_window->session()->recording();
        const int32_t walking = editor->labelSet().classes.front().id;
        double walk = 600;
        int32_t before = editor->labelSet().classes.back().id; // the activity the walk follows
        for (const Segment& seg : demo->groundTruth()->segments()) {
            if (seg.classId == walking && seg.end - seg.start > 60 * demo->sampleRateHz) {
                walk = double(seg.start) / demo->sampleRateHz;
                break;
            }
            before = seg.classId;
        }
        const double offset = std::floor(walk) - 4;
        QVERIFY(video()->setSync(offset, 0, QStringLiteral("offset")));
        QVERIFY(editor->addTier(QStringLiteral("from video")));
        m_window->setVisibleRange(offset - 4, offset + 26);
        axis()->setCursor(offset + 1);
        QVERIFY(waitForFrameNear(*panel(), 1.0, kFrame));
        // The annotator presses the class of what they see as it starts and
        // ends: the activity before the walk, then walking.
        panel()->play();
        QTRY_VERIFY(editor->playheadLabelling());
        QTest::qWait(1000);
        QVERIFY(editor->assignClass(before));
        QTest::qWait(2000);
        QVERIFY(editor->assignClass(walking)); // ends the first, starts the next
        QTest::qWait(3000);
        QVERIFY(editor->assignClass(walking));
        QTest::qWait(800);
        m_window->grab();
        QCoreApplication::processEvents();
        const QImage shot = m_window->grab().toImage();
        panel()->pause();
        QCOMPARE(m_window->size(), QSize(1400, 850));
        auto* dock = m_window->findChild<QDockWidget*>(QStringLiteral("videoDock"));
        QVERIFY(dock->isVisible());
        const QWidget* view = panel()->frameView();
        const QRect inWindow(view->mapTo(m_window.get(), QPoint(0, 0)), view->size());
        QVERIFY(QRect(QPoint(0, 0), m_window->size()).contains(inWindow));
        QVERIFY(inWindow.width() >= 300);
        // The picture is on screen: testsrc's colour bars, not the dock's dark background.
        const QColor centre = shot.pixelColor(inWindow.center() * shot.devicePixelRatio());
        QVERIFY2(centre.lightness() > 40, qPrintable(centre.name()));
        const auto segments = test::triples(editor->editedTrack());
        QCOMPARE(segments.size(), size_t(2));
        QCOMPARE(std::get<2>(segments[0]), before);
        QCOMPARE(std::get<2>(segments[1]), walking);
        const QString dir = qEnvironmentVariable("KINEMARK_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            QVERIFY(shot.save(QDir(dir).filePath(QStringLiteral("video-annotation.png"))));
    }
};

QTEST_MAIN(TestGuiVideo)
#include "tst_gui_video.moc"
