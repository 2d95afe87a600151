// SelfPAB in the GUI (offscreen): the Train and Cross-validate dialogs offer
// models by purpose, the Train dialog offers the project's pre-trained
// encoders for selfpab and its request carries the choice, cross-validation
// refuses a generator, a pre-training job stores an encoder that training then
// uses, and "what the model sees" shows a window as three images of one size.
#include "app/gui/generation/WhatTheModelSeesDialog.h"
#include "app/gui/training/CrossValidationDialog.h"
#include "app/gui/training/EncoderChoice.h"
#include "app/gui/training/ModelController.h"
#include "app/gui/training/TrainDialog.h"
#include "core/project/ProjectFile.h"
#include "models/file/ModelFile.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/CrossValidation.h"
#include "tests/support/TestSupport.h"
#include "widgets/jobs/JobView.h"
#include "widgets/jobs/JobsPanel.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"

#include <QComboBox>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace kinemark;

namespace {

QStringList comboIds(const QComboBox* combo)
{
    QStringList ids;
    for (int i = 0; i < combo->count(); ++i)
        ids << combo->itemData(i).toString();
    return ids;
}

// The tiny transformer of tst_models_selfpab: 2-minute windows, one layer of width 32.
QVariantMap tinySizes(int epochs)
{
    return QVariantMap{
        {QStringLiteral("d_model"), 32},        {QStringLiteral("layers"), 1},
        {QStringLiteral("heads"), 2},           {QStringLiteral("feed_forward"), 64},
        {QStringLiteral("window_frames"), 239}, {QStringLiteral("stride_frames"), 120},
        {QStringLiteral("batch"), 8},           {QStringLiteral("epochs"), epochs},
        {QStringLiteral("lr"), 0.003},
    };
}

PretrainingRequest tinyPretraining(int epochs)
{
    PretrainingRequest r;
    r.seed = 7;
    r.threads = 1;
    r.hyperparameters = tinySizes(epochs);
    return r;
}

// A stored encoder that is not one (the dialogs list stored models without loading them).
StoredModel fakeEncoder(const QString& id)
{
    StoredModel m;
    m.id = id;
    m.kind = QStringLiteral("selfpab-pretrain");
    m.data = QByteArray("not loaded by the dialog");
    return m;
}

} // namespace

class TestGuiSelfPab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void registryPurposes();
    void dialogsOfferModelsByPurpose();
    void trainDialogOffersStoredEncoderForSelfPab();
    void crossValidationRejectsNonClassifiers();
    void pretrainingJobStoresEncoderThatTrainingUses();
    void panelShowsThreeImagesOfOneSize();
    void screenshot();
};

void TestGuiSelfPab::registryPurposes()
{
    QCOMPARE(ModelRegistry::find(QStringLiteral("selfpab-pretrain"))->purpose,
             ModelInfo::Purpose::Pretraining);
    QCOMPARE(ModelRegistry::find(QStringLiteral("usad-diffusion"))->purpose,
             ModelInfo::Purpose::Generator);
    QCOMPARE(ModelRegistry::find(QStringLiteral("selfpab"))->purpose,
             ModelInfo::Purpose::Classifier);
    for (const ModelInfo& m : ModelRegistry::models()) // the old flag agrees with the purpose
        QCOMPARE(m.generative, m.purpose == ModelInfo::Purpose::Generator);
    QCOMPARE(ModelRegistry::ids(ModelInfo::Purpose::Generator),
             QStringList{QStringLiteral("usad-diffusion")});
    QVERIFY(!ModelRegistry::ids(ModelInfo::Purpose::Classifier)
                 .contains(QStringLiteral("selfpab-pretrain")));
}

void TestGuiSelfPab::dialogsOfferModelsByPurpose()
{
    const Project project = test::demoProjectOfSubjects(2, 300, 5);
    TrainDialog train(project);
    const QStringList trainIds = comboIds(train.findChild<QComboBox*>(QStringLiteral("model")));
    QVERIFY(!trainIds.contains(QStringLiteral("selfpab-pretrain")));
    QVERIFY(trainIds.contains(QStringLiteral("selfpab")));
    QVERIFY(trainIds.contains(QStringLiteral("usad-diffusion"))); // generators are trained here
    QVERIFY(trainIds.contains(QStringLiteral("cnn-center")));

    CrossValidationDialog crossval(project.subjectIds());
    QComboBox* model = crossval.findChild<QComboBox*>();
    QVERIFY(model);
    const QStringList crossvalIds = comboIds(model);
    QCOMPARE(crossvalIds, ModelRegistry::ids(ModelInfo::Purpose::Classifier));
    QVERIFY(!crossvalIds.contains(QStringLiteral("usad-diffusion")));
    QVERIFY(!crossvalIds.contains(QStringLiteral("selfpab-pretrain")));
    QVERIFY(crossvalIds.contains(QStringLiteral("selfpab")));
}

