#include "core/project/ProjectFile.h"

#include "core/base/AtomicFileWriter.h"
#include "core/base/FormatError.h"
#include "core/project/Hdf5File.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <future>
#include <new>
#include <stdexcept>
#include <unistd.h>

// Layout: docs/project-format.md. In short:
//   /                      format, format_version, writer, name, metadata
//   /label_sets/<nn>       LabelSet JSON text (attribute id); group attribute count
//   /recordings/<nnnn>     recording attributes; group attribute count
//       sensors/<nn>       name, device, channel_count; datasets <nn> = channels
//       tracks/<nn>        name, kind, label_set; start, end, class_id, edited_ms,
//                          author (index into authors), authors
//         probabilities/   optional: start, step, rows; class_ids, values (rows x classes)
//   /models/<nn>           optional: id, kind; summary (JSON text), data (the .kmodel bytes)
//   /results/<nn>          optional: id, kind, model, created; result (JSON text)
// Containers say how many members they have (`count`), so that a member that
// went missing is an error rather than silently less data. Members and
// attributes a reader does not know are ignored, which leaves room for later
// additions (results, ...) without a new version; probabilities and models were
// added that way, so files written before them open with none.

namespace kinemark {

namespace {

const QString kFormatName = QStringLiteral("kinemark-project");

QString writerName()
{
#ifdef KINEMARK_VERSION
    return QStringLiteral("Kinemark " KINEMARK_VERSION);
#else
    const QString version = QCoreApplication::applicationVersion();
    return version.isEmpty() ? QStringLiteral("Kinemark") : QStringLiteral("Kinemark ") + version;
#endif
}

// Member names: the index in decimal, zero-padded so that HDF5's name order
// (which h5py and h5dump show) is the index order.
QString memberName(size_t index, int width)
{
    return QStringLiteral("%1").arg(qulonglong(index), width, 10, QLatin1Char('0'));
}
constexpr int kRecordingWidth = 4;
constexpr int kMemberWidth = 2;

QString mapToJson(const QMap<QString, QString>& map)
{
    QJsonObject object;
    for (auto it = map.begin(); it != map.end(); ++it)
        object.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QMap<QString, QString> mapFromJson(const Hdf5Object& owner, const QString& attribute)
{
    const QString text = owner.stringAttribute(attribute);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (doc.isNull() || !doc.isObject())
        throw owner.error(QStringLiteral("attribute '%1' is not a JSON object (%2)")
                              .arg(attribute, doc.isNull()
                                                  ? parseError.errorString()
                                                  : QStringLiteral("found another JSON value")));
    QMap<QString, QString> map;
    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString())
            throw owner.error(QStringLiteral("attribute '%1': value of '%2' is not a string")
                                  .arg(attribute, it.key()));
        map.insert(it.key(), it.value().toString());
    }
    return map;
}

// The member count of a container group, checked for sanity.
size_t memberCount(const Hdf5Group& group, const QString& attribute = QStringLiteral("count"))
{
    const int64_t n = group.intAttribute(attribute);
    if (n < 0 || n > 100000000)
        throw group.error(
            QStringLiteral("attribute '%1' (%2) is not a valid count").arg(attribute).arg(n));
    return size_t(n);
}

QString describeErrno(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Reports bytes done / total through the job, and checks for cancel each time.
class ByteProgress
{
public:
    ByteProgress(const JobControl* job, uint64_t total) : m_job(job), m_total(total) {}
    void setWhat(const QString& what) { m_what = what; }
    void setBase(uint64_t base) { m_base = base; }
    uint64_t base() const { return m_base; }
    // `done` bytes of the current item (added to the base). Checks for cancel
    // on every call but reports only every 0.5% or so: a week is ~2800
    // chunks, and each report may become a queued signal to the GUI.
    void report(uint64_t done)
    {
        throwIfCancelled(m_job);
        const double fraction =
            m_total > 0 ? std::min(1.0, double(m_base + done) / double(m_total)) : 0.0;
        if (fraction - m_reported < 0.005 && fraction < 1.0 && m_reported >= 0)
            return;
        m_reported = fraction;
        reportProgress(m_job, fraction, m_what);
    }

private:
    const JobControl* m_job;
    uint64_t m_total;
    uint64_t m_base = 0;
    double m_reported = -1;
    QString m_what;
};

// ---------------------------------------------------------------------------------------------
// Writing

void writeTrack(Hdf5Group& group, const AnnotationTrack& track)
{
    group.setStringAttribute(QStringLiteral("name"), track.name());
    group.setStringAttribute(QStringLiteral("kind"), AnnotationTrack::kindName(track.kind()));
    group.setStringAttribute(QStringLiteral("label_set"), track.labelSetId());

    const std::vector<Segment>& segments = track.segments();
    const size_t n = segments.size();
    std::vector<int64_t> starts(n), ends(n), edited(n);
    std::vector<int32_t> classes(n), authorIndex(n);
    // Authors are few and repeat on every segment: a table plus an index.
    QStringList authors;
    QHash<QString, int32_t> authorIds;
    for (size_t i = 0; i < n; ++i) {
        const Segment& s = segments[i];
        starts[i] = s.start;
        ends[i] = s.end;
        classes[i] = s.classId;
        edited[i] = s.editedMs;
        auto it = authorIds.find(s.author);
        if (it == authorIds.end()) {
            it = authorIds.insert(s.author, int32_t(authors.size()));
            authors << s.author;
        }
        authorIndex[i] = it.value();
    }
    group.writeInt64s(QStringLiteral("start"), starts.data(), n);
    group.writeInt64s(QStringLiteral("end"), ends.data(), n);
    group.writeInt32s(QStringLiteral("class_id"), classes.data(), n);
    group.writeInt64s(QStringLiteral("edited_ms"), edited.data(), n);
    group.writeInt32s(QStringLiteral("author"), authorIndex.data(), n);
    group.writeStrings(QStringLiteral("authors"), authors);
}

// A prediction track's class probabilities, in the track's group: the rows
// as one row-major float32 array (compressed like channels once large).
void writeProbabilities(Hdf5Group& group, const ClassProbabilities& probabilities)
{
    group.setIntAttribute(QStringLiteral("start"), probabilities.start);
    group.setIntAttribute(QStringLiteral("step"), probabilities.step);
    group.setIntAttribute(QStringLiteral("rows"), int64_t(probabilities.rowCount()));
    group.writeInt32s(QStringLiteral("class_ids"), probabilities.classIds.data(),
                      probabilities.classIds.size());
    group.writeFloats(QStringLiteral("values"), probabilities.values.data(),
                      probabilities.values.size());
}

void writeModel(Hdf5Group& group, const StoredModel& model)
{
    group.setStringAttribute(QStringLiteral("id"), model.id);
    group.setStringAttribute(QStringLiteral("kind"), model.kind);
    // Text datasets rather than attributes: a summary with per-class metrics
    // of many classes may outgrow the 64 KiB of an old-style attribute.
    group.writeText(QStringLiteral("summary"),
                    QString::fromUtf8(QJsonDocument(model.summary).toJson(QJsonDocument::Compact)));
    group.writeBytes(QStringLiteral("data"), model.data);
}

void writeResult(Hdf5Group& group, const StoredResult& result)
{
    group.setStringAttribute(QStringLiteral("id"), result.id);
    group.setStringAttribute(QStringLiteral("kind"), result.kind);
    group.setStringAttribute(QStringLiteral("model"), result.model);
    group.setStringAttribute(QStringLiteral("created"), result.created);
    // A text dataset: a cross-validation with per-subject metrics of every fold
    // is far beyond an attribute's 64 KiB.
    group.writeText(QStringLiteral("result"),
                    QString::fromUtf8(QJsonDocument(result.result).toJson(QJsonDocument::Compact)));
}

void writeRecording(Hdf5Group& group, const Recording& recording, ByteProgress& progress)
{
    group.setStringAttribute(QStringLiteral("id"), recording.id);
    group.setStringAttribute(QStringLiteral("subject"), recording.subjectId);
    group.setDoubleAttribute(QStringLiteral("sample_rate_hz"), recording.sampleRateHz);
    group.setIntAttribute(QStringLiteral("start_time_us"), recording.startTimeUs);
    group.setStringAttribute(QStringLiteral("label_set"), recording.labelSetId);
    group.setStringAttribute(QStringLiteral("source"), recording.source);
    group.setStringAttribute(QStringLiteral("metadata"), mapToJson(recording.metadata));
    group.setIntAttribute(QStringLiteral("sample_count"), int64_t(recording.sampleCount()));

    progress.setWhat(QCoreApplication::translate("ProjectFile", "Saving %1").arg(recording.id));
    Hdf5Group sensors = group.createGroup(QStringLiteral("sensors"));
    sensors.setIntAttribute(QStringLiteral("count"), int64_t(recording.sensors.size()));
    for (size_t i = 0; i < recording.sensors.size(); ++i) {
        const Sensor& sensor = recording.sensors[i];
        Hdf5Group sensorGroup = sensors.createGroup(memberName(i, kMemberWidth));
        sensorGroup.setStringAttribute(QStringLiteral("name"), sensor.name);
        sensorGroup.setStringAttribute(QStringLiteral("device"), sensor.device);
        sensorGroup.setIntAttribute(QStringLiteral("channel_count"),
                                    int64_t(sensor.channels.size()));
        for (size_t c = 0; c < sensor.channels.size(); ++c) {
            const Channel& channel = sensor.channels[c];
            Hdf5Dataset dataset = sensorGroup.writeFloats(
                memberName(c, kMemberWidth), channel.samples.data(), channel.samples.size(), {},
                [&](size_t done) { progress.report(uint64_t(done) * sizeof(float)); });
            dataset.setStringAttribute(QStringLiteral("name"), channel.name);
            dataset.setStringAttribute(QStringLiteral("quantity"), channel.quantity);
            dataset.setStringAttribute(QStringLiteral("unit"), channel.unit);
            progress.setBase(progress.base() + channel.samples.size() * sizeof(float));
        }
    }

    Hdf5Group tracks = group.createGroup(QStringLiteral("tracks"));
    tracks.setIntAttribute(QStringLiteral("count"), int64_t(recording.tracks.size()));
    for (size_t t = 0; t < recording.tracks.size(); ++t) {
        Hdf5Group trackGroup = tracks.createGroup(memberName(t, kMemberWidth));
        writeTrack(trackGroup, recording.tracks[t]);
        const auto probabilities = recording.probabilities.constFind(recording.tracks[t].name());
        if (probabilities != recording.probabilities.constEnd()) {
            Hdf5Group probabilityGroup = trackGroup.createGroup(QStringLiteral("probabilities"));
            writeProbabilities(probabilityGroup, probabilities.value());
        }
        progress.report(0);
    }
}

void writeProject(Hdf5File& file, const Project& project, ByteProgress& progress)
{
    Hdf5Group root = file.root();
    root.setStringAttribute(QStringLiteral("format"), kFormatName);
    root.setIntAttribute(QStringLiteral("format_version"), ProjectFile::kFormatVersion);
    root.setStringAttribute(QStringLiteral("writer"), writerName());
    root.setStringAttribute(QStringLiteral("name"), project.name);
    root.setStringAttribute(QStringLiteral("metadata"), mapToJson(project.metadata));

    Hdf5Group labelSets = root.createGroup(QStringLiteral("label_sets"));
    labelSets.setIntAttribute(QStringLiteral("count"), int64_t(project.labelSets.size()));
    for (size_t i = 0; i < project.labelSets.size(); ++i) {
        const LabelSet& set = project.labelSets[i];
        Hdf5Dataset text =
            labelSets.writeText(memberName(i, kMemberWidth), QString::fromUtf8(set.toJson()));
        text.setStringAttribute(QStringLiteral("id"), set.id);
    }

    Hdf5Group recordings = root.createGroup(QStringLiteral("recordings"));
    recordings.setIntAttribute(QStringLiteral("count"), int64_t(project.recordings.size()));
    for (size_t i = 0; i < project.recordings.size(); ++i) {
        Hdf5Group group = recordings.createGroup(memberName(i, kRecordingWidth));
        writeRecording(group, *project.recordings[i], progress);
    }

    Hdf5Group models = root.createGroup(QStringLiteral("models"));
    models.setIntAttribute(QStringLiteral("count"), int64_t(project.models.size()));
    for (size_t i = 0; i < project.models.size(); ++i) {
        Hdf5Group group = models.createGroup(memberName(i, kMemberWidth));
        writeModel(group, project.models[i]);
        progress.report(0);
    }

    Hdf5Group results = root.createGroup(QStringLiteral("results"));
    results.setIntAttribute(QStringLiteral("count"), int64_t(project.results.size()));
    for (size_t i = 0; i < project.results.size(); ++i) {
        Hdf5Group group = results.createGroup(memberName(i, kMemberWidth));
        writeResult(group, project.results[i]);
        progress.report(0);
    }
}

// Where the bytes go: the target itself, or what it links to, so that saving
// through a symbolic link updates the linked file rather than replacing the link.
QString resolveTarget(const QString& path)
{
    const QFileInfo info(path);
    if (info.isSymLink()) {
        const QString target = info.symLinkTarget();
        if (!target.isEmpty())
            return target;
    }
    return info.absoluteFilePath();
}

// ---------------------------------------------------------------------------------------------
// Reading

struct PendingChannel
{
    Hdf5Dataset dataset;
    std::vector<float>* samples;
    QString what;
};

AnnotationTrack readTrack(const Hdf5Group& group, size_t sampleCount)
{
    AnnotationTrack::Kind kind;
    const QString kindName = group.stringAttribute(QStringLiteral("kind"));
    if (!AnnotationTrack::kindFromName(kindName, &kind))
        throw group.error(QStringLiteral("attribute 'kind' has unknown value '%1'").arg(kindName));
    AnnotationTrack track(group.stringAttribute(QStringLiteral("name")), kind,
                          group.stringAttribute(QStringLiteral("label_set")));

    const Hdf5Dataset startSet = group.dataset(QStringLiteral("start"));
    const size_t n = startSet.size();
    const auto checkedSize = [&](const Hdf5Dataset& d) {
        if (d.size() != n)
            throw d.error(QStringLiteral("has %1 values, but 'start' has %2").arg(d.size()).arg(n));
        return d;
    };
    const std::vector<int64_t> starts = startSet.readInt64s();
    const std::vector<int64_t> ends =
        checkedSize(group.dataset(QStringLiteral("end"))).readInt64s();
    const std::vector<int32_t> classes =
        checkedSize(group.dataset(QStringLiteral("class_id"))).readInt32s();
    const std::vector<int64_t> edited =
        checkedSize(group.dataset(QStringLiteral("edited_ms"))).readInt64s();
    const Hdf5Dataset authorSet = checkedSize(group.dataset(QStringLiteral("author")));
    const std::vector<int32_t> authorIndex = authorSet.readInt32s();
    const QStringList authors = group.dataset(QStringLiteral("authors")).readStrings();

    std::vector<Segment> segments(n);
    for (size_t i = 0; i < n; ++i) {
        Segment& s = segments[i];
        s.start = starts[i];
        s.end = ends[i];
        s.classId = classes[i];
        s.editedMs = edited[i];
        const int32_t a = authorIndex[i];
        if (a < 0 || a >= authors.size())
            throw authorSet.error(QStringLiteral("segment %1 refers to author %2, but 'authors' "
                                                 "has %3 entries")
                                      .arg(i)
                                      .arg(a)
                                      .arg(authors.size()));
        s.author = authors[a];
    }
    const QString problem = AnnotationTrack::checkInvariant(segments);
    if (!problem.isEmpty())
        throw group.error(QStringLiteral("track '%1': %2").arg(track.name(), problem));
    if (n > 0 && segments.back().end > int64_t(sampleCount))
        throw group.error(QStringLiteral("track '%1': segment %2 ends at sample %3, after the end "
                                         "of the recording (%4 samples)")
                              .arg(track.name())
                              .arg(n - 1)
                              .arg(segments.back().end)
                              .arg(sampleCount));
    track.setSegments(std::move(segments));
    return track;
}

ClassProbabilities readProbabilities(const Hdf5Group& group, size_t sampleCount)
{
    ClassProbabilities p;
    p.start = group.intAttribute(QStringLiteral("start"));
    p.step = group.intAttribute(QStringLiteral("step"));
    const int64_t rows = group.intAttribute(QStringLiteral("rows"));
    p.classIds = group.dataset(QStringLiteral("class_ids")).readInt32s();
    const Hdf5Dataset values = group.dataset(QStringLiteral("values"));
    const size_t classes = p.classIds.size();
    if (classes == 0)
        throw group.error(QStringLiteral("'class_ids' is empty"));
    if (rows < 0 || values.size() % classes != 0 || uint64_t(rows) != values.size() / classes)
        throw values.error(QStringLiteral("has %1 values, but rows x classes is %2 x %3")
                               .arg(values.size())
                               .arg(rows)
                               .arg(classes));
    p.values.resize(values.size());
    values.readFloats(p.values.data(), p.values.size());
    const QString problem = p.checkConsistency(int64_t(sampleCount));
    if (!problem.isEmpty())
        throw group.error(problem);
    return p;
}

StoredModel readModel(const Hdf5Group& group)
{
    StoredModel m;
    m.id = group.stringAttribute(QStringLiteral("id"));
    m.kind = group.stringAttribute(QStringLiteral("kind"));
    if (m.id.isEmpty() || m.kind.isEmpty())
        throw group.error(QStringLiteral("attribute 'id' or 'kind' is empty"));
    const Hdf5Dataset summary = group.dataset(QStringLiteral("summary"));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(summary.readText().toUtf8(), &parseError);
    if (!doc.isObject())
        throw summary.error(QStringLiteral("is not a JSON object (%1)")
                                .arg(doc.isNull() ? parseError.errorString()
                                                  : QStringLiteral("found another JSON value")));
    m.summary = doc.object();
    const Hdf5Dataset data = group.dataset(QStringLiteral("data"));
    m.data = data.readBytes();
    if (m.data.isEmpty())
        throw data.error(QStringLiteral("is empty: a stored model needs its .kmodel bytes"));
    return m;
}

StoredResult readResult(const Hdf5Group& group)
{
    StoredResult r;
    r.id = group.stringAttribute(QStringLiteral("id"));
    r.kind = group.stringAttribute(QStringLiteral("kind"));
    if (r.id.isEmpty() || r.kind.isEmpty())
        throw group.error(QStringLiteral("attribute 'id' or 'kind' is empty"));
    r.model = group.stringAttribute(QStringLiteral("model"));
    r.created = group.stringAttribute(QStringLiteral("created"));
    const Hdf5Dataset text = group.dataset(QStringLiteral("result"));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text.readText().toUtf8(), &parseError);
    if (!doc.isObject())
        throw text.error(QStringLiteral("is not a JSON object (%1)")
                             .arg(doc.isNull() ? parseError.errorString()
                                               : QStringLiteral("found another JSON value")));
    r.result = doc.object();
    return r;
}

// Reads a recording's attributes, sensors and tracks; channel data is only
// checked for size here and queued in `pending`, to be read in one go with
// progress over all recordings.
std::shared_ptr<Recording> readRecording(const Hdf5Group& group,
                                         std::vector<PendingChannel>& pending)
{
    auto recording = std::make_shared<Recording>();
    Recording& r = *recording;
    r.id = group.stringAttribute(QStringLiteral("id"));
    r.subjectId = group.stringAttribute(QStringLiteral("subject"));
    r.sampleRateHz = group.doubleAttribute(QStringLiteral("sample_rate_hz"));
    if (!std::isfinite(r.sampleRateHz) || !(r.sampleRateHz > 0))
        throw group.error(QStringLiteral("attribute 'sample_rate_hz' (%1) is not a valid rate")
                              .arg(r.sampleRateHz));
    r.startTimeUs = group.intAttribute(QStringLiteral("start_time_us"));
    r.labelSetId = group.stringAttribute(QStringLiteral("label_set"));
    r.source = group.stringAttribute(QStringLiteral("source"));
    r.metadata = mapFromJson(group, QStringLiteral("metadata"));
    const int64_t sampleCount = group.intAttribute(QStringLiteral("sample_count"));
    if (sampleCount < 0)
        throw group.error(
            QStringLiteral("attribute 'sample_count' (%1) is negative").arg(sampleCount));

    const Hdf5Group sensors = group.group(QStringLiteral("sensors"));
    const size_t sensorCount = memberCount(sensors);
    r.sensors.resize(sensorCount);
    for (size_t i = 0; i < sensorCount; ++i) {
        const Hdf5Group sensorGroup = sensors.group(memberName(i, kMemberWidth));
        Sensor& sensor = r.sensors[i];
        sensor.name = sensorGroup.stringAttribute(QStringLiteral("name"));
        sensor.device = sensorGroup.stringAttribute(QStringLiteral("device"));
        const size_t channelCount = memberCount(sensorGroup, QStringLiteral("channel_count"));
        sensor.channels.resize(channelCount);
        for (size_t c = 0; c < channelCount; ++c) {
            Hdf5Dataset dataset = sensorGroup.dataset(memberName(c, kMemberWidth));
            Channel& channel = sensor.channels[c];
            channel.name = dataset.stringAttribute(QStringLiteral("name"));
            channel.quantity = dataset.stringAttribute(QStringLiteral("quantity"));
            channel.unit = dataset.stringAttribute(QStringLiteral("unit"));
            if (dataset.typeClass() != Hdf5Dataset::TypeClass::Float)
                throw dataset.error(QStringLiteral("is not a floating-point dataset"));
            const size_t n = dataset.size();
            if (n != size_t(sampleCount))
                throw dataset.error(QStringLiteral("channel '%1' of sensor '%2' has %3 samples, "
                                                   "but the recording has %4 (sample_count)")
                                        .arg(channel.name, sensor.name)
                                        .arg(n)
                                        .arg(sampleCount));
            pending.push_back(
                PendingChannel{std::move(dataset), &channel.samples,
                               QCoreApplication::translate("ProjectFile", "Opening %1").arg(r.id)});
        }
    }

    const Hdf5Group tracks = group.group(QStringLiteral("tracks"));
    const size_t trackCount = memberCount(tracks);
    for (size_t t = 0; t < trackCount; ++t) {
        const Hdf5Group trackGroup = tracks.group(memberName(t, kMemberWidth));
        r.tracks.push_back(readTrack(trackGroup, size_t(sampleCount)));
        // Optional: files written before probabilities were stored have none.
        if (trackGroup.hasGroup(QStringLiteral("probabilities")))
            r.probabilities.insert(
                r.tracks.back().name(),
                readProbabilities(trackGroup.group(QStringLiteral("probabilities")),
                                  size_t(sampleCount)));
    }
    return recording;
}

Project readProject(const Hdf5File& file, const JobControl* job)
{
    const Hdf5Group root = file.root();
    if (!root.hasAttribute(QStringLiteral("format")))
        throw root.error(QStringLiteral("not a Kinemark project file (HDF5 file without the "
                                        "'format' attribute)"));
    const QString format = root.stringAttribute(QStringLiteral("format"));
    if (format != kFormatName)
        throw root.error(
            QStringLiteral("not a Kinemark project file (format is '%1', expected '%2')")
                .arg(format, kFormatName));
    const int64_t version = root.intAttribute(QStringLiteral("format_version"));
    if (version > ProjectFile::kFormatVersion)
        throw root.error(QStringLiteral("written by a newer Kinemark (format %1; this build reads "
                                        "%2)")
                             .arg(version)
                             .arg(ProjectFile::kFormatVersion));
    if (version < 1)
        throw root.error(QStringLiteral("format_version %1 is not valid").arg(version));

    Project project;
    project.name = root.stringAttribute(QStringLiteral("name"));
    project.metadata = mapFromJson(root, QStringLiteral("metadata"));

    const Hdf5Group labelSets = root.group(QStringLiteral("label_sets"));
    const size_t setCount = memberCount(labelSets);
    for (size_t i = 0; i < setCount; ++i) {
        const Hdf5Dataset text = labelSets.dataset(memberName(i, kMemberWidth));
        LabelSet set;
        try {
            set = LabelSet::fromJson(text.readText().toUtf8(), text.path());
        } catch (const FormatError& e) {
            // describe() is "/label_sets/00:line:column: problem" (the source name is the path).
            throw FormatError(text.filePath(), e.describe());
        }
        const QString id = text.stringAttribute(QStringLiteral("id"));
        if (id != set.id)
            throw text.error(
                QStringLiteral("attribute 'id' ('%1') differs from the label set's id ('%2')")
                    .arg(id, set.id));
        project.labelSets.push_back(std::move(set));
    }

    const Hdf5Group recordings = root.group(QStringLiteral("recordings"));
    const size_t recordingCount = memberCount(recordings);
    std::vector<PendingChannel> pending;
    for (size_t i = 0; i < recordingCount; ++i) {
        throwIfCancelled(job);
        project.recordings.push_back(
            readRecording(recordings.group(memberName(i, kRecordingWidth)), pending));
    }

    // Optional: files written before models were stored have no /models.
    if (root.hasGroup(QStringLiteral("models"))) {
        const Hdf5Group models = root.group(QStringLiteral("models"));
        const size_t modelCount = memberCount(models);
        for (size_t i = 0; i < modelCount; ++i) {
            throwIfCancelled(job);
            project.models.push_back(readModel(models.group(memberName(i, kMemberWidth))));
        }
    }
    // Optional: files written before results were stored have no /results.
    if (root.hasGroup(QStringLiteral("results"))) {
        const Hdf5Group results = root.group(QStringLiteral("results"));
        const size_t resultCount = memberCount(results);
        for (size_t i = 0; i < resultCount; ++i) {
            throwIfCancelled(job);
            project.results.push_back(readResult(results.group(memberName(i, kMemberWidth))));
        }
    }

    uint64_t total = 0;
    std::vector<size_t> sizes;
    for (const PendingChannel& p : pending) {
        sizes.push_back(p.dataset.size());
        total += uint64_t(sizes.back()) * sizeof(float);
    }
    ByteProgress progress(job, total);
    // Allocating a channel costs about a third of reading it (the kernel
    // zeroes fresh pages, then the vector zeroes them again), on one thread.
    // Allocating the next channel while this one is being decoded overlaps it
    // with the zlib work.
    const auto allocate = [&](size_t i) {
        return std::async(std::launch::async,
                          [samples = pending[i].samples, n = sizes[i]] { samples->resize(n); });
    };
    std::future<void> allocated = pending.empty() ? std::future<void>() : allocate(0);
    for (size_t i = 0; i < pending.size(); ++i) {
        allocated.get();
        if (i + 1 < pending.size())
            allocated = allocate(i + 1);
        PendingChannel& p = pending[i];
        progress.setWhat(p.what);
        p.dataset.readFloats(p.samples->data(), sizes[i], {},
                             [&](size_t done) { progress.report(uint64_t(done) * sizeof(float)); });
        progress.setBase(progress.base() + uint64_t(sizes[i]) * sizeof(float));
    }
    pending.clear(); // closes the datasets before the file

    const QString problem = project.checkConsistency();
    if (!problem.isEmpty())
        throw FormatError(file.displayPath(), problem);
    return project;
}

// Flushes the written temporary, keeps the old file's permissions and renames
// it over the target, saying what failed in the words of a save.
void commitSave(AtomicFileWriter& writer, const QString& shownPath)
{
    try {
        writer.commit();
    } catch (const AtomicFileWriter::Failure& e) {
        QString what;
        switch (e.step) {
        case AtomicFileWriter::Step::Reopen:
            what = QStringLiteral("cannot reopen the written file to flush it (%1)");
            break;
        case AtomicFileWriter::Step::Flush:
            what = QStringLiteral("flushing to disk failed (%1)");
            break;
        default:
            what = QStringLiteral("cannot replace the file (%1)");
            break;
        }
        throw std::runtime_error(
            QStringLiteral("cannot save %1: %2").arg(shownPath, what.arg(e.reason)).toStdString());
    }
}

} // namespace

