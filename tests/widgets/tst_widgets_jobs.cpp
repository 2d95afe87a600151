// The Jobs panel (offscreen): progress, live curves on the right axes, cancel, finishing.
#include "widgets/jobs/JobView.h"
#include "widgets/jobs/JobsPanel.h"

#include <QProgressBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QToolButton>
#include <QtTest>
#include <cmath>
#include <qcustomplot.h>

using namespace kinemark;

class TestWidgetsJobs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void curvesGoToTheirAxes();
    void cancelReachesTheOwnerOfTheJob();
    void finishedJobsCanBeCleared();
    void curvesShowFromTheFirstEpochOnAxesOfTheRun();
    void aWideShortPanelPutsTheCurvesBesideTheText();
};

namespace {
// Pixels of `colour` (within a small tolerance) inside `area` of `image`.
int pixelsOf(const QImage& image, const QRect& area, const QColor& colour)
{
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            n += std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green()) +
                     std::abs(c.blue() - colour.blue()) <
                 60;
        }
    return n;
}
} // namespace

// A three-epoch run in a dock-sized panel: a curve shows from the first epoch
// (a lone point is drawn), every epoch adds a point, the epoch axis spans the
// run's epochs 1..3, the legend stays off the curves, and the plot is tall
// enough to read.
void TestWidgetsJobs::curvesShowFromTheFirstEpochOnAxesOfTheRun()
{
    JobsPanel panel;
    panel.resize(320, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const int id = panel.addJob(QStringLiteral("Train cnn"));
    JobView* view = panel.job(id);
    view->setEpochCount(3);
    QCustomPlot* plot = view->plot();
    const auto epoch = [&](int e) {
        panel.addPoint(id, QStringLiteral("cross-entropy"), e, 2.0 / e);
        panel.addPoint(id, QStringLiteral("validation macro F1"), e, 0.2 * e);
        QApplication::processEvents();
        plot->replot();
        return plot->toPixmap().toImage();
    };
    const QColor loss = plot->graph(0) ? plot->graph(0)->pen().color() : QColor("#1f77b4");

    const QImage first = epoch(1);
    QCOMPARE(view->pointCount(QStringLiteral("cross-entropy")), 1);
    const QRect data = plot->axisRect()->rect().adjusted(1, 1, -1, -1);
    QVERIFY2(pixelsOf(first, data, loss) > 4, "nothing drawn after epoch 1");
    QCOMPARE(plot->xAxis->range().lower < 1.0 && plot->xAxis->range().upper > 3.0, true);
    QVERIFY(plot->xAxis->range().upper < 3.5);

    const QImage second = epoch(2);
    QCOMPARE(view->pointCount(QStringLiteral("cross-entropy")), 2);
    QCOMPARE(view->pointCount(QStringLiteral("validation macro F1")), 2);
    QVERIFY2(pixelsOf(second, data, loss) > pixelsOf(first, data, loss) + 20,
             "no line between epochs 1 and 2");
    epoch(3);
    QVERIFY(plot->xAxis->range().lower > 0.5 && plot->xAxis->range().lower < 1.0);
    QVERIFY(plot->xAxis->range().upper > 3.0 && plot->xAxis->range().upper < 3.5);
    // Ticks on whole epochs only.
    for (double tick : plot->xAxis->tickVector())
        QCOMPARE(tick, std::round(tick));

    // The legend is outside the data area, and the plot has room.
    QVERIFY(plot->legend->visible());
    QVERIFY(!plot->legend->outerRect().intersects(plot->axisRect()->rect()));
    QVERIFY(plot->height() >= JobView::kMinimumPlotHeight);
    QVERIFY(plot->axisRect()->rect().height() >= 100);
    // A training run tells the epochs as each one ends: the axis spans the run.
    const int run = panel.addJob(QStringLiteral("Train mstcn"));
    panel.addPoint(run, QStringLiteral("cross-entropy"), 1, 1.0);
    panel.job(run)->epochFinished(1, 3, 2.0);
    QVERIFY(panel.job(run)->plot()->xAxis->range().upper > 3.0);
    QVERIFY(panel.job(run)->plot()->xAxis->range().upper < 3.5);
    if (qEnvironmentVariableIsSet("KINEMARK_SCREENSHOT_DIR"))
        panel.grab().save(qEnvironmentVariable("KINEMARK_SCREENSHOT_DIR") + "/jobs-panel.png");
}

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

// The Jobs panel of the Analyse workspace is wide and short (about 940 x 280
// at the default window): the curves go beside the title and progress, so a
// run's plot is seen whole without scrolling; narrowed, they go back under.
void TestWidgetsJobs::aWideShortPanelPutsTheCurvesBesideTheText()
{
    JobsPanel panel;
    panel.resize(940, 330);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const int predict = panel.addJob(QStringLiteral("Predict"));
    const int id = panel.addJob(QStringLiteral("Train cnn-center"));
    QTRY_VERIFY(panel.job(predict)->width() >= JobView::kWideWidth);
    for (int epoch = 1; epoch <= 3; ++epoch) {
        panel.addPoint(id, QStringLiteral("cross-entropy"), epoch, 2.0 / epoch);
        panel.addPoint(id, QStringLiteral("center loss"), epoch, 0.5 / epoch);
        panel.addPoint(id, QStringLiteral("validation macro F1"), epoch, 0.3 * epoch);
    }
    QTRY_VERIFY(panel.job(id)->isWide());
    // A job without curves keeps its progress bar across the view.
    QVERIFY(!panel.job(predict)->isWide());
    JobView* view = panel.job(id);
    QCustomPlot* plot = view->plot();
    auto* progress = view->findChild<QProgressBar*>();
    QVERIFY(progress);
    QTRY_VERIFY(plot->isVisible());
    QApplication::processEvents();
    const QRect bar = progress->geometry();
    const QRect curves = plot->geometry();
    QVERIFY2(curves.left() > bar.right(), "the curves are not beside the progress bar");
    QVERIFY(curves.width() >= 500);
    QVERIFY(curves.height() >= JobView::kMinimumWidePlotHeight);
    // ... and takes the panel's height rather than leaving it empty below.
    auto* viewport = panel.findChild<QScrollArea*>()->viewport();
    const int others = panel.job(predict)->height();
    QVERIFY2(view->height() >= viewport->height() - others - 12,
             qPrintable(QStringLiteral("%1 of %2 (%3 for the prediction)")
                            .arg(view->height())
                            .arg(viewport->height())
                            .arg(others)));
    // The whole view in the panel's viewport: nothing to scroll to.
    auto* scroll = panel.findChild<QScrollArea*>();
    QVERIFY(scroll);
    QCOMPARE(scroll->verticalScrollBar()->maximum(), 0);
    QVERIFY(!plot->legend->outerRect().intersects(plot->axisRect()->rect()));
    // Its three curves' legend in one row: as many entries as the plot's width holds.
    QTRY_COMPARE(plot->legend->wrap(), std::max(1, (plot->width() - 8) / 150));
    QVERIFY(plot->legend->wrap() >= 3);

    panel.resize(320, 600);
    QTRY_VERIFY(!view->isWide());
    QTRY_VERIFY(plot->geometry().top() > progress->geometry().bottom());
    QVERIFY(plot->minimumHeight() >= JobView::kMinimumPlotHeight);
    if (qEnvironmentVariableIsSet("KINEMARK_SCREENSHOT_DIR")) {
        panel.resize(940, 330);
        QApplication::processEvents();
        panel.grab().save(qEnvironmentVariable("KINEMARK_SCREENSHOT_DIR") + "/jobs-panel-wide.png");
    }
}

QTEST_MAIN(TestWidgetsJobs)
#include "tst_widgets_jobs.moc"
