// The Jobs panel (offscreen): progress, live curves on the right axes, cancel, finishing.
#include "widgets/jobs/JobView.h"
#include "widgets/jobs/JobsPanel.h"

#include <QSignalSpy>
#include <QToolButton>
#include <QtTest>
#include <qcustomplot.h>

using namespace kinemark;

class TestWidgetsJobs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void curvesGoToTheirAxes();
    void cancelReachesTheOwnerOfTheJob();
    void finishedJobsCanBeCleared();
};

void TestWidgetsJobs::curvesGoToTheirAxes()
{
    JobsPanel panel;
    const int id = panel.addJob(QStringLiteral("Train cnn-center"));
    panel.setProgress(id, 0.25, QStringLiteral("epoch 1/4"));
    for (int epoch = 1; epoch <= 3; ++epoch) {
        panel.addPoint(id, QStringLiteral("cross-entropy"), epoch, 2.0 / epoch);
        panel.addPoint(id, QStringLiteral("center loss"), epoch, 0.5 / epoch);
        panel.addPoint(id, QStringLiteral("validation macro F1"), epoch, 0.3 * epoch);
    }
    panel.addPoint(id, QStringLiteral("cross-entropy"), 4, std::nan("")); // ignored, not drawn
    JobView* view = panel.job(id);
    QVERIFY(view);
    QCOMPARE(view->curveCount(), 3);
    QCOMPARE(view->pointCount(QStringLiteral("cross-entropy")), 3);
    auto* plot = view->findChild<QCustomPlot*>();
    QVERIFY(plot);
    int onRight = 0;
    for (int i = 0; i < plot->graphCount(); ++i)
        onRight += plot->graph(i)->valueAxis() == plot->yAxis2 ? 1 : 0;
    QCOMPARE(onRight, 1); // only the F1 curve is a score
    // The loss axis covers the largest loss.
    QVERIFY(plot->yAxis->range().upper >= 2.0);
}

void TestWidgetsJobs::cancelReachesTheOwnerOfTheJob()
{
    JobsPanel panel;
    const int first = panel.addJob(QStringLiteral("a"));
    const int second = panel.addJob(QStringLiteral("b"));
    QSignalSpy spy(&panel, &JobsPanel::cancelRequested);
    auto* button = panel.job(second)->findChild<QToolButton*>();
    QVERIFY(button);
    button->click();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().first().toInt(), second);
    QVERIFY(!button->isEnabled());     // one request per job
    QCOMPARE(panel.runningCount(), 2); // running until the worker says it stopped
    panel.finishJob(second, false, QStringLiteral("cancelled"));
    QCOMPARE(panel.runningCount(), 1);
    QVERIFY(panel.job(first)->isRunning());
}

void TestWidgetsJobs::finishedJobsCanBeCleared()
{
    JobsPanel panel;
    const int done = panel.addJob(QStringLiteral("done"));
    const int running = panel.addJob(QStringLiteral("running"));
    panel.finishJob(done, true, QStringLiteral("macro F1 0.93"));
    panel.clearFinished();
    QVERIFY(!panel.job(done));
    QVERIFY(panel.job(running));
    panel.setProgress(done, 0.5); // a late report for a cleared job is harmless
}

QTEST_MAIN(TestWidgetsJobs)
#include "tst_widgets_jobs.moc"
