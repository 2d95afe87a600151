// CorrectionEffort: the editor operations that turn a track into the ground truth,
// checked on hand-made tracks (each operation alone, the tolerance, a mixed case
// counted by hand), labelling from scratch, and the kappa of the corrected result.
#include "core/analysis/CorrectionEffort.h"

#include <QtTest>

using namespace kinemark;
using Op = CorrectionEffort::Operation;

namespace {
// Every test runs at 10 Hz, so a tolerance of 1 s is 10 samples.
constexpr double kRate = 10.0;
// Classes by letter, so that the cases read like the comments.
constexpr int32_t A = 1, B = 2, C = 3, D = 4, E = 5, F = 6, G = 7, H = 8;

using Triple = std::tuple<int64_t, int64_t, int32_t>;

AnnotationTrack track(const std::vector<Triple>& segments,
                      AnnotationTrack::Kind kind = AnnotationTrack::Kind::Prediction)
{
    AnnotationTrack t(kind == AnnotationTrack::Kind::GroundTruth ? "truth" : "model", kind);
    for (const auto& [start, end, classId] : segments)
        t.append(Segment(start, end, classId));
    return t;
}

AnnotationTrack truthTrack(const std::vector<Triple>& segments)
{
    return track(segments, AnnotationTrack::Kind::GroundTruth);
}

std::vector<Triple> triples(const AnnotationTrack& t)
{
    std::vector<Triple> out;
    for (const Segment& s : t.segments())
        out.emplace_back(s.start, s.end, s.classId);
    return out;
}

// "relabel 1, drag 0, ...": compared as text, so that a failure shows every count.
QString counts(const CorrectionEffort::Operations& ops)
{
    QStringList parts;
    for (int i = 0; i < CorrectionEffort::kOperationCount; ++i)
        parts << QStringLiteral("%1 %2")
                     .arg(CorrectionEffort::operationName(Op(i)))
                     .arg(ops.count[i]);
    return parts.join(QStringLiteral(", "));
}

QString expected(std::initializer_list<std::pair<Op, int64_t>> nonZero)
{
    CorrectionEffort::Operations ops;
    for (const auto& [op, n] : nonZero)
        ops[op] = n;
    return counts(ops);
}

CorrectionEffort measure(const AnnotationTrack& truth, const AnnotationTrack& model,
                         int64_t samples = 1000, double toleranceS = 1.0)
{
    return CorrectionEffort::measure(truth, model, samples, kRate, toleranceS);
}
} // namespace