void TestGuiSelfPab::trainDialogOffersStoredEncoderForSelfPab()
{
    Project project = test::demoProjectOfSubjects(2, 300, 5);
    StoredModel classifier = fakeEncoder(QStringLiteral("cnn-center 1"));
    classifier.kind = QStringLiteral("cnn-center");
    project.models.push_back(classifier);
    project.models.push_back(fakeEncoder(QStringLiteral("selfpab-pretrain A")));
    project.models.push_back(fakeEncoder(QStringLiteral("selfpab-pretrain B")));
    TrainDialog dialog(project);
    auto* model = dialog.findChild<QComboBox*>(QStringLiteral("model"));
    EncoderChoice* encoder = dialog.encoderChoice();
    QVERIFY(model && encoder);
    // The project's encoders, not its classifier; the newest chosen.
    QCOMPARE(encoder->storedCount(), 2);
    QVERIFY(encoder->findText(QStringLiteral("cnn-center 1"), Qt::MatchContains) < 0);
    QCOMPARE(encoder->storedId(), QStringLiteral("selfpab-pretrain B"));

    model->setCurrentIndex(model->findData(QStringLiteral("selfpab")));
    QVERIFY(encoder->isVisibleTo(&dialog));
    QVERIFY(encoder->chooseStored(QStringLiteral("selfpab-pretrain A")));
    TrainingRequest r = dialog.request();
    QCOMPARE(r.model, QStringLiteral("selfpab"));
    QCOMPARE(r.encoderModel, QStringLiteral("selfpab-pretrain A"));
    QVERIFY(r.encoderPath.isEmpty());

    encoder->chooseFile(QStringLiteral("/tmp/some/encoder.kmodel"));
    r = dialog.request();
    QCOMPARE(r.encoderPath, QStringLiteral("/tmp/some/encoder.kmodel"));
    QVERIFY(r.encoderModel.isEmpty());

    encoder->setCurrentIndex(0); // none: from scratch
    r = dialog.request();
    QVERIFY(r.encoderPath.isEmpty() && r.encoderModel.isEmpty());

    // Other models neither show nor carry an encoder.
    encoder->chooseStored(QStringLiteral("selfpab-pretrain A"));
    model->setCurrentIndex(model->findData(QStringLiteral("cnn-center")));
    QVERIFY(!encoder->isVisibleTo(&dialog));
    r = dialog.request();
    QCOMPARE(r.model, QStringLiteral("cnn-center"));
    QVERIFY(r.encoderPath.isEmpty() && r.encoderModel.isEmpty());
}

void TestGuiSelfPab::crossValidationRejectsNonClassifiers()
{
    Project project = test::demoProjectOfSubjects(2, 300, 5);
    for (const QString& id :
         {QStringLiteral("usad-diffusion"), QStringLiteral("selfpab-pretrain")}) {
        CrossValidationRequest request;
        request.training.model = id;
        request.training.threads = 1;
        try {
            CrossValidation::run(project, request);
            QFAIL(qPrintable(id + QStringLiteral(" was cross-validated")));
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("not a classifier")),
                     e.what());
        }
    }
    // The CLI says so and exits with the usage code.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.kmk"));
    ProjectFile::save(project, path);
    QProcess cli;
    cli.start(QStringLiteral(KINEMARK_CLI_PATH),
              {QStringLiteral("crossval"), path, QStringLiteral("--model"),
               QStringLiteral("usad-diffusion"), QStringLiteral("--quiet")});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 2);
    const QString err = QString::fromUtf8(cli.readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("window generator, not a classifier")), qPrintable(err));
}

