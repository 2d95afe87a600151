#pragma once

#include "core/model/AnnotationTrack.h"

#include <map>
#include <vector>

namespace kinemark {

// How well two tracks of one recording agree (two annotators, or annotator vs
// model): Cohen's kappa and per-class precision/recall/F1 over the samples both
// label, and how far apart their boundaries lie. Track `a` is the reference.
class TrackAgreement
{
public:
    struct ClassScore
    {
        int32_t classId = kUnlabelled;
        int64_t truePositives = 0, falsePositives = 0, falseNegatives = 0;
        int64_t support = 0; // samples of the class in `a`
        double precision = 0, recall = 0, f1 = 0;
    };
    struct BoundaryOffsets
    {
        int64_t matched = 0; // boundaries of `a` with one of `b` within the tolerance
        int64_t onlyInA = 0; // boundaries of `a` without a partner
        int64_t onlyInB = 0;
        double meanAbsSeconds = 0, medianAbsSeconds = 0, maxAbsSeconds = 0;
        std::vector<double> offsetsSeconds; // b - a, per matched boundary, in order
    };
    // (class in a, class in b) -> samples.
    using Confusion = std::map<std::pair<int32_t, int32_t>, int64_t>;

    int64_t comparedSamples = 0; // samples labelled in both
    int64_t onlyInA = 0, onlyInB = 0;
    double observedAgreement = 0, expectedAgreement = 0;
    double kappa = 0; // NaN when undefined (nothing compared)
    std::vector<ClassScore> classes;
    double macroF1 = 0;
    Confusion confusion;
    BoundaryOffsets boundaries;

    // Compares [0, sampleCount) of two tracks. Boundaries match one-to-one, each
    // to the nearest unmatched partner within `toleranceSeconds`.
    static TrackAgreement compare(const AnnotationTrack& a, const AnnotationTrack& b,
                                  int64_t sampleCount, double sampleRateHz,
                                  double toleranceSeconds = 2.0);
    // Adds a confusion matrix of labelled-in-both samples (pooling recordings).
    static void addConfusion(const AnnotationTrack& a, const AnnotationTrack& b,
                             int64_t sampleCount, Confusion& confusion, int64_t* onlyInA = nullptr,
                             int64_t* onlyInB = nullptr);
    // Kappa and class scores from a confusion matrix (boundaries left empty).
    static TrackAgreement fromConfusion(const Confusion& confusion);
    // Positions where the label changes (segment edges between different classes or a gap).
    static std::vector<int64_t> boundaryPositions(const AnnotationTrack& track,
                                                  int64_t sampleCount);
};

} // namespace kinemark
