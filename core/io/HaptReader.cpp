#include "core/io/HaptReader.h"

#include "core/base/FormatError.h"
#include "core/io/ColumnMapping.h"
#include "core/io/DelimitedTextReader.h"
#include "core/io/TextChunkParser.h"
#include "core/labels/ClassIdField.h"
#include "core/model/LabelSet.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <thread>
#include <utility>

namespace kinemark {

namespace {

constexpr double kHaptRateHz = 50.0;
const char* const kDevice = "Samsung Galaxy S II";

struct ExperimentFiles
{
    int experiment = 0;
    int user = 0;
    QString id; // "exp01_user01", as the file names spell it
    QString accPath;
    QString gyroPath;
};

// One row of labels.txt: "experiment user activity start end".
struct LabelRow
{
    qint64 line = 0;
    int activity = 0;
    int64_t start = 0; // as in the file: 1-based, inclusive
    int64_t end = 0;
};

using ExperimentKey = std::pair<int, int>; // experiment, user

QString rawFolderOf(const QString& folder)
{
    const QDir dir(folder);
    if (QFileInfo(dir.filePath(QStringLiteral("RawData/labels.txt"))).isFile())
        return dir.filePath(QStringLiteral("RawData"));
    if (QFileInfo(dir.filePath(QStringLiteral("labels.txt"))).isFile())
        return dir.path();
    return QString();
}

std::map<ExperimentKey, ExperimentFiles> findExperiments(const QString& raw)
{
    static const QRegularExpression pattern(
        QStringLiteral("^(acc|gyro)_exp(\\d+)_user(\\d+)\\.txt$"));
    std::map<ExperimentKey, ExperimentFiles> experiments;
    const QDir dir(raw);
    for (const QString& name : dir.entryList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name)) {
        const QRegularExpressionMatch m = pattern.match(name);
        if (!m.hasMatch())
            continue;
        const ExperimentKey key{m.captured(2).toInt(), m.captured(3).toInt()};
        ExperimentFiles& e = experiments[key];
        e.experiment = key.first;
        e.user = key.second;
        e.id = QStringLiteral("exp%1_user%2").arg(m.captured(2), m.captured(3));
        (m.captured(1) == QLatin1String("acc") ? e.accPath : e.gyroPath) = dir.filePath(name);
    }
    for (const auto& entry : experiments) {
        const ExperimentFiles& e = entry.second;
        if (e.gyroPath.isEmpty()) {
            throw FormatError(e.accPath, QStringLiteral("no matching gyroscope file gyro_%1.txt "
                                                        "beside it")
                                             .arg(e.id));
        }
        if (e.accPath.isEmpty()) {
            throw FormatError(e.gyroPath, QStringLiteral("no matching accelerometer file "
                                                         "acc_%1.txt beside it")
                                              .arg(e.id));
        }
    }
    return experiments;
}

// A field for a message: control characters (a NUL in a damaged file) as \xNN.
QString printable(const QByteArray& field)
{
    QString shown;
    for (char c : field)
        shown += uchar(c) < 0x20 || uchar(c) == 0x7f
                     ? QStringLiteral("\\x%1").arg(uchar(c), 2, 16, QLatin1Char('0'))
                     : QString(QLatin1Char(c));
    return shown;
}

std::map<ExperimentKey, std::vector<LabelRow>> readLabels(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw FormatError(path, QStringLiteral("cannot open: %1").arg(file.errorString()));
    const QList<QByteArray> lines = file.readAll().split('\n');
    std::map<ExperimentKey, std::vector<LabelRow>> labels;
    const LabelSet hapt = LabelSet::builtin(QStringLiteral("hapt"));
    static const char* const kFields[] = {"experiment", "user", "activity", "start", "end"};
    for (int i = 0; i < lines.size(); ++i) {
        const QByteArray text = lines[i].simplified();
        if (text.isEmpty())
            continue;
        const qint64 line = i + 1;
        const QList<QByteArray> fields = text.split(' ');
        if (fields.size() != 5) {
            throw FormatError(path,
                              QStringLiteral("expected 5 fields (experiment user activity start "
                                             "end), found %1")
                                  .arg(fields.size()),
                              line, std::min<int>(int(fields.size()), 5) + 1);
        }
        int64_t values[5];
        for (int f = 0; f < 5; ++f) {
            // Digits only: toLongLong stops at a NUL, so "1\0" would read as 1.
            bool ok = !fields[f].isEmpty() && fields[f].size() <= 18 &&
                      std::all_of(fields[f].begin(), fields[f].end(),
                                  [](char c) { return c >= '0' && c <= '9'; });
            values[f] = ok ? fields[f].toLongLong(&ok) : 0;
            if (!ok || values[f] < 1) {
                throw FormatError(path,
                                  QStringLiteral("'%1' is not a positive integer (the %2)")
                                      .arg(printable(fields[f]), kFields[f]),
                                  line, f + 1);
            }
        }
        if (values[4] < values[3]) {
            throw FormatError(path,
                              QStringLiteral("the segment ends (%1) before it starts (%2)")
                                  .arg(values[4])
                                  .arg(values[3]),
                              line, 5);
        }
        if (values[2] > INT32_MAX || !hapt.find(int32_t(values[2])))
            throw FormatError(path,
                              QStringLiteral("activity %1 is not in the HAPT label set (known "
                                             "ids: %2)")
                                  .arg(values[2])
                                  .arg(ClassIdField::knownIds(hapt)),
                              line, 3);
        labels[{int(values[0]), int(values[1])}].push_back(
            LabelRow{line, int(values[2]), values[3], values[4]});
    }
    return labels;
}

// The label index convention, settled against the data (HAPT v2.1, the 42
// experiments here): labels.txt counts samples from 1 and its end index is
// inclusive, as in the dataset's MATLAB tools. Evidence: of the 807 pairs of
// consecutive segments, 452 touch with start == previous end + 1 and none with
// start == previous end, so ends are inclusive (half-open ends would make
// every touching pair overlap or leave a one-sample hole); no segment starts at
// 0, and with inclusive 1-based ends the largest end index never exceeds the
// row count (the closest is 631 samples before it). So a row (start, end)
// becomes the 0-based half-open segment [start - 1, end), and a segment may
// end exactly at the last sample (end == rows) but not beyond it.
AnnotationTrack groundTruthOf(const ExperimentFiles& e, std::vector<LabelRow> rows,
                              int64_t sampleCount, const QString& labelsPath)
{
    std::stable_sort(rows.begin(), rows.end(),
                     [](const LabelRow& a, const LabelRow& b) { return a.start < b.start; });
    AnnotationTrack track(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth,
                          QStringLiteral("hapt"));
    const LabelRow* previous = nullptr;
    for (const LabelRow& row : rows) {
        if (row.end > sampleCount) {
            throw FormatError(labelsPath,
                              QStringLiteral("the segment of experiment %1 (user %2) ends at "
                                             "sample %3, beyond the %4 samples of %5")
                                  .arg(e.experiment)
                                  .arg(e.user)
                                  .arg(row.end)
                                  .arg(sampleCount)
                                  .arg(e.id),
                              row.line, 5);
        }
        if (previous && row.start <= previous->end) {
            const LabelRow& later = row.line > previous->line ? row : *previous;
            const LabelRow& earlier = row.line > previous->line ? *previous : row;
            throw FormatError(labelsPath,
                              QStringLiteral("the segment %1-%2 of experiment %3 (user %4) "
                                             "overlaps the segment %5-%6 on line %7")
                                  .arg(later.start)
                                  .arg(later.end)
                                  .arg(e.experiment)
                                  .arg(e.user)
                                  .arg(earlier.start)
                                  .arg(earlier.end)
                                  .arg(earlier.line),
                              later.line, 4);
        }
        track.append(Segment{row.start - 1, row.end, row.activity, QString(), 0});
        previous = &row;
    }
    return track;
}

Recording readSignals(const QString& path, const QString& id, const QString& quantity,
                      const JobControl* job)
{
    ColumnMapping mapping;
    mapping.delimiter = ' ';
    mapping.hasHeader = false;
    mapping.sampleRateHz = kHaptRateHz;
    ColumnMapping::SensorColumns s;
    s.sensor = QStringLiteral("waist");
    s.quantity = quantity;
    s.columns = QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")};
    mapping.sensors.push_back(s);
    mapping.recordingId = id;
    return DelimitedTextReader::read(path, mapping, nullptr, job);
}

Recording readExperiment(const ExperimentFiles& e, std::vector<LabelRow> segments,
                         const QString& labelsPath, const JobControl* job)
{
    Recording recording = readSignals(e.accPath, e.id, QStringLiteral("acc"), job);
    Recording gyro = readSignals(e.gyroPath, e.id, QStringLiteral("gyro"), job);
    const size_t rows = recording.sampleCount();
    const size_t gyroRows = gyro.sampleCount();
    if (gyroRows != rows) {
        throw FormatError(e.gyroPath,
                          QStringLiteral("has %1 rows but %2 has %3; the two must have one "
                                         "row per sample each")
                              .arg(gyroRows)
                              .arg(QFileInfo(e.accPath).fileName())
                              .arg(rows),
                          qint64(std::min(rows, gyroRows)) + 1);
    }
    Sensor& waist = recording.sensors.front();
    waist.device = QString::fromLatin1(kDevice);
    for (Channel& channel : gyro.sensors.front().channels)
        waist.channels.push_back(std::move(channel));

    recording.subjectId = QString::number(e.user);
    recording.sampleRateHz = kHaptRateHz;
    recording.startTimeUs = 0; // HAPT does not record when an experiment took place
    recording.labelSetId = QStringLiteral("hapt");
    recording.source = e.accPath;
    recording.metadata.insert(QStringLiteral("experiment"), QString::number(e.experiment));
    recording.metadata.insert(QStringLiteral("user"), QString::number(e.user));
    recording.metadata.insert(QStringLiteral("gyro_source"), e.gyroPath);
    recording.tracks.push_back(groundTruthOf(e, std::move(segments), int64_t(rows), labelsPath));
    return recording;
}

} // namespace

