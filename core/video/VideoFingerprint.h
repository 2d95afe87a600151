#pragma once

#include <QString>

namespace kinemark {

// A video file's size and content hash, by which a project notices that an
// attached video was replaced or edited, and finds it again after a move.
// The hash is SHA-256 over the size and the first and last MiB only: a
// clinical visit filmed in 1080p is several GB, and hashing it whole would
// take tens of seconds on every project open (and a full read of a file on a
// network share). Containers keep their index (MP4's moov, MKV's cues) at the
// start or end and the size changes with any re-encode or trim, so a changed
// video is still noticed; a same-size edit of the middle only is not, which
// is the price of checking a 4 GB file in milliseconds.
class VideoFingerprint
{
public:
    qint64 sizeBytes = -1;
    QString hash; // 64 lower-case hex digits

    static constexpr qint64 kSampleBytes = qint64(1) << 20;

    // Throws std::runtime_error naming the file when it cannot be read.
    static VideoFingerprint of(const QString& path);
};

} // namespace kinemark
