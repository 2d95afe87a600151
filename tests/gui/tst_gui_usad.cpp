// The synthetic-vs-real gallery of seed 002's diffusion augmentation: real
// windows of a class beside windows sampled from a usad-diffusion model, as
// signals and spectrograms on shared scales. A tiny model trained on the demo
// here; with KINEMARK_USAD_GALLERY_MODEL (a .kmodel of usad-diffusion),
// KINEMARK_USAD_GALLERY_PROJECT (its project) and KINEMARK_USAD_GALLERY_CLASS
// (a class id) the same for a real model, for the screenshot under docs/.
// Analysis › Synthetic Windows… (SyntheticWindowsController): what it says
// without a diffusion model, its dialog's defaults and remembered choices, the
// sampling job that opens the gallery, and cancel.
#include "app/gui/generation/SyntheticWindowsController.h"
#include "app/gui/generation/SyntheticWindowsDialog.h"
#include "core/learning/ChannelNormalisation.h"
#include "core/learning/WindowSet.h"
#include "core/project/ProjectFile.h"
#include "models/file/ModelFile.h"
#include "models/training/DiffusionTrainer.h"
#include "models/training/ModelTrainer.h"
#include "tests/support/TestSupport.h"
#include "widgets/analysis/SyntheticGalleryView.h"
#include "widgets/jobs/JobView.h"
#include "widgets/jobs/JobsPanel.h"

#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QSpinBox>
#include <QToolButton>
#include <QtTest>
#include <qcustomplot.h>

using namespace kinemark;

namespace {
// With KINEMARK_SCREENSHOT_DIR set, the gallery is saved there to be looked at.
void saveScreenshot(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("KINEMARK_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    widget->show();
    if (!QTest::qWaitForWindowExposed(widget))
        return;
    QCoreApplication::processEvents();
    widget->grab().save(dir + '/' + name);
}

// Real windows of class `classId` from the model's training subjects (z-scored
// with the model's statistics) and as many synthetic ones, into the gallery.
void fillGallery(SyntheticGalleryView& gallery, const ModelFile& model, const Project& project,
                 int32_t classId, int count, uint64_t seed)
{
    const auto at = std::find(model.classIds.begin(), model.classIds.end(), classId);
    QVERIFY(at != model.classIds.end());
    const int32_t index = int32_t(at - model.classIds.begin());
    const QStringList subjects =
        model.trainingData.value(QStringLiteral("subjects")).toVariant().toStringList();
    std::vector<std::shared_ptr<const Recording>> recordings;
    for (const auto& r : project.recordings)
        if (r->groundTruth() && subjects.contains(r->subjectId))
            recordings.push_back(r);
    const WindowSet set = WindowSet::build(recordings, model.windowing, {classId});
    QVERIFY(set.size() > 0);
    // Evenly spread over the set, not the first few of one recording.
    std::vector<size_t> picked;
    for (int i = 0; i < count && size_t(i) < set.size(); ++i)
        picked.push_back(size_t(i) * set.size() / size_t(count));
    std::vector<float> real(picked.size() * size_t(set.channelCount() * set.length()));
    set.gather(picked, real.data(), &model.normalisation);
    auto diffusion = DiffusionTrainer::load(model);
    const std::vector<float> synthetic =
        diffusion->sample(std::vector<int32_t>(size_t(count), index), seed);
    gallery.setWindows(model.classNames.value(int(index)), model.channelNames,
                       model.windowing.length, model.sampleRateHz, real, synthetic, count);
}

// A tiny usad-diffusion model of the 15-minute demo recording (seconds to train).
ModelFile tinyDiffusionModel(const Project& project)
{
    TrainingRequest request;
    request.model = QStringLiteral("usad-diffusion");
    request.threads = 1;
    request.hyperparameters = QVariantMap{{QStringLiteral("diffusion_steps"), 50},
                                          {QStringLiteral("sampling_steps"), 5},
                                          {QStringLiteral("width"), 16},
                                          {QStringLiteral("blocks"), 2},
                                          {QStringLiteral("epochs"), 1}};
    return ModelTrainer::train(project, request);
}

StoredModel store(const ModelFile& model, const QString& id)
{
    StoredModel stored;
    stored.kind = model.kind;
    stored.id = id;
    stored.summary = model.summary();
    stored.data = model.toBytes();
    return stored;
}

// The class with the most training windows (enough real windows for any count here).
int32_t commonestClass(const ModelFile& model)
{
    const QJsonObject counts =
        model.trainingData.value(QStringLiteral("windows_per_class")).toObject();
    int32_t best = model.classIds.front();
    for (int32_t id : model.classIds)
        if (counts.value(QString::number(id)).toInteger() >
            counts.value(QString::number(best)).toInteger())
            best = id;
    return best;
}

// Runs `handle` on the next modal dialog (the action's message box or dialog).
void onNextModal(std::function<void(QWidget*)> handle)
{
    QTimer::singleShot(0, [handle] {
        QWidget* modal = QApplication::activeModalWidget();
        if (!modal) { // not shown yet
            onNextModal(handle);
            return;
        }
        handle(modal);
    });
}
} // namespace

class TestGuiUsad : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void galleryShowsRealBesideSynthetic();
    void galleryOfAStoredModel();
    void actionWithoutDiffusionModelSaysHowToTrainOne();
    void actionSamplesAndOpensGallery();
    void cancelLeavesProjectIntact();
    void lossWeightsBesideTrainingCurves();
};

