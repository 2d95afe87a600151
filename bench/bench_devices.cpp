// Device-file benchmark (issue #8): writes a 7-day Axivity .cwa (AX3, 100 Hz,
// packed, like a week-long free-living recording) with the tests' writer and
// times kinemark::CwaReader on it: on one thread (the goal is >= 200 MB/s on
// one core) and on all cores; then the resampling to 50 Hz.
//
//   bench_devices --make FILE [--days 7]
//   bench_devices --read FILE [--repeat 3] [--threads 1]
//   bench_devices --make-pair DIR [--clock-offset 3.2]
//
// --make-pair writes DIR/back.cwa and DIR/thigh.cwa (100 Hz) from the built-in
// two-sensor demo, the thigh device's clock set `--clock-offset` seconds ahead
// and two of its blocks missing: the input of docs/screenshot-two-sensors.png.
#include "core/demo/DemoRecordingGenerator.h"
#include "core/io/devices/CwaReader.h"
#include "core/io/devices/DeviceTimeline.h"
#include "core/io/devices/UniformResampler.h"
#include "tests/support/CwaTestWriter.h"

#include <QCoreApplication>
#include <QFile>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>

using namespace kinemark;

namespace {

int usage()
{
    std::fprintf(stderr, "usage: bench_devices --make FILE [--days 7]\n"
                         "       bench_devices --read FILE [--repeat 3] [--threads 1]\n");
    return 2;
}

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Quiet hours with posture changes, walking bouts in the day; cheap to compute.
void weekSignal(int64_t i, float* xyz)
{
    const double t = double(i) / 100.0;
    const double hour = std::fmod(t / 3600.0, 24.0);
    const bool awake = hour > 7 && hour < 23;
    const double walk = awake && std::fmod(t, 600.0) < 120 ? 1.0 : 0.0;
    const double s = std::sin(2 * 3.14159265358979 * 1.9 * t);
    xyz[0] = float(0.05 + 0.6 * walk * s);
    xyz[1] = float((awake ? -0.2 : 0.9) + 0.3 * walk * s * s);
    xyz[2] = float((awake ? 0.95 : 0.1) - 0.4 * walk * s);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    auto value = [&](const QString& name, const QString& fallback) {
        const int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
    };
    try {
        if (args.contains("--make")) {
            const QString path = value("--make", QString());
            const double days = value("--days", "7").toDouble();
            QFile file(path);
            if (path.isEmpty() || !file.open(QIODevice::WriteOnly))
                return usage();
            const auto start = std::chrono::steady_clock::now();
            test::CwaTestWriter::Options options;
            options.metadata = "_p=thigh&_sc=BENCH";
            test::CwaTestWriter writer(&file, options);
            writer.writeHeader();
            const int64_t samples = int64_t(days * 86400 * options.rateHz);
            // A device clock that runs 0.5% slow, as real ones drift.
            const double t0 = 1.7e9, period = 1.005 / options.rateHz;
            for (int64_t first = 0; first < samples; first += writer.samplesPerBlock())
                writer.writeBlock(first, t0 + double(first) * period, weekSignal);
            file.close();
            std::printf("wrote %s: %lld samples, %u blocks, %.1f MB in %.1f s\n", qPrintable(path),
                        (long long)samples, writer.blocksWritten(), double(file.size()) / 1e6,
                        seconds(start));
            return 0;
        }
        if (args.contains("--make-pair")) {
            const QString dir = value("--make-pair", QString());
            const double clockOffset = value("--clock-offset", "3.2").toDouble();
            DemoOptions demo;
            demo.durationSeconds = 3600;
            const Recording r = DemoRecordingGenerator::generate(demo);
            const double startS = double(r.startTimeUs) / 1e6;
            for (const Sensor& sensor : r.sensors) {
                QFile file(dir + "/" + sensor.name + ".cwa");
                if (!file.open(QIODevice::WriteOnly))
                    return usage();
                test::CwaTestWriter::Options options;
                options.deviceId = sensor.name == "back" ? 101 : 202;
                options.metadata = "_p=" + sensor.name + "&_sc=demo-subject";
                test::CwaTestWriter writer(&file, options);
                writer.writeHeader();
                const bool thigh = sensor.name == "thigh";
                // 50 Hz demo samples up to 100 Hz by linear interpolation.
                auto source = [&](int64_t i, float* xyz) {
                    const size_t j = size_t(i / 2);
                    const size_t k = std::min(j + 1, r.sampleCount() - 1);
                    for (int a = 0; a < 3; ++a) {
                        const auto& c = sensor.channels[size_t(a)].samples;
                        xyz[a] = (i % 2) ? 0.5f * (c[j] + c[k]) : c[j];
                    }
                };
                const int64_t samples = int64_t(r.sampleCount()) * 2;
                for (int64_t first = 0; first + writer.samplesPerBlock() <= samples;
                     first += writer.samplesPerBlock()) {
                    const int64_t block = first / writer.samplesPerBlock();
                    if (thigh && (block == 1500 || block == 1501))
                        continue; // two lost blocks: a 2.4 s gap
                    writer.writeBlock(first,
                                      startS + double(first) / 100.0 + (thigh ? clockOffset : 0.0),
                                      source);
                }
                std::printf("wrote %s\n", qPrintable(file.fileName()));
            }
            return 0;
        }
        if (args.contains("--read")) {
            const QString path = value("--read", QString());
            const int repeat = value("--repeat", "3").toInt();
            const int threads = value("--threads", "1").toInt();
            const double mb = double(QFile(path).size()) / 1e6;
            double best = 1e30;
            DeviceSamples d;
            for (int r = 0; r < repeat; ++r) {
                const auto start = std::chrono::steady_clock::now();
                d = CwaReader::read(path, nullptr, nullptr, threads);
                best = std::min(best, seconds(start));
            }
            std::printf(
                "decode  %s: %.1f MB, %zu samples, threads %d: best of %d %.3f s = %.0f MB/s "
                "(%.1f M samples/s)\n",
                qPrintable(path), mb, d.sampleCount(), threads, repeat, best, mb / best,
                double(d.sampleCount()) / best / 1e6);
            const auto start = std::chrono::steady_clock::now();
            const DeviceTimeline timeline(d);
            const int64_t count = int64_t((timeline.endTime() - timeline.startTime()) * 50.0);
            const auto res =
                UniformResampler::resample(d, timeline, timeline.startTime(), count, 50.0);
            std::printf("resample to 50 Hz (linear, one thread): %.3f s, %lld samples, %zu gaps\n",
                        seconds(start), (long long)count, res.gaps.size());
            return 0;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_devices: %s\n", e.what());
        return 1;
    }
    return usage();
}
