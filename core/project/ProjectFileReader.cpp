#include "core/project/ProjectFileReader.h"

#include "core/base/FormatError.h"
#include "core/project/ByteProgress.h"
#include "core/project/Hdf5File.h"
#include "core/project/ProjectFile.h"
#include "core/project/ProjectFileLayout.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <future>

namespace kinemark {

using namespace ProjectFileLayout;

namespace {

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

// The member count of a container group, checked against the links the group
// really holds before it drives a loop or an allocation: a count the file
// cannot back (a damaged or crafted header claiming 100 M sensors) would
// otherwise reserve gigabytes before the first missing member is noticed.
// Members are named by memberName(index, width); the error names the first
// one missing.
size_t memberCount(const Hdf5Group& group, int width, Hdf5Group::ChildKind kind,
                   const QString& attribute = QStringLiteral("count"))
{
    const int64_t n = group.intAttribute(attribute);
    if (n < 0 || n > 100000000)
        throw group.error(
            QStringLiteral("attribute '%1' (%2) is not a valid count").arg(attribute).arg(n));
    const qsizetype present = group.childNames().size();
    if (n > present) {
        // Of the present + 1 names 0..present, at least one has no link.
        QString missing = memberName(size_t(present), width);
        for (qsizetype i = 0; i < present; ++i) {
            if (group.childKind(memberName(size_t(i), width)) == Hdf5Group::ChildKind::Missing) {
                missing = memberName(size_t(i), width);
                break;
            }
        }
        throw group.error(QStringLiteral("%1 is missing: attribute '%2' of %3 claims %4 members, "
                                         "but the group holds %5")
                              .arg(kind == Hdf5Group::ChildKind::Dataset ? QStringLiteral("dataset")
                                                                         : QStringLiteral("group"),
                                   attribute, group.path())
                              .arg(n)
                              .arg(present),
                          missing);
    }
    return size_t(n);
}

// How many times its stored bytes a dataset may expand to when read. zlib's
// deflate cannot exceed 1032:1, so a written dataset (ours always are) stays
// far below; the slack lets small datasets that another writer left unwritten
// (read as the fill value) through.
constexpr uint64_t kMaxExpansion = 1100;
constexpr uint64_t kExpansionSlackBytes = uint64_t(1) << 20;

// Returns `dataset` once its extent is plausible for the bytes the file stores
// for it: an HDF5 header can claim a 1-D extent of billions of elements whose
// chunks were never written, which a tiny file would otherwise turn into a
// gigabyte allocation.
const Hdf5Dataset& checkedExtent(const Hdf5Dataset& dataset, size_t elementBytes)
{
    const uint64_t n = dataset.size();
    const uint64_t stored = dataset.storageBytes();
    const uint64_t limit = (stored * kMaxExpansion + kExpansionSlackBytes) / elementBytes;
    if (n > limit)
        throw dataset.error(QStringLiteral("claims %1 values (%2 bytes), but the file stores only "
                                           "%3 bytes for it")
                                .arg(n)
                                .arg(n * elementBytes)
                                .arg(stored));
    return dataset;
}

struct PendingChannel
{
    Hdf5Dataset dataset;
    std::vector<float>* samples;
    QString what;
};

// A sparse list of segment indices (`note_segment`, `unsure_segment`): at most
// one per segment, strictly increasing, each naming a segment of the track.
// The extent is checked against the segment count and the stored bytes before
// anything is read, so a crafted header cannot make the reader allocate more
// than the track itself needs.
std::vector<int64_t> readSegmentIndices(const Hdf5Dataset& dataset, size_t segmentCount)
{
    if (dataset.size() > segmentCount)
        throw dataset.error(QStringLiteral("lists %1 segments, but the track has %2")
                                .arg(dataset.size())
                                .arg(segmentCount));
    const std::vector<int64_t> indices = checkedExtent(dataset, sizeof(int64_t)).readInt64s();
    for (size_t i = 0; i < indices.size(); ++i) {
        if (indices[i] < 0 || indices[i] >= int64_t(segmentCount))
            throw dataset.error(QStringLiteral("entry %1 names segment %2, but the track has %3")
                                    .arg(i)
                                    .arg(indices[i])
                                    .arg(segmentCount));
        if (i > 0 && indices[i] <= indices[i - 1])
            throw dataset.error(
                QStringLiteral("entry %1 (segment %2) does not follow entry %3 (segment %4)")
                    .arg(i)
                    .arg(indices[i])
                    .arg(i - 1)
                    .arg(indices[i - 1]));
    }
    return indices;
}

// The optional per-segment notes and unsure flags (added after format version 1
// was first written: files without them have none).
void readSegmentAnnotations(const Hdf5Group& group, std::vector<Segment>& segments)
{
    const bool hasNoteIndex = group.hasDataset(QStringLiteral("note_segment"));
    if (hasNoteIndex != group.hasDataset(QStringLiteral("notes")))
        throw group.error(QStringLiteral("has one of 'note_segment' and 'notes' without the "
                                         "other"));
    if (hasNoteIndex) {
        const std::vector<int64_t> noted =
            readSegmentIndices(group.dataset(QStringLiteral("note_segment")), segments.size());
        const Hdf5Dataset noteSet = group.dataset(QStringLiteral("notes"));
        if (noteSet.size() != noted.size())
            throw noteSet.error(QStringLiteral("has %1 values, but 'note_segment' has %2")
                                    .arg(noteSet.size())
                                    .arg(noted.size()));
        const QStringList notes = checkedExtent(noteSet, 1).readStrings();
        for (size_t i = 0; i < noted.size(); ++i)
            segments[size_t(noted[i])].note = notes[qsizetype(i)];
    }
    if (group.hasDataset(QStringLiteral("unsure_segment")))
        for (int64_t i :
             readSegmentIndices(group.dataset(QStringLiteral("unsure_segment")), segments.size()))
            segments[size_t(i)].unsure = true;
}

AnnotationTrack readTrack(const Hdf5Group& group, size_t sampleCount)
{
    AnnotationTrack::Kind kind;
    const QString kindName = group.stringAttribute(QStringLiteral("kind"));
    if (!AnnotationTrack::kindFromName(kindName, &kind))
        throw group.error(QStringLiteral("attribute 'kind' has unknown value '%1'").arg(kindName));
    AnnotationTrack track(group.stringAttribute(QStringLiteral("name")), kind,
                          group.stringAttribute(QStringLiteral("label_set")));

    const Hdf5Dataset startSet = group.dataset(QStringLiteral("start"));
    const size_t n = checkedExtent(startSet, sizeof(int64_t)).size();
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
    const QStringList authors =
        checkedExtent(group.dataset(QStringLiteral("authors")), 1).readStrings();

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
    readSegmentAnnotations(group, segments);
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
    p.classIds =
        checkedExtent(group.dataset(QStringLiteral("class_ids")), sizeof(int32_t)).readInt32s();
    const Hdf5Dataset values = group.dataset(QStringLiteral("values"));
    checkedExtent(values, sizeof(float));
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

// One attached video, read as untrusted input: a crafted file may hold a NaN
// offset, an absurd drift or a megabyte path, each refused naming the group.
VideoAttachment readVideo(const Hdf5Group& group)
{
    VideoAttachment v;
    v.path = group.stringAttribute(QStringLiteral("path"));
    v.offsetS = group.doubleAttribute(QStringLiteral("offset_s"));
    v.driftPpm = group.doubleAttribute(QStringLiteral("drift_ppm"));
    v.sizeBytes = group.intAttribute(QStringLiteral("size_bytes"));
    v.hash = group.stringAttribute(QStringLiteral("hash"));
    const QString problem = v.checkConsistency();
    if (!problem.isEmpty())
        throw group.error(QStringLiteral("video attachment: %1").arg(problem));
    return v;
}

// A recording's optional videos (files written before videos existed have none).
std::vector<VideoAttachment> readVideos(const Hdf5Group& recording)
{
    std::vector<VideoAttachment> videos;
    if (!recording.hasGroup(QStringLiteral("videos")))
        return videos;
    const Hdf5Group group = recording.group(QStringLiteral("videos"));
    const size_t count = memberCount(group, kMemberWidth, Hdf5Group::ChildKind::Group);
    for (size_t i = 0; i < count; ++i) {
        const Hdf5Group member = group.group(memberName(i, kMemberWidth));
        VideoAttachment v = readVideo(member);
        for (const VideoAttachment& earlier : videos)
            if (earlier.path == v.path)
                throw member.error(
                    QStringLiteral("video '%1' is attached twice").arg(v.path.left(200)));
        videos.push_back(std::move(v));
    }
    return videos;
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
    m.data = checkedExtent(data, 1).readBytes();
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
    const size_t sensorCount = memberCount(sensors, kMemberWidth, Hdf5Group::ChildKind::Group);
    r.sensors.resize(sensorCount);
    for (size_t i = 0; i < sensorCount; ++i) {
        const Hdf5Group sensorGroup = sensors.group(memberName(i, kMemberWidth));
        Sensor& sensor = r.sensors[i];
        sensor.name = sensorGroup.stringAttribute(QStringLiteral("name"));
        sensor.device = sensorGroup.stringAttribute(QStringLiteral("device"));
        const size_t channelCount =
            memberCount(sensorGroup, kMemberWidth, Hdf5Group::ChildKind::Dataset,
                        QStringLiteral("channel_count"));
        sensor.channels.resize(channelCount);
        for (size_t c = 0; c < channelCount; ++c) {
            Hdf5Dataset dataset = sensorGroup.dataset(memberName(c, kMemberWidth));
            Channel& channel = sensor.channels[c];
            channel.name = dataset.stringAttribute(QStringLiteral("name"));
            channel.quantity = dataset.stringAttribute(QStringLiteral("quantity"));
            channel.unit = dataset.stringAttribute(QStringLiteral("unit"));
            if (dataset.typeClass() != Hdf5Dataset::TypeClass::Float)
                throw dataset.error(QStringLiteral("is not a floating-point dataset"));
            const size_t n = checkedExtent(dataset, sizeof(float)).size();
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
    const size_t trackCount = memberCount(tracks, kMemberWidth, Hdf5Group::ChildKind::Group);
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
    r.videos = readVideos(group);
    return recording;
}

// The root's format and version, before anything else is read.
void checkFormat(const Hdf5Group& root)
{
    if (!root.hasAttribute(QStringLiteral("format")))
        throw root.error(QStringLiteral("not a Kinemark project file (HDF5 file without the "
                                        "'format' attribute)"));
    const QString format = root.stringAttribute(QStringLiteral("format"));
    if (format != formatName())
        throw root.error(
            QStringLiteral("not a Kinemark project file (format is '%1', expected '%2')")
                .arg(format, formatName()));
    const int64_t version = root.intAttribute(QStringLiteral("format_version"));
    if (version > ProjectFile::kFormatVersion)
        throw root.error(QStringLiteral("written by a newer Kinemark (format %1; this build reads "
                                        "%2)")
                             .arg(version)
                             .arg(ProjectFile::kFormatVersion));
    if (version < 1)
        throw root.error(QStringLiteral("format_version %1 is not valid").arg(version));
}

void readLabelSets(const Hdf5Group& root, Project& project)
{
    const Hdf5Group labelSets = root.group(QStringLiteral("label_sets"));
    const size_t setCount = memberCount(labelSets, kMemberWidth, Hdf5Group::ChildKind::Dataset);
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
}

// An optional container group `name` (files written before it existed have
// none): each member read by `read` into `items`.
template <typename Item, typename Read>
void readOptionalMembers(const Hdf5Group& root, const QString& name, std::vector<Item>& items,
                         const Read& read, const JobControl* job)
{
    if (!root.hasGroup(name))
        return;
    const Hdf5Group container = root.group(name);
    const size_t count = memberCount(container, kMemberWidth, Hdf5Group::ChildKind::Group);
    for (size_t i = 0; i < count; ++i) {
        throwIfCancelled(job);
        items.push_back(read(container.group(memberName(i, kMemberWidth))));
    }
}

// Reads the queued channel data of every recording, with progress over all.
void readChannels(std::vector<PendingChannel>& pending, const JobControl* job)
{
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
}

} // namespace

Project ProjectFileReader::read(const Hdf5File& file, const JobControl* job)
{
    const Hdf5Group root = file.root();
    checkFormat(root);

    Project project;
    project.name = root.stringAttribute(QStringLiteral("name"));
    project.metadata = mapFromJson(root, QStringLiteral("metadata"));
    readLabelSets(root, project);

    const Hdf5Group recordings = root.group(QStringLiteral("recordings"));
    const size_t recordingCount =
        memberCount(recordings, kRecordingWidth, Hdf5Group::ChildKind::Group);
    std::vector<PendingChannel> pending;
    for (size_t i = 0; i < recordingCount; ++i) {
        throwIfCancelled(job);
        project.recordings.push_back(
            readRecording(recordings.group(memberName(i, kRecordingWidth)), pending));
    }
    readOptionalMembers(root, QStringLiteral("models"), project.models, readModel, job);
    readOptionalMembers(root, QStringLiteral("results"), project.results, readResult, job);
    readChannels(pending, job);

    const QString problem = project.checkConsistency();
    if (!problem.isEmpty())
        throw FormatError(file.displayPath(), problem);
    return project;
}

} // namespace kinemark
