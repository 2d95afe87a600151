// The Models menu's controller (offscreen): a training job stores its model
// and draws curves, prediction adds a track with probabilities, cancel leaves
// the project as it was; the sequence model (mstcn) set up in the Train
// dialog trains and predicts through the same jobs.
#include "app/gui/training/ModelController.h"
#include "app/gui/training/TrainDialog.h"
#include "core/demo/DemoRecordingGenerator.h"
#include "tests/support/TestSupport.h"
#include "widgets/jobs/JobView.h"
#include "widgets/jobs/JobsPanel.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/TimelineView.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QToolButton>
#include <QtTest>

using namespace kinemark;

namespace {
Project twoSubjects()
{
    return test::demoProjectOfSubjects(2, 900, 21);
}

TrainingRequest quickRequest(int epochs)
{
    TrainingRequest r;
    r.model = QStringLiteral("cnn-center");
    r.validationSubjects = {QStringLiteral("s1")};
    r.threads = 1;
    r.hyperparameters[QStringLiteral("epochs")] = epochs;
    r.hyperparameters[QStringLiteral("patience")] = 0;
    return r;
}
} // namespace

class TestGuiModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void trainStoresModelThenPredictAddsLanes();
    void cancelLeavesProjectAsItWas();
    void sequenceModelTrainsAndPredictsThroughJobs();
};

void TestGuiModels::trainStoresModelThenPredictAddsLanes()
{
    Project project = twoSubjects();
    RecordingSession session;
    session.setRecording(project.recordings.front(), project.labelSets.front());
    TimelineView timeline(&session);
    JobsPanel jobs;
    QWidget parent;
    ModelController controller(&project, &session, &jobs, &parent);
    QObject::connect(&controller, &ModelController::tracksChanged, &timeline,
                     &TimelineView::rebuildLanes);
    QSignalSpy changed(&controller, &ModelController::projectChanged);
    const int lanesBefore = timeline.laneCount();

    const int id = controller.startTraining(quickRequest(2));
    QTRY_COMPARE_WITH_TIMEOUT(project.models.size(), size_t(1), 120000);
    QCOMPARE(changed.count(), 1);
    JobView* view = jobs.job(id);
    QVERIFY(view && !view->isRunning());
    QCOMPARE(view->pointCount(QStringLiteral("total")), 2); // one point per epoch
    QCOMPARE(view->pointCount(QStringLiteral("validation macro F1")), 2);
    QCOMPARE(project.models.front().kind, QStringLiteral("cnn-center"));
    QVERIFY(!project.models.front().data.isEmpty());

    controller.predict(false); // the shown recording, with the only model
    QTRY_VERIFY_WITH_TIMEOUT(project.recordings.front()->track(QStringLiteral("cnn-center")),
                             60000);
    const Recording& r = *project.recordings.front();
    QVERIFY(r.probabilities.contains(QStringLiteral("cnn-center")));
    QCOMPARE(r.probabilities.value(QStringLiteral("cnn-center"))
                 .checkConsistency(int64_t(r.sampleCount())),
             QString());
    QVERIFY(!project.recordings.back()->track(QStringLiteral("cnn-center"))); // only the shown one
    // Prediction, confidence and disagreement lanes appear.
    QTRY_COMPARE(timeline.laneCount(), lanesBefore + 3);
    QCOMPARE(project.checkConsistency(), QString());
}

void TestGuiModels::cancelLeavesProjectAsItWas()
{
    Project project = twoSubjects();
    RecordingSession session;
    JobsPanel jobs;
    QWidget parent;
    ModelController controller(&project, &session, &jobs, &parent);
    const int id = controller.startTraining(quickRequest(200));
    QTRY_VERIFY_WITH_TIMEOUT(!controller.isReadingTracks(), 30000); // the first batch ran
    auto* cancel = jobs.job(id)->findChild<QToolButton*>();
    QVERIFY(cancel);
    cancel->click();
    QTRY_VERIFY_WITH_TIMEOUT(!jobs.job(id)->isRunning(), 30000);
    QCOMPARE(controller.runningJobs(), 0);
    QVERIFY(project.models.empty());
    for (const auto& r : project.recordings) {
        QCOMPARE(r->tracks.size(), size_t(1));
        QVERIFY(r->probabilities.isEmpty());
    }
}

void TestGuiModels::sequenceModelTrainsAndPredictsThroughJobs()
{
    Project project = twoSubjects();
    RecordingSession session;
    session.setRecording(project.recordings.front(), project.labelSets.front());
    TimelineView timeline(&session);
    JobsPanel jobs;
    QWidget parent;
    ModelController controller(&project, &session, &jobs, &parent);
    QObject::connect(&controller, &ModelController::tracksChanged, &timeline,
                     &TimelineView::rebuildLanes);
    const int lanesBefore = timeline.laneCount();

    // The Train dialog's request for mstcn: no windows, the paper's batch and rate.
    TrainDialog dialog(project, &parent);
    auto* model = dialog.findChild<QComboBox*>();
    QVERIFY(model);
    model->setCurrentIndex(model->findData(QStringLiteral("mstcn")));
    TrainingRequest request = dialog.request();
    QCOMPARE(request.model, QStringLiteral("mstcn"));
    QVERIFY(!request.hyperparameters.contains(QStringLiteral("window_length")));
    QCOMPARE(request.hyperparameters.value(QStringLiteral("batch")).toInt(), 32);
    // A tiny network and budget, so the test takes seconds.
    request.validationSubjects = {QStringLiteral("s1")};
    request.threads = 1;
    request.hyperparameters.insert(QVariantMap{{QStringLiteral("epochs"), 2},
                                               {QStringLiteral("patience"), 0},
                                               {QStringLiteral("layers"), 4},
                                               {QStringLiteral("features"), 8},
                                               {QStringLiteral("projection_dim"), 8},
                                               {QStringLiteral("chunk_length"), 1024},
                                               {QStringLiteral("batch"), 8}});

    const int id = controller.startTraining(request);
    QTRY_COMPARE_WITH_TIMEOUT(project.models.size(), size_t(1), 120000);
    JobView* view = jobs.job(id);
    QVERIFY(view && !view->isRunning());
    QCOMPARE(view->pointCount(QStringLiteral("total")), 2);
    QCOMPARE(view->pointCount(QStringLiteral("validation macro F1")), 2);
    QCOMPARE(project.models.front().kind, QStringLiteral("mstcn"));

    controller.predict(false);
    QTRY_VERIFY_WITH_TIMEOUT(project.recordings.front()->track(QStringLiteral("mstcn")), 60000);
    const Recording& r = *project.recordings.front();
    const AnnotationTrack* track = r.track(QStringLiteral("mstcn"));
    QCOMPARE(track->kind(), AnnotationTrack::Kind::Prediction);
    QCOMPARE(track->segments().front().start, int64_t(0));
    QCOMPARE(track->segments().back().end, int64_t(r.sampleCount()));
    // Probabilities in half-second rows beside the per-sample track.
    QVERIFY(r.probabilities.contains(QStringLiteral("mstcn")));
    const ClassProbabilities& p = r.probabilities[QStringLiteral("mstcn")];
    QCOMPARE(p.step, int64_t(25));
    QCOMPARE(p.rowCount(), (r.sampleCount() + 24) / 25);
    QCOMPARE(p.checkConsistency(int64_t(r.sampleCount())), QString());
    QTRY_COMPARE(timeline.laneCount(), lanesBefore + 3); // prediction, confidence, disagreement
    QCOMPARE(project.checkConsistency(), QString());
}

QTEST_MAIN(TestGuiModels)
#include "tst_gui_models.moc"
