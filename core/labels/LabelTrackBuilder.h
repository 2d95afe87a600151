#pragma once

#include "core/base/FormatError.h"
#include "core/model/AnnotationTrack.h"

namespace kinemark {

// A label file's input segments that overlap each other or fall outside the
// recording. The message names the file and line; `clippable` says that reading
// again with clipping would succeed (the GUI asks, the CLI suggests --clip).
class LabelRangeError : public FormatError
{
public:
    LabelRangeError(const QString& file, const QString& message, qint64 line)
        : FormatError(file, message, line)
    {}
};

// Collects the segments a label reader finds, with the line each came from,
// and turns them into a valid track: sorted, non-overlapping, inside
// [0, sampleCount). Without clipping, the first overlap or out-of-range segment
// is a LabelRangeError; with clipping, a segment is cut to the recording and to
// the end of the segment before it (and dropped when nothing is left).
class LabelTrackBuilder
{
public:
    LabelTrackBuilder(QString file, int64_t sampleCount, bool clip);

    void add(const Segment& segment, qint64 line);
    // Throws LabelRangeError (or FormatError for an empty segment).
    AnnotationTrack build(const QString& name, AnnotationTrack::Kind kind,
                          const QString& labelSetId) const;
    // How many segments clipping changed or dropped (for the report).
    int clippedCount() const { return m_clipped; }

private:
    struct Located
    {
        Segment segment;
        qint64 line;
    };
    QString m_file;
    int64_t m_sampleCount;
    bool m_clip;
    std::vector<Located> m_segments;
    mutable int m_clipped = 0;
};

} // namespace kinemark
