// The Analysis menu's controller (offscreen): a prediction track against the
// ground truth fills the panel, the t-SNE map of the windows' probabilities
// arrives from the background, a click on a dot moves the shown recording's
// time axis, and a replaced project drops a running map.
#include "AnalysisController.h"
#include "AnalysisPanel.h"
#include "ConfusionMatrixView.h"
#include "JobsPanel.h"
#include "RecordingSession.h"
#include "TimeAxisState.h"
#include "TsneScatterView.h"

#include <QSignalSpy>
#include <QtTest>
#include <qcustomplot.h>

using namespace kinemark;

namespace {
// 300 s at 10 Hz; truth alternates classes 1 and 2 every 30 s; the prediction
// agrees except for 60..80 s (2 for 1); probabilities every second follow the
// prediction with a confidence that varies along the recording.
std::shared_ptr<Recording> makeRecording()
{
    auto r = std::make_shared<Recording>();
    r->id = QStringLiteral("rec-1");
    r->subjectId = QStringLiteral("S1");
    r->sampleRateHz = 10;
    Sensor sensor;
    sensor.name = QStringLiteral("back");
    Channel channel;
    channel.samples.assign(3000, 0.f);
    sensor.channels.push_back(channel);
    r->sensors.push_back(sensor);
    AnnotationTrack truth(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth);
    AnnotationTrack prediction(QStringLiteral("model"), AnnotationTrack::Kind::Prediction);
    for (int s = 0; s < 10; ++s) {
        truth.assign(s * 300, (s + 1) * 300, 1 + s % 2);
        prediction.assign(s * 300, (s + 1) * 300, 1 + s % 2);
    }
    prediction.assign(600, 800, 2);
    r->tracks.push_back(truth);
    r->tracks.push_back(prediction);
    ClassProbabilities p;
    p.step = 10;
    p.classIds = {1, 2};
    for (int row = 0; row < 300; ++row) {
        const bool two = prediction.classAt(row * 10) == 2;
        const float confidence = 0.6f + 0.35f * float(std::abs(std::sin(row * 0.37)));
        p.values.push_back(two ? 1 - confidence : confidence);
        p.values.push_back(two ? confidence : 1 - confidence);
    }
    r->probabilities.insert(QStringLiteral("model"), p);
    return r;
}
} // namespace

class TestGuiAnalysis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void comparisonFillsThePanelAndTheMapLeadsBack();
    void replacedProjectDropsTheMap();
};

void TestGuiAnalysis::comparisonFillsThePanelAndTheMapLeadsBack()
{
    Project project;
    auto recording = makeRecording();
    project.recordings.push_back(recording);
    RecordingSession session;
    session.setRecording(recording, LabelSet());
    QWidget window;
    JobsPanel jobs;
    AnalysisController controller(&project, &session, &jobs, &window);
    QStringList selected;
    controller.setRecordingSelector([&](const QString& id) {
        selected << id;
        return true;
    });
    QSignalSpy ready(&controller, &AnalysisController::embeddingReady);
    TsneOptions options;
    options.iterations = 300;
    const int job = controller.analyse(QStringLiteral("model"), options);
    QVERIFY(job >= 0);
    AnalysisPanel* panel = controller.panel();
    // 150 windows of 2 s: 80 of class 1 of which 10 (60..80 s) taken for 2.
    ConfusionMatrixView* matrix = panel->confusionMatrix();
    QCOMPARE(matrix->classCount(), 2);
    QCOMPARE(matrix->count(0, 0), int64_t(65));
    QCOMPARE(matrix->count(0, 1), int64_t(10));
    QCOMPARE(matrix->count(1, 1), int64_t(75));
    QCOMPARE(matrix->spansInCell(0, 1).size(), 1);
    QCOMPARE(matrix->spansInCell(0, 1).front().startSeconds(), 60.0);

    QVERIFY(ready.wait(60000));
    TsneScatterView* map = panel->tsne();
    QCOMPARE(map->itemCount(), 150);
    // The panel lives in the main window (here a bare one) until docked.
    window.resize(900, 600);
    panel->resize(900, 600);
    panel->setCurrentTab(AnalysisPanel::TsneTab);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(panel->isVisible());
    map->plot()->replot();
    const QPoint dot = map->itemPosition(40); // the window at 80 s
    const int hit = map->itemAt(dot);
    QVERIFY(hit >= 0);
    QTest::mouseClick(map->plot(), Qt::LeftButton, {}, map->plot()->mapFrom(map, dot));
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.front(), QStringLiteral("rec-1"));
    // Dots may overlap; the one hit decides where the cursor goes.
    QCOMPARE(session.timeAxis()->cursor(), 2.0 * hit);
    // With KINEMARK_SCREENSHOT_DIR set, the panel's tabs are saved there to be looked at.
    const QString dir = qEnvironmentVariable("KINEMARK_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        panel->grab().save(dir + QStringLiteral("/analysis-panel-tsne.png"));
        panel->setCurrentTab(AnalysisPanel::RocTab);
        panel->grab().save(dir + QStringLiteral("/analysis-panel-roc.png"));
        panel->setCurrentTab(AnalysisPanel::ConfusionTab);
        QTest::mouseClick(matrix->plot(), Qt::LeftButton, {},
                          matrix->plot()->mapFrom(matrix, matrix->cellCentre(0, 1)));
        panel->grab().save(dir + QStringLiteral("/analysis-panel-confusion.png"));
    }
}

void TestGuiAnalysis::replacedProjectDropsTheMap()
{
    Project project;
    auto recording = makeRecording();
    project.recordings.push_back(recording);
    RecordingSession session;
    session.setRecording(recording, LabelSet());
    QWidget window;
    JobsPanel jobs;
    AnalysisController controller(&project, &session, &jobs, &window);
    QSignalSpy ready(&controller, &AnalysisController::embeddingReady);
    TsneOptions options;
    options.iterations = 100000; // long enough to be running when the project goes
    QVERIFY(controller.analyse(QStringLiteral("model"), options) >= 0);
    controller.projectReplaced();
    QCOMPARE(controller.panel()->confusionMatrix()->classCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(jobs.runningCount(), 0, 10000);
    QCOMPARE(ready.count(), 0);
    QCOMPARE(controller.panel()->tsne()->itemCount(), 0);
}

QTEST_MAIN(TestGuiAnalysis)
#include "tst_gui_analysis.moc"
