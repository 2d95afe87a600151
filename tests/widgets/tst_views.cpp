// Views on one time axis (offscreen): synchronisation, exact min/max drawing, spectrogram content.
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/ConfidenceLane.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/SignalView.h"
#include "widgets/recording/SpectrogramView.h"
#include "widgets/recording/TimelineView.h"

#include <QtTest>
#include <cmath>

using namespace kinemark;

namespace {
// Two sensors, 2 h at 50 Hz: the back x axis is a 5 Hz sine with one spike;
// ground truth alternates every 10 minutes, with one 2-second segment.
std::shared_ptr<Recording> makeRecording()
{
    auto r = std::make_shared<Recording>();
    r->id = QStringLiteral("views");
    r->subjectId = QStringLiteral("s1");
    r->sampleRateHz = 50;
    r->startTimeUs = 1700000000000000LL;
    r->labelSetId = QStringLiteral("harth");
    const size_t n = 2 * 3600 * 50;
    for (const char* name : {"back", "thigh"}) {
        Sensor s;
        s.name = QString::fromLatin1(name);
        for (const char* axis : {"x", "y", "z"})
            s.channels.push_back(
                Channel{QString::fromLatin1(axis), "acc", "g", std::vector<float>(n, 0.f)});
        r->sensors.push_back(s);
    }
    auto& x = r->sensors[0].channels[0].samples;
    for (size_t i = 0; i < n; ++i)
        x[i] = float(0.5 * std::sin(2 * M_PI * 5.0 * i / 50.0));
    x[123457] = 7.5f; // a single-sample spike
    AnnotationTrack gt(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth, "harth");
    for (int64_t s = 0; s < int64_t(n); s += 30000)
        gt.append(
            Segment{s, std::min<int64_t>(s + 30000, int64_t(n)), (s / 30000) % 2 ? 1 : 7, {}, 0});
    gt.assign(200000, 200100, 2); // 2 s of running
    r->tracks.push_back(gt);
    AnnotationTrack pred(QStringLiteral("model"), AnnotationTrack::Kind::Prediction, "harth");
    pred.append(Segment{0, int64_t(n), 7, {}, 0});
    r->tracks.push_back(pred);
    return r;
}

QList<QCPRange> xRanges(TimePlot* plot)
{
    QList<QCPRange> ranges;
    for (QCPAxisRect* rect : plot->timeRects())
        ranges << rect->axis(QCPAxis::atBottom)->range();
    return ranges;
}

struct Views
{
    RecordingSession session;
    SignalView signal{&session};
    SpectrogramView spectrogram{&session};
    TimelineView timeline{&session};
    Views()
    {
        for (QWidget* w : {static_cast<QWidget*>(&signal), static_cast<QWidget*>(&spectrogram),
                           static_cast<QWidget*>(&timeline)}) {
            w->resize(1000, w == &timeline ? w->sizeHint().height() : 400);
            w->show();
        }
        session.setRecording(makeRecording(), LabelSet::builtin("harth"));
        session.waitForBackgroundWork();
    }
};
} // namespace

class TestViews : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void viewsStayInSyncAfterZoomAndPan();
    void signalViewDrawsTrueMinMaxWhenZoomedOut();
    void signalViewDrawsRawSamplesWhenZoomedIn();
    void spectrogramShowsSineInItsBin();
    void bandsAndRowsAreEquallyTall();
    void frameLengthChangeRecomputesOnlyTheSpectrogram();
    void timelineHasTruthPredictionAndDisagreementLanes();
    void confidenceLaneShowsLowConfidence();
    void timeAxisClampsAndZoomsAroundAnchor();
};

void TestViews::viewsStayInSyncAfterZoomAndPan()
{
    Views v;
    TimeAxisState* axis = v.session.timeAxis();
    QCOMPARE(axis->visibleStart(), 0.0);
    QCOMPARE(axis->visibleEnd(), 7200.0);
    // Wheel over the signal view zooms all three views around the mouse.
    const QPoint centre(v.signal.timeRects().first()->center());
    const double anchor =
        v.signal.timeRects().first()->axis(QCPAxis::atBottom)->pixelToCoord(centre.x());
    QWheelEvent wheel(centre, v.signal.mapToGlobal(centre), QPoint(), QPoint(0, 360), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&v.signal, &wheel);
    QVERIFY(axis->visibleSpan() < 7200 * 0.6);
    QVERIFY(
        std::abs(v.signal.timeRects().first()->axis(QCPAxis::atBottom)->pixelToCoord(centre.x()) -
                 anchor) < 1.0);
    // Drag on the timeline pans every view.
    const QPoint start = v.timeline.timeRects().first()->center();
    const double before = axis->visibleStart();
    QTest::mousePress(&v.timeline, Qt::LeftButton, Qt::NoModifier, start);
    QTest::mouseMove(&v.timeline, start + QPoint(-200, 0));
    QTest::mouseRelease(&v.timeline, Qt::LeftButton, Qt::NoModifier, start + QPoint(-200, 0));
    QVERIFY(axis->visibleStart() > before);
    // Keyboard-style navigation through the state.
    axis->panBy(-0.25);
    axis->zoom(0.1);
    for (TimePlot* plot :
         {static_cast<TimePlot*>(&v.signal), static_cast<TimePlot*>(&v.spectrogram),
          static_cast<TimePlot*>(&v.timeline)}) {
        QVERIFY(!plot->timeRects().isEmpty());
        for (const QCPRange& r : xRanges(plot)) {
            QCOMPARE(r.lower, axis->visibleStart());
            QCOMPARE(r.upper, axis->visibleEnd());
        }
    }
}

