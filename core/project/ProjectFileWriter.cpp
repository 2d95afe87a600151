#include "core/project/ProjectFileWriter.h"

#include "core/project/ByteProgress.h"
#include "core/project/Hdf5File.h"
#include "core/project/ProjectFile.h"
#include "core/project/ProjectFileLayout.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace kinemark {

using namespace ProjectFileLayout;

namespace {

QString writerName()
{
#ifdef KINEMARK_VERSION
    return QStringLiteral("Kinemark " KINEMARK_VERSION);
#else
    const QString version = QCoreApplication::applicationVersion();
    return version.isEmpty() ? QStringLiteral("Kinemark") : QStringLiteral("Kinemark ") + version;
#endif
}

QString mapToJson(const QMap<QString, QString>& map)
{
    QJsonObject object;
    for (auto it = map.begin(); it != map.end(); ++it)
        object.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

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

    // Notes and unsure flags are rare: sparse lists of the segments that have
    // them, written only when a track has any, so a track without them is stored
    // as before this addition (and older readers, which ignore unknown datasets,
    // still open the file).
    std::vector<int64_t> notedSegments, unsureSegments;
    QStringList notes;
    for (size_t i = 0; i < n; ++i) {
        if (!segments[i].note.isEmpty()) {
            notedSegments.push_back(int64_t(i));
            notes << segments[i].note;
        }
        if (segments[i].unsure)
            unsureSegments.push_back(int64_t(i));
    }
    if (!notedSegments.empty()) {
        group.writeInt64s(QStringLiteral("note_segment"), notedSegments.data(),
                          notedSegments.size());
        group.writeStrings(QStringLiteral("notes"), notes);
    }
    if (!unsureSegments.empty())
        group.writeInt64s(QStringLiteral("unsure_segment"), unsureSegments.data(),
                          unsureSegments.size());
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

void writeVideo(Hdf5Group group, const VideoAttachment& video)
{
    group.setStringAttribute(QStringLiteral("path"), video.path);
    group.setDoubleAttribute(QStringLiteral("offset_s"), video.offsetS);
    group.setDoubleAttribute(QStringLiteral("drift_ppm"), video.driftPpm);
    group.setIntAttribute(QStringLiteral("size_bytes"), video.sizeBytes);
    group.setStringAttribute(QStringLiteral("hash"), video.hash);
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

    // Only when there are any, so that a project without videos is stored as
    // before they existed (and older readers, which ignore unknown groups,
    // still open it).
    if (!recording.videos.empty()) {
        Hdf5Group videos = group.createGroup(QStringLiteral("videos"));
        videos.setIntAttribute(QStringLiteral("count"), int64_t(recording.videos.size()));
        for (size_t v = 0; v < recording.videos.size(); ++v)
            writeVideo(videos.createGroup(memberName(v, kMemberWidth)), recording.videos[v]);
    }
}

// A container group `name` with one member group per item, written by
// `write`, and its `count`.
template <typename Item, typename Write>
void writeMembers(Hdf5Group& root, const QString& name, const std::vector<Item>& items,
                  const Write& write, ByteProgress& progress)
{
    Hdf5Group container = root.createGroup(name);
    container.setIntAttribute(QStringLiteral("count"), int64_t(items.size()));
    for (size_t i = 0; i < items.size(); ++i) {
        Hdf5Group group = container.createGroup(memberName(i, kMemberWidth));
        write(group, items[i]);
        progress.report(0);
    }
}

void writeProject(Hdf5File& file, const Project& project, ByteProgress& progress)
{
    Hdf5Group root = file.root();
    root.setStringAttribute(QStringLiteral("format"), formatName());
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

    writeMembers(root, QStringLiteral("models"), project.models, writeModel, progress);
    writeMembers(root, QStringLiteral("results"), project.results, writeResult, progress);
}

} // namespace

void ProjectFileWriter::write(Hdf5File& file, const Project& project, const JobControl* job)
{
    uint64_t total = 0;
    for (const auto& r : project.recordings)
        total += uint64_t(r->channelCount()) * r->sampleCount() * sizeof(float);
    ByteProgress progress(job, total);
    writeProject(file, project, progress);
}

} // namespace kinemark
