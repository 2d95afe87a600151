// t-SNE benchmark: embeds the rows of a raw float32 file with kinemark's
// Barnes-Hut t-SNE and prints one JSON line (seconds, KL). With --exact-kl it
// also computes the exact KL(P || Q) of the given 2-D maps (its own and, e.g.,
// sklearn's) against the same dense P, so two tools are judged by one ruler.
// Run through bench/tsne_vs_sklearn.py.
#include "core/analysis/tsne/TsneEmbedding.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace kinemark;

namespace {
std::vector<float> readFloats(const QString& path, size_t expected)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot open " + path.toStdString());
    const QByteArray bytes = file.readAll();
    if (size_t(bytes.size()) != expected * sizeof(float))
        throw std::runtime_error(path.toStdString() + ": expected " + std::to_string(expected) +
                                 " floats");
    std::vector<float> out(expected);
    memcpy(out.data(), bytes.constData(), size_t(bytes.size()));
    return out;
}
} // namespace

int main(int argc, char** argv)
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: bench_tsne DATA.f32 N DIMS [--perplexity P] [--iterations I] "
                             "[--threads T] [--out MAP.f32] [--exact-kl MAP.f32]...\n");
        return 2;
    }
    try {
        const QString dataPath = argv[1];
        const size_t n = std::stoul(argv[2]);
        const size_t dims = std::stoul(argv[3]);
        TsneOptions options;
        options.method = TsneMethod::BarnesHut;
        QString outPath;
        QStringList klMaps;
        for (int i = 4; i + 1 < argc; i += 2) {
            const std::string flag = argv[i];
            if (flag == "--perplexity")
                options.perplexity = std::stod(argv[i + 1]);
            else if (flag == "--iterations")
                options.iterations = std::stoi(argv[i + 1]);
            else if (flag == "--threads")
                options.threads = std::stoi(argv[i + 1]);
            else if (flag == "--out")
                outPath = argv[i + 1];
            else if (flag == "--exact-kl")
                klMaps << argv[i + 1];
            else
                throw std::runtime_error("unknown option " + flag);
        }
        const std::vector<float> data = readFloats(dataPath, n * dims);
        QJsonObject report;
        if (klMaps.isEmpty()) {
            const auto start = std::chrono::steady_clock::now();
            const TsneResult result = TsneEmbedding::compute(data.data(), n, dims, options);
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            report["seconds"] = seconds;
            report["kl_divergence"] = result.klDivergence;
            report["threads"] = options.threads;
            if (!outPath.isEmpty()) {
                QFile out(outPath);
                if (!out.open(QIODevice::WriteOnly))
                    throw std::runtime_error("cannot write " + outPath.toStdString());
                out.write(reinterpret_cast<const char*>(result.positions.data()),
                          qint64(result.positions.size() * sizeof(float)));
            }
        } else {
            QJsonArray kls;
            for (const QString& path : klMaps) {
                const std::vector<float> map = readFloats(path, 2 * n);
                kls.append(TsneEmbedding::exactKlDivergence(data.data(), n, dims,
                                                            options.perplexity, map.data()));
            }
            report["exact_kl"] = kls;
        }
        std::printf("%s\n", QJsonDocument(report).toJson(QJsonDocument::Compact).constData());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_tsne: %s\n", e.what());
        return 1;
    }
    return 0;
}
