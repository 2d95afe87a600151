// Views benchmark (issue #3): replot time of the signal, spectrogram and
// timeline views at zoom levels from the whole recording down to 10 s, the
// time until the spectrogram of a newly shown range appears, and resident
// memory, for a generated multi-day two-sensor recording.
//
//   bench_views [--days 1|7] [--runs 20] [--positions 5] [--fresh 5] [--seed 1]
//               [--spans whole,1d,6h,1h,10min,1min,10s] [--synthetic] [--json]
//
// Runs offscreen (sets QT_QPA_PLATFORM=offscreen unless it is set). The views
// are sized like the main window's: 1300 px wide, signal and spectrogram
// 350 px high, timeline at its size hint.
//
// A timed update is what happens when the user zooms or pans:
//   TimeAxisState::setVisibleRange (every view's refreshData runs from its
//   signal) -> replot of the three plots, called directly with
//   rpImmediateRefresh (QCustomPlot draws its layers and repaints the widget).
// Before timing a range its spectrogram tiles are made (not timed) and every
// timed update is checked to have drawn a complete spectrogram. Runs alternate
// between the range and the same range shifted by 3 pixels, so that each run
// is a real change of range.
#include "core/demo/DemoRecordingGenerator.h"
#include "core/dsp/SignalPyramids.h"
#include "core/dsp/SpectrogramStore.h"
#include "core/model/LabelSet.h"
#include "core/model/Recording.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/SignalView.h"
#include "widgets/recording/SpectrogramView.h"
#include "widgets/recording/TimelineView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace kinemark;

namespace {

int usage()
{
    std::fprintf(stderr, "usage: bench_views [--days 1|7] [--runs 20] [--positions 5] [--fresh 5]\n"
                         "                   [--seed 1] [--spans whole,1d,6h,1h,10min,1min,10s]\n"
                         "                   [--synthetic] [--json]\n");
    return 2;
}

// Exposes each view's refreshData() so that its share of an update can be timed.
class SignalProbe : public SignalView
{
public:
    using SignalView::SignalView;
    void refresh() { refreshData(); }
};
class SpectrogramProbe : public SpectrogramView
{
public:
    using SpectrogramView::SpectrogramView;
    void refresh() { refreshData(); }
};
class TimelineProbe : public TimelineView
{
public:
    using TimelineView::TimelineView;
    void refresh() { refreshData(); }
};

struct Memory
{
    double rssMB = 0, hwmMB = 0;
};

Memory memory()
{
    Memory m;
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return m;
    for (const QByteArray& line : f.readAll().split('\n')) {
        auto value = [&line] {
            return line.mid(6).trimmed().split(' ').front().toDouble() / 1024.0;
        };
        if (line.startsWith("VmRSS:"))
            m.rssMB = value();
        else if (line.startsWith("VmHWM:"))
            m.hwmMB = value();
    }
    return m;
}

QString cpuModel()
{
    QFile f(QStringLiteral("/proc/cpuinfo"));
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("model name"))
            return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
    return QString();
}

// Two sensors x 3 axes at 50 Hz: sines of a few Hz over gravity, some noise,
// and ground truth alternating every 10 minutes. Only used with --synthetic.
std::shared_ptr<Recording> syntheticRecording(double seconds)
{
    auto r = std::make_shared<Recording>();
    r->id = QStringLiteral("synthetic");
    r->sampleRateHz = 50;
    r->startTimeUs = 1709539200000000LL;
    r->labelSetId = QStringLiteral("harth");
    const size_t n = size_t(seconds * 50);
    uint64_t state = 88172645463325252ULL;
    auto noise = [&state] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return float(double(state >> 11) / double(1ULL << 53) - 0.5);
    };
    for (const char* name : {"back", "thigh"}) {
        Sensor s;
        s.name = QString::fromLatin1(name);
        for (int a = 0; a < 3; ++a) {
            Channel c{QString(QChar('x' + a)), QStringLiteral("acc"), QStringLiteral("g"),
                      std::vector<float>(n)};
            for (size_t i = 0; i < n; ++i)
                c.samples[i] = float((a == 0 ? -1.0 : 0.0) +
                                     0.3 * std::sin(2 * M_PI * (1.0 + a) * double(i) / 50.0)) +
                               0.05f * noise();
            s.channels.push_back(std::move(c));
        }
        r->sensors.push_back(std::move(s));
    }
    AnnotationTrack gt(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth,
                       QStringLiteral("harth"));
    for (int64_t s = 0; s < int64_t(n); s += 30000)
        gt.append(
            Segment{s, std::min<int64_t>(s + 30000, int64_t(n)), (s / 30000) % 2 ? 1 : 7, {}, 0});
    r->tracks.push_back(std::move(gt));
    return r;
}

