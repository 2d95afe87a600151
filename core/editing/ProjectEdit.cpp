#include "core/editing/ProjectEdit.h"

#include "core/base/FormatError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <stdexcept>

namespace kinemark {

namespace {
// Segments as [start, end, class, author, editedMs] arrays: compact in the journal.
// A segment with a note or the unsure flag adds [..., note, unsure]; the short form
// stays for the rest, so journals of unannotated work keep their size and older
// journals (always five fields) still replay.
QJsonArray segmentsToJson(const std::vector<Segment>& segments)
{
    QJsonArray out;
    for (const Segment& s : segments) {
        QJsonArray a{double(s.start), double(s.end), s.classId, s.author, double(s.editedMs)};
        if (!s.note.isEmpty() || s.unsure) {
            a.append(s.note);
            a.append(s.unsure);
        }
        out.append(a);
    }
    return out;
}

std::vector<Segment> segmentsFromJson(const QJsonValue& value)
{
    if (!value.isArray())
        throw std::runtime_error("segments are not an array");
    std::vector<Segment> out;
    for (const QJsonValue& v : value.toArray()) {
        const QJsonArray a = v.toArray();
        const bool annotated = a.size() == 7 && a[5].isString() && a[6].isBool();
        if ((a.size() != 5 && !annotated) || !a[0].isDouble() || !a[1].isDouble() ||
            !a[2].isDouble() || !a[3].isString() || !a[4].isDouble())
            throw std::runtime_error(
                "a segment is not [start, end, class, author, ms] or [..., note, unsure]");
        out.push_back(Segment{int64_t(a[0].toDouble()), int64_t(a[1].toDouble()), a[2].toInt(),
                              a[3].toString(), int64_t(a[4].toDouble()),
                              annotated ? a[5].toString() : QString(), annotated && a[6].toBool()});
    }
    return out;
}

QJsonObject labelSetToJson(const LabelSet& set)
{
    return QJsonDocument::fromJson(set.toJson()).object();
}

QJsonArray videosToJson(const std::vector<VideoAttachment>& videos)
{
    QJsonArray out;
    for (const VideoAttachment& v : videos)
        out.append(v.toJson());
    return out;
}

std::vector<VideoAttachment> videosFromJson(const QJsonValue& value)
{
    if (!value.isArray())
        throw std::runtime_error("videos are not an array");
    std::vector<VideoAttachment> out;
    for (const QJsonValue& v : value.toArray()) {
        if (!v.isObject())
            throw std::runtime_error("a video attachment is not an object");
        out.push_back(VideoAttachment::fromJson(v.toObject()));
    }
    return out;
}

LabelSet labelSetFromJson(const QJsonValue& value)
{
    if (!value.isObject())
        throw std::runtime_error("label set is not an object");
    return LabelSet::fromJson(QJsonDocument(value.toObject()).toJson(), QStringLiteral("journal"));
}

Recording& recordingOf(Project& project, const QString& id)
{
    const auto r = project.recording(id);
    if (!r)
        throw std::runtime_error(
            QStringLiteral("the project has no recording '%1'").arg(id).toStdString());
    return *r;
}

AnnotationTrack& trackOf(Recording& recording, const QString& name)
{
    for (AnnotationTrack& t : recording.tracks)
        if (t.name() == name)
            return t;
    throw std::runtime_error(
        QStringLiteral("recording '%1' has no track '%2'").arg(recording.id, name).toStdString());
}

const char* kindKey(ProjectEdit::Kind kind)
{
    switch (kind) {
    case ProjectEdit::Kind::PatchTrack:
        return "patch";
    case ProjectEdit::Kind::ChangeLabelSet:
        return "labelset";
    case ProjectEdit::Kind::AddTrack:
        return "addtrack";
    case ProjectEdit::Kind::RemoveTrack:
        return "removetrack";
    case ProjectEdit::Kind::RenameTrack:
        return "renametrack";
    case ProjectEdit::Kind::SetVideos:
        return "videos";
    }
    return "";
}
} // namespace

ProjectEdit ProjectEdit::patchTrack(const QString& recordingId, const QString& trackName,
                                    TrackPatch patch)
{
    ProjectEdit e;
    e.m_kind = Kind::PatchTrack;
    e.m_recordingId = recordingId;
    e.m_trackName = trackName;
    e.m_patch = std::move(patch);
    return e;
}

ProjectEdit ProjectEdit::changeLabelSet(LabelSet before, LabelSet after)
{
    ProjectEdit e;
    e.m_kind = Kind::ChangeLabelSet;
    e.m_labelSetBefore = std::move(before);
    e.m_labelSetAfter = std::move(after);
    return e;
}

ProjectEdit ProjectEdit::addTrack(const QString& recordingId, AnnotationTrack track, int index)
{
    ProjectEdit e;
    e.m_kind = Kind::AddTrack;
    e.m_recordingId = recordingId;
    e.m_trackName = track.name();
    e.m_track = std::move(track);
    e.m_trackIndex = index;
    return e;
}

ProjectEdit ProjectEdit::removeTrack(const QString& recordingId, AnnotationTrack track, int index)
{
    ProjectEdit e = addTrack(recordingId, std::move(track), index);
    e.m_kind = Kind::RemoveTrack;
    return e;
}

ProjectEdit ProjectEdit::renameTrack(const QString& recordingId, const QString& from,
                                     const QString& to)
{
    ProjectEdit e;
    e.m_kind = Kind::RenameTrack;
    e.m_recordingId = recordingId;
    e.m_trackName = from;
    e.m_newTrackName = to;
    return e;
}

ProjectEdit ProjectEdit::setVideos(const QString& recordingId, std::vector<VideoAttachment> before,
                                   std::vector<VideoAttachment> after)
{
    ProjectEdit e;
    e.m_kind = Kind::SetVideos;
    e.m_recordingId = recordingId;
    e.m_videosBefore = std::move(before);
    e.m_videosAfter = std::move(after);
    return e;
}

ProjectEdit ProjectEdit::inverted() const
{
    ProjectEdit e = *this;
    switch (m_kind) {
    case Kind::PatchTrack:
        e.m_patch = m_patch.inverted();
        break;
    case Kind::ChangeLabelSet:
        std::swap(e.m_labelSetBefore, e.m_labelSetAfter);
        break;
    case Kind::AddTrack:
        e.m_kind = Kind::RemoveTrack;
        break;
    case Kind::RemoveTrack:
        e.m_kind = Kind::AddTrack;
        break;
    case Kind::RenameTrack:
        std::swap(e.m_trackName, e.m_newTrackName);
        break;
    case Kind::SetVideos:
        std::swap(e.m_videosBefore, e.m_videosAfter);
        break;
    }
    return e;
}

void ProjectEdit::apply(Project& project) const
{
    switch (m_kind) {
    case Kind::PatchTrack: {
        AnnotationTrack& track = trackOf(recordingOf(project, m_recordingId), m_trackName);
        m_patch.apply(track);
        return;
    }
    case Kind::ChangeLabelSet:
        for (LabelSet& set : project.labelSets)
            if (set.id == m_labelSetAfter.id) {
                set = m_labelSetAfter;
                return;
            }
        throw std::runtime_error(QStringLiteral("the project has no label set '%1'")
                                     .arg(m_labelSetAfter.id)
                                     .toStdString());
    case Kind::AddTrack: {
        Recording& r = recordingOf(project, m_recordingId);
        if (r.track(m_trackName))
            throw std::runtime_error(QStringLiteral("recording '%1' already has a track '%2'")
                                         .arg(r.id, m_trackName)
                                         .toStdString());
        const int index = std::clamp(m_trackIndex, 0, int(r.tracks.size()));
        r.tracks.insert(r.tracks.begin() + index, m_track);
        return;
    }
    case Kind::RemoveTrack: {
        Recording& r = recordingOf(project, m_recordingId);
        trackOf(r, m_trackName); // throws when absent
        for (auto it = r.tracks.begin(); it != r.tracks.end(); ++it)
            if (it->name() == m_trackName) {
                r.tracks.erase(it);
                // Probabilities without their track would make the project
                // inconsistent (unsavable); they are not brought back by undo.
                r.probabilities.remove(m_trackName);
                return;
            }
        return;
    }
    case Kind::RenameTrack: {
        Recording& r = recordingOf(project, m_recordingId);
        AnnotationTrack& track = trackOf(r, m_trackName);
        if (m_newTrackName.isEmpty() || r.track(m_newTrackName))
            throw std::runtime_error(QStringLiteral("recording '%1' cannot rename track '%2' to "
                                                    "'%3': the name is empty or taken")
                                         .arg(r.id, m_trackName, m_newTrackName)
                                         .toStdString());
        track.setName(m_newTrackName);
        if (r.probabilities.contains(m_trackName))
            r.probabilities.insert(m_newTrackName, r.probabilities.take(m_trackName));
        return;
    }
    case Kind::SetVideos:
        recordingOf(project, m_recordingId); // throws when absent
        project.setVideos(m_recordingId, m_videosAfter);
        return;
    }
}

QJsonObject ProjectEdit::toJson() const
{
    QJsonObject o{{"op", QString::fromLatin1(kindKey(m_kind))}};
    switch (m_kind) {
    case Kind::PatchTrack:
        o["recording"] = m_recordingId;
        o["track"] = m_trackName;
        o["from"] = double(m_patch.from);
        o["to"] = double(m_patch.to);
        o["before"] = segmentsToJson(m_patch.before);
        o["after"] = segmentsToJson(m_patch.after);
        break;
    case Kind::ChangeLabelSet:
        o["before"] = labelSetToJson(m_labelSetBefore);
        o["after"] = labelSetToJson(m_labelSetAfter);
        break;
    case Kind::AddTrack:
    case Kind::RemoveTrack:
        o["recording"] = m_recordingId;
        o["track"] = m_trackName;
        o["index"] = m_trackIndex;
        o["kind"] = AnnotationTrack::kindName(m_track.kind());
        o["label_set"] = m_track.labelSetId();
        o["segments"] = segmentsToJson(m_track.segments());
        break;
    case Kind::RenameTrack:
        o["recording"] = m_recordingId;
        o["track"] = m_trackName;
        o["to"] = m_newTrackName;
        break;
    case Kind::SetVideos:
        o["recording"] = m_recordingId;
        o["before"] = videosToJson(m_videosBefore);
        o["after"] = videosToJson(m_videosAfter);
        break;
    }
    return o;
}

ProjectEdit ProjectEdit::fromJson(const QJsonObject& o)
{
    const QString op = o.value("op").toString();
    ProjectEdit e;
    if (op == QLatin1String("patch")) {
        TrackPatch p{int64_t(o.value("from").toDouble()), int64_t(o.value("to").toDouble()),
                     segmentsFromJson(o.value("before")), segmentsFromJson(o.value("after"))};
        return patchTrack(o.value("recording").toString(), o.value("track").toString(),
                          std::move(p));
    }
    if (op == QLatin1String("labelset"))
        return changeLabelSet(labelSetFromJson(o.value("before")),
                              labelSetFromJson(o.value("after")));
    if (op == QLatin1String("addtrack") || op == QLatin1String("removetrack")) {
        AnnotationTrack::Kind kind;
        if (!AnnotationTrack::kindFromName(o.value("kind").toString(), &kind))
            throw std::runtime_error("unknown track kind");
        AnnotationTrack track(o.value("track").toString(), kind, o.value("label_set").toString());
        track.setSegments(segmentsFromJson(o.value("segments")));
        e = addTrack(o.value("recording").toString(), std::move(track), o.value("index").toInt());
        if (op == QLatin1String("removetrack"))
            e.m_kind = Kind::RemoveTrack;
        return e;
    }
    if (op == QLatin1String("renametrack")) {
        if (!o.value("track").isString() || !o.value("to").isString())
            throw std::runtime_error("a track rename without the track or its new name");
        return renameTrack(o.value("recording").toString(), o.value("track").toString(),
                           o.value("to").toString());
    }
    if (op == QLatin1String("videos")) {
        if (!o.value("recording").isString())
            throw std::runtime_error("a video change without its recording");
        return setVideos(o.value("recording").toString(), videosFromJson(o.value("before")),
                         videosFromJson(o.value("after")));
    }
    throw std::runtime_error(QStringLiteral("unknown edit '%1'").arg(op).toStdString());
}

bool ProjectEdit::operator==(const ProjectEdit& o) const
{
    return m_kind == o.m_kind && m_recordingId == o.m_recordingId && m_trackName == o.m_trackName &&
           m_newTrackName == o.m_newTrackName && m_patch == o.m_patch &&
           m_labelSetBefore == o.m_labelSetBefore && m_labelSetAfter == o.m_labelSetAfter &&
           m_track == o.m_track && m_trackIndex == o.m_trackIndex &&
           m_videosBefore == o.m_videosBefore && m_videosAfter == o.m_videosAfter;
}

} // namespace kinemark
