// CSV ingest benchmark (issue #2): writes a HARTH-format CSV from the demo
// generator and times kinemark::HarthCsvReader on it. bench/csv_ingest.py runs
// this and pandas.read_csv on the same file and prints the ratio.
//
//   bench_csv_ingest --make FILE [--hours 24] [--seed 1]
//   bench_csv_ingest --read FILE [--repeat 5] [--json]
#include "core/demo/DemoRecordingGenerator.h"
#include "core/io/HarthCsvReader.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <vector>

using namespace kinemark;

namespace {

constexpr int64_t kHarthStartUs = 1547251200000000LL; // 2019-01-12 00:00:00, like HARTH's files

int usage()
{
    std::fprintf(stderr, "usage: bench_csv_ingest [--make FILE] [--hours 24] [--seed 1]\n"
                         "                        [--read FILE] [--repeat 5] [--json]\n");
    return 2;
}

// Appends `value` with exactly six decimals, as HARTH's files have them.
char* putFixed6(char* p, double value)
{
    int64_t q = std::llround(value * 1e6);
    if (q < 0) {
        *p++ = '-';
        q = -q;
    }
    const int64_t whole = q / 1000000;
    int64_t frac = q % 1000000;
    char digits[20];
    int n = 0;
    int64_t w = whole;
    do {
        digits[n++] = char('0' + w % 10);
        w /= 10;
    } while (w > 0);
    while (n > 0)
        *p++ = digits[--n];
    *p++ = '.';
    for (int i = 5; i >= 0; --i) {
        p[i] = char('0' + frac % 10);
        frac /= 10;
    }
    return p + 6;
}

char* putDigits(char* p, int64_t value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        p[i] = char('0' + value % 10);
        value /= 10;
    }
    return p + width;
}

int makeFile(const QString& path, double hours, uint64_t seed)
{
    DemoOptions options;
    options.durationSeconds = hours * 3600;
    options.seed = seed;
    options.startTimeUs = kHarthStartUs;
    options.recordingId = QStringLiteral("bench");
    const auto t0 = std::chrono::steady_clock::now();
    const Recording r = DemoRecordingGenerator::generate(options);
    const size_t n = r.sampleCount();

    // HARTH labels every row, so transition gaps take the class that follows
    // them (the last rows, if unlabelled, the class before).
    std::vector<int32_t> labels = r.groundTruth()->toSampleLabels(n);
    int32_t next = kUnlabelled;
    for (size_t i = n; i-- > 0;) {
        if (labels[i] == kUnlabelled)
            labels[i] = next;
        else
            next = labels[i];
    }
    int32_t previous = 6;
    for (int32_t& l : labels) {
        if (l == kUnlabelled)
            l = previous;
        previous = l;
    }

    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "cannot write %s: %s\n", qPrintable(path),
                     qPrintable(file.errorString()));
        return 1;
    }
    const QByteArray header = "timestamp,back_x,back_y,back_z,thigh_x,thigh_y,thigh_z,label\n";
    file.write(header);

    const float* columns[6];
    for (size_t c = 0; c < 6; ++c)
        columns[c] = r.channel(c).samples.data();
    std::vector<char> buffer(size_t(8) << 20);
    char* p = buffer.data();
    const char* flushAt = buffer.data() + buffer.size() - 256;
    int64_t currentDay = -1;
    QByteArray date;
    for (size_t i = 0; i < n; ++i) {
        const int64_t us = r.startTimeUs + int64_t(std::llround(double(i) * 1e6 / r.sampleRateHz));
        const int64_t ms = us / 1000;
        const int64_t day = ms / 86400000;
        if (day != currentDay) {
            currentDay = day;
            date = QDateTime::fromMSecsSinceEpoch(day * 86400000, QTimeZone::utc())
                       .toString(QStringLiteral("yyyy-MM-dd "))
                       .toLatin1();
        }
        const int64_t msOfDay = ms - day * 86400000;
        p = std::copy(date.constBegin(), date.constEnd(), p);
        p = putDigits(p, msOfDay / 3600000, 2);
        *p++ = ':';
        p = putDigits(p, msOfDay / 60000 % 60, 2);
        *p++ = ':';
        p = putDigits(p, msOfDay / 1000 % 60, 2);
        *p++ = '.';
        p = putDigits(p, msOfDay % 1000, 3);
        for (const float* column : columns) {
            *p++ = ',';
            p = putFixed6(p, double(column[i]));
        }
        *p++ = ',';
        p += std::snprintf(p, 16, "%d", labels[i]);
        *p++ = '\n';
        if (p >= flushAt) {
            file.write(buffer.data(), p - buffer.data());
            p = buffer.data();
        }
    }
    file.write(buffer.data(), p - buffer.data());
    if (!file.flush() || file.error() != QFileDevice::NoError) {
        std::fprintf(stderr, "writing %s failed: %s\n", qPrintable(path),
                     qPrintable(file.errorString()));
        return 1;
    }
    file.close();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("wrote %s: %zu rows, %.1f MB in %.2f s\n", qPrintable(path), n,
                double(QFileInfo(path).size()) / 1e6, seconds);
    return 0;
}

