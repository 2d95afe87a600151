// Text labels against integer labels in the generic CSV reader (issue #18):
// the same rows written twice, once with class ids and once with the class
// names as text (WISDM- or Capture-24-style), read with DelimitedTextReader;
// prints the best time of each and the ratio (text / integer), which should
// stay at most 1.5. Python has no counterpart that does this: the point is
// what the text column costs Kinemark's own chunk-parallel parser.
//
//   bench_text_labels [--rows 1000000] [--repeat 5] [--dir /tmp]
#include "core/demo/DemoRecordingGenerator.h"
#include "core/io/DelimitedTextReader.h"
#include "core/model/LabelSet.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <vector>

using namespace kinemark;

namespace {

int usage()
{
    std::fprintf(stderr, "usage: bench_text_labels [--rows 1000000] [--repeat 5] [--dir /tmp]\n");
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

double bestRead(const QString& path, const ColumnMapping& mapping, int repeat, size_t* rows)
{
    double best = 1e30;
    for (int run = 0; run < repeat; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        const Recording r = DelimitedTextReader::read(path, mapping);
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best = std::min(best, s);
        *rows = r.sampleCount();
    }
    return best;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    double rows = 1e6;
    int repeat = 5;
    QString dir = QStringLiteral("/tmp");
    for (int i = 1; i < args.size(); ++i) {
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
        size_t integerRows = 0;
        size_t textRows = 0;
        const double integerS = bestRead(integerPath, m, repeat, &integerRows);
        m.unlabelledValues = QStringList{QStringLiteral("null")};
        const double textS = bestRead(textPath, m, repeat, &textRows);
        const double integerMb = double(QFileInfo(integerPath).size()) / 1e6;
        const double textMb = double(QFileInfo(textPath).size()) / 1e6;
        std::printf("rows: %zu (text file: %zu)\n", integerRows, textRows);
        std::printf("integer labels: %.1f MB, best of %d: %.3f s (%.0f MB/s)\n", integerMb, repeat,
                    integerS, integerMb / integerS);
        std::printf("text labels:    %.1f MB, best of %d: %.3f s (%.0f MB/s)\n", textMb, repeat,
                    textS, textMb / textS);
        std::printf("ratio text / integer: %.2f (at most 1.5 wanted)\n", textS / integerS);
        QFile::remove(integerPath);
        QFile::remove(textPath);
        return integerRows == textRows ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_text_labels: %s\n", e.what());
        return 1;
    }
}