void TestViews::signalViewDrawsTrueMinMaxWhenZoomedOut()
{
    Views v;
    QVERIFY(v.session.pyramids());
    v.session.timeAxis()->fitAll();
    QCPGraph* backX = v.signal.graph(0);
    QVERIFY(backX->dataCount() > 0);
    // Zoomed out, one min/max pair per pixel column: the spike must be there, and the sine's
    // extremes.
    QVERIFY(backX->dataCount() <= 2 * v.signal.dataWidth());
    double mx = -1e9, mn = 1e9;
    for (auto it = backX->data()->constBegin(); it != backX->data()->constEnd(); ++it) {
        mx = std::max(mx, it->value);
        mn = std::min(mn, it->value);
    }
    const auto& x = v.session.recording()->channel(0).samples;
    QCOMPARE(mx, 7.5);
    QCOMPARE(mn, double(*std::min_element(x.begin(), x.end())));
}

void TestViews::signalViewDrawsRawSamplesWhenZoomedIn()
{
    Views v;
    v.session.timeAxis()->setVisibleRange(100.0, 101.0);
    QCPGraph* backX = v.signal.graph(0);
    // 1 s at 50 Hz plus one sample of margin on each side.
    QVERIFY(backX->dataCount() >= 50 && backX->dataCount() <= 54);
    auto it = backX->data()->findBegin(100.0);
    QCOMPARE(it->value,
             double(float(0.5 * std::sin(2 * M_PI * 5.0 * std::round(it->key * 50) / 50.0))));
}

namespace {
void checkSpectrogramPeak(SpectrogramView& view, int expectedBin, int bins = 26)
{
    auto* map = qobject_cast<QCPColorMap*>(view.plottable(0));
    QVERIFY(map);
    QCPColorMapData* data = map->data();
    QCOMPARE(data->valueSize(), bins);
    QCOMPARE(data->keySize(), view.dataWidth());
    for (int col = 3; col < data->keySize(); col += 97) {
        int peak = 1;
        for (int k = 1; k < data->valueSize(); ++k)
            if (data->cell(col, k) > data->cell(col, peak))
                peak = k;
        QCOMPARE(peak, expectedBin);
    }
}
} // namespace

void TestViews::spectrogramShowsSineInItsBin()
{
    Views v;
    // A narrow view of the whole recording draws from the pooled overview levels.
    v.spectrogram.resize(300, 400);
    v.session.timeAxis()->fitAll();
    v.session.waitForBackgroundWork();
    QTRY_VERIFY_WITH_TIMEOUT(v.spectrogram.isComplete(), 10000);
    checkSpectrogramPeak(v.spectrogram, 5); // 5 Hz at 1 Hz per bin
    // Zoomed in to 20 s: full-resolution tiles, computed in the background, then drawn.
    v.spectrogram.resize(1000, 400);
    v.session.timeAxis()->setVisibleRange(600, 620);
    QTRY_VERIFY_WITH_TIMEOUT(v.spectrogram.isComplete(), 10000);
    checkSpectrogramPeak(v.spectrogram, 5);
}

// Six spectrogram bands and two signal rows: the lowest carries the time
// labels in its margin, and still its data area is as tall as the others'
// (it came out ~20 px lower when rows shared the height by outer rects).
void TestViews::bandsAndRowsAreEquallyTall()
{
    Views v;
    for (TimePlot* plot :
         {static_cast<TimePlot*>(&v.spectrogram), static_cast<TimePlot*>(&v.signal)}) {
        plot->resize(1000, 400);
        plot->replot();
        plot->replot(); // the second layout uses the margins the first one found
        const auto& rects = plot->timeRects();
        QVERIFY(rects.size() >= 2);
        const int first = rects.front()->rect().height();
        for (QCPAxisRect* rect : rects)
            QVERIFY2(
                std::abs(rect->rect().height() - first) <= 2,
                qPrintable(QStringLiteral("%1 against %2").arg(rect->rect().height()).arg(first)));
    }
}

