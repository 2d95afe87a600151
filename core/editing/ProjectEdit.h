#pragma once

#include "core/editing/TrackPatch.h"
#include "core/model/Project.h"

#include <QJsonObject>

namespace kinemark {

// One change of a project as data, so that the undo stack, the journal and
// crash recovery share one representation: a patch of one track, a changed
// label set, a track added, removed or renamed, a recording's videos replaced
// (attach, detach, sync, relocation). Each has an exact inverse.
class ProjectEdit
{
public:
    enum class Kind
    {
        PatchTrack,
        ChangeLabelSet,
        AddTrack,
        RemoveTrack,
        RenameTrack,
        SetVideos
    };

    static ProjectEdit patchTrack(const QString& recordingId, const QString& trackName,
                                  TrackPatch patch);
    static ProjectEdit changeLabelSet(LabelSet before, LabelSet after);
    // Inserts `track` at `index` of the recording's tracks (clamped to the end).
    static ProjectEdit addTrack(const QString& recordingId, AnnotationTrack track, int index);
    // Removes `track` (as it is now, so that undo brings it back) from position `index`.
    static ProjectEdit removeTrack(const QString& recordingId, AnnotationTrack track, int index);
    // Renames a track; its class probabilities (if any) follow it.
    static ProjectEdit renameTrack(const QString& recordingId, const QString& from,
                                   const QString& to);

    // Replaces the recording's videos `before` by `after`: attaching,
    // detaching, changing the offset or drift and relocating are all this one
    // edit, so that undo, the journal and crash recovery cover each.
    static ProjectEdit setVideos(const QString& recordingId, std::vector<VideoAttachment> before,
                                 std::vector<VideoAttachment> after);

    Kind kind() const { return m_kind; }
    const QString& recordingId() const { return m_recordingId; }
    // The patched, added or removed track's name; a renamed track's old name.
    const QString& trackName() const { return m_trackName; }
    // A renamed track's new name.
    const QString& newTrackName() const { return m_newTrackName; }
    const TrackPatch& patch() const { return m_patch; }
    const LabelSet& labelSetAfter() const { return m_labelSetAfter; }
    const AnnotationTrack& track() const { return m_track; }
    int trackIndex() const { return m_trackIndex; }
    const std::vector<VideoAttachment>& videosBefore() const { return m_videosBefore; }
    const std::vector<VideoAttachment>& videosAfter() const { return m_videosAfter; }

    ProjectEdit inverted() const;
    // Throws std::runtime_error naming the recording, track or label set it cannot find.
    void apply(Project& project) const;

    QJsonObject toJson() const;
    // Throws std::runtime_error on a malformed object.
    static ProjectEdit fromJson(const QJsonObject& json);

    bool operator==(const ProjectEdit& o) const;

private:
    Kind m_kind = Kind::PatchTrack;
    QString m_recordingId;
    QString m_trackName;
    QString m_newTrackName;
    TrackPatch m_patch;
    LabelSet m_labelSetBefore, m_labelSetAfter;
    AnnotationTrack m_track;
    int m_trackIndex = 0;
    std::vector<VideoAttachment> m_videosBefore, m_videosAfter;
};

} // namespace kinemark
