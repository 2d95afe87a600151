// Project file benchmark: saves and opens a week of two-sensor 50 Hz data
// (30.24 M samples x 6 float channels = 725.8 MB raw) with ProjectFile, best
// of a few runs, and checks that what comes back is bit-identical.
//
//   bench_project_io [--days 7] [--repeat 3] [--file PATH] [--keep]
//                    [--sweep] [--h5py]
//
// --sweep  also times the HDF5 wrapper alone (no fsync) for several chunk
//          sizes and thread counts, which is how the defaults were chosen.
// --h5py   also times h5py (/usr/bin/python3, python3-h5py) reading the saved
//          file and writing the same channels with HDF5's own shuffle+deflate
//          filters, as a reference.
#include "core/demo/DemoRecordingGenerator.h"
#include "core/project/Hdf5File.h"
#include "core/project/ProjectFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <sys/resource.h>
#include <vector>

using namespace kinemark;

namespace {

double seconds(const std::function<void()>& f)
{
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

bool sameData(const Project& a, const Project& b, QString* why)
{
    if (a.recordings.size() != b.recordings.size()) {
        *why = QStringLiteral("recording count");
        return false;
    }
    for (size_t i = 0; i < a.recordings.size(); ++i) {
        const Recording& x = *a.recordings[i];
        const Recording& y = *b.recordings[i];
        if (x.channelCount() != y.channelCount() || x.sampleCount() != y.sampleCount()) {
            *why = QStringLiteral("shape of %1").arg(x.id);
            return false;
        }
        for (size_t c = 0; c < x.channelCount(); ++c) {
            const std::vector<float>& p = x.channel(c).samples;
            const std::vector<float>& q = y.channel(c).samples;
            if (std::memcmp(p.data(), q.data(), p.size() * sizeof(float)) != 0) {
                *why = QStringLiteral("samples of %1").arg(x.qualifiedChannelName(c));
                return false;
            }
        }
        if (x.tracks != y.tracks) {
            *why = QStringLiteral("tracks of %1").arg(x.id);
            return false;
        }
    }
    return true;
}

// The wrapper alone: all channels of `r` into `path` with `options`, then back.
void sweep(const Recording& r, const QString& path, double rawMb, int repeat)
{
    std::printf(
        "\nwrapper sweep, best of %d (no fsync; write = shuffle+deflate+H5Dwrite_chunk, read = "
        "H5Dread_chunk+inflate+unshuffle)\n",
        repeat);
    std::printf("%10s %8s %10s %10s %10s %8s\n", "chunk", "threads", "write MB/s", "read MB/s",
                "file MB", "ratio");
    std::vector<float> buffer(r.sampleCount());
    for (size_t chunk :
         {size_t(1) << 15, size_t(1) << 16, size_t(1) << 17, size_t(1) << 18, size_t(1) << 20}) {
        for (int threads : {1, 2}) {
            Hdf5ArrayOptions options;
            options.chunkElements = chunk;
            options.threads = threads;
            double write = 1e30;
            double read = 1e30;
            for (int run = 0; run < repeat; ++run) {
                QFile::remove(path);
                write = std::min(write, seconds([&] {
                                     Hdf5File file = Hdf5File::create(path);
                                     {
                                         Hdf5Group root = file.root();
                                         for (size_t c = 0; c < r.channelCount(); ++c)
                                             root.writeFloats(QString::number(c),
                                                              r.channel(c).samples.data(),
                                                              r.sampleCount(), options);
                                     }
                                     file.close();
                                 }));
                read = std::min(read, seconds([&] {
                                    const Hdf5File file = Hdf5File::openReadOnly(path);
                                    const Hdf5Group root = file.root();
                                    for (size_t c = 0; c < r.channelCount(); ++c)
                                        root.dataset(QString::number(c))
                                            .readFloats(buffer.data(), buffer.size(), options);
                                }));
            }
            const double fileMb = double(QFileInfo(path).size()) / 1e6;
            std::printf("%10zu %8d %10.0f %10.0f %10.1f %8.3f\n", chunk, threads, rawMb / write,
                        rawMb / read, fileMb, rawMb / fileMb);
        }
    }
    QFile::remove(path);
}

void h5pyReference(const QString& path, double rawMb)
{
    const QString script = QStringLiteral(R"(
import sys, time, os, h5py, numpy as np
path = sys.argv[1]
t = time.perf_counter()
with h5py.File(path, 'r') as f:
    chans = []
    for rk in sorted(f['recordings'].keys()):
        s = f['recordings'][rk]['sensors']
        for sk in sorted(s.keys()):
            for ck in sorted(s[sk].keys()):
                chans.append(s[sk][ck][...])
read = time.perf_counter() - t
print('h5py read of the .kmk: %.2f s (%.0f MB/s)' % (read, float(sys.argv[2]) / read))
out = path + '.h5py.h5'
for level in (1, 4):
    t = time.perf_counter()
    with h5py.File(out, 'w') as g:
        for i, a in enumerate(chans):
            g.create_dataset(str(i), data=a, chunks=(262144,), shuffle=True,
                             compression='gzip', compression_opts=level)
    write = time.perf_counter() - t
    size = os.path.getsize(out) / 1e6
    print('h5py write, shuffle+gzip level %d, chunk 262144: %.2f s (%.0f MB/s), %.1f MB' %
          (level, write, float(sys.argv[2]) / write, size))
    t = time.perf_counter()
    with h5py.File(out, 'r') as g:
        for k in g.keys():
            g[k][...]
    read = time.perf_counter() - t
    print('h5py read of that file: %.2f s (%.0f MB/s)' % (read, float(sys.argv[2]) / read))
os.remove(out)
)");
    QProcess python;
    python.setProcessChannelMode(QProcess::ForwardedChannels);
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-c"), script, path, QString::number(rawMb)});
    if (!python.waitForFinished(-1) || python.exitCode() != 0)
        std::printf("h5py reference failed (is python3-h5py installed?)\n");
}

int usage()
{
    std::fprintf(stderr, "usage: bench_project_io [--days 7] [--repeat 3] [--file PATH] [--keep] "
                         "[--sweep] [--h5py]\n");
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    double days = 7;
    int repeat = 3;
    QString path = QDir::current().filePath(QStringLiteral("bench_project_io.kmk"));
    bool keep = false;
    bool doSweep = false;
    bool doH5py = false;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--days") && hasValue)
            days = args[++i].toDouble();
        else if (a == QLatin1String("--repeat") && hasValue)
            repeat = std::max(1, args[++i].toInt());
        else if (a == QLatin1String("--file") && hasValue)
            path = args[++i];
        else if (a == QLatin1String("--keep"))
            keep = true;
        else if (a == QLatin1String("--sweep"))
            doSweep = true;
        else if (a == QLatin1String("--h5py"))
            doH5py = true;
        else
            return usage();
    }

    try {
        DemoOptions options;
        options.durationSeconds = days * 86400;
        options.recordingId = QStringLiteral("bench");
        Project project;
        project.name = QStringLiteral("bench");
        project.ensureBuiltinLabelSet(QStringLiteral("harth"));
        const double generate = seconds([&] {
            project.recordings.push_back(
                std::make_shared<Recording>(DemoRecordingGenerator::generate(options)));
        });
        const Recording& r = *project.recordings.front();
        if (!r.labelSetId.isEmpty())
            project.ensureBuiltinLabelSet(r.labelSetId);
        const double rawMb = double(r.channelCount() * r.sampleCount() * sizeof(float)) / 1e6;
        const size_t segments = r.groundTruth() ? r.groundTruth()->size() : 0;
        std::printf("%.4g days, %zu sensors, %zu channels x %zu samples = %.1f MB raw float32, "
                    "ground truth %zu segments (generated in %.1f s)\n",
                    days, r.sensors.size(), r.channelCount(), r.sampleCount(), rawMb, segments,
                    generate);
        std::printf("file: %s\n", qPrintable(path));

        std::vector<double> saves, opens;
        Project opened;
        for (int i = 0; i < repeat; ++i) {
            saves.push_back(seconds([&] { ProjectFile::save(project, path); }));
            opened = Project(); // free the previous copy before timing the next open
            opens.push_back(seconds([&] { opened = ProjectFile::open(path); }));
        }
        const double fileMb = double(QFileInfo(path).size()) / 1e6;
        const double bestSave = *std::min_element(saves.begin(), saves.end());
        const double bestOpen = *std::min_element(opens.begin(), opens.end());
        std::printf("save: best %.2f s = %.0f MB/s (runs:", bestSave, rawMb / bestSave);
        for (double s : saves)
            std::printf(" %.2f", s);
        std::printf("; includes fsync)\nopen: best %.2f s = %.0f MB/s (runs:", bestOpen,
                    rawMb / bestOpen);
        for (double s : opens)
            std::printf(" %.2f", s);
        std::printf(")\nfile: %.1f MB, compression ratio %.3f\n", fileMb, rawMb / fileMb);
        QString why;
        const bool same = sameData(project, opened, &why);
        std::printf("verify: %s\n", same ? "opened data is bit-identical"
                                         : qPrintable(QStringLiteral("MISMATCH in ") + why));
        opened = Project();
        std::printf("peak RSS: %.0f MB\n", peakRssMb());

        if (doH5py)
            h5pyReference(path, rawMb);
        if (!keep)
            QFile::remove(path);
        if (doSweep)
            sweep(r, path + QStringLiteral(".sweep.h5"), rawMb, repeat);
        return same ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
