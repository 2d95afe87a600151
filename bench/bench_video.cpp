// Video playback benchmark (issue #19): while a video plays beside the views,
// the latency from a frame on screen to the views' cursor drawn at its time,
// and the CPU the whole window takes, for a 1080p H.264 video beside the demo
// recording in the main window at 1400x850.
//
//   bench_video [--seconds 15] [--size 1920x1080] [--fps 25] [--json]
//
// Runs offscreen (sets QT_QPA_PLATFORM=offscreen unless it is set). ffmpeg
// writes the video (testsrc2, libx264, yuv420p) into a temporary folder.
//
// Latency: from VideoPanel::frameShown (the frame converted and handed to the
// dock's view; the controller has just set the cursor) to the signal view's
// next QCustomPlot::afterReplot (its buffers hold the cursor at the new time;
// the paint that follows only copies them), per frame; median and p99 in ms.
// CPU: getrusage(RUSAGE_SELF) user + system time over the playback's wall
// time (all threads: GStreamer's decoder, the GUI thread, the views' workers),
// as a percentage of one core and of the machine's cores.
#include "app/gui/mainwindow/MainWindow.h"
#include "app/gui/video/VideoController.h"
#include "core/demo/DemoRecordingGenerator.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/SignalView.h"
#include "widgets/video/VideoPanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sys/resource.h>
#include <vector>

using namespace kinemark;

namespace {

int usage()
{
    std::fprintf(stderr,
                 "usage: bench_video [--seconds 15] [--size 1920x1080] [--fps 25] [--json]\n");
    return 2;
}

double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("kinemark-bench"));
    double seconds = 15;
    QString size = QStringLiteral("1920x1080");
    double fps = 25;
    bool json = false;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == QLatin1String("--json"))
            json = true;
        else if (a == QLatin1String("--seconds") && i + 1 < args.size())
            seconds = args[++i].toDouble();
        else if (a == QLatin1String("--size") && i + 1 < args.size())
            size = args[++i];
        else if (a == QLatin1String("--fps") && i + 1 < args.size())
            fps = args[++i].toDouble();
        else
            return usage();
    }
    if (seconds <= 0 || fps <= 0)
        return usage();

    QTemporaryDir dir;
    const QString video = dir.filePath(QStringLiteral("bench.mp4"));
    QProcess ffmpeg;
    ffmpeg.start(
        QStringLiteral("ffmpeg"),
        {"-v", "error", "-y", "-f", "lavfi", "-i",
         QStringLiteral("testsrc2=size=%1:rate=%2:duration=%3").arg(size).arg(fps).arg(seconds + 3),
         "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", video});
    if (!ffmpeg.waitForFinished(600000) || ffmpeg.exitCode() != 0) {
        std::fprintf(stderr, "bench_video: ffmpeg could not write the video (is it installed?)\n");
        return 1;
    }

    MainWindow window;
    window.resize(1400, 850);
    window.setProject(DemoRecordingGenerator::demoProject(), QString());
    window.show();
    window.waitForViews();
    VideoController* controller = window.videoController();
    VideoPanel* panel = controller->panel();
    {
        QEventLoop loop;
        QObject::connect(panel, &VideoPanel::frameShown, &loop, &QEventLoop::quit);
        QObject::connect(panel, &VideoPanel::errorOccurred, &loop, &QEventLoop::quit);
        if (!controller->attach(video))
            return 1;
        loop.exec();
    }
    if (!panel->hasVideo()) {
        std::fprintf(stderr, "bench_video: %s\n", qPrintable(panel->error()));
        return 1;
    }
    controller->setSync(1800, 0, QStringLiteral("offset"));
    window.setVisibleRange(1790, 1820);
    window.session()->timeAxis()->setCursor(1800);
    QThread::msleep(300);
    QCoreApplication::processEvents();

    QElapsedTimer clock;
    clock.start();
    std::vector<double> latencies;
    qint64 pending = -1; // when the last frame was shown, until the cursor is drawn
    int frames = 0;
    QObject::connect(panel, &VideoPanel::frameShown, [&] {
        ++frames;
        pending = clock.nsecsElapsed();
    });
    QObject::connect(window.signalView(), &QCustomPlot::afterReplot, [&] {
        if (pending >= 0)
            latencies.push_back(double(clock.nsecsElapsed() - pending) * 1e-6);
        pending = -1;
    });
    const double cpu0 = cpuSeconds();
    const qint64 wall0 = clock.nsecsElapsed();
    panel->play();
    QEventLoop loop;
    QTimer::singleShot(int(seconds * 1000), &loop, &QEventLoop::quit);
    loop.exec();
    const double wall = double(clock.nsecsElapsed() - wall0) * 1e-9;
    const double cpu = cpuSeconds() - cpu0;
    panel->pause();

    const int cores = std::max(1, QThread::idealThreadCount());
    const double median = percentile(latencies, 0.5), p99 = percentile(latencies, 0.99);
    const double cpuPercent = 100 * cpu / wall;
    if (json) {
        QJsonObject o{{"video", size},
                      {"fps", fps},
                      {"seconds", wall},
                      {"frames_shown", frames},
                      {"frames_expected", int(wall * fps)},
                      {"cursor_latency_median_ms", median},
                      {"cursor_latency_p99_ms", p99},
                      {"cursor_draws", int(latencies.size())},
                      {"cpu_percent_of_one_core", cpuPercent},
                      {"cores", cores}};
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    } else {
        std::printf("video %s at %.0f fps, %.1f s played beside the demo (1400x850 window)\n",
                    qPrintable(size), fps, wall);
        std::printf("frames shown            %d of %d\n", frames, int(wall * fps));
        std::printf("cursor latency (ms)     median %.1f  p99 %.1f  (%zu draws)\n", median, p99,
                    latencies.size());
        std::printf("CPU                     %.0f %% of one core, %.0f %% of %d cores\n",
                    cpuPercent, cpuPercent / cores, cores);
    }
    return 0;
}