struct Stats
{
    double median = 0, max = 0, min = 0;
};

Stats stats(std::vector<double> v)
{
    Stats s;
    if (v.empty())
        return s;
    std::sort(v.begin(), v.end());
    s.median = v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
    s.max = v.back();
    s.min = v.front();
    return s;
}

QString spanName(double seconds, double duration)
{
    if (seconds >= duration)
        return QStringLiteral("whole");
    if (seconds >= 86400)
        return QStringLiteral("%1 d").arg(seconds / 86400);
    if (seconds >= 3600)
        return QStringLiteral("%1 h").arg(seconds / 3600);
    if (seconds >= 60)
        return QStringLiteral("%1 min").arg(seconds / 60);
    return QStringLiteral("%1 s").arg(seconds);
}

void flushEvents()
{
    for (int i = 0; i < 3; ++i)
        QCoreApplication::processEvents();
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    int days = 1, runs = 20, positions = 5, fresh = 5;
    uint64_t seed = 1;
    bool json = false, synthetic = false;
    QStringList spanNames{"whole", "1d", "6h", "1h", "10min", "1min", "10s"};
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* v = nullptr;
        if (a == "--days" && (v = next()))
            days = std::max(1, std::atoi(v));
        else if (a == "--runs" && (v = next()))
            runs = std::max(1, std::atoi(v));
        else if (a == "--positions" && (v = next()))
            positions = std::max(1, std::atoi(v));
        else if (a == "--fresh" && (v = next()))
            fresh = std::max(0, std::atoi(v));
        else if (a == "--seed" && (v = next()))
            seed = std::strtoull(v, nullptr, 10);
        else if (a == "--spans" && (v = next()))
            spanNames = QString::fromLatin1(v).split(QLatin1Char(','), Qt::SkipEmptyParts);
        else if (a == "--json")
            json = true;
        else if (a == "--synthetic")
            synthetic = true;
        else
            return usage();
    }
    QApplication app(argc, argv);
    auto say = [json](const char* format, auto... args) {
        if (!json) {
            std::printf(format, args...);
            std::fflush(stdout);
        }
    };

    // Views first, so that the memory baseline includes Qt, fonts and the plots.
    RecordingSession session;
    SignalProbe signal(&session);
    SpectrogramProbe spectrogram(&session);
    TimelineProbe timeline(&session);
    const int width = 1300;
    signal.resize(width, 350);
    spectrogram.resize(width, 350);
    timeline.resize(width, timeline.sizeHint().height());
    signal.show();
    spectrogram.show();
    timeline.show();
    flushEvents();
    const Memory baseline = memory();

    // The recording.
    const double duration = days * 86400.0;
    QElapsedTimer clock;
    clock.start();
    std::shared_ptr<const Recording> recording;
    QString source = QStringLiteral("DemoRecordingGenerator (seed %1)").arg(seed);
    if (!synthetic) {
        try {
            DemoOptions options;
            options.durationSeconds = duration;
            options.seed = seed;
            recording = std::make_shared<Recording>(DemoRecordingGenerator::generate(options));
        } catch (const std::exception& e) {
            std::fprintf(
                stderr, "bench_views: the demo generator failed (%s); using the synthetic signal\n",
                e.what());
        }
    }
    if (!recording) {
        recording = syntheticRecording(duration);
        source = QStringLiteral("synthetic sines + noise");
    }
    const double generateSeconds = clock.nsecsElapsed() / 1e9;
    const size_t samples = recording->sampleCount();
    const size_t channels = recording->channelCount();
    const double rawMB = double(samples) * double(channels) * sizeof(float) / (1024.0 * 1024.0);
    const Memory withRecording = memory();
    say("recording: %s, %d day(s), %zu channels x %zu samples at %g Hz; raw float32 %.1f MiB; "
        "generated in %.2f s\n",
        qPrintable(source), days, channels, samples, recording->sampleRateHz, rawMB,
        generateSeconds);
    say("machine: %u logical CPUs, %s; Qt %s, platform %s\n", std::thread::hardware_concurrency(),
        qPrintable(cpuModel()), qVersion(), qPrintable(QGuiApplication::platformName()));

    // Open: until the pyramids and the overview spectrogram are there.
    clock.restart();
    session.setRecording(recording, LabelSet::builtin(QStringLiteral("harth")));
    double pyramidsMs = -1, overviewMs = -1;
    while (clock.elapsed() < 600000) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
        if (pyramidsMs < 0 && session.pyramids())
            pyramidsMs = ms(clock.nsecsElapsed());
        if (overviewMs < 0 && session.spectrogram() && session.spectrogram()->overviewReady() &&
            spectrogram.isComplete()) {
            spectrogram.replot(QCustomPlot::rpImmediateRefresh);
            overviewMs = ms(clock.nsecsElapsed());
        }
        if (pyramidsMs >= 0 && overviewMs >= 0)
            break;
    }
    session.waitForBackgroundWork();
    flushEvents();
    const Memory opened = memory();
    say("open: signal pyramids after %.0f ms, whole-recording spectrogram drawn after %.0f ms "
        "(background, 2 pool threads; overview STFT on one)\n\n",
        pyramidsMs, overviewMs);

    TimeAxisState* axis = session.timeAxis();
    const auto store = session.spectrogram();
    const int columns = signal.dataWidth();
    auto waitComplete = [&](int timeoutMs) {
        QElapsedTimer t;
        t.start();
        while (!spectrogram.isComplete() && t.elapsed() < timeoutMs) {
            session.waitForBackgroundWork();
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
        }
        flushEvents();
        return spectrogram.isComplete();
    };
    auto setRange = [&](double a, double b) {
        axis->setVisibleRange(a, b);
        flushEvents();
    };

    // Zoom levels.
    std::vector<double> spans;
    for (const QString& name : spanNames) {
        const QMap<QString, double> known{{"whole", duration}, {"1d", 86400},  {"6h", 6 * 3600},
                                          {"1h", 3600},        {"10min", 600}, {"1min", 60},
                                          {"10s", 10}};
        if (!known.contains(name)) {
            std::fprintf(stderr, "bench_views: unknown span %s\n", qPrintable(name));
            return usage();
        }
        const double span = known.value(name);
        if (span < duration || name == QLatin1String("whole"))
            spans.push_back(span); // a span as long as the recording is "whole"
    }
    struct Row
    {
        QString name;
        double span;
        int samples = 0, incomplete = 0;
        Stats total, setRange, replotSignal, replotSpectrogram, replotTimeline;
        Stats refreshSignal, refreshSpectrogram;
        bool tiles = false; // full-resolution spectrogram tiles (else pooled overview)
    };
    std::vector<Row> rows;
    say("%-7s %5s %6s | %8s %8s | %8s %8s %8s %8s | %8s %8s\n", "span", "runs", "tiles", "median",
        "max", "setRange", "signal", "spectro", "timeline", "refr.sig", "refr.spe");
    say("%-7s %5s %6s | %17s | %35s | %17s\n", "", "", "", "full update (ms)", "median parts (ms)",
        "refreshData (ms)");
    for (double span : spans) {
        Row row;
        row.name = spanName(span, duration);
        row.span = span;
        std::vector<double> total, set, rs, rp, rt, fs, fp;
        const int nPositions = span >= duration ? 1 : positions;
        const double delta = 3 * span / columns; // 3 pixels
        for (int p = 0; p < nPositions; ++p) {
            const double start =
                nPositions == 1 ? 0 : (duration - span) * (0.1 + 0.8 * p / (nPositions - 1));
            double a2 = start + delta, b2 = start + delta + span;
            if (b2 > duration) {
                a2 = start - delta;
                b2 = start - delta + span;
            }
            if (a2 < 0) { // the whole recording: alternate with a slightly shorter span
                a2 = 0;
                b2 = span - delta;
            }
            // Tiles for both ranges (not timed).
            setRange(a2, b2);
            waitComplete(60000);
            setRange(start, start + span);
            waitComplete(60000);
            const double f0 = store->frameAtSeconds(start),
                         f1 = store->frameAtSeconds(start + span);
            row.tiles =
                (f1 - f0) / columns < double(int64_t(1) << SpectrogramStore::kFirstPooledLevel);
            for (int r = 0; r < runs + 1; ++r) { // the first run warms up and is not counted
                const bool shifted = r % 2 == 0;
                const double a = shifted ? a2 : start, b = shifted ? b2 : start + span;
                QElapsedTimer t;
                t.start();
                axis->setVisibleRange(a, b);
                const qint64 t1 = t.nsecsElapsed();
                signal.replot(QCustomPlot::rpImmediateRefresh);
                const qint64 t2 = t.nsecsElapsed();
                spectrogram.replot(QCustomPlot::rpImmediateRefresh);
                const qint64 t3 = t.nsecsElapsed();
                timeline.replot(QCustomPlot::rpImmediateRefresh);
                const qint64 t4 = t.nsecsElapsed();
                const bool complete = spectrogram.isComplete();
                // Each view's refreshData alone, for the breakdown.
                QElapsedTimer u;
                u.start();
                signal.refresh();
                const qint64 u1 = u.nsecsElapsed();
                spectrogram.refresh();
                const qint64 u2 = u.nsecsElapsed();
                flushEvents();
                if (!complete) {
                    ++row.incomplete;
                    waitComplete(60000);
                    continue;
                }
                if (r == 0)
                    continue;
                total.push_back(ms(t4));
                set.push_back(ms(t1));
                rs.push_back(ms(t2 - t1));
                rp.push_back(ms(t3 - t2));
                rt.push_back(ms(t4 - t3));
                fs.push_back(ms(u1));
                fp.push_back(ms(u2 - u1));
            }
        }
        row.samples = int(total.size());
        row.total = stats(total);
        row.setRange = stats(set);
        row.replotSignal = stats(rs);
        row.replotSpectrogram = stats(rp);
        row.replotTimeline = stats(rt);
        row.refreshSignal = stats(fs);
        row.refreshSpectrogram = stats(fp);
        say("%-7s %5d %6s | %8.2f %8.2f%s| %8.2f %8.2f %8.2f %8.2f | %8.2f %8.2f%s\n",
            qPrintable(row.name), row.samples, row.tiles ? "full" : "pooled", row.total.median,
            row.total.max, row.total.max > 16 ? "*" : " ", row.setRange.median,
            row.replotSignal.median, row.replotSpectrogram.median, row.replotTimeline.median,
            row.refreshSignal.median, row.refreshSpectrogram.median,
            row.incomplete
                ? qPrintable(QStringLiteral("  (%1 incomplete runs dropped)").arg(row.incomplete))
                : "");
        rows.push_back(row);
    }

    // A newly shown range: jump (from the whole recording) to a range whose
    // tiles are not cached; time the first frame (spectrogram placeholder) and
    // until the spectrogram is drawn.
    struct FreshRow
    {
        QString name;
        int samples = 0;
        Stats firstFrame, spectrogramShown, tilesAlone;
    };
    std::vector<FreshRow> freshRows;
    if (fresh > 0)
        say("\nnewly shown range (tiles not cached; jump from the whole view), median and max:\n"
            "%-7s %5s | %17s | %17s | %21s\n",
            "span", "jumps", "first frame (ms)", "spectrogram (ms)", "tile STFT alone (ms)");
    for (double span : spans) {
        if (span >= duration || fresh == 0)
            continue;
        const double f0 = 0, f1 = span * recording->sampleRateHz / store->stft().parameters().hop;
        if ((f1 - f0) / columns >= double(int64_t(1) << SpectrogramStore::kFirstPooledLevel))
            continue; // drawn from the pooled overview, always there
        FreshRow row;
        row.name = spanName(span, duration);
        std::vector<double> first, shown, alone;
        double fraction = 0.137;
        // A range none of whose tiles are cached.
        auto findFresh = [&](double width, double& start) {
            for (int attempt = 0; attempt < 200; ++attempt) {
                fraction = std::fmod(fraction + 0.6180339887, 1.0);
                start = (duration - width) * fraction;
                bool isFresh = true;
                const double a = store->frameAtSeconds(start),
                             b = store->frameAtSeconds(start + width);
                const int64_t t0 = std::max<int64_t>(0, int64_t(std::floor(a)) - 1) /
                                   SpectrogramStore::kTileFrames;
                const int64_t t1 =
                    std::min<int64_t>(store->frameCount() - 1, int64_t(std::ceil(b)) + 1) /
                    SpectrogramStore::kTileFrames;
                for (int64_t t = t0; t <= t1 && isFresh; ++t) {
                    const double ta = double(t * SpectrogramStore::kTileFrames);
                    if (store->canAnswer(ta, ta + 1, 1))
                        isFresh = false;
                }
                if (isFresh)
                    return true;
            }
            return false;
        };
        for (int k = 0; k < fresh; ++k) {
            double start = 0;
            if (!findFresh(span, start))
                break;
            setRange(0, duration);
            session.waitForBackgroundWork();
            flushEvents();
            QElapsedTimer t;
            t.start();
            axis->setVisibleRange(start, start + span);
            signal.replot(QCustomPlot::rpImmediateRefresh);
            spectrogram.replot(QCustomPlot::rpImmediateRefresh);
            timeline.replot(QCustomPlot::rpImmediateRefresh);
            const qint64 firstNs = t.nsecsElapsed();
            while (!spectrogram.isComplete() && t.elapsed() < 60000)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
            spectrogram.replot(QCustomPlot::rpImmediateRefresh);
            const qint64 shownNs = t.nsecsElapsed();
            first.push_back(ms(firstNs));
            shown.push_back(ms(shownNs));
            session.waitForBackgroundWork();
            flushEvents();
            // The tile computation alone (what the worker does), on another fresh range.
            double other = 0;
            if (findFresh(span, other)) {
                QElapsedTimer c;
                c.start();
                store->ensureTiles(int64_t(std::floor(store->frameAtSeconds(other))) - 1,
                                   int64_t(std::ceil(store->frameAtSeconds(other + span))) + 1);
                alone.push_back(ms(c.nsecsElapsed()));
            }
        }
        row.samples = int(first.size());
        row.firstFrame = stats(first);
        row.spectrogramShown = stats(shown);
        row.tilesAlone = stats(alone);
        say("%-7s %5d | %8.2f %8.2f | %8.2f %8.2f | %10.2f %10.2f\n", qPrintable(row.name),
            row.samples, row.firstFrame.median, row.firstFrame.max, row.spectrogramShown.median,
            row.spectrogramShown.max, row.tilesAlone.median, row.tilesAlone.max);
        freshRows.push_back(row);
    }

    // Memory with everything built (tile cache as the zooming above left it).
    session.waitForBackgroundWork();
    flushEvents();
    const Memory end = memory();
    const double pyramidsMB =
        session.pyramids() ? session.pyramids()->memoryBytes() / (1024.0 * 1024.0) : 0;
    const double storeMB = store->memoryBytes() / (1024.0 * 1024.0);
    say("\nmemory (MiB): raw float32 %.1f | VmRSS: before the recording %.1f, with it %.1f, opened "
        "%.1f, "
        "at the end %.1f (peak VmHWM %.1f)\n",
        rawMB, baseline.rssMB, withRecording.rssMB, opened.rssMB, end.rssMB, end.hwmMB);
    say("  caches: signal pyramids %.1f, spectrogram store %.1f (pooled levels + full-resolution "
        "tiles)\n",
        pyramidsMB, storeMB);
    say("  VmRSS / raw = %.2fx; (VmRSS - baseline before the recording) / raw = %.2fx\n",
        end.rssMB / rawMB, (end.rssMB - baseline.rssMB) / rawMB);
    // Worst case of a long session: the tile cache at its budget (the session's
    // store keeps 64 MiB of full-resolution tiles).
    store->ensureTiles(
        0, std::min<int64_t>(store->frameCount(), 1000 * int64_t(SpectrogramStore::kTileFrames)));
    flushEvents();
    const Memory full = memory();
    const double storeFullMB = store->memoryBytes() / (1024.0 * 1024.0);
    say("  tile cache filled to its budget: spectrogram store %.1f, VmRSS %.1f (peak %.1f) = %.2fx "
        "raw; goal <= 1.5x: %s\n",
        storeFullMB, full.rssMB, full.hwmMB, full.rssMB / rawMB,
        days < 7                    ? "applies to the 7-day recording"
        : full.rssMB <= 1.5 * rawMB ? "met"
                                    : "MISSED");
    double worstMax = 0;
    QString worstSpan;
    for (const Row& r : rows)
        if (r.total.max > worstMax) {
            worstMax = r.total.max;
            worstSpan = r.name;
        }
    say("\nfull update <= 16 ms at every zoom: %s (slowest run %.2f ms, at %s)\n",
        worstMax <= 16 ? "met" : "MISSED", worstMax, qPrintable(worstSpan));

    if (json) {
        QJsonObject o;
        o["days"] = days;
        o["source"] = source;
        o["channels"] = int(channels);
        o["samples"] = double(samples);
        o["columns"] = columns;
        o["generate_s"] = generateSeconds;
        o["open_pyramids_ms"] = pyramidsMs;
        o["open_spectrogram_ms"] = overviewMs;
        QJsonArray zoom;
        auto statsJson = [](const Stats& s) {
            return QJsonObject{{"median", s.median}, {"max", s.max}};
        };
        for (const Row& r : rows)
            zoom.append(QJsonObject{{"span", r.name},
                                    {"span_s", r.span},
                                    {"runs", r.samples},
                                    {"incomplete", r.incomplete},
                                    {"spectrogram", r.tiles ? "tiles" : "pooled"},
                                    {"total_ms", statsJson(r.total)},
                                    {"set_range_ms", statsJson(r.setRange)},
                                    {"replot_signal_ms", statsJson(r.replotSignal)},
                                    {"replot_spectrogram_ms", statsJson(r.replotSpectrogram)},
                                    {"replot_timeline_ms", statsJson(r.replotTimeline)},
                                    {"refresh_signal_ms", statsJson(r.refreshSignal)},
                                    {"refresh_spectrogram_ms", statsJson(r.refreshSpectrogram)}});
        o["zoom"] = zoom;
        QJsonArray freshJson;
        for (const FreshRow& r : freshRows)
            freshJson.append(QJsonObject{{"span", r.name},
                                         {"jumps", r.samples},
                                         {"first_frame_ms", statsJson(r.firstFrame)},
                                         {"spectrogram_shown_ms", statsJson(r.spectrogramShown)},
                                         {"tiles_alone_ms", statsJson(r.tilesAlone)}});
        o["fresh"] = freshJson;
        o["memory_mib"] = QJsonObject{{"raw", rawMB},
                                      {"rss_baseline", baseline.rssMB},
                                      {"rss_with_recording", withRecording.rssMB},
                                      {"rss_opened", opened.rssMB},
                                      {"rss_end", end.rssMB},
                                      {"hwm", end.hwmMB},
                                      {"pyramids", pyramidsMB},
                                      {"spectrogram_store", storeMB},
                                      {"rss_over_raw", end.rssMB / rawMB},
                                      {"spectrogram_store_full_cache", storeFullMB},
                                      {"rss_full_cache", full.rssMB},
                                      {"hwm_full_cache", full.hwmMB},
                                      {"rss_full_cache_over_raw", full.rssMB / rawMB}};
        o["slowest_update_ms"] = worstMax;
        o["slowest_update_span"] = worstSpan;
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    }
    return 0;
}