void TestGuiUsad::initTestCase()
{
    // The dialog remembers its choices: in a settings file of the tests' own.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("kinemark-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_gui_usad"));
    QSettings().clear();
}

void TestGuiUsad::galleryShowsRealBesideSynthetic()
{
    const Project project = test::demoProjectOfSubjects(1, 900, 4);
    TrainingRequest request;
    request.model = QStringLiteral("usad-diffusion");
    request.threads = 1;
    request.hyperparameters = QVariantMap{{QStringLiteral("diffusion_steps"), 50},
                                          {QStringLiteral("sampling_steps"), 5},
                                          {QStringLiteral("width"), 16},
                                          {QStringLiteral("blocks"), 2},
                                          {QStringLiteral("epochs"), 1}};
    const ModelFile model = ModelTrainer::train(project, request);
    SyntheticGalleryView gallery;
    fillGallery(gallery, model, project, model.classIds.front(), 3, 1);
    QCOMPARE(gallery.shownReal(), 3);
    QCOMPARE(gallery.shownSynthetic(), 3);
    for (int column = 0; column < 2; ++column)
        for (int row = 0; row < 3; ++row) {
            QCustomPlot* signal = gallery.signalPlot(column, row);
            QVERIFY(signal);
            QCOMPARE(signal->graphCount(), int(model.channelNames.size()));
            QCOMPARE(signal->graph(0)->dataCount(), model.windowing.length);
            QCustomPlot* spectrogram = gallery.spectrogramPlot(column, row);
            QVERIFY(spectrogram && spectrogram->plottableCount() == 1);
            // One colour scale for all cells.
            QCOMPARE(static_cast<QCPColorMap*>(spectrogram->plottable(0))->dataRange(),
                     static_cast<QCPColorMap*>(gallery.spectrogramPlot(0, 0)->plottable(0))
                         ->dataRange());
        }
    QVERIFY(!gallery.signalPlot(0, 3));
    // Fewer windows than asked: only those are shown; nothing for a wrong shape.
    gallery.setWindows(
        QStringLiteral("x"), model.channelNames, model.windowing.length, 50,
        std::vector<float>(size_t(model.channelNames.size() * model.windowing.length), 0.5f), {},
        3);
    QCOMPARE(gallery.shownReal(), 1);
    QCOMPARE(gallery.shownSynthetic(), 0);
    gallery.setWindows(QStringLiteral("x"), {}, 128, 50, {}, {}, 3);
    QCOMPARE(gallery.shownReal(), 0);
}

void TestGuiUsad::galleryOfAStoredModel()
{
    const QString modelPath = qEnvironmentVariable("KINEMARK_USAD_GALLERY_MODEL");
    const QString projectPath = qEnvironmentVariable("KINEMARK_USAD_GALLERY_PROJECT");
    if (modelPath.isEmpty() || projectPath.isEmpty())
        QSKIP("KINEMARK_USAD_GALLERY_MODEL and KINEMARK_USAD_GALLERY_PROJECT are not set (docs "
              "screenshot only)");
    const ModelFile model = ModelFile::load(modelPath);
    const Project project = ProjectFile::open(projectPath);
    const int32_t classId = qEnvironmentVariableIntValue("KINEMARK_USAD_GALLERY_CLASS");
    SyntheticGalleryView gallery;
    gallery.resize(900, 760);
    fillGallery(gallery, model, project, classId, 3, 7);
    QCOMPARE(gallery.shownSynthetic(), 3);
    saveScreenshot(&gallery, QStringLiteral("usad-gallery.png"));
}

