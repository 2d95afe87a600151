// The video panel: frames shown by their own time stamps, seeks and frame
// steps land on the right frame, playback runs in real time, a file that
// cannot be played gives a message, and the privacy blur.
#include "tests/support/TestVideos.h"
#include "widgets/video/VideoFrameView.h"
#include "widgets/video/VideoPanel.h"

#include <QAction>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kinemark;
namespace tv = kinemark::testvideos;

class VideoPanelTest : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_mp4;

    // Opens `file` and waits for its first frame; false (the test skips) when
    // the backend cannot decode it here.
    static bool openAndWait(VideoPanel& panel, const QString& file)
    {
        QSignalSpy shown(&panel, &VideoPanel::frameShown);
        panel.open(file);
        return shown.wait(10000) || !shown.isEmpty();
    }
    // Waits until the panel shows a frame whose time is within `tolerance` of `t`.
    static bool waitForFrameNear(VideoPanel& panel, double t, double tolerance)
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

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("kinemark-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_widgets_video"));
        QSettings().clear();
        if (!tv::haveFfmpeg())
            QSKIP("ffmpeg is not installed (scripts/install-deps.sh): no test video can be made");
        m_mp4 = m_dir.filePath(QStringLiteral("counter.mp4"));
        QVERIFY(tv::write(m_mp4, QStringLiteral("libx264")));
        VideoPanel probe;
        if (!openAndWait(probe, m_mp4))
            QSKIP(qPrintable(
                QStringLiteral("Qt Multimedia cannot decode H.264 here: %1").arg(probe.error())));
    }

    // The first frame is time 0 whatever the container's time stamps start
    // at (GStreamer's MP4 frames come two frames late from x264's B-frames).
    void firstFrameIsTimeZero()
    {
        VideoPanel panel;
        QVERIFY(openAndWait(panel, m_mp4));
        QVERIFY(panel.frameTime());
        QCOMPARE(*panel.frameTime(), 0.0);
        QCOMPARE(tv::frameIndex(panel.frameView()->frame()), 0);
        QVERIFY(std::abs(panel.frameDuration() - 0.04) < 1e-6);
    }

    // Seeking to t shows the frame that holds t: its time stamp and its picture agree.
    void seekShowsTheFrameAtTheTime_data()
    {
        QTest::addColumn<QString>("codec");
        QTest::addColumn<QString>("extension");
        QTest::newRow("mp4 h264") << QStringLiteral("libx264") << QStringLiteral("mp4");
        QTest::newRow("mkv h264") << QStringLiteral("libx264") << QStringLiteral("mkv");
        QTest::newRow("webm vp8") << QStringLiteral("libvpx") << QStringLiteral("webm");
        QTest::newRow("avi mpeg4") << QStringLiteral("mpeg4") << QStringLiteral("avi");
    }
    void seekShowsTheFrameAtTheTime()
    {
        QFETCH(QString, codec);
        QFETCH(QString, extension);
        const QString file = m_dir.filePath(QStringLiteral("seek.") + extension);
        if (!QFile::exists(file))
            QVERIFY(tv::write(file, codec));
        VideoPanel panel;
        if (!openAndWait(panel, file))
            QSKIP(qPrintable(QStringLiteral("the backend cannot decode %1 here").arg(extension)));
        for (double t : {1.23, 0.5, 1.6, 0.13}) {
            panel.seek(t);
            QVERIFY2(waitForFrameNear(panel, t, 0.04), qPrintable(QString::number(t)));
            const double shown = *panel.frameTime();
            QVERIFY2(shown <= t + 1e-3 && t < shown + panel.frameDuration() + 1e-3,
                     qPrintable(QStringLiteral("%1 for %2").arg(shown).arg(t)));
            QCOMPARE(tv::frameIndex(panel.frameView()->frame()), int(std::lround(shown * 25)));
        }
    }

    // Frame steps move by exactly one frame, picture and time alike, and pause.
    void frameStepsMoveOneFrame()
    {
        VideoPanel panel;
        QVERIFY(openAndWait(panel, m_mp4));
        panel.seek(1.0);
        QVERIFY(waitForFrameNear(panel, 1.0, 0.001));
        panel.stepFrame(1);
        QVERIFY(waitForFrameNear(panel, 1.04, 0.001));
        QCOMPARE(tv::frameIndex(panel.frameView()->frame()), 26);
        panel.stepFrame(1);
        QVERIFY(waitForFrameNear(panel, 1.08, 0.001));
        panel.stepFrame(-1);
        QVERIFY(waitForFrameNear(panel, 1.04, 0.001));
        QCOMPARE(tv::frameIndex(panel.frameView()->frame()), 26);
        QVERIFY(!panel.isPlaying());
        // The keys: '.' and ',' are the step actions' shortcuts.
        const auto actions = panel.playbackActions();
        const auto forward = std::find_if(actions.begin(), actions.end(), [](QAction* a) {
            return a->shortcut() == QKeySequence(Qt::Key_Period);
        });
        QVERIFY(forward != actions.end());
        (*forward)->trigger();
        QVERIFY(waitForFrameNear(panel, 1.08, 0.001));
    }

    // A variable frame rate: seeks and playback follow the frames' own time
    // stamps (0.04 s apart, then 0.1 s), not one assumed rate (at 25 fps,
    // 1.35 s would be frame 33, not 28).
    void variableFrameRateFollowsTheTimeStamps()
    {
        const QString file = m_dir.filePath(QStringLiteral("vfr.mp4"));
        QVERIFY(tv::writeVariableRate(file));
        VideoPanel panel;
        QVERIFY(openAndWait(panel, file));
        // The frame holding t, or (GStreamer gives these frames no length,
        // so one "ends" before t) the next: within one frame, as the views
        // need. Either way the time shown is the frame's own.
        for (const auto& [t, n] :
             {std::pair{0.5, 12}, std::pair{1.35, 28}, std::pair{2.05, 35}, std::pair{1.0, 25}}) {
            panel.seek(t);
            QElapsedTimer timer;
            timer.start();
            auto shown = [&] { return tv::frameIndex(panel.frameView()->frame()); };
            while (timer.elapsed() < 5000 && shown() != n && shown() != n + 1)
                QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            QVERIFY2(shown() == n || shown() == n + 1,
                     qPrintable(QStringLiteral("%1 s: frame %2").arg(t).arg(shown())));
            QTRY_VERIFY2(
                std::abs(*panel.frameTime() - tv::variableRateFrameTime(shown())) < 2e-3,
                qPrintable(
                    QStringLiteral("frame %1 at %2 s").arg(shown()).arg(*panel.frameTime())));
        }
        // Played, each frame comes with its own time and picture.
        int checked = 0;
        connect(&panel, &VideoPanel::frameShown, this, [&](double t) {
            const int n = 25 + int(std::lround((t - 1.0) / 0.1));
            if (t < 1.05 || std::abs(t - tv::variableRateFrameTime(n)) > 1e-3)
                return; // the frame the playback starts on
            QCOMPARE(tv::frameIndex(panel.frameView()->frame()), n);
            ++checked;
        });
        panel.play();
        QTest::qWait(700);
        panel.pause();
        QVERIFY2(checked >= 4, qPrintable(QString::number(checked)));
    }

    // Playing for N seconds advances the shown frame by N (within two frames).
    void playbackRunsInRealTime()
    {
        VideoPanel panel;
        QVERIFY(openAndWait(panel, m_mp4));
        QSignalSpy playing(&panel, &VideoPanel::playingChanged);
        // Each frame's time against the wall clock when it is shown.
        QElapsedTimer clock;
        clock.start();
        std::vector<std::pair<double, double>> seen; // (wall s, frame s)
        QObject scope;                               // the connection ends with this test's locals
        connect(&panel, &VideoPanel::frameShown, &scope,
                [&](double t) { seen.emplace_back(clock.elapsed() * 1e-3, t); });
        panel.play();
        QTRY_VERIFY(!seen.empty());
        const size_t first = seen.size() - 1;
        QTest::qWait(1000);
        const double elapsed = seen.back().first - seen[first].first;
        const double advanced = seen.back().second - seen[first].second;
        QVERIFY(elapsed > 0.8);
        QVERIFY2(std::abs(advanced - elapsed) <= 2 * 0.04,
                 qPrintable(QStringLiteral("%1 s of video in %2 s").arg(advanced).arg(elapsed)));
        QVERIFY(panel.isPlaying());
        QVERIFY(!playing.isEmpty() && playing.first().at(0).toBool());
        panel.pause();
        QTRY_VERIFY(!panel.isPlaying());
    }

    // A file that is no video, and one that is not there: a message naming the file, no crash.
    void unplayableFilesGiveAMessage()
    {
        const QString broken = m_dir.filePath(QStringLiteral("broken.mp4"));
        {
            QFile f(broken);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(4096, 'x'));
        }
        VideoPanel panel;
        QSignalSpy errors(&panel, &VideoPanel::errorOccurred);
        panel.open(broken);
        QVERIFY(errors.wait(12000) || !errors.isEmpty());
        QVERIFY(errors.first().at(0).toString().contains(QStringLiteral("broken.mp4")));
        QVERIFY(!panel.hasVideo());
        QVERIFY(panel.frameView()->message().contains(QStringLiteral("broken.mp4")));
        panel.play();
        panel.stepFrame(1);
        QVERIFY(!panel.isPlaying());

        errors.clear();
        panel.open(m_dir.filePath(QStringLiteral("gone.mp4")));
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors.first().at(0).toString().contains(QStringLiteral("gone.mp4")));
        // A good file afterwards plays again.
        QVERIFY(openAndWait(panel, m_mp4));
        QVERIFY(panel.hasVideo());
    }

    // The blur hides detail (a sharp edge becomes a gradient) and is remembered.
    void blurHidesDetailAndIsRemembered()
    {
        VideoPanel panel;
        QVERIFY(!panel.isBlurred());
        QImage sharp(160, 120, QImage::Format_RGB32);
        sharp.fill(Qt::black);
        for (int y = 0; y < 120; ++y)
            for (int x = 80; x < 160; ++x)
                sharp.setPixel(x, y, qRgb(255, 255, 255));
        panel.frameView()->setFrame(sharp);
        QCOMPARE(panel.frameView()->shownImage(), sharp);
        panel.setBlurred(true);
        const QImage shown = panel.frameView()->shownImage();
        QCOMPARE(shown.size(), sharp.size());
        // The edge, one step from black to white, becomes a gradient.
        int largestStep = 0;
        for (int x = 1; x < shown.width(); ++x)
            largestStep = std::max(
                largestStep, std::abs(qGray(shown.pixel(x, 60)) - qGray(shown.pixel(x - 1, 60))));
        QVERIFY2(largestStep < 100, qPrintable(QString::number(largestStep)));
        VideoPanel next;
        QVERIFY(next.isBlurred());
        next.setBlurred(false);
        VideoPanel third;
        QVERIFY(!third.isBlurred());
    }
};

QTEST_MAIN(VideoPanelTest)
#include "tst_widgets_video.moc"
