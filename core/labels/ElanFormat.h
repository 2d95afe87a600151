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
//
// Notes and unsure flags travel as ELAN's own dependent tiers, which ELAN shows
// beneath their parent and keeps tied to it when annotations move: a track with
// notes gets a tier "<track> notes" (PARENT_REF the track's tier, linguistic
// type "note" with the Symbolic_Association constraint), one reference
// annotation per noted segment whose value is the note; a track with unsure
// segments gets "<track> unsure" (type "unsure", the same constraint), value
// "unsure" on each flagged segment. The class value stays a clean vocabulary
// entry, so ELAN's controlled vocabulary still accepts every annotation. On
// reading, any symbolic dependent tier (also one made in ELAN, say
// "comments") adds its values to its parent's notes ("; "-joined), except tiers
// of the type "unsure", whose non-empty values set the flag; dependent tiers
// never become tracks of their own.
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
