// Stacked STFT benchmark (issue #3): SelfPAB-default STFT magnitudes (50-sample
// periodic Hann frames, hop 25, no centring, 26 bins) of every channel of a
// recording, with kinemark::Stft by direct DFT and by KissFFT, on one thread
// and on two (each thread takes half of the frames of every channel).
// bench/stft_vs_scipy.py runs this and scipy.signal.stft on the same data and
// prints the ratio.
//
//   bench_stft --make FILE [--hours 24] [--seed 1]      write the demo data (raw float32)
//   bench_stft [--input FILE --channels 6 | --hours 24] [--repeat 5] [--json]
//              [--dump DIR]  (writes DIR/stft_dft.f32 and DIR/stft_fft.f32:
//                             channel-major, frames x 26 float32 per channel)
//
// Raw files are headerless little-endian float32, channel-major: all samples of
// channel 0, then channel 1, ...
#include "core/demo/DemoRecordingGenerator.h"
#include "core/dsp/Stft.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>
#include <vector>

using namespace kinemark;

namespace {

int usage()
{
    std::fprintf(stderr, "usage: bench_stft --make FILE [--hours 24] [--seed 1]\n"
                         "       bench_stft [--input FILE [--channels 6] | --hours 24 [--seed 1]]\n"
                         "                  [--repeat 5] [--json] [--dump DIR]\n");
    return 2;
}

struct Data
{
    std::vector<std::vector<float>> channels;
    int64_t samples() const { return channels.empty() ? 0 : int64_t(channels.front().size()); }
};

Data fromDemo(double hours, uint64_t seed)
{
    DemoOptions options;
    options.durationSeconds = hours * 3600;
    options.seed = seed;
    Recording r = DemoRecordingGenerator::generate(options);
    Data d;
    for (size_t c = 0; c < r.channelCount(); ++c)
        d.channels.push_back(std::move(r.channel(c).samples));
    return d;
}

bool readRaw(const char* path, int channels, Data& d)
{
    FILE* f = std::fopen(path, "rb");
    if (!f)
        return false;
    std::fseek(f, 0, SEEK_END);
    const long bytes = std::ftell(f);
    std::fseek(f, 0, SEEK_SET);
    const int64_t n = bytes / int64_t(sizeof(float)) / channels;
    d.channels.assign(size_t(channels), std::vector<float>(size_t(n)));
    bool ok = true;
    for (auto& c : d.channels)
        ok = ok && std::fread(c.data(), sizeof(float), c.size(), f) == c.size();
    std::fclose(f);
    return ok;
}

bool writeRaw(const std::string& path, const std::vector<std::vector<float>>& blocks)
{
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
        return false;
    bool ok = true;
    for (const auto& b : blocks)
        ok = ok && std::fwrite(b.data(), sizeof(float), b.size(), f) == b.size();
    return std::fclose(f) == 0 && ok;
}

double seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

// All frames of all channels into out[c] (frames x bins), using `threads`
// threads that each take a contiguous half (third, ...) of every channel's frames.
void stackedStft(const Stft& stft, const Data& d, int threads, std::vector<std::vector<float>>& out)
{
    const int64_t n = d.samples();
    const int64_t frames = stft.frameCount(n);
    const int bins = stft.binCount();
    auto part = [&](int t) {
        const int64_t a = frames * t / threads, b = frames * (t + 1) / threads;
        for (size_t c = 0; c < d.channels.size(); ++c)
            stft.compute(d.channels[c].data(), n, a, b - a, out[c].data() + a * bins);
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(part, t);
    part(0);
    for (auto& th : pool)
        th.join();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const char* makePath = nullptr;
    const char* inputPath = nullptr;
    const char* dumpDir = nullptr;
    double hours = 24;
    uint64_t seed = 1;
    int channels = 6;
    int repeat = 5;
    bool json = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* v = nullptr;
        if (a == "--make" && (v = next()))
            makePath = v;
        else if (a == "--input" && (v = next()))
            inputPath = v;
        else if (a == "--dump" && (v = next()))
            dumpDir = v;
        else if (a == "--hours" && (v = next()))
            hours = std::atof(v);
        else if (a == "--seed" && (v = next()))
            seed = std::strtoull(v, nullptr, 10);
        else if (a == "--channels" && (v = next()))
            channels = std::max(1, std::atoi(v));
        else if (a == "--repeat" && (v = next()))
            repeat = std::max(1, std::atoi(v));
        else if (a == "--json")
            json = true;
        else
            return usage();
    }

    try {
        Data d;
        const auto g0 = std::chrono::steady_clock::now();
        if (inputPath) {
            if (!readRaw(inputPath, channels, d)) {
                std::fprintf(stderr, "bench_stft: cannot read %s\n", inputPath);
                return 1;
            }
        } else {
            d = fromDemo(hours, seed);
        }
        const double loadSeconds = seconds(g0, std::chrono::steady_clock::now());
        if (makePath) {
            if (!writeRaw(makePath, d.channels)) {
                std::fprintf(stderr, "bench_stft: cannot write %s\n", makePath);
                return 1;
            }
            std::fprintf(
                stderr,
                "wrote %s: %zu channels x %lld samples (demo, %.1f h, seed %llu) in %.2f s\n",
                makePath, d.channels.size(), (long long)d.samples(), hours,
                (unsigned long long)seed, loadSeconds);
            return 0;
        }

        struct Result
        {
            const char* method;
            int threads;
            double first = 0, best = 1e300;
        };
        std::vector<Result> results;
        QJsonArray jsonResults;
        int64_t frames = 0;
        int bins = 0;
        for (auto method : {StftParameters::Method::DirectDft, StftParameters::Method::KissFft}) {
            StftParameters p;
            p.method = method;
            const Stft stft(p);
            frames = stft.frameCount(d.samples());
            bins = stft.binCount();
            std::vector<std::vector<float>> out(d.channels.size(),
                                                std::vector<float>(size_t(frames) * size_t(bins)));
            const char* name =
                method == StftParameters::Method::DirectDft ? "DirectDft" : "KissFft";
            for (int threads : {1, 2}) {
                Result r{name, threads};
                for (int rep = 0; rep < repeat; ++rep) {
                    const auto t0 = std::chrono::steady_clock::now();
                    stackedStft(stft, d, threads, out);
                    const double s = seconds(t0, std::chrono::steady_clock::now());
                    if (rep == 0)
                        r.first = s;
                    r.best = std::min(r.best, s);
                }
                results.push_back(r);
            }
            if (dumpDir) {
                const std::string path =
                    std::string(dumpDir) + (method == StftParameters::Method::DirectDft
                                                ? "/stft_dft.f32"
                                                : "/stft_fft.f32");
                if (!writeRaw(path, out)) {
                    std::fprintf(stderr, "bench_stft: cannot write %s\n", path.c_str());
                    return 1;
                }
            }
        }

        const double totalFrames = double(frames) * double(d.channels.size());
        if (json) {
            QJsonObject o;
            o["channels"] = int(d.channels.size());
            o["samples"] = double(d.samples());
            o["frames_per_channel"] = double(frames);
            o["bins"] = bins;
            o["data_seconds"] = loadSeconds;
            for (const Result& r : results) {
                QJsonObject j;
                j["method"] = r.method;
                j["threads"] = r.threads;
                j["first_s"] = r.first;
                j["best_s"] = r.best;
                j["ns_per_frame"] = r.best * 1e9 / totalFrames;
                jsonResults.append(j);
            }
            o["results"] = jsonResults;
            std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
        } else {
            std::printf("stacked STFT: %zu channels x %lld samples -> %lld frames x %d bins per "
                        "channel (best of %d)\n",
                        d.channels.size(), (long long)d.samples(), (long long)frames, bins, repeat);
            std::printf("%-10s %7s %10s %10s %12s\n", "method", "threads", "first ms", "best ms",
                        "ns/frame");
            for (const Result& r : results)
                std::printf("%-10s %7d %10.1f %10.1f %12.1f\n", r.method, r.threads, r.first * 1e3,
                            r.best * 1e3, r.best * 1e9 / totalFrames);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_stft: %s\n", e.what());
        return 1;
    }
    return 0;
}
