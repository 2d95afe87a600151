// The annotator's navigation aids (offscreen): the signal view's value axes per
// quantity and unit, its channel legend and per-channel and per-quantity
// visibility; the position readout's texts; Go to Time's parsing and its dialog.
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/ChannelVisibility.h"
#include "widgets/recording/GoToTimeDialog.h"
#include "widgets/recording/PositionReadout.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/SignalView.h"
#include "widgets/recording/TimeText.h"

#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QtTest>
#include <cmath>

using namespace kinemark;

namespace {
constexpr double kRate = 50;

Channel channel(const char* name, const char* quantity, const char* unit, float value)
{
    return Channel{QString::fromLatin1(name), QString::fromLatin1(quantity),
                   QString::fromLatin1(unit), std::vector<float>(size_t(kRate * 600), value)};
}

// Waist: acceleration (g) and angular velocity (rad/s); thigh: acceleration only.
std::shared_ptr<Recording> imuRecording(int64_t startTimeUs = 0)
{
    auto r = std::make_shared<Recording>();
    r->id = QStringLiteral("imu");
    r->sampleRateHz = kRate;
    r->startTimeUs = startTimeUs;
    Sensor waist;
    waist.name = QStringLiteral("waist");
    for (const char* axis : {"x", "y", "z"})
        waist.channels.push_back(channel(axis, "acc", "g", 1.0f));
    for (const char* axis : {"x", "y", "z"})
        waist.channels.push_back(channel(axis, "gyro", "rad/s", 1.0f)); // 57.3 deg/s
    r->sensors.push_back(waist);
    Sensor thigh;
    thigh.name = QStringLiteral("thigh");
    for (const char* axis : {"x", "y", "z"})
        thigh.channels.push_back(channel(axis, "acc", "g", 0.5f));
    r->sensors.push_back(thigh);
    AnnotationTrack truth(QStringLiteral("truth"), AnnotationTrack::Kind::GroundTruth, "harth");
    truth.append(Segment{0, int64_t(kRate * 60), 1, {}, 0});
    Segment noted{int64_t(kRate * 60), int64_t(kRate * 120), 6, {}, 0};
    noted.note = QStringLiteral("door opens");
    truth.append(noted);
    r->tracks.push_back(truth);
    return r;
}

QStringList graphNames(const SignalView& view)
{
    QStringList names;
    for (int i = 0; i < view.graphCount(); ++i)
        names << view.graph(i)->name();
    return names;
}
} // namespace

class TestWidgetsNavigation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void accelerationAndAngularVelocityGetTheirOwnAxes();
    void hidingChannelsAndQuantitiesRemovesTheirGraphs();
    void readoutTexts();
    void goToTimeParsing();
    void goToTimeDialogRefusesAndGoes();
};

void TestWidgetsNavigation::init()
{
    ChannelVisibility().showAll(); // the choice is remembered in QSettings
}

void TestWidgetsNavigation::accelerationAndAngularVelocityGetTheirOwnAxes()
{
    RecordingSession session;
    SignalView view(&session);
    view.resize(1200, 500);
    session.setRecording(imuRecording(), LabelSet::builtin("harth"));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    session.waitForBackgroundWork();
    QCoreApplication::processEvents();
    session.timeAxis()->setVisibleRange(0, 10);
    view.replot();
    QCOMPARE(view.valueAxisLabels(),
             (QStringList{QStringLiteral("waist (g)"), QStringLiteral("waist (deg/s)"),
                          QStringLiteral("thigh (g)")}));
    QCOMPARE(view.graphCount(), 9);
    // Each graph is on its own quantity's axis, in that axis's unit.
    QCPGraph* gyroX = nullptr;
    for (int i = 0; i < view.graphCount(); ++i)
        if (view.graph(i)->name() == QStringLiteral("waist_gyro_x"))
            gyroX = view.graph(i);
    QVERIFY(gyroX);
    QCOMPARE(gyroX->valueAxis()->label(), QStringLiteral("waist (deg/s)"));
    QVERIFY(!gyroX->data()->isEmpty());
    QVERIFY(std::abs(gyroX->data()->begin()->value - 180.0 / M_PI) < 1e-3);
    QVERIFY(gyroX->valueAxis()->range().contains(180.0 / M_PI));
    QVERIFY(!gyroX->valueAxis()->range().contains(1.0)); // not squeezed onto the g scale
    // The legend names every channel drawn.
    const QStringList legend = view.legendEntries();
    QCOMPARE(legend.size(), 9);
    QCOMPARE(legend, graphNames(view));
    QVERIFY(legend.contains(QStringLiteral("thigh_x")));
    QVERIFY(legend.contains(QStringLiteral("waist_gyro_z")));
    // For looking at it: KINEMARK_SHOT_DIR=/tmp writes the view as the main window shows it.
    const QString shots = qEnvironmentVariable("KINEMARK_SHOT_DIR");
    if (!shots.isEmpty()) {
        view.resize(1100, 420);
        view.replot();
        QVERIFY(view.grab().save(shots + QStringLiteral("/signals_imu.png")));
    }
}