void TestViews::frameLengthChangeRecomputesOnlyTheSpectrogram()
{
    Views v;
    v.spectrogram.resize(1000, 400);
    v.session.timeAxis()->setVisibleRange(600, 620);
    v.session.waitForBackgroundWork();
    QTRY_VERIFY_WITH_TIMEOUT(v.spectrogram.isComplete(), 10000);
    const auto pyramids = v.session.pyramids();
    QVERIFY(pyramids);
    v.session.setSpectrogramFrameSeconds(2.0);
    QCOMPARE(v.session.spectrogramParameters().frameLength, 100);
    QCOMPARE(v.session.spectrogramParameters().hop, 50);
    // The view and the signal caches stay; the spectrogram comes back at the new resolution.
    QCOMPARE(v.session.timeAxis()->visibleStart(), 600.0);
    QCOMPARE(v.session.timeAxis()->visibleEnd(), 620.0);
    QCOMPARE(v.session.pyramids(), pyramids);
    QTRY_VERIFY_WITH_TIMEOUT(v.spectrogram.isComplete(), 10000);
    checkSpectrogramPeak(v.spectrogram, 10, 51); // 5 Hz at 0.5 Hz per bin
}

void TestViews::timelineHasTruthPredictionAndDisagreementLanes()
{
    Views v;
    QCOMPARE(v.timeline.laneCount(), 3); // truth, model, disagreement
    // Fully zoomed out, the 2 s running segment (2 s of 7200 s = 0.3 px) still gets a pixel.
    v.session.timeAxis()->fitAll();
    v.timeline.replot();
    const QImage image = v.timeline.toPixmap().toImage();
    QCPAxisRect* truthRect = v.timeline.timeRects().first();
    const int x = int(truthRect->axis(QCPAxis::atBottom)->coordToPixel(200000 / 50.0));
    const int y = truthRect->center().y();
    bool found = false;
    for (int dx = -1; dx <= 1; ++dx)
        found = found || image.pixelColor(x + dx, y) == QColor("#d62728");
    QVERIFY2(found, "the short running segment vanished");
}

void TestViews::confidenceLaneShowsLowConfidence()
{
    // Probabilities for the "model" track: confident everywhere but for 4 s at 1000 s.
    auto r = makeRecording();
    ClassProbabilities p;
    p.step = 50;
    p.classIds = {1, 7};
    const size_t rows = r->sampleCount() / 50;
    for (size_t i = 0; i < rows; ++i) {
        const bool doubtful = i >= 1000 && i < 1004;
        p.values.push_back(doubtful ? 0.45f : 0.05f);
        p.values.push_back(doubtful ? 0.55f : 0.95f);
    }
    r->probabilities.insert(QStringLiteral("model"), p);
    RecordingSession session;
    LabelSet harth = LabelSet::builtin(QStringLiteral("harth"));
    session.setRecording(r, harth);
    TimelineView timeline(&session);
    timeline.resize(1000, timeline.sizeHint().height());
    QCOMPARE(timeline.laneCount(), 4); // truth, model, confidence, disagreement
    QVERIFY(!timeline.laneTrack(2));
    ConfidenceLane* lane = timeline.confidenceLane(2);
    QVERIFY(lane);
    QCOMPARE(lane->confidenceAt(500.0), double(0.95f));
    QCOMPARE(lane->confidenceAt(1001.5), double(0.55f));
    // Zoomed out over 2 h, the 4 s dip is far below a pixel yet keeps its warning colour.
    session.timeAxis()->fitAll();
    timeline.replot();
    const QImage image = timeline.toPixmap().toImage();
    QCPAxisRect* rect = timeline.laneRect(2);
    const int x = int(rect->axis(QCPAxis::atBottom)->coordToPixel(1002.0));
    const int y = int(rect->axis(QCPAxis::atLeft)->coordToPixel(0.2));
    bool warned = false;
    for (int dx = -1; dx <= 1; ++dx)
        warned = warned || image.pixelColor(x + dx, y) == QColor(QStringLiteral("#e6550d"));
    QVERIFY2(warned, "the low-confidence stretch vanished");
    QCOMPARE(image.pixelColor(int(rect->axis(QCPAxis::atBottom)->coordToPixel(3000.0)), y),
             QColor(QStringLiteral("#7f8c9a")));
}

void TestViews::timeAxisClampsAndZoomsAroundAnchor()
{
    TimeAxisState axis;
    axis.reset(100, 0, 50);
    axis.setVisibleRange(-10, 5);
    QCOMPARE(axis.visibleStart(), 0.0);
    QCOMPARE(axis.visibleEnd(), 15.0);
    axis.zoomAround(10, 1e-9); // never below a few samples
    QCOMPARE(axis.visibleSpan(), axis.minimumSpan());
    axis.fitAll();
    axis.zoomAround(25, 0.5);
    QCOMPARE(axis.visibleStart(), 12.5);
    QCOMPARE(axis.visibleEnd(), 62.5);
    axis.panToEnd();
    QCOMPARE(axis.visibleEnd(), 100.0);
    axis.setSelection(40, 30);
    axis.zoomToSelection();
    QCOMPARE(axis.visibleStart(), 30.0);
    QCOMPARE(axis.visibleEnd(), 40.0);
}

QTEST_MAIN(TestViews)
#include "tst_views.moc"
