#pragma once

#include "core/analysis/TrackAgreement.h"
#include "core/model/AnnotationTrack.h"

#include <QString>

namespace kinemark {

// How much editing turns a track (a model's prediction, or another annotator's
// labels) into the ground truth with the editor's own operations, beside labelling
// the recording from an empty track: the measure of whether correcting
// suggestions is cheaper than labelling (issue #20 point 6).
//
// The operations, each one undo step of the editor:
//   relabel  a segment gets another class (a class key on the segment)
//   drag     one boundary moves (a boundary two segments share moves both; one next
//            to a gap moves into or out of the gap)
//   split    a segment is cut in two at the cursor
//   merge    a segment is joined with its neighbour (a gap between them is filled),
//            keeping the class of either
//   paint    a new segment is painted into an unlabelled stretch
//   delete   a segment, or a selected stretch, becomes unlabelled
// Labelling from an empty track paints every truth segment: one operation each.
//
// How the script is derived:
// 1. Tolerance. Every boundary of the track within `toleranceSeconds` of a truth
//    boundary is taken to lie on it (the nearest one): such a boundary needs no drag.
//    A segment that shrinks to nothing that way (a sliver on a truth boundary) is
//    left alone.
// 2. Truth gaps. An unlabelled stretch of the truth that still holds labels needs
//    one operation: a drag when the labels are the end of one segment sticking out
//    from a neighbour, else one delete of the stretch (which clears any number of
//    segments and sets both edges).
// 3. Truth segments. Each is either corrected from the pieces of the track inside it
//    (k pieces: k-1 merges, a relabel when none has the truth's class, a drag per edge
//    that a piece does not reach), or repainted (a delete of the stretch when anything
//    is in it, then a paint: 2 operations, or 1 when the stretch is empty). Where two
//    truth segments touch and one segment of the track runs across the boundary, the
//    boundary costs one split, or one drag of the track's boundary just inside either
//    side (which saves that side's merge); a repainted neighbour sets it for free.
//    These choices interact only between neighbouring truth segments, so a dynamic
//    programme over the truth's segments (five ways to treat each) finds the cheapest
//    combination exactly.
//
// Why minimal, and how far: each counted operation removes a difference that no
// other counted operation removes (a piece's boundary inside a truth segment, a
// missing boundary, a wrong class, a label in a gap), and the dynamic programme takes
// the cheapest of the ways listed above. It is exact over scripts that build each truth
// segment from the track's pieces inside it, or repaint it, and clear each gap on its
// own. It is an upper bound, not a proven minimum, for arbitrary scripts: one delete
// spanning a gap and a repainted neighbour, or painting over labels with a range
// selection (the editor allows it; counted here as delete + paint), can be cheaper.
class CorrectionEffort
{
public:
    enum class Operation
    {
        Relabel,
        Drag,
        Split,
        Merge,
        Paint,
        Delete
    };
    static constexpr int kOperationCount = 6;

    struct Operations
    {
        int64_t count[kOperationCount] = {0, 0, 0, 0, 0, 0};
        int64_t& operator[](Operation op) { return count[int(op)]; }
        int64_t operator[](Operation op) const { return count[int(op)]; }
        int64_t total() const;
        Operations& operator+=(const Operations& o);
    };

    Operations operations; // the script that corrects the track
    // Of those, the operations in stretches the truth leaves unlabelled (deleting or
    // dragging back labels the track put there): what a "no label" class would save.
    int64_t gapOperations = 0;
    int64_t truthSegments = 0; // labelling from an empty track: one paint per truth segment
    // The track after the script: the truth, except that a boundary the tolerance
    // accepted stays where the track had it.
    AnnotationTrack corrected;
    // The corrected track against the truth (kappa over the samples both label).
    TrackAgreement agreement;

    // operations / truthSegments (NaN when the truth has no segment).
    double ratio() const;

    // The script that turns `track` into `truth` over [0, sampleCount).
    static CorrectionEffort measure(const AnnotationTrack& truth, const AnnotationTrack& track,
                                    int64_t sampleCount, double sampleRateHz,
                                    double toleranceSeconds = 1.0);

    // "relabel", "drag", "split", "merge", "paint", "delete": the CLI's and JSON's names.
    static QString operationName(Operation op);
};

} // namespace kinemark