void TestWidgetsNavigation::hidingChannelsAndQuantitiesRemovesTheirGraphs()
{
    RecordingSession session;
    SignalView view(&session);
    view.resize(1200, 500);
    session.setRecording(imuRecording(), LabelSet::builtin("harth"));
    ChannelVisibility* visible = view.channelVisibility();
    visible->setChannelShown(QStringLiteral("thigh_y"), false);
    QCOMPARE(view.graphCount(), 8);
    QVERIFY(!graphNames(view).contains(QStringLiteral("thigh_y")));
    QVERIFY(!view.legendEntries().contains(QStringLiteral("thigh_y")));
    QCOMPARE(view.legendEntries(), graphNames(view));

    visible->setQuantityShown(QStringLiteral("gyro"), false);
    QCOMPARE(view.graphCount(), 5);
    QCOMPARE(view.valueAxisLabels(),
             (QStringList{QStringLiteral("waist (g)"), QStringLiteral("thigh (g)")}));
    QCOMPARE(view.legendEntries(), graphNames(view));

    // The menu offers both, checked as they are; its actions change the view.
    QMenu menu;
    visible->populateMenu(&menu, session.recording());
    QAction* gyro = nullptr;
    QAction* thighY = nullptr;
    for (QAction* a : menu.actions()) {
        if (a->text() == ChannelVisibility::quantityTitle(QStringLiteral("gyro")))
            gyro = a;
        if (a->text() == QStringLiteral("thigh_y"))
            thighY = a;
    }
    QVERIFY(gyro && thighY);
    QVERIFY(!gyro->isChecked() && !thighY->isChecked());
    gyro->setChecked(true);
    QCOMPARE(view.graphCount(), 8);
    thighY->setChecked(true);
    QCOMPARE(view.graphCount(), 9);

    // Remembered: a new view starts with the same choice.
    visible->setChannelShown(QStringLiteral("waist_z"), false);
    SignalView again(&session);
    QVERIFY(!graphNames(again).contains(QStringLiteral("waist_z")));
    QCOMPARE(again.graphCount(), 8);
}

void TestWidgetsNavigation::readoutTexts()
{
    RecordingSession session;
    PositionReadout readout(&session);
    session.setRecording(imuRecording(), LabelSet::builtin("harth"));
    const LabelSet& set = session.labelSet();
    session.timeAxis()->setCursor(75.5);
    QString text = readout.text();
    QVERIFY2(text.startsWith(QStringLiteral("1:15.50")), qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("1970"))); // no absolute start, no date
    QVERIFY(text.contains(set.className(6) + QStringLiteral(": door opens")));
    session.timeAxis()->setSelection(10, 12.5);
    QVERIFY(readout.text().contains(QStringLiteral("0:02.50")));
    session.timeAxis()->clearSelection();
    session.timeAxis()->setCursor(300);
    QVERIFY(readout.text().contains(QStringLiteral("unlabelled")));

    // With an absolute start, the date and time of day (UTC) too.
    const QDateTime start(QDate(2026, 3, 2), QTime(14, 0, 0), Qt::UTC);
    session.setRecording(imuRecording(start.toMSecsSinceEpoch() * 1000), set);
    session.timeAxis()->setCursor(30);
    text = readout.text();
    QVERIFY2(text.contains(QStringLiteral("2026-03-02 14:00:30")), qPrintable(text));
    QVERIFY(text.contains(set.className(1)));
}