std::vector<Recording> HaptReader::readFolder(const QString& folder, ReadReport* report,
                                              const JobControl* job)
{
    const QString raw = rawFolderOf(folder);
    if (raw.isEmpty()) {
        throw FormatError(folder,
                          QStringLiteral("not a HAPT raw folder: neither RawData/labels.txt "
                                         "nor labels.txt is in it"));
    }
    const std::map<ExperimentKey, ExperimentFiles> experiments = findExperiments(raw);
    if (experiments.empty()) {
        throw FormatError(raw, QStringLiteral("no acc_expXX_userYY.txt / gyro_expXX_userYY.txt "
                                              "files in it"));
    }
    const QString labelsPath = QDir(raw).filePath(QStringLiteral("labels.txt"));
    std::map<ExperimentKey, std::vector<LabelRow>> labels = readLabels(labelsPath);
    QStringList warnings; // reported only when the folder was read
    for (const auto& entry : labels) {
        if (experiments.count(entry.first) == 0) {
            warnings << QStringLiteral("%1:%2: no raw files for experiment %3 of user %4; "
                                       "its segments are skipped")
                            .arg(labelsPath)
                            .arg(entry.second.front().line)
                            .arg(entry.first.first)
                            .arg(entry.first.second);
        }
    }

    // Experiments are read in parallel, one per worker at a time (each file is
    // only ~1 MB, too small to be split further). Workers take experiments in
    // order, so when one fails every earlier one has been read too, and the
    // error reported is the first in experiment order, as a sequential read
    // would report it.
    std::vector<const ExperimentFiles*> order;
    std::vector<std::vector<LabelRow>> segments;
    for (const auto& entry : experiments) {
        order.push_back(&entry.second);
        auto found = labels.find(entry.first);
        segments.push_back(found == labels.end() ? std::vector<LabelRow>()
                                                 : std::move(found->second));
    }
    const size_t count = order.size();
    std::vector<Recording> recordings(count);
    std::vector<std::exception_ptr> errors(count);
    std::atomic<size_t> next{0};
    std::atomic<size_t> done{0};
    std::atomic<bool> failed{false};
    JobControl part; // cancellation only: progress is reported here, from the calling thread
    if (job)
        part.cancelRequested = job->cancelRequested;
    const std::thread::id caller = std::this_thread::get_id();
    auto work = [&]() {
        for (;;) {
            const size_t i = next.fetch_add(1);
            if (i >= count || failed.load())
                return;
            try {
                recordings[i] =
                    readExperiment(*order[i], std::move(segments[i]), labelsPath, &part);
            } catch (...) {
                errors[i] = std::current_exception();
                failed = true;
            }
            const size_t finished = done.fetch_add(1) + 1;
            if (std::this_thread::get_id() == caller) {
                reportProgress(job, double(finished) / double(count),
                               QStringLiteral("HAPT experiment %1 of %2").arg(finished).arg(count));
            }
        }
    };
    const int threads = std::min<int>(TextChunkParser::defaultThreadCount(), int(count));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (std::thread& t : pool)
        t.join();
    for (const std::exception_ptr& error : errors) {
        if (error)
            std::rethrow_exception(error);
    }
    throwIfCancelled(job);
    if (report)
        report->warnings += warnings;
    reportProgress(job, 1.0);
    return recordings;
}

bool HaptReader::looksLikeHaptFolder(const QString& folder)
{
    const QString raw = rawFolderOf(folder);
    if (raw.isEmpty())
        return false;
    static const QRegularExpression pattern(QStringLiteral("^acc_exp\\d+_user\\d+\\.txt$"));
    const QStringList names =
        QDir(raw).entryList({QStringLiteral("acc_exp*_user*.txt")}, QDir::Files);
    return std::any_of(names.begin(), names.end(),
                       [](const QString& n) { return pattern.match(n).hasMatch(); });
}

} // namespace kinemark