void TestGuiSelfPab::pretrainingJobStoresEncoderThatTrainingUses()
{
    Project project = test::demoProjectOfSubjects(2, 900, 21);
    RecordingSession session;
    JobsPanel jobs;
    QWidget parent;
    ModelController controller(&project, &session, &jobs, &parent);
    QSignalSpy changed(&controller, &ModelController::projectChanged);
    const int id = controller.startPretraining(tinyPretraining(2));
    QTRY_COMPARE_WITH_TIMEOUT(project.models.size(), size_t(1), 120000);
    QCOMPARE(changed.count(), 1);
    JobView* view = jobs.job(id);
    QVERIFY(view && !view->isRunning());
    QCOMPARE(view->pointCount(QStringLiteral("reconstruction L1")), 2); // one per epoch
    const StoredModel encoder = project.models.front();
    QCOMPARE(encoder.kind, QStringLiteral("selfpab-pretrain"));

    // The Train dialog offers it for selfpab, and training takes it from the project.
    TrainDialog dialog(project);
    auto* model = dialog.findChild<QComboBox*>(QStringLiteral("model"));
    model->setCurrentIndex(model->findData(QStringLiteral("selfpab")));
    QCOMPARE(dialog.encoderChoice()->storedId(), encoder.id);
    TrainingRequest request = dialog.request();
    QCOMPARE(request.encoderModel, encoder.id);
    request.threads = 1;
    request.validationSubjects = {QStringLiteral("s1")};
    request.hyperparameters = tinySizes(1);
    request.hyperparameters.remove(QStringLiteral("d_model")); // the encoder brings its sizes
    request.hyperparameters[QStringLiteral("head_hidden")] = 16;
    controller.startTraining(request);
    QTRY_COMPARE_WITH_TIMEOUT(project.models.size(), size_t(2), 120000);
    const ModelFile tuned =
        ModelFile::fromBytes(project.models.back().data, project.models.back().id);
    QCOMPARE(tuned.kind, QStringLiteral("selfpab"));
    QCOMPARE(tuned.trainingData.value(QStringLiteral("pretrained_encoder"))
                 .toObject()
                 .value(QStringLiteral("project_model")),
             QJsonValue(encoder.id));
}

void TestGuiSelfPab::panelShowsThreeImagesOfOneSize()
{
    Project project = test::demoProjectOfSubjects(1, 900, 21);
    RecordingSession session;
    session.setRecording(project.recordings.front(), project.labelSets.front());
    JobsPanel jobs;
    QWidget parent;
    ModelController controller(&project, &session, &jobs, &parent);
    controller.startPretraining(tinyPretraining(1));
    QTRY_COMPARE_WITH_TIMEOUT(project.models.size(), size_t(1), 120000);

    WhatTheModelSeesDialog dialog(project, &session);
    EncoderChoice* encoder = dialog.encoderChoice();
    // Without an encoder: input and masked, 599 frames of 6 axes x 26 bins.
    encoder->setCurrentIndex(0);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isComputing() && dialog.view()->imageCount() == 2, 30000);
    QCOMPARE(dialog.view()->image(0).size(), QSize(599, 6 * 26));
    QCOMPARE(dialog.view()->image(1).size(), QSize(599, 6 * 26));

    // With the stored encoder: its window (239 frames) and its reconstruction.
    QVERIFY(encoder->chooseStored(project.models.front().id));
    dialog.setWindowStart(120);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isComputing() && dialog.view()->imageCount() == 3, 30000);
    const ModelInputView* view = dialog.view();
    QCOMPARE(view->image(0).size(), QSize(239, 6 * 26));
    QCOMPARE(view->image(1).size(), view->image(0).size());
    QCOMPARE(view->image(2).size(), view->image(0).size());
    QVERIFY(view->image(0) != view->image(1)); // the masking changed cells
    QVERIFY(view->image(2) != view->image(1));
    QCOMPARE(view->window().startSeconds, 120.0);
    QVERIFY(std::isfinite(view->window().l1));
    const QImage shown = dialog.view()->grab().toImage();
    QVERIFY(!shown.isNull());
}

void TestGuiSelfPab::screenshot()
{
    // Made with a real encoder pre-trained on the demo by `kinemark-cli pretrain`.
    const QString dir = qEnvironmentVariable("KINEMARK_SCREENSHOT_DIR");
    const QString projectPath = qEnvironmentVariable("KINEMARK_SELFPAB_PROJECT");
    const QString encoderPath = qEnvironmentVariable("KINEMARK_SELFPAB_ENCODER");
    if (dir.isEmpty() || !QFile::exists(projectPath) || !QFile::exists(encoderPath))
        QSKIP(
            "needs KINEMARK_SCREENSHOT_DIR, KINEMARK_SELFPAB_PROJECT and KINEMARK_SELFPAB_ENCODER");
    const Project project = ProjectFile::open(projectPath);
    RecordingSession session;
    session.setRecording(project.recordings.front(), project.labelSets.front());
    // In the 2-hour demo: sitting, walking, stairs, standing and running in one window.
    session.timeAxis()->setVisibleRange(1860, 2160);
    WhatTheModelSeesDialog dialog(project, &session);
    dialog.encoderChoice()->chooseFile(encoderPath);
    dialog.resize(1280, 800);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isComputing() && dialog.view()->imageCount() == 3, 120000);
    QCoreApplication::processEvents();
    QVERIFY(dialog.grab().save(dir + QStringLiteral("/selfpab-what-the-model-sees.png")));
}

QTEST_MAIN(TestGuiSelfPab)
#include "tst_gui_selfpab.moc"