void TestWidgetsNavigation::goToTimeParsing()
{
    const double duration = 7200;
    QString why;
    QCOMPARE(*TimeText::parse(QStringLiteral("75.5"), duration, 0), 75.5);
    QCOMPARE(*TimeText::parse(QStringLiteral("1:15.5"), duration, 0), 75.5);
    QCOMPARE(*TimeText::parse(QStringLiteral(" 1:02:03 "), duration, 0), 3723.0);
    QCOMPARE(*TimeText::parse(QStringLiteral("0:00:00.25"), duration, 0), 0.25);
    QVERIFY(!TimeText::parse(QStringLiteral("abc"), duration, 0, &why));
    QVERIFY(why.contains(QStringLiteral("h:mm:ss")));
    QVERIFY(!TimeText::parse(QStringLiteral(""), duration, 0, &why));
    QVERIFY(!TimeText::parse(QStringLiteral("1:75"), duration, 0, &why));
    QVERIFY(!TimeText::parse(QStringLiteral("3:00:00"), duration, 0, &why)); // beyond the end
    QVERIFY(why.contains(QStringLiteral("after")));
    // A date needs an absolute start.
    QVERIFY(!TimeText::parse(QStringLiteral("2026-03-02 14:10:00"), duration, 0, &why));
    QVERIFY(why.contains(QStringLiteral("no date")));
    const int64_t start =
        QDateTime(QDate(2026, 3, 2), QTime(14, 0, 0), Qt::UTC).toMSecsSinceEpoch() * 1000;
    QCOMPARE(*TimeText::parse(QStringLiteral("2026-03-02 14:10:00"), duration, start), 600.0);
    QCOMPARE(*TimeText::parse(QStringLiteral("2026-03-02 14:10:00.5"), duration, start), 600.5);
    QVERIFY(!TimeText::parse(QStringLiteral("2026-03-02 13:59:00"), duration, start, &why));
    QVERIFY(why.contains(QStringLiteral("before")));
    QVERIFY(!TimeText::parse(QStringLiteral("2026-02-30 14:10:00"), duration, start, &why));
    // Relative times still work for a recording with a date.
    QCOMPARE(*TimeText::parse(QStringLiteral("0:10:00"), duration, start), 600.0);
    QCOMPARE(TimeText::relative(3723.456), QStringLiteral("1:02:03.46"));
    QCOMPARE(TimeText::relative(59.999), QStringLiteral("1:00.00"));
    QVERIFY(TimeText::wallClock(0, 12).isEmpty());
}

void TestWidgetsNavigation::goToTimeDialogRefusesAndGoes()
{
    TimeAxisState axis;
    axis.reset(3600, 0, kRate);
    axis.setVisibleRange(0, 60);
    GoToTimeDialog dialog(&axis, 0);
    dialog.show();
    dialog.input()->setText(QStringLiteral("nonsense"));
    dialog.accept();
    QVERIFY(dialog.isVisible()); // refused, stays open with the reason
    QVERIFY(!dialog.errorLabel()->isHidden());
    QVERIFY(!dialog.errorLabel()->text().isEmpty());
    QVERIFY(!dialog.chosen());
    const QString shots = qEnvironmentVariable("KINEMARK_SHOT_DIR");
    if (!shots.isEmpty())
        QVERIFY(dialog.grab().save(shots + QStringLiteral("/go-to-time-refused.png")));
    dialog.input()->setText(QStringLiteral("0:30:00"));
    dialog.accept();
    QVERIFY(!dialog.isVisible());
    QCOMPARE(*dialog.chosen(), 1800.0);
    QCOMPARE(axis.cursor(), 1800.0);
    QCOMPARE(axis.visibleSpan(), 60.0);                              // zoom kept
    QCOMPARE((axis.visibleStart() + axis.visibleEnd()) / 2, 1800.0); // centred
}

QTEST_MAIN(TestWidgetsNavigation)
#include "tst_widgets_navigation.moc"
