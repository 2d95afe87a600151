#pragma once

#include "core/labels/ClassNameMap.h"
#include "core/model/AnnotationTrack.h"
#include "core/model/LabelSet.h"

#include <vector>

namespace kinemark {

// ELAN annotation documents (.eaf, format 3.0): one tier per track, every
// segment an alignable annotation whose value is the class name, and the label
// set as the controlled vocabulary of the tiers' linguistic type. ELAN counts
// time in whole milliseconds; below 1 kHz every sample has its own millisecond,
// so sample indices come back exactly. Track kinds travel as header properties.
// EAF has no per-annotation author or edit time, so those stay behind.
class ElanFormat
{
public:
    static void write(const std::vector<const AnnotationTrack*>& tracks, const LabelSet& labelSet,
                      double sampleRateHz, const QString& recordingId, const QString& path);
    // Every tier as a track. An annotation's value is a class name of the
    // label set or of `classMap` (or a class id of the set); annotations with
    // other values are an UnknownClassError listing them (tier, annotation id,
    // time), unless `classMap` skips unknown names: then they are left out and
    // counted in `skipped`. Throws FormatError naming file and line;
    // LabelRangeError for overlapping or out-of-range annotations unless `clip`.
    static std::vector<AnnotationTrack> read(const QString& path, const LabelSet& labelSet,
                                             double sampleRateHz, int64_t sampleCount, bool clip,
                                             const ClassNameMap& classMap = ClassNameMap(),
                                             SkippedClasses* skipped = nullptr);
};

} // namespace kinemark