void ProjectFile::save(const Project& project, const QString& path, const JobControl* job)
{
    const auto fail = [&](const QString& why) {
        return std::runtime_error(
            QStringLiteral("cannot save %1: %2").arg(path, why).toStdString());
    };
    throwIfCancelled(job);
    // A file that open() would reject must not replace a good one.
    const QString problem = project.checkConsistency();
    if (!problem.isEmpty())
        throw fail(QStringLiteral("the project is inconsistent (%1)").arg(problem));

    const QString target = resolveTarget(path);
    const QFileInfo targetInfo(target);
    const QString folder = targetInfo.absolutePath();
    const QFileInfo folderInfo(folder);
    if (!folderInfo.exists())
        throw fail(QStringLiteral("the folder %1 does not exist").arg(folder));
    if (!folderInfo.isDir())
        throw fail(QStringLiteral("%1 is not a folder").arg(folder));
    if (targetInfo.isDir())
        throw fail(QStringLiteral("it is a folder"));
    if (::access(QFile::encodeName(folder).constData(), W_OK) != 0)
        throw fail(
            QStringLiteral("the folder %1 is not writable (%2)").arg(folder, describeErrno(errno)));

    AtomicFileWriter writer(target, AtomicFileWriter::Naming::Unique,
                            AtomicFileWriter::Permissions::KeepTarget);
    const QString& temp = writer.temporaryPath();

    uint64_t total = 0;
    for (const auto& r : project.recordings)
        total += uint64_t(r->channelCount()) * r->sampleCount() * sizeof(float);
    ByteProgress progress(job, total);

    try {
        {
            Hdf5File file = [&] {
                try {
                    return Hdf5File::create(temp, path);
                } catch (const FormatError& e) {
                    throw fail(QStringLiteral("cannot create a temporary file in %1: %2")
                                   .arg(folder, e.message()));
                }
            }();
            writer.adopt();
            try {
                writeProject(file, project, progress);
                file.close();
            } catch (...) {
                // The file is garbage now. Emptying it before HDF5 closes it
                // (Hdf5File's destructor, right after this) frees the disk
                // space a full disk needs for HDF5's last metadata writes, and
                // makes closing a cancelled save cheap.
                if (::truncate(QFile::encodeName(temp).constData(), 0) != 0) {
                    // Then closing may fail as well; the writer removes the file either way.
                }
                throw;
            }
        }
        commitSave(writer, path);
        reportProgress(job, 1.0);
    } catch (const std::exception&) {
        throw; // the writer removes the temporary
    } catch (...) {
        // The wrapper turns HDF5's exceptions (not std::exceptions) into
        // FormatErrors; this is the net for anything that slipped through.
        throw fail(QStringLiteral("unexpected error in the HDF5 library"));
    }
}

