// Figures that must follow the data (offscreen): the overview strip redraws
// once after a burst of edits; a recording without an absolute start shows
// the time from its start in tooltips and axis labels, never a 1970 date; the
// t-SNE map says it is being computed (or why there is none) instead of an
// empty plot.
#include "core/base/ElapsedTime.h"
#include "widgets/analysis/TsneScatterView.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/plot/WallClockTicker.h"
#include "widgets/recording/OverviewStrip.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/TimelineView.h"

#include <QMouseEvent>
#include <QToolTip>
#include <QtTest>
#include <qcustomplot.h>

using namespace kinemark;

namespace {
// 10 min at 10 Hz, without an absolute start (startTimeUs 0): walking, then
// sitting from 1:41 on.
std::shared_ptr<Recording> makeRecording(int64_t startTimeUs)
{
    auto r = std::make_shared<Recording>();
    r->id = QStringLiteral("clockless");
    r->sampleRateHz = 10;
    r->startTimeUs = startTimeUs;
    r->labelSetId = QStringLiteral("harth");
    Sensor s;
    s.name = QStringLiteral("thigh");
    s.channels.push_back(Channel{QStringLiteral("x"), QStringLiteral("acc"), QStringLiteral("g"),
                                 std::vector<float>(6000, 0.f)});
    r->sensors.push_back(s);
    AnnotationTrack gt(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth,
                       QStringLiteral("harth"));
    gt.append(Segment{0, 1010, 1, {}, 0});
    gt.append(Segment{1010, 6000, 7, {}, 0});
    r->tracks.push_back(gt);
    return r;
}

// Whether `c` is nearer to `a` than to `b` (the strip's band is seen through
// the translucent mark of the visible range).
bool nearer(const QColor& c, const QColor& a, const QColor& b)
{
    const auto d = [&](const QColor& o) {
        return std::abs(c.red() - o.red()) + std::abs(c.green() - o.green()) +
               std::abs(c.blue() - o.blue());
    };
    return d(a) < d(b);
}
} // namespace

class TestWidgetsFigures : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void elapsedTimeRoundsOnce();
    void overviewFollowsEditsOncePerBurst();
    void tooltipsOfARecordingWithoutStartShowTimeFromStart();
    void axisLabelsOfARecordingWithoutStartShowTimeFromStart();
    void tsneSaysItIsComputing();
};

void TestWidgetsFigures::elapsedTimeRoundsOnce()
{
    QCOMPARE(ElapsedTime::clock(101), QStringLiteral("0:01:41"));
    QCOMPARE(ElapsedTime::clock(100.6), QStringLiteral("0:01:41")); // nearest, not truncated
    QCOMPARE(ElapsedTime::clock(3599.5), QStringLiteral("1:00:00"));
    QCOMPARE(ElapsedTime::clock(26 * 3600), QStringLiteral("26:00:00"));
    QCOMPARE(ElapsedTime::clock(59.9996, 3), QStringLiteral("0:01:00.000"));
    QCOMPARE(ElapsedTime::clock(101.25, 3), QStringLiteral("0:01:41.250"));
    QCOMPARE(ElapsedTime::clock(-61), QStringLiteral("-0:01:01"));
    QCOMPARE(ElapsedTime::moment(0, 101.25), QStringLiteral("0:01:41.250"));
    QCOMPARE(ElapsedTime::moment(1700000000000000LL, 1.5),
             QStringLiteral("2023-11-14 22:13:21.500"));
}

void TestWidgetsFigures::overviewFollowsEditsOncePerBurst()
{
    RecordingSession session;
    auto recording = makeRecording(0);
    session.setRecording(recording, LabelSet::builtin("harth"));
    session.waitForBackgroundWork();
    OverviewStrip strip(&session);
    strip.resize(600, 44);
    strip.show();
    QVERIFY(QTest::qWaitForWindowExposed(&strip));
    QTRY_VERIFY(strip.paintCount() > 0);
    QTest::qWait(50);
    const QColor walking(LabelSet::builtin("harth").find(1)->colour);
    const QColor sitting(LabelSet::builtin("harth").find(7)->colour);
    const QPoint probe(int(strip.width() * 0.75), strip.height() - 4);
    QVERIFY(nearer(strip.grab().toImage().pixelColor(probe), sitting, walking));
    const int before = strip.paintCount(); // grab() paints too

    // A burst of edits (a held key): the strip waits, then redraws once.
    for (int i = 0; i < 10; ++i) {
        recording->groundTruth()->assign(1010, 6000, i % 2 ? 1 : 7);
        strip.tracksChanged();
        QTest::qWait(10);
    }
    QVERIFY(strip.isRedrawPending());
    QCOMPARE(strip.paintCount(), before);
    QTRY_VERIFY(!strip.isRedrawPending());
    QTRY_COMPARE(strip.paintCount(), before + 1);
    QTest::qWait(OverviewStrip::kRedrawDelayMs + 50);
    QCOMPARE(strip.paintCount(), before + 1);
    // What it drew is the edited track (the last edit: walking).
    QVERIFY(nearer(strip.grab().toImage().pixelColor(probe), walking, sitting));
}

