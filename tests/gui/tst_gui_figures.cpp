// The main window's figures follow the project (offscreen, 1400x850): the
// overview strip and the Analysis panel's comparison follow edits of the
// ground truth (debounced), the status line and the title agree about saving
// (also when something changes while a save runs), and the Recordings tree
// gives a recording's duration as `kinemark-cli info` does.
#include "app/gui/analysis/AnalysisController.h"
#include "app/gui/mainwindow/MainWindow.h"
#include "core/base/ElapsedTime.h"
#include "core/project/ProjectSummary.h"
#include "tests/support/TestSupport.h"
#include "widgets/analysis/AnalysisPanel.h"
#include "widgets/analysis/ConfusionMatrixView.h"
#include "widgets/analysis/TsneScatterView.h"
#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/patient/PatientPanel.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/OverviewStrip.h"
#include "widgets/recording/RecordingSession.h"

#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <cmath>

using namespace kinemark;

namespace {
// 300.6 s at 10 Hz; truth alternates walking (1) and running (2) every 30 s;
// the prediction agrees except for 60..80 s; probabilities every second.
Project makeProject()
{
    Project project;
    project.labelSets.push_back(LabelSet::builtin("harth"));
    Recording r;
    r.id = QStringLiteral("rec-1");
    r.subjectId = QStringLiteral("S1");
    r.sampleRateHz = 10;
    r.labelSetId = QStringLiteral("harth");
    Sensor sensor;
    sensor.name = QStringLiteral("back");
    sensor.channels.push_back(Channel{QStringLiteral("x"), QStringLiteral("acc"),
                                      QStringLiteral("g"), std::vector<float>(3006, 0.f)});
    r.sensors.push_back(sensor);
    AnnotationTrack truth(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth,
                          QStringLiteral("harth"));
    AnnotationTrack prediction(QStringLiteral("model"), AnnotationTrack::Kind::Prediction,
                               QStringLiteral("harth"));
    for (int s = 0; s < 10; ++s) {
        truth.assign(s * 300, (s + 1) * 300, 1 + s % 2);
        prediction.assign(s * 300, (s + 1) * 300, 1 + s % 2);
    }
    prediction.assign(600, 800, 2);
    r.tracks.push_back(truth);
    r.tracks.push_back(prediction);
    project.addRecording(std::move(r));
    return project;
}

// Status-bar labels saying the project was saved (hidden or not: a passing
// message hides them for a few seconds).
QStringList savedLabels(QMainWindow& window)
{
    QStringList texts;
    for (QLabel* label : window.statusBar()->findChildren<QLabel*>())
        if (label->text().startsWith(QStringLiteral("Saved")))
            texts << label->text();
    return texts;
}
} // namespace

class TestGuiFigures : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void overviewAndAnalysisFollowEdits();
    void patientViewFollowsEdits();
    void statusAndTitleAgreeAroundASave();
    void aChangeDuringTheSaveKeepsTheProjectModified();
    void treeDurationsAreTheCliDurations();
    void tsneTabSaysItIsComputing();

private:
    QTemporaryDir m_settingsDir;
};

void TestGuiFigures::initTestCase()
{
    test::useSettingsIn(m_settingsDir.path());
    QSettings().setValue("annotation/author", "tester");
}

