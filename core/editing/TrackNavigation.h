#pragma once

#include "core/model/AnnotationTrack.h"
#include "core/model/Recording.h"

#include <functional>
#include <optional>
#include <vector>

namespace kinemark {

// A confidence value per step of a recording, e.g. a model's top-class
// probability per window: values[i] covers samples
// [startSample + i*step, startSample + (i+1)*step). Kept generic so that any
// producer (a model's probabilities, an annotator's own marks) can feed the
// "next low-confidence region" jump.
struct ConfidenceSeries
{
    int64_t startSample = 0;
    int64_t step = 1;
    std::vector<float> values;

    bool isEmpty() const { return values.empty() || step <= 0; }
};

// A span [start, end) in samples, what every jump lands on.
struct SampleSpan
{
    int64_t start = 0;
    int64_t end = 0;
    bool operator==(const SampleSpan& o) const { return start == o.start && end == o.end; }
};

// Where to jump next: queries over tracks that return the span to show, or
// nothing when there is none in that direction. "After" means starting after
// `sample`; "before" means starting before it, so that repeating a jump from the
// start of the span it found walks on.
class TrackNavigation
{
public:
    static std::optional<SampleSpan> nextSegment(const AnnotationTrack& track, int64_t sample);
    static std::optional<SampleSpan> previousSegment(const AnnotationTrack& track, int64_t sample);
    // Unlabelled spans inside [0, sampleCount).
    static std::optional<SampleSpan> nextGap(const AnnotationTrack& track, int64_t sample,
                                             int64_t sampleCount);
    static std::optional<SampleSpan> previousGap(const AnnotationTrack& track, int64_t sample,
                                                 int64_t sampleCount);
    // Spans where both tracks are labelled and differ (see TrackComparison).
    static std::optional<SampleSpan> nextDisagreement(const AnnotationTrack& a,
                                                      const AnnotationTrack& b, int64_t sample);
    static std::optional<SampleSpan> previousDisagreement(const AnnotationTrack& a,
                                                          const AnnotationTrack& b, int64_t sample);
    // Maximal runs of values below `threshold`.
    static std::optional<SampleSpan> nextLowConfidence(const ConfidenceSeries& confidence,
                                                       float threshold, int64_t sample);
    static std::optional<SampleSpan> previousLowConfidence(const ConfidenceSeries& confidence,
                                                           float threshold, int64_t sample);

    static std::vector<SampleSpan> gaps(const AnnotationTrack& track, int64_t sampleCount);
    static std::vector<SampleSpan> lowConfidenceRuns(const ConfidenceSeries& confidence,
                                                     float threshold);
    // The confidence (largest class probability per row) of the recording's
    // first prediction track that has stored probabilities; empty when none has.
    static ConfidenceSeries firstPredictionConfidence(const Recording& recording);
};

} // namespace kinemark
