// Writes the generated part of the fuzzers' seed corpora (scripts/fuzz.sh runs
// it into the build folder; nothing it writes is committed): small but complete
// files of every format, made by Kinemark's own writers (project file, model
// file, label files from a demo recording) and by the tests' device-file
// writers, so that each fuzzer starts from inputs that reach deep into its
// reader. The harnesses whose first byte chooses options get one seed per
// choice that matters.
#include "core/labels/ElanFormat.h"
#include "core/labels/SampleLabelColumnFormat.h"
#include "core/labels/SegmentCsvFormat.h"
#include "core/model/LabelSet.h"
#include "core/model/Project.h"
#include "core/project/ProjectFile.h"
#include "core/video/VideoAttachment.h"
#include "models/file/ModelFile.h"
#include "models/file/TensorArchive.h"
#include "models/registry/ModelRegistry.h"
#include "tests/support/CwaTestWriter.h"
#include "tests/support/Gt3xTestWriter.h"
#include "tests/support/TestSupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <cmath>
#include <cstdio>
#include <zip.h>

using namespace kinemark;

namespace {

QDir g_out;

void put(const QString& reader, const QString& name, const QByteArray& bytes)
{
    g_out.mkpath(reader);
    QFile f(g_out.filePath(reader + QLatin1Char('/') + name));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size()) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(f.fileName()));
        std::exit(1);
    }
}

