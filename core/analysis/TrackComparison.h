#pragma once

#include "core/model/AnnotationTrack.h"

namespace kinemark {

// Comparisons between two tracks of one recording (truth vs prediction, or
// two annotators).
class TrackComparison
{
public:
    // Spans where both tracks are labelled and their classes differ, as one
    // track of class 1 (kind Annotation, name "disagreement").
    static AnnotationTrack disagreement(const AnnotationTrack& a, const AnnotationTrack& b);
};

} // namespace kinemark
