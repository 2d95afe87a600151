#pragma once

#include "core/model/AnnotationTrack.h"

namespace kinemark {

class LabelSet;

// One class id per sample, one line each, HARTH style: written as a single
// column `label` (an empty field for unlabelled samples); read from any
// delimited file by column name or 1-based number, with "" or -1 meaning
// unlabelled. Per-sample labels carry no segment boundaries, authors or edit
// times, so a round trip gives back the same label of every sample (adjacent
// segments of one class come back joined).
class SampleLabelColumnFormat
{
public:
    static void write(const AnnotationTrack& track, int64_t sampleCount, const QString& path);
    // `column`: header name or 1-based number ("" = "label", or the only column).
    // More rows than samples is a LabelRangeError unless `clip`; fewer leaves the rest unlabelled.
    // An id that is not an integer, is negative (other than -1, unlabelled) or is not
    // in `knownClasses` (when given) is a FormatError at its line and column.
    static AnnotationTrack read(const QString& path, const QString& column, bool hasHeader,
                                int64_t sampleCount, bool clip, const QString& trackName,
                                AnnotationTrack::Kind kind, const QString& labelSetId,
                                const LabelSet* knownClasses = nullptr);
};

} // namespace kinemark
