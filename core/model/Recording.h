#pragma once

#include "core/model/AnnotationTrack.h"
#include "core/model/ClassProbabilities.h"
#include "core/model/Sensor.h"
#include "core/video/VideoAttachment.h"

#include <QMap>
#include <QString>
#include <vector>

namespace kinemark {

// One continuous session of one subject: sensors with float columns on one
// uniform time base, plus annotation tracks over its samples (ground truth,
// annotators, predictions). Recordings are large (a week of two sensors is
// ~726 MB), so they are moved and shared, not copied.
class Recording
{
public:
    QString id;        // unique within a project, e.g. "exp01_user01" or a file's base name
    QString subjectId; // e.g. "1" or "S006"
    double sampleRateHz = 50.0;
    int64_t startTimeUs = 0; // wall-clock time of sample 0, microseconds since the Unix epoch (UTC)
    QString labelSetId;      // label set of the ground truth and of the tracks, "" when unknown
    QString source;          // where it came from (file or folder), for the user's reference
    QMap<QString, QString> metadata;
    std::vector<Sensor> sensors;
    std::vector<AnnotationTrack> tracks;
    // Class probabilities of prediction tracks, by track name (empty for other tracks).
    QMap<QString, ClassProbabilities> probabilities;
    // Videos filmed alongside, each with its offset and drift (Project::videos
    // is the way to them). Kept here so that they go with the recording when
    // it is removed or renamed.
    std::vector<VideoAttachment> videos;

    Recording() = default;
    Recording(Recording&&) noexcept = default;
    Recording& operator=(Recording&&) noexcept = default;
    // Copying is explicit (clone()) so that a stray copy of a week of data cannot hide in the code.
    Recording(const Recording&) = delete;
    Recording& operator=(const Recording&) = delete;
    Recording clone() const;

    size_t sampleCount() const;
    double durationSeconds() const { return sampleRateHz > 0 ? sampleCount() / sampleRateHz : 0; }
    size_t channelCount() const;
    // Channels in sensor order, flattened: 0..channelCount()-1.
    const Channel& channel(size_t flatIndex) const;
    Channel& channel(size_t flatIndex);
    QString qualifiedChannelName(size_t flatIndex) const;
    QStringList channelNames() const;

    // The first ground-truth track, or nullptr.
    const AnnotationTrack* groundTruth() const;
    AnnotationTrack* groundTruth();
    const AnnotationTrack* track(const QString& name) const;

    // Empty when consistent; otherwise what is wrong (unequal column lengths,
    // duplicate sensor names, tracks beyond the end, bad rate, probabilities of
    // a track that does not exist or that run beyond the end).
    QString checkConsistency() const;
};

} // namespace kinemark