class TestEffort : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void identicalTracksNeedNothing()
    {
        const AnnotationTrack truth = truthTrack({{0, 300, A}, {300, 600, B}, {700, 1000, C}});
        const CorrectionEffort e = measure(truth, track(triples(truth)));
        QCOMPARE(counts(e.operations), expected({}));
        QCOMPARE(e.truthSegments, int64_t(3));
        QCOMPARE(triples(e.corrected), triples(truth));
        QCOMPARE(e.agreement.kappa, 1.0);
    }

    void oneRelabel()
    {
        const AnnotationTrack truth = truthTrack({{0, 300, A}, {300, 600, B}, {600, 1000, C}});
        const CorrectionEffort e =
            measure(truth, track({{0, 300, A}, {300, 600, D}, {600, 1000, C}}));
        QCOMPARE(counts(e.operations), expected({{Op::Relabel, 1}}));
        QCOMPARE(triples(e.corrected), triples(truth));
    }

    void oneDragBeyondTheTolerance()
    {
        // The model's A/B boundary lies 5 s late: dragging it is one operation (a split
        // at 300 and a merge at 350 would be two).
        const AnnotationTrack truth = truthTrack({{0, 300, A}, {300, 600, B}, {600, 1000, C}});
        const CorrectionEffort e =
            measure(truth, track({{0, 350, A}, {350, 600, B}, {600, 1000, C}}));
        QCOMPARE(counts(e.operations), expected({{Op::Drag, 1}}));
        QCOMPARE(triples(e.corrected), triples(truth));
        QCOMPARE(e.agreement.kappa, 1.0);
    }

    void aBoundaryWithinTheToleranceNeedsNoDrag()
    {
        // 0.5 s late: within 1 s, so nothing to do, and the result keeps it at 305.
        const AnnotationTrack truth = truthTrack({{0, 300, A}, {300, 600, B}, {600, 1000, C}});
        const CorrectionEffort e =
            measure(truth, track({{0, 305, A}, {305, 600, B}, {600, 1000, C}}));
        QCOMPARE(counts(e.operations), expected({}));
        QCOMPARE(triples(e.corrected),
                 (std::vector<Triple>{{0, 305, A}, {305, 600, B}, {600, 1000, C}}));
        QVERIFY(e.agreement.kappa < 1.0);
    }

    void theToleranceIsAnOption()
    {
        const AnnotationTrack truth = truthTrack({{0, 300, A}, {300, 1000, B}});
        const AnnotationTrack model = track({{0, 330, A}, {330, 1000, B}});
        QCOMPARE(counts(measure(truth, model, 1000, 1.0).operations), expected({{Op::Drag, 1}}));
        QCOMPARE(counts(measure(truth, model, 1000, 5.0).operations), expected({}));
        QCOMPARE(counts(measure(truth, model, 1000, 0.0).operations), expected({{Op::Drag, 1}}));
    }

    void oneDragBackOutOfAGap()
    {
        // A runs 10 s into the stretch the truth leaves unlabelled: its end is dragged back.
        const AnnotationTrack truth = truthTrack({{0, 300, A}, {600, 1000, C}});
        const CorrectionEffort e = measure(truth, track({{0, 400, A}, {600, 1000, C}}));
        QCOMPARE(counts(e.operations), expected({{Op::Drag, 1}}));
        QCOMPARE(triples(e.corrected), triples(truth));
    }

    void oneSplit()
    {
        // The truth has two A segments where the model has one.
        const AnnotationTrack truth = truthTrack({{0, 300, A}, {300, 600, A}, {600, 1000, B}});
        const CorrectionEffort e = measure(truth, track({{0, 600, A}, {600, 1000, B}}));
        QCOMPARE(counts(e.operations), expected({{Op::Split, 1}}));
    }

    void oneMerge()
    {
        // A spurious C inside the truth's A: joined into A.
        const AnnotationTrack truth = truthTrack({{0, 600, A}, {600, 1000, B}});
        const CorrectionEffort e =
            measure(truth, track({{0, 300, A}, {300, 600, C}, {600, 1000, B}}));
        QCOMPARE(counts(e.operations), expected({{Op::Merge, 1}}));
        QCOMPARE(triples(e.corrected), triples(truth));
    }

    void onePaint()
    {
        // The model left B unlabelled.
        const AnnotationTrack truth = truthTrack({{0, 300, A}, {300, 600, B}, {600, 1000, C}});
        const CorrectionEffort e = measure(truth, track({{0, 300, A}, {600, 1000, C}}));
        QCOMPARE(counts(e.operations), expected({{Op::Paint, 1}}));
        QCOMPARE(triples(e.corrected), triples(truth));
    }

    void oneDelete()
    {
        // The model labelled a stretch the truth leaves unlabelled.
        const AnnotationTrack truth = truthTrack({{0, 300, A}, {600, 1000, C}});
        const CorrectionEffort e =
            measure(truth, track({{0, 300, A}, {300, 600, B}, {600, 1000, C}}));
        QCOMPARE(counts(e.operations), expected({{Op::Delete, 1}}));
        QCOMPARE(e.gapOperations, int64_t(1));
        QCOMPARE(triples(e.corrected), triples(truth));
    }

    void repaintingBeatsManyMerges()
    {
        // Five pieces flicker inside one truth segment: four merges, or delete the
        // stretch and paint it (two).
        const AnnotationTrack truth = truthTrack({{0, 1000, A}});
        const CorrectionEffort e = measure(
            truth,
            track({{0, 200, A}, {200, 400, B}, {400, 600, A}, {600, 800, B}, {800, 1000, A}}));
        QCOMPARE(counts(e.operations), expected({{Op::Delete, 1}, {Op::Paint, 1}}));
        QCOMPARE(e.gapOperations, int64_t(0)); // the delete is the repaint's
        QCOMPARE(triples(e.corrected), triples(truth));
    }

    void labellingFromScratchPaintsEverySegment()
    {
        const AnnotationTrack truth =
            truthTrack({{0, 100, A}, {100, 250, B}, {400, 600, C}, {600, 700, A}, {800, 1000, D}});
        const CorrectionEffort e = measure(truth, track({}));
        QCOMPARE(e.truthSegments, int64_t(5));
        QCOMPARE(counts(e.operations), expected({{Op::Paint, 5}}));
        QCOMPARE(e.ratio(), 1.0);
        QCOMPARE(triples(e.corrected), triples(truth));
    }

    void aMixedCase()
    {
        // 300 s at 10 Hz, tolerance 1 s (10 samples); 9 truth segments, two gaps.
        const AnnotationTrack truth = truthTrack({{0, 300, A},
                                                  {300, 700, B},
                                                  // gap 700-800
                                                  {800, 1200, C},
                                                  {1200, 1500, D},
                                                  {1500, 2000, A},
                                                  {2000, 2300, B},
                                                  {2300, 2600, C},
                                                  // gap 2600-2800
                                                  {2800, 2900, D},
                                                  {2900, 3000, D}});
        const AnnotationTrack model = track({{0, 304, A},       // 0.4 s late: within tolerance
                                             {304, 550, B},     // truth B [300, 700) holds B and E:
                                             {550, 760, E},     //   1 merge; E's end 6 s into the
                                                                //   gap: 1 drag
                                             {800, 1350, C},    // C runs 15 s into D; the C|D
                                             {1350, 1500, D},   //   boundary dragged back: 1 drag
                                             {1500, 1600, F},   // truth A [1500, 2000) holds F, a
                                             {1700, 2000, A},   //   gap and A: 1 merge keeping A
                                             {2000, 2300, G},   // G for B: 1 relabel
                                                                // C [2300, 2600) missing: 1 paint
                                             {2620, 2780, H},   // in the gap: 1 delete
                                             {2800, 3000, D}}); // two D in the truth: 1 split
        // By hand: merge 2, drag 2, relabel 1, paint 1, delete 1, split 1 = 8 operations
        // against 9 paints from scratch.
        const CorrectionEffort e = measure(truth, model, 3000);
        QCOMPARE(counts(e.operations), expected({{Op::Relabel, 1},
                                                 {Op::Drag, 2},
                                                 {Op::Split, 1},
                                                 {Op::Merge, 2},
                                                 {Op::Paint, 1},
                                                 {Op::Delete, 1}}));
        QCOMPARE(e.operations.total(), int64_t(8));
        QCOMPARE(e.gapOperations, int64_t(2)); // E's drag and H's delete
        QCOMPARE(e.truthSegments, int64_t(9));
        QCOMPARE(e.ratio(), 8.0 / 9.0);
        // The result is the truth but for A's end, which the tolerance left at 304.
        std::vector<Triple> result{{0, 304, A},     {304, 700, B},   {800, 1200, C},
                                   {1200, 1500, D}, {1500, 2000, A}, {2000, 2300, B},
                                   {2300, 2600, C}, {2800, 3000, D}};
        QCOMPARE(triples(e.corrected), result);
    }

    void kappaOfTheCorrectedResult()
    {
        // The boundary stays 0.5 s late (within the tolerance): of 1000 samples, 5 of the
        // truth's B are A in the result. Observed agreement 995/1000; chance agreement
        // (500 * 505 + 500 * 495) / 1000^2 = 0.5; kappa (0.995 - 0.5) / (1 - 0.5) = 0.99.
        const AnnotationTrack truth = truthTrack({{0, 500, A}, {500, 1000, B}});
        const CorrectionEffort e = measure(truth, track({{0, 505, A}, {505, 1000, B}}));
        QCOMPARE(counts(e.operations), expected({}));
        QCOMPARE(e.agreement.comparedSamples, int64_t(1000));
        QVERIFY(qAbs(e.agreement.kappa - 0.99) < 1e-12);
    }

    void slackAtAGapEdgeStaysUnlabelled()
    {
        // The model starts C 0.8 s late after an unlabelled stretch: no drag, and the
        // result leaves those samples unlabelled as the model did.
        const AnnotationTrack truth = truthTrack({{0, 300, A}, {600, 1000, C}});
        const CorrectionEffort e = measure(truth, track({{0, 300, A}, {608, 1000, C}}));
        QCOMPARE(counts(e.operations), expected({}));
        QCOMPARE(triples(e.corrected), (std::vector<Triple>{{0, 300, A}, {608, 1000, C}}));
        QCOMPARE(e.agreement.onlyInA, int64_t(8));
    }

    void noTruthMeansNoRatio()
    {
        const CorrectionEffort e = measure(truthTrack({}), track({{100, 200, A}}));
        QCOMPARE(e.truthSegments, int64_t(0));
        QCOMPARE(counts(e.operations), expected({{Op::Delete, 1}}));
        QVERIFY(std::isnan(e.ratio()));
    }
};

QTEST_APPLESS_MAIN(TestEffort)
#include "tst_effort.moc"