void TestGuiUsad::actionWithoutDiffusionModelSaysHowToTrainOne()
{
    Project project = test::demoProjectOfSubjects(1, 300, 4);
    StoredModel classifier;
    classifier.kind = QStringLiteral("usad");
    classifier.id = QStringLiteral("usad 1");
    project.models.push_back(classifier); // a classifier is not something to sample from
    JobsPanel jobs;
    QWidget parent;
    SyntheticWindowsController controller(&project, &jobs, &parent);
    QString text;
    onNextModal([&text](QWidget* modal) {
        auto* box = qobject_cast<QMessageBox*>(modal);
        if (box)
            text = box->text();
        modal->close();
    });
    controller.showDialog();
    QVERIFY2(text.contains(QStringLiteral("usad-diffusion")) &&
                 text.contains(QStringLiteral("Train Model")),
             qPrintable(text));
    QCOMPARE(controller.runningJobs(), 0);
    QVERIFY(!jobs.job(1));
    QVERIFY(!controller.gallery());
    QCOMPARE(controller.startSampling(QStringLiteral("usad 1"), 1, 8, 1), -1);
}

void TestGuiUsad::actionSamplesAndOpensGallery()
{
    Project project = test::demoProjectOfSubjects(1, 900, 4);
    const ModelFile model = tinyDiffusionModel(project);
    project.models.push_back(store(model, QStringLiteral("usad-diffusion tiny")));
    const int32_t classId = commonestClass(model);
    const QString className = model.classNames.value(int(
        std::find(model.classIds.begin(), model.classIds.end(), classId) - model.classIds.begin()));
    JobsPanel jobs;
    QWidget parent;
    SyntheticWindowsController controller(&project, &jobs, &parent);
    QSignalSpy opened(&controller, &SyntheticWindowsController::galleryOpened);

    // The dialog: 8 windows by default, the rarest class preselected; choose the
    // commonest and 6 windows, which the next dialog remembers.
    int defaultCount = 0;
    int32_t defaultClass = -1;
    onNextModal([&](QWidget* modal) {
        auto* dialog = qobject_cast<SyntheticWindowsDialog*>(modal);
        if (!dialog) {
            modal->close();
            return;
        }
        defaultCount = dialog->count();
        defaultClass = dialog->classId();
        auto* classes = dialog->findChildren<QComboBox*>().value(1);
        classes->setCurrentIndex(classes->findData(classId));
        dialog->findChild<QSpinBox*>()->setValue(6);
        dialog->accept();
    });
    controller.showDialog();
    QCOMPARE(defaultCount, 8);
    const QJsonObject counts =
        model.trainingData.value(QStringLiteral("windows_per_class")).toObject();
    for (int32_t id : model.classIds)
        QVERIFY(counts.value(QString::number(defaultClass)).toInteger() <=
                counts.value(QString::number(id)).toInteger());
    QCOMPARE(controller.runningJobs(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 60000);
    QCOMPARE(controller.runningJobs(), 0);
    SyntheticGalleryView* gallery = controller.gallery();
    QVERIFY(gallery && controller.galleryWindow()->isVisible());
    QCOMPARE(gallery->shownSynthetic(), 6);
    QCOMPARE(gallery->shownReal(), 6);
    QVERIFY(gallery->signalPlot(1, 5) && !gallery->signalPlot(1, 6));
    QCOMPARE(gallery->signalPlot(0, 0)->graphCount(), int(model.channelNames.size()));
    // Both columns are headed with the chosen class.
    int headed = 0;
    for (QLabel* label : gallery->findChildren<QLabel*>())
        headed += label->text().contains(className) ? 1 : 0;
    QCOMPARE(headed, 2);
    QVERIFY(controller.galleryWindow()->windowTitle().contains(className));
    JobView* view = jobs.job(1);
    QVERIFY(view && !view->isRunning());
    QVERIFY(view->findChildren<QLabel*>().value(0)->text().contains(className)); // its title

    // The next dialog starts from the choices made.
    onNextModal([&](QWidget* modal) {
        if (auto* dialog = qobject_cast<SyntheticWindowsDialog*>(modal)) {
            defaultCount = dialog->count();
            defaultClass = dialog->classId();
        }
        modal->close();
    });
    controller.showDialog();
    QCOMPARE(defaultCount, 6);
    QCOMPARE(defaultClass, classId);
    QCOMPARE(controller.runningJobs(), 0); // closed without sampling
}

void TestGuiUsad::cancelLeavesProjectIntact()
{
    Project project = test::demoProjectOfSubjects(1, 900, 4);
    ModelFile model = tinyDiffusionModel(project);
    // Every one of the 50 steps when sampling: slow enough to be cancelled mid-way.
    model.hyperparameters[QStringLiteral("sampling_steps")] = 50;
    project.models.push_back(store(model, QStringLiteral("usad-diffusion slow")));
    const std::vector<StoredModel> modelsBefore = project.models;
    const size_t tracksBefore = project.recordings.front()->tracks.size();
    JobsPanel jobs;
    QWidget parent;
    SyntheticWindowsController controller(&project, &jobs, &parent);
    QSignalSpy opened(&controller, &SyntheticWindowsController::galleryOpened);
    const int id = controller.startSampling(QStringLiteral("usad-diffusion slow"),
                                            commonestClass(model), 32, 3);
    QVERIFY(id > 0);
    auto* cancel = jobs.job(id)->findChild<QToolButton*>();
    QVERIFY(cancel);
    cancel->click();
    QTRY_VERIFY_WITH_TIMEOUT(!jobs.job(id)->isRunning(), 30000);
    QCOMPARE(controller.runningJobs(), 0);
    QCOMPARE(opened.count(), 0);
    QVERIFY(!controller.gallery());
    bool saysCancelled = false;
    for (QLabel* label : jobs.job(id)->findChildren<QLabel*>())
        saysCancelled |= label->text().startsWith(QStringLiteral("cancelled"));
    QVERIFY(saysCancelled);
    QVERIFY(project.models == modelsBefore);
    QCOMPARE(project.recordings.front()->tracks.size(), tracksBefore);
    QVERIFY(project.recordings.front()->probabilities.isEmpty());
}

void TestGuiUsad::lossWeightsBesideTrainingCurves()
{
    // A tiny usad with the adaptive loss, its epoch ends drawn in a Jobs panel
    // as the Models menu's training job draws them.
    const Project project = test::demoProjectOfSubjects(2, 600, 31);
    TrainingRequest request;
    request.model = QStringLiteral("usad");
    request.threads = 1;
    request.validationSubjects = {QStringLiteral("s1")};
    request.hyperparameters = QVariantMap{{QStringLiteral("epochs"), 8},
                                          {QStringLiteral("width"), 8},
                                          {QStringLiteral("blocks"), 1},
                                          {QStringLiteral("batch"), 32},
                                          {QStringLiteral("synthetic_per_class"), 0},
                                          {QStringLiteral("patience"), 0}};
    JobsPanel jobs;
    jobs.resize(420, 360);
    const int id = jobs.addJob(QStringLiteral("Train usad"));
    ModelTrainer::train(project, request, [&](const TrainingProgress& p) {
        if (!p.epochEnd)
            return;
        for (auto it = p.losses.begin(); it != p.losses.end(); ++it)
            jobs.addPoint(id, it.key(), p.epoch, it.value());
        jobs.addPoint(id, QStringLiteral("validation macro F1"), p.epoch, p.validationMacroF1);
    });
    jobs.finishJob(id, true, QStringLiteral("stored"));
    JobView* view = jobs.job(id);
    QVERIFY(view);
    auto* plot = view->findChild<QCustomPlot*>();
    QVERIFY(plot);
    // The weights in a panel of their own under the losses, on an axis close
    // around them, not on the loss axis where they were flat lines.
    QCOMPARE(plot->axisRectCount(), 2);
    QCPAxis* weightAxis = plot->axisRect(1)->axis(QCPAxis::atLeft);
    int weights = 0;
    double lowest = 1, highest = 0;
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraph* g = plot->graph(i);
        const bool weight = g->name().startsWith(QStringLiteral("weight "));
        QCOMPARE(g->valueAxis() == weightAxis, weight);
        if (!weight)
            continue;
        ++weights;
        QCOMPARE(g->dataCount(), 8);
        bool found = false;
        const QCPRange r = g->getValueRange(found);
        QVERIFY(found && r.lower >= 0.1 - 1e-9 && r.upper <= 0.8 + 1e-9); // the rule's clamp
        lowest = std::min(lowest, r.lower);
        highest = std::max(highest, r.upper);
    }
    QCOMPARE(weights, 3);
    QVERIFY(weightAxis->range().lower < lowest && weightAxis->range().lower > lowest - 0.1);
    QVERIFY(weightAxis->range().upper > highest && weightAxis->range().upper < highest + 0.1);
    saveScreenshot(&jobs, QStringLiteral("usad-training-curves.png"));
}

QTEST_MAIN(TestGuiUsad)
#include "tst_gui_usad.moc"
