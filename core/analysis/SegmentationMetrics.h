#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace kinemark {

// Metrics of a per-sample prediction against per-sample ground truth, as
// temporal action segmentation reports them (MS-TCN and its HAR descendants).
//
// Samples whose ground truth is kUnlabelled are dropped first, for every
// metric: they are neither right nor wrong, and the labelled samples on either
// side of a dropped gap are treated as neighbours. A prediction of kUnlabelled
// on a labelled sample counts as wrong.
struct SegmentationMetrics
{
    // Sample level, averaged over the classes that occur in the ground truth
    // or the prediction (macro averages, 0-1).
    double accuracy = 0;
    double macroF1 = 0;      // "Fm"
    double macroJaccard = 0; // mean per-class intersection over union
    double macroPrecision = 0;
    double macroRecall = 0;
    std::map<int32_t, double> perClassF1;

    // Segment level (0-1): 1 - normalised Levenshtein distance between the
    // class sequences of the segments; and F1 of segments matched at
    // intersection-over-union thresholds 0.10, 0.25 and 0.50.
    double editScore = 0;
    double f1At10 = 0;
    double f1At25 = 0;
    double f1At50 = 0;

    int64_t sampleCount = 0; // labelled samples compared
    size_t truthSegments = 0;
    size_t predictedSegments = 0;

    static SegmentationMetrics compute(const int32_t* truth, const int32_t* predicted,
                                       size_t count);
    static SegmentationMetrics compute(const std::vector<int32_t>& truth,
                                       const std::vector<int32_t>& predicted);

    // The pieces, public for tests and for reports that want one of them.
    struct Run
    {
        int32_t classId;
        int64_t start; // index into the labelled samples
        int64_t end;
    };
    static std::vector<Run> runsOf(const std::vector<int32_t>& labels);
    static double editScoreOf(const std::vector<Run>& truth, const std::vector<Run>& predicted);
    static double f1AtOverlap(const std::vector<Run>& truth, const std::vector<Run>& predicted,
                              double iouThreshold);
};

} // namespace kinemark