void TestGuiFigures::overviewAndAnalysisFollowEdits()
{
    MainWindow window;
    window.resize(1400, 850);
    window.setProject(makeProject(), QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.waitForViews();
    auto* overview = window.findChild<OverviewStrip*>(QStringLiteral("overviewStrip"));
    QVERIFY(overview);
    AnalysisController* analysis = window.analysisController();
    analysis->analyse(QStringLiteral("model"));
    window.findChild<QDockWidget*>(QStringLiteral("analysisDock"))->show();
    ConfusionMatrixView* matrix = analysis->panel()->confusionMatrix();
    QCOMPARE(matrix->classCount(), 2);
    const int64_t walkingAsWalking = matrix->count(0, 0);
    QVERIFY(walkingAsWalking > 0);
    // The annotator relabels the first 30 s (walking) as running.
    window.session()->timeAxis()->setCursor(15.0);
    QVERIFY(window.annotationEditor()->assignClass(2));
    QVERIFY(overview->isRedrawPending());
    QVERIFY(analysis->isRefreshPending());
    QCOMPARE(matrix->count(0, 0), walkingAsWalking); // not yet: edits come in bursts
    const int paints = overview->paintCount();
    QTRY_VERIFY(!overview->isRedrawPending());
    QTRY_VERIFY(overview->paintCount() > paints);
    QTRY_COMPARE(matrix->count(0, 0), walkingAsWalking - 15); // 2 s windows over 30 s
    QCOMPARE(matrix->count(1, 0), int64_t(15));               // now running, predicted walking
}

void TestGuiFigures::patientViewFollowsEdits()
{
    MainWindow window;
    window.resize(1400, 850);
    window.setProject(makeProject(), QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.findChild<QDockWidget*>(QStringLiteral("patientDock"))->show();
    PatientPanel* panel = window.patientPanel();
    panel->waitForSummary();
    QTRY_VERIFY(panel->summary());
    const auto walking = [&] {
        const auto s = panel->summary();
        return s->days.front().classSeconds[size_t(s->classIndex(1))];
    };
    QCOMPARE(walking(), 150.0); // five stretches of 30 s
    window.session()->timeAxis()->setCursor(15.0);
    QVERIFY(window.annotationEditor()->assignClass(2));
    QVERIFY(window.annotationEditor()->assignClass(7)); // a burst: one recomputation after it
    QTRY_COMPARE(walking(), 120.0);
}

void TestGuiFigures::statusAndTitleAgreeAroundASave()
{
    QTemporaryDir dir;
    MainWindow window;
    window.resize(1400, 850);
    window.setProject(makeProject(), QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.session()->timeAxis()->setCursor(15.0);
    QVERIFY(window.annotationEditor()->assignClass(7));
    QVERIFY(window.isWindowModified());
    window.saveAsync(dir.filePath("p.kmk"));
    QTRY_COMPARE(savedLabels(window).size(), 1);
    QVERIFY(!window.isWindowModified());
    QVERIFY(!window.isModified());
    // The next edit: the title gets its `*` and the status stops saying "Saved".
    window.session()->timeAxis()->setCursor(45.0);
    QVERIFY(window.annotationEditor()->assignClass(7));
    QVERIFY(window.isWindowModified());
    QVERIFY2(savedLabels(window).isEmpty(), qPrintable(savedLabels(window).join('|')));
}

void TestGuiFigures::aChangeDuringTheSaveKeepsTheProjectModified()
{
    QTemporaryDir dir;
    MainWindow window;
    window.resize(1400, 850);
    window.setProject(makeProject(), QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.session()->timeAxis()->setCursor(15.0);
    QVERIFY(window.annotationEditor()->assignClass(7));
    window.saveAsync(dir.filePath("p.kmk"));
    // While the worker writes, a controller stores something in the project
    // (a t-SNE map, a cross-validation): it is not in the file being written.
    Q_EMIT window.analysisController()->projectChanged();
    QTRY_VERIFY(!savedLabels(window).isEmpty());
    QVERIFY(window.isModified());
    QVERIFY(window.isWindowModified());
    QVERIFY2(savedLabels(window).front().contains(QStringLiteral("not saved yet")),
             qPrintable(savedLabels(window).front()));
    // Saving again, with nothing changing meanwhile, leaves it clean.
    window.saveAsync(dir.filePath("p.kmk"));
    QTRY_VERIFY(!window.isModified());
    QVERIFY(!window.isWindowModified());
}

void TestGuiFigures::treeDurationsAreTheCliDurations()
{
    MainWindow window;
    window.setProject(makeProject(), QString());
    auto* tree = window.findChild<QTreeWidget*>();
    QVERIFY(tree);
    const QTreeWidgetItem* item = tree->topLevelItem(0)->child(0);
    QCOMPARE(item->text(0), QStringLiteral("rec-1"));
    // 300.6 s: the CLI rounds to 0:05:01; the tree used to cut to 0:05:00.
    QCOMPARE(item->text(1), QStringLiteral("0:05:01"));
    QVERIFY(ProjectSummary::toText(makeProject()).contains(QStringLiteral("0:05:01")));
    QCOMPARE(item->text(1), ElapsedTime::clock(300.6));
}

void TestGuiFigures::tsneTabSaysItIsComputing()
{
    Project project = makeProject();
    Recording& r = *project.recordings.front();
    ClassProbabilities p;
    p.step = 10;
    p.classIds = {1, 2};
    for (int row = 0; row < 300; ++row) {
        const bool two = r.track(QStringLiteral("model"))->classAt(row * 10) == 2;
        const float confidence = 0.6f + 0.35f * float(std::abs(std::sin(row * 0.37)));
        p.values.push_back(two ? 1 - confidence : confidence);
        p.values.push_back(two ? confidence : 1 - confidence);
    }
    r.probabilities.insert(QStringLiteral("model"), p);
    MainWindow window;
    window.resize(1400, 850);
    window.setProject(std::move(project), QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    AnalysisController* analysis = window.analysisController();
    QSignalSpy ready(analysis, &AnalysisController::embeddingReady);
    QVERIFY(analysis->analyse(QStringLiteral("model")) >= 0);
    // Until the map arrives the tab says what is happening, not an empty plot.
    TsneScatterView* map = analysis->panel()->tsne();
    QVERIFY2(map->statusText().startsWith(QStringLiteral("Computing t-SNE")),
             qPrintable(map->statusText()));
    QVERIFY(ready.wait(120000));
    QVERIFY(map->statusText().isEmpty());
    QVERIFY(map->itemCount() > 0);
}

QTEST_MAIN(TestGuiFigures)
#include "tst_gui_figures.moc"