QByteArray readBack(const QString& path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

// Four samples a second (the rate of the seeds' info.txt) as int16 X, Y, Z.
QByteArray int16Second(int x, int y, int z)
{
    QByteArray b;
    for (int s = 0; s < 4; ++s)
        for (int v : {x, y, z}) {
            b.append(char(v & 0xff));
            b.append(char((v >> 8) & 0xff));
        }
    return b;
}

QByteArray zipOf(const std::vector<std::pair<const char*, QByteArray>>& entries)
{
    const QString path = QDir(g_out.path()).filePath(QStringLiteral("tmp.zip"));
    int error = 0;
    zip_t* z = zip_open(QFile::encodeName(path).constData(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!z)
        std::exit(1);
    for (const auto& e : entries) {
        zip_source_t* s = zip_source_buffer(z, e.second.constData(), e.second.size(), 0);
        zip_file_add(z, e.first, s, ZIP_FL_ENC_UTF_8);
    }
    zip_close(z);
    const QByteArray bytes = readBack(path);
    QFile::remove(path);
    return bytes;
}

void writeDeviceSeeds()
{
    test::CwaTestWriter::Options cwa;
    cwa.rateHz = 50;
    cwa.metadata = QStringLiteral("_p=thigh&_sc=P01");
    const auto wave = [](int64_t i, float* xyz) {
        xyz[0] = float(std::sin(0.1 * double(i)));
        xyz[1] = -0.5f;
        xyz[2] = 0.9f;
    };
    put("cwa", "packed.cwa", test::CwaTestWriter::makeFile(cwa, 1.6e9, 480, wave));
    cwa.packed = false;
    put("cwa", "int16-gap.cwa", test::CwaTestWriter::makeFile(cwa, 1.6e9, 400, wave, {2}));

    const QByteArray info = "Serial Number: MOS2E0000001\r\nDevice Type: wGT3XBT\r\nSample "
                            "Rate: 4\r\nStart Date: 621355968000000000\r\nLimb: Thigh\r\n";
    QByteArray log = test::Gt3xTestWriter::record(0x1a, 1000, int16Second(64, 0, -512));
    log += test::Gt3xTestWriter::record(0x1a, 1001, int16Second(0, 256, 0));
    log += test::Gt3xTestWriter::record(0x1a, 1002, QByteArray(1, '\x01'));
    log += test::Gt3xTestWriter::record(0x00, 1004, QByteArray(18, '\x10'));
    log += test::Gt3xTestWriter::record(0x06, 1005, QByteArray(8, '\0'));
    put("gt3x", "log.gt3x", zipOf({{"info.txt", info}, {"log.bin", log}}));
    put("gt3x", "activity.gt3x",
        zipOf({{"info.txt", info + "Acceleration Scale: 256.0\r\n"},
               {"activity.bin", QByteArray(36, '\x10')}}));
    put("gt3x_log", "log.bin", QByteArray(1, '\x05') + log);
    put("gt3x_log", "log-whole.bin", QByteArray(1, '\xff') + log);

    QByteArray bin = "Device Identity\r\nDevice Unique Serial Code:1\r\nDevice Type:GENEActiv\r\n"
                     "Calibration Data\r\nx gain:25600\r\nx offset:0\r\ny gain:25600\r\n"
                     "y offset:0\r\nz gain:25600\r\nz offset:0\r\nVolts:300\r\nLux:800\r\n"
                     "Memory Status\r\nNumber of Pages:2\r\n";
    for (int page = 0; page < 2; ++page) {
        bin += "Recorded Data\r\nDevice Unique Serial Code:1\r\nSequence Number:" +
               QByteArray::number(page) + "\r\nPage Time:2019-05-21 16:16:4" +
               QByteArray::number(3 + 3 * page) +
               ":500\r\nTemperature:25.0\r\nMeasurement Frequency:100 Hz\r\n";
        for (int s = 0; s < 300; ++s)
            bin += "100100100000";
        bin += "\r\n";
    }
    put("geneactiv", "two-pages.bin", bin);
}

void writeProjectAndLabelSeeds()
{
    Project project = test::demoProjectOfSubjects(1, 4.0, 1);
    const QString kmk = g_out.filePath(QStringLiteral("tmp.kmk"));
    ProjectFile::save(project, kmk);
    put("project", "demo.kmk", readBack(kmk));
    QFile::remove(kmk);
    ProjectFile::save(Project(), kmk);
    put("project", "empty.kmk", readBack(kmk));
    QFile::remove(kmk);
    // A recording with attached videos, so that the fuzzer reaches their reader.
    {
        Project withVideos = test::demoProjectOfSubjects(1, 1.0, 2);
        VideoAttachment video;
        video.path = QStringLiteral("videos/visit.mp4");
        video.offsetS = 12.5;
        video.driftPpm = 40;
        video.sizeBytes = 1234;
        video.hash = QStringLiteral("00ff");
        VideoAttachment second = video;
        second.path = QStringLiteral("/media/cam/side.mkv");
        withVideos.setVideos(withVideos.recordings.front()->id, {video, second});
        ProjectFile::save(withVideos, kmk);
        put("project", "videos.kmk", readBack(kmk));
        QFile::remove(kmk);
    }

    const Recording& recording = *project.recordings.front();
    const AnnotationTrack* truth = recording.groundTruth();
    const LabelSet labelSet = LabelSet::builtin(QStringLiteral("harth"));
    const QString tmp = g_out.filePath(QStringLiteral("tmp.txt"));
    if (truth) {
        SegmentCsvFormat::write(*truth, labelSet, recording.sampleRateHz, tmp);
        put("segment_csv", "demo.csv", QByteArray(1, '\0') + readBack(tmp));
        put("segment_csv", "demo-clip.csv", QByteArray(1, '\1') + readBack(tmp));
        ElanFormat::write({truth}, labelSet, recording.sampleRateHz, recording.id, tmp);
        put("elan", "demo.eaf", QByteArray(1, '\0') + readBack(tmp));
        SampleLabelColumnFormat::write(*truth, int64_t(recording.sampleCount()), tmp);
        put("label_csv", "demo.csv", QByteArray(1, '\0') + readBack(tmp));
        QFile::remove(tmp);
    }

    // HARTH CSV and the generic CSV (first byte 'd': named columns, a time
    // column read as it comes, a label column) from the same recording.
    QByteArray harth = "timestamp,back_x,back_y,back_z,thigh_x,thigh_y,thigh_z,label\n";
    QByteArray csv = "time,x,y,z,label\n";
    const size_t rows = std::min<size_t>(recording.sampleCount(), 200);
    for (size_t i = 0; i < rows; ++i) {
        const QByteArray time =
            "2019-01-12 00:00:" + QByteArray::number(double(i) / recording.sampleRateHz, 'f', 3);
        const int32_t label = truth ? truth->classAt(int64_t(i)) : 1;
        QByteArray values;
        for (size_t c = 0; c < 6; ++c)
            values += ',' + QByteArray::number(
                                recording.channel(c % recording.channelCount()).samples[i], 'g', 6);
        harth += time + values + ',' + QByteArray::number(label) + '\n';
        csv +=
            QByteArray::number(double(i) / recording.sampleRateHz, 'f', 3) + ',' +
            QByteArray::number(recording.channel(0).samples[i], 'g', 6) + ',' +
            QByteArray::number(recording.channel(1 % recording.channelCount()).samples[i], 'g', 6) +
            ",1.0," + QByteArray::number(label) + '\n';
    }
    put("harth", "demo.csv", harth);
    put("csv", "demo.csv", 'd' + csv);
}

void writeModelSeeds()
{
    ModelFile model;
    model.kind = ModelRegistry::ids().front();
    model.hyperparameters = ModelRegistry::resolve(model.kind, {});
    model.classIds = {1, 2, 3};
    model.classNames = {QStringLiteral("walking"), QStringLiteral("running"),
                        QStringLiteral("shuffling")};
    model.labelSetId = QStringLiteral("harth");
    model.channelNames = {QStringLiteral("back_x"), QStringLiteral("back_y"),
                          QStringLiteral("back_z")};
    model.created = QStringLiteral("2026-01-01T00:00:00Z");
    TensorArchive weights;
    TensorArchive::Entry w;
    w.name = QStringLiteral("head.weight");
    w.shape = {3, 4};
    w.data = QByteArray(12 * 4, '\0');
    weights.entries.push_back(w);
    TensorArchive::Entry step;
    step.name = QStringLiteral("optimizer.step");
    step.dtype = TensorArchive::DType::Int64;
    step.data = QByteArray(8, '\1');
    weights.entries.push_back(step);
    put("tensor_archive", "small.weights", weights.toBytes());
    model.weights = weights.toBytes();
    try {
        put("model", "small.kmodel", model.toBytes());
    } catch (const std::exception& e) {
        // A model whose weights do not fit its kind: the archive seed still stands.
        std::fprintf(stderr, "model seed: %s\n", e.what());
    }
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <corpus folder>\n", argv[0]);
        return 2;
    }
    g_out = QDir(QString::fromLocal8Bit(argv[1]));
    g_out.mkpath(QStringLiteral("."));
    writeDeviceSeeds();
    writeProjectAndLabelSeeds();
    writeModelSeeds();
    return 0;
}
