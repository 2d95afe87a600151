// Text labels against integer labels in the generic CSV reader (issue #18):
// the same rows written twice, once with class ids and once with the class
// names as text (WISDM- or Capture-24-style), read with DelimitedTextReader;
// prints the best time of each and the ratio (text / integer), which should
// stay at most 1.5. bench/text_labels_vs_pandas.py runs it with --keep --json
// and reads the same two files with pandas (read_csv, then pd.factorize of the
// text labels), as a researcher would.
//
//   bench_text_labels [--rows 1000000] [--repeat 5] [--dir /tmp] [--keep] [--json]
//
// --keep leaves the two files in --dir; --json prints one line of JSON with
// every run's time and checksums of what was read (rows, column sums, rows per
// class), so that the script can check that pandas read the same data.
#include "core/demo/DemoRecordingGenerator.h"
#include "core/io/DelimitedTextReader.h"
#include "core/model/LabelSet.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <map>
#include <vector>

using namespace kinemark;

namespace {

int usage()
{
    std::fprintf(stderr, "usage: bench_text_labels [--rows 1000000] [--repeat 5] [--dir /tmp]\n"
                         "                         [--keep] [--json]\n");
    return 2;
}

// Writes time (seconds from the start), x, y, z and the label of every row;
// the label is the class id or its name. Unlabelled rows are written as
// -1 and as "null".
bool writeFile(const QString& path, const Recording& r, const LabelSet& set, bool text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    const size_t n = r.sampleCount();
    const std::vector<int32_t> labels = r.groundTruth()->toSampleLabels(n);
    QByteArray out = "time,x,y,z,label\n";
    out.reserve(64 << 20);
    for (size_t i = 0; i < n; ++i) {
        out += QByteArray::number(double(i) / r.sampleRateHz, 'f', 2);
        for (size_t c = 0; c < 3; ++c) {
            out += ',';
            out += QByteArray::number(double(r.channel(c).samples[i]), 'f', 6);
        }
        out += ',';
        if (!text)
            out += QByteArray::number(labels[i]);
        else if (labels[i] == kUnlabelled)
            out += "null";
        else if (const QByteArray name = set.className(labels[i]).toUtf8(); name.contains(','))
            out += '"' + name + '"'; // as spreadsheets quote a field with the delimiter
        else
            out += name;
        out += '\n';
        if (out.size() > (60 << 20)) {
            file.write(out);
            out.clear();
        }
    }
    file.write(out);
    return file.flush();
}

// What one file's reads gave: every run's time, and checksums of the first
// run's recording (computed outside the timed region) for --json.
struct Reads
{
    std::vector<double> times;
    size_t rows = 0;
    QJsonObject sums;        // channel name -> sum of its samples
    QJsonObject labelCounts; // class name -> rows with that class
    qint64 unlabelled = 0;
    double best() const { return *std::min_element(times.begin(), times.end()); }
};

Reads timedReads(const QString& path, const ColumnMapping& mapping, int repeat, const LabelSet& set)
{
    Reads reads;
    for (int run = 0; run < repeat; ++run) {
        LabelSet made;
        const auto t0 = std::chrono::steady_clock::now();
        const Recording r = DelimitedTextReader::read(path, mapping, nullptr, nullptr, &made);
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        reads.times.push_back(s);
        reads.rows = r.sampleCount();
        if (run > 0)
            continue;
        // The class names come from the label set the labels ended up in:
        // the built-in one when the texts were its names, else the one made.
        const LabelSet& names = r.labelSetId == set.id ? set : made;
        for (size_t c = 0; c < r.channelCount(); ++c) {
            double sum = 0;
            for (float v : r.channel(c).samples)
                sum += double(v);
            reads.sums.insert(r.channel(c).name, sum);
        }
        std::map<int32_t, qint64> counts;
        if (const AnnotationTrack* truth = r.groundTruth())
            for (int32_t l : truth->toSampleLabels(reads.rows))
                ++counts[l];
        for (const auto& [id, count] : counts) {
            if (id == kUnlabelled)
                reads.unlabelled = count;
            else
                reads.labelCounts.insert(names.className(id), count);
        }
    }
    return reads;
}

QJsonObject toJson(const Reads& reads, const QString& path)
{
    const double megabytes = double(QFileInfo(path).size()) / 1e6;
    QJsonArray all;
    for (double t : reads.times)
        all.append(t);
    return QJsonObject{{"file", path},
                       {"megabytes", megabytes},
                       {"rows", qint64(reads.rows)},
                       {"first_s", reads.times.front()},
                       {"best_s", reads.best()},
                       {"runs_s", all},
                       {"sums", reads.sums},
                       {"label_counts", reads.labelCounts},
                       {"unlabelled", reads.unlabelled}};
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    double rows = 1e6;
    int repeat = 5;
    QString dir = QStringLiteral("/tmp");
    bool keep = false;
    bool json = false;
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--keep")) {
            keep = true;
            continue;
        }
        if (args[i] == QLatin1String("--json")) {
            json = true;
            continue;
        }
        if (i + 1 >= args.size())
            return usage();
        if (args[i] == QLatin1String("--rows"))
            rows = args[++i].toDouble();
        else if (args[i] == QLatin1String("--repeat"))
            repeat = std::max(1, args[++i].toInt());
        else if (args[i] == QLatin1String("--dir"))
            dir = args[++i];
        else
            return usage();
    }
    try {
        DemoOptions options;
        options.durationSeconds = rows / options.sampleRateHz;
        const Recording r = DemoRecordingGenerator::generate(options);
        const LabelSet set = LabelSet::builtin(r.labelSetId);
        const QString integerPath = dir + QStringLiteral("/bench_labels_integer.csv");
        const QString textPath = dir + QStringLiteral("/bench_labels_text.csv");
        if (!writeFile(integerPath, r, set, false) || !writeFile(textPath, r, set, true)) {
            std::fprintf(stderr, "cannot write the files in %s\n", qPrintable(dir));
            return 1;
        }
        ColumnMapping m;
        m.timeColumn = QStringLiteral("time");
        m.timeFormat = ColumnMapping::TimeFormat::RelativeSeconds;
        m.sampleRateHz = options.sampleRateHz;
        m.sensors.push_back({QStringLiteral("wrist"),
                             QStringLiteral("acc"),
                             {QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")},
                             {}});
        m.labelColumn = QStringLiteral("label");
        m.labelSetId = r.labelSetId;
        const Reads integer = timedReads(integerPath, m, repeat, set);
        m.unlabelledValues = QStringList{QStringLiteral("null")};
        const Reads text = timedReads(textPath, m, repeat, set);
        const double integerS = integer.best();
        const double textS = text.best();
        if (json) {
            // The class ids of the names, so that the integer file's ids can
            // be compared with the text file's names.
            QJsonObject classes;
            for (const LabelClass& c : set.classes)
                classes.insert(c.name, c.id);
            const QJsonObject o{{"repeat", repeat},
                                {"classes", classes},
                                {"integer", toJson(integer, integerPath)},
                                {"text", toJson(text, textPath)},
                                {"ratio", textS / integerS}};
            std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
        } else {
            const double integerMb = double(QFileInfo(integerPath).size()) / 1e6;
            const double textMb = double(QFileInfo(textPath).size()) / 1e6;
            std::printf("rows: %zu (text file: %zu)\n", integer.rows, text.rows);
            std::printf("integer labels: %.1f MB, best of %d: %.3f s (%.0f MB/s)\n", integerMb,
                        repeat, integerS, integerMb / integerS);
            std::printf("text labels:    %.1f MB, best of %d: %.3f s (%.0f MB/s)\n", textMb, repeat,
                        textS, textMb / textS);
            std::printf("ratio text / integer: %.2f (at most 1.5 wanted)\n", textS / integerS);
        }
        if (!keep) {
            QFile::remove(integerPath);
            QFile::remove(textPath);
        }
        return integer.rows == text.rows ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_text_labels: %s\n", e.what());
        return 1;
    }
}