void TestWidgetsFigures::tooltipsOfARecordingWithoutStartShowTimeFromStart()
{
    for (const int64_t start : {int64_t(0), int64_t(1700000000000000LL)}) {
        RecordingSession session;
        session.setRecording(makeRecording(start), LabelSet::builtin("harth"));
        TimelineView timeline(&session);
        timeline.resize(1000, timeline.sizeHint().height());
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        session.timeAxis()->fitAll();
        timeline.replot();
        // Over the sitting segment, which starts 1:41 after the start.
        QCPAxisRect* lane = timeline.laneRect(0);
        const QPoint at(int(lane->axis(QCPAxis::atBottom)->coordToPixel(300.0)),
                        lane->rect().center().y());
        QMouseEvent move(QEvent::MouseMove, at, timeline.mapToGlobal(at), Qt::NoButton,
                         Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(&timeline, &move);
        const QString tip = QToolTip::text();
        QVERIFY2(!tip.contains(QStringLiteral("1970")), qPrintable(tip));
        if (start == 0)
            QVERIFY2(tip.contains(QStringLiteral("start 0:01:41.000")), qPrintable(tip));
        else
            QVERIFY2(tip.contains(QStringLiteral("start 2023-11-14 22:15:01.000")),
                     qPrintable(tip));
        QToolTip::hideText();
    }
}

void TestWidgetsFigures::axisLabelsOfARecordingWithoutStartShowTimeFromStart()
{
    RecordingSession session;
    session.setRecording(makeRecording(0), LabelSet::builtin("harth"));
    TimelineView timeline(&session);
    timeline.resize(1000, timeline.sizeHint().height());
    timeline.show();
    QVERIFY(QTest::qWaitForWindowExposed(&timeline));
    session.timeAxis()->fitAll();
    timeline.replot();
    QCPAxis* axis = timeline.timeRects().back()->axis(QCPAxis::atBottom);
    const QVector<QString> labels = axis->tickVectorLabels();
    QVERIFY(!labels.isEmpty());
    for (const QString& label : labels) {
        QVERIFY2(!label.contains(QStringLiteral("1970")) && !label.contains(QStringLiteral("Thu")),
                 qPrintable(label));
        QVERIFY2(label.count(QLatin1Char(':')) == 2, qPrintable(label)); // h:mm:ss
    }
    QVERIFY2(labels.contains(QStringLiteral("0:05:00")), qPrintable(labels.toList().join(' ')));
}

void TestWidgetsFigures::tsneSaysItIsComputing()
{
    TsneScatterView view;
    view.resize(500, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.statusText().isEmpty());
    view.showComputing(-1);
    QCOMPARE(view.statusText(), QStringLiteral("Computing t-SNE…"));
    QVERIFY(!view.plot()->isVisible());
    view.showComputing(0.42);
    QCOMPARE(view.statusText(), QStringLiteral("Computing t-SNE… 42 %"));
    // The message is drawn where the plot would be.
    const QImage shown = view.grab().toImage();
    int dark = 0;
    for (int y = 0; y < shown.height(); ++y)
        for (int x = 0; x < shown.width(); ++x)
            dark += shown.pixelColor(x, y).lightness() < 128;
    QVERIFY(dark > 50);
    view.showFailure(QStringLiteral("out of memory"));
    QVERIFY(view.statusText().contains(QStringLiteral("out of memory")));
    // The map replaces the message.
    view.setItems({0.f, 0.f, 1.f, 1.f}, {0, 1}, {QStringLiteral("a"), QStringLiteral("b")}, {}, {});
    QVERIFY(view.statusText().isEmpty());
    QVERIFY(view.plot()->isVisible());
    QCOMPARE(view.itemCount(), 2);
}

QTEST_MAIN(TestWidgetsFigures)
#include "tst_widgets_figures.moc"
