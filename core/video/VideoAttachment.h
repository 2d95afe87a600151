#pragma once

#include <QJsonObject>
#include <QString>

namespace kinemark {

// A video file attached to a recording, with the mapping between the video's
// clock and the recording's: annotators of free-living recordings label from
// a camera filmed alongside the sensors, and the two clocks start apart and
// run at slightly different rates. The path, size and hash let VideoLocator
// notice a moved or changed file; decoding is the GUI's business (no
// multimedia in core).
struct VideoAttachment
{
    // As stored: relative to the project file's folder where possible
    // (VideoLocator::storedPath), else absolute.
    QString path;
    // Recording time (seconds from the recording's sample 0) shown at video time 0.
    double offsetS = 0;
    // The video clock's rate error: recording time advances (1 + driftPpm*1e-6)
    // s per video second.
    double driftPpm = 0;
    qint64 sizeBytes = -1; // -1: unknown (not checked)
    QString hash;          // hex content hash (VideoFingerprint), empty: unknown

    double recordingTimeAt(double videoTimeS) const
    {
        return offsetS + videoTimeS * (1.0 + driftPpm * 1e-6);
    }
    double videoTimeAt(double recordingTimeS) const
    {
        return (recordingTimeS - offsetS) / (1.0 + driftPpm * 1e-6);
    }

    // Bounds every reader of untrusted attachments (project file, journal)
    // enforces. A drift of 1 % is far beyond any camera's crystal (tens of
    // ppm) or a mislabelled 25/24 fps (4 %, which is a frame rate mistake to
    // fix, not to correct by drift); offsets beyond ten years are nonsense.
    static constexpr double kMaxDriftPpm = 10000;
    static constexpr double kMaxOffsetS = 10 * 366 * 86400.0;
    static constexpr int kMaxPathLength = 4096;
    static constexpr int kMaxHashLength = 128;

    // Empty when the values are within those bounds, otherwise what is wrong
    // (e.g. "offset_s is not a finite number").
    QString checkConsistency() const;

    // The journal's form: {"path", "offset_s", "drift_ppm", "size_bytes", "hash"}.
    QJsonObject toJson() const;
    // Throws std::runtime_error when a field is missing, of the wrong type or
    // out of bounds (checkConsistency).
    static VideoAttachment fromJson(const QJsonObject& json);

    bool operator==(const VideoAttachment& o) const
    {
        return path == o.path && offsetS == o.offsetS && driftPpm == o.driftPpm &&
               sizeBytes == o.sizeBytes && hash == o.hash;
    }
    bool operator!=(const VideoAttachment& o) const { return !(*this == o); }
};

} // namespace kinemark