int readFile(const QString& path, int repeat, bool json)
{
    const double megabytes = double(QFileInfo(path).size()) / 1e6;
    if (megabytes <= 0) {
        std::fprintf(stderr, "%s is missing or empty\n", qPrintable(path));
        return 1;
    }
    std::vector<double> times;
    size_t rows = 0;
    QJsonObject sums;
    QStringList warnings;
    double labelSum = 0;
    int64_t unlabelled = 0;
    for (int run = 0; run < repeat; ++run) {
        ReadReport report;
        const auto t0 = std::chrono::steady_clock::now();
        Recording r = HarthCsvReader::read(path, QStringLiteral("harth"), &report);
        const auto t1 = std::chrono::steady_clock::now();
        times.push_back(std::chrono::duration<double>(t1 - t0).count());
        if (run == 0) {
            // Column checksums, so that the script can compare with pandas.
            rows = r.sampleCount();
            for (size_t c = 0; c < r.channelCount(); ++c) {
                double sum = 0;
                for (float v : r.channel(c).samples)
                    sum += double(v);
                sums.insert(r.qualifiedChannelName(c), sum);
            }
            if (const AnnotationTrack* truth = r.groundTruth()) {
                for (int32_t l : truth->toSampleLabels(rows)) {
                    if (l == kUnlabelled)
                        ++unlabelled;
                    else
                        labelSum += l;
                }
            }
            warnings = report.warnings + report.repairs;
        }
        // `r` is freed here, outside the timed region.
    }
    const double best = *std::min_element(times.begin(), times.end());
    if (json) {
        QJsonArray all;
        for (double t : times)
            all.append(t);
        QJsonObject o{{"file", path},
                      {"megabytes", megabytes},
                      {"rows", qint64(rows)},
                      {"first_s", times.front()},
                      {"best_s", best},
                      {"runs_s", all},
                      {"first_mb_s", megabytes / times.front()},
                      {"best_mb_s", megabytes / best},
                      {"sums", sums},
                      {"label_sum", labelSum},
                      {"unlabelled", qint64(unlabelled)},
                      {"warnings", QJsonArray::fromStringList(warnings)}};
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
        return 0;
    }
    std::printf("file: %s (%.1f MB)\n", qPrintable(path), megabytes);
    std::printf("rows: %zu\n", rows);
    std::printf("first run: %.3f s (%.0f MB/s)\n", times.front(), megabytes / times.front());
    std::printf("best of %d: %.3f s (%.0f MB/s)\n", repeat, best, megabytes / best);
    for (auto it = sums.constBegin(); it != sums.constEnd(); ++it)
        std::printf("sum %s: %.6f\n", qPrintable(it.key()), it.value().toDouble());
    std::printf("sum of labels: %.0f (%lld unlabelled rows)\n", labelSum, qlonglong(unlabelled));
    for (const QString& w : warnings)
        std::printf("reader: %s\n", qPrintable(w));
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    QString makePath, readPath;
    double hours = 24;
    uint64_t seed = 1;
    int repeat = 5;
    bool json = false;
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--make") && hasValue)
            makePath = args[++i];
        else if (a == QLatin1String("--read") && hasValue)
            readPath = args[++i];
        else if (a == QLatin1String("--hours") && hasValue)
            hours = args[++i].toDouble();
        else if (a == QLatin1String("--seed") && hasValue)
            seed = args[++i].toULongLong();
        else if (a == QLatin1String("--repeat") && hasValue)
            repeat = std::max(1, args[++i].toInt());
        else if (a == QLatin1String("--json"))
            json = true;
        else
            return usage();
    }
    if (makePath.isEmpty() && readPath.isEmpty())
        return usage();
    if (!(hours > 0))
        return usage();
    try {
        if (!makePath.isEmpty()) {
            const int rc = makeFile(makePath, hours, seed);
            if (rc != 0)
                return rc;
        }
        if (!readPath.isEmpty())
            return readFile(readPath, repeat, json);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