Project ProjectFile::open(const QString& path, const JobControl* job)
{
    throwIfCancelled(job);
    const QFileInfo info(path);
    if (!info.exists())
        throw FormatError(path, QStringLiteral("the file does not exist"));
    if (info.isDir())
        throw FormatError(path, QStringLiteral("is a folder, not a project file"));
    if (!Hdf5File::hasSignature(path))
        throw FormatError(path, QStringLiteral("not a Kinemark project file (not an HDF5 file)"));
    try {
        const Hdf5File file = Hdf5File::openReadOnly(path);
        return readProject(file, job);
    } catch (const std::bad_alloc&) {
        throw std::runtime_error(
            QStringLiteral("cannot open %1: not enough memory").arg(path).toStdString());
    } catch (const std::exception&) {
        throw;
    } catch (...) {
        throw FormatError(path, QStringLiteral("unexpected error in the HDF5 library"));
    }
}

bool ProjectFile::isProjectFile(const QString& path)
{
    if (!Hdf5File::hasSignature(path))
        return false;
    try {
        const Hdf5File file = Hdf5File::openReadOnly(path);
        const Hdf5Group root = file.root();
        return root.hasAttribute(QStringLiteral("format")) &&
               root.stringAttribute(QStringLiteral("format")) == kFormatName;
    } catch (...) {
        return false;
    }
}

} // namespace kinemark
