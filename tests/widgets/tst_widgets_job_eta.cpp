// The Jobs panel's time left (offscreen): the estimate made before a run is
// shown until epochs end, then the measured epochs' mean times the epochs
// left; the label goes when the job finishes. DurationText words durations.
#include "widgets/jobs/DurationText.h"
#include "widgets/jobs/JobView.h"
#include "widgets/jobs/JobsPanel.h"

#include <QLabel>
#include <QtTest>

using namespace kinemark;

class TestWidgetsJobEta : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void remainingTimeFollowsMeasuredEpochs();
    void durationsAreWordedAsPromises();
};

void TestWidgetsJobEta::remainingTimeFollowsMeasuredEpochs()
{
    JobsPanel panel;
    panel.resize(400, 500);
    const int id = panel.addJob(QStringLiteral("Train cnn-center"));
    JobView* view = panel.job(id);
    QVERIFY(view);
    auto* label = view->findChild<QLabel*>(QStringLiteral("remainingTime"));
    QVERIFY(label);
    QVERIFY(std::isnan(view->remainingSeconds()));
    QVERIFY(label->text().isEmpty());

    // The Train dialog's estimate: 25 minutes.
    view->setRemainingEstimate(25 * 60);
    QCOMPARE(label->text(), QStringLiteral("about 25 min left"));

    // Two epochs of 30 s and 90 s of ten: eight left at their mean, 60 s.
    view->epochFinished(1, 10, 30);
    QCOMPARE(view->remainingSeconds(), 9 * 30.0);
    view->epochFinished(2, 10, 90);
    QCOMPARE(view->remainingSeconds(), 8 * 60.0);
    QCOMPARE(label->text(), QStringLiteral("about 8 min left"));
    // An unmeasured epoch (no duration) changes nothing.
    view->epochFinished(3, 10, -1);
    QCOMPARE(view->remainingSeconds(), 8 * 60.0);

    // The mean is of the last five epochs: the slow first ones drop out.
    for (int epoch = 3; epoch <= 7; ++epoch)
        view->epochFinished(epoch, 10, 12);
    QCOMPARE(view->remainingSeconds(), 3 * 12.0);
    QCOMPARE(label->text(), QStringLiteral("under a minute left"));

    panel.finishJob(id, true, QStringLiteral("stored"));
    QVERIFY(label->text().isEmpty());
}

void TestWidgetsJobEta::durationsAreWordedAsPromises()
{
    QCOMPARE(DurationText::approximate(10), QStringLiteral("under a minute"));
    QCOMPARE(DurationText::approximate(100), QStringLiteral("about 2 min"));
    QCOMPARE(DurationText::approximate(60 * 60), QStringLiteral("about 60 min"));
    QCOMPARE(DurationText::approximate(2 * 3600 + 23 * 60), QStringLiteral("about 2 h 20 min"));
    QCOMPARE(DurationText::approximate(3 * 3600), QStringLiteral("about 3 h"));
    QVERIFY(DurationText::approximate(std::nan("")).isEmpty());
    QVERIFY(DurationText::approximate(-1).isEmpty());
}

QTEST_MAIN(TestWidgetsJobEta)
#include "tst_widgets_job_eta.moc"
