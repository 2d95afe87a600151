// The Train dialog (offscreen): each model remembers its own last values
// (set, train, reopen: restored; another model keeps its own; Cancel
// remembers nothing; Defaults gives the model's back); the default epochs
// follow SuggestedEpochs for the project's size; the run-time estimate is
// calibrated in the background, scales with epochs and batch size without
// measuring again, is measured again when the window changes, and is
// dropped when the dialog closes, and covers usad's and selfpab's runs
// (selfpab's windows counted as the trainer cuts them); a training job's
// time left comes from its measured epochs (usad's first without its
// diffusion model and pre-training).
#include "app/gui/training/ModelController.h"
#include "app/gui/training/StartModelChoice.h"
#include "app/gui/training/TrainDialog.h"
#include "app/gui/training/TrainingSetSize.h"
#include "core/learning/SpectrogramDataset.h"
#include "core/learning/WindowSet.h"
#include "models/registry/ModelRegistry.h"
#include "models/registry/SuggestedEpochs.h"
#include "models/training/ModelTrainer.h"
#include "models/training/TrainingSelection.h"
#include "tests/support/TestSupport.h"
#include "widgets/jobs/JobView.h"
#include "widgets/jobs/JobsPanel.h"
#include "widgets/recording/RecordingSession.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QtTest>
#include <cmath>

using namespace kinemark;

namespace {
// The dialog's widgets, found by their form labels' buddies.
struct DialogParts
{
    QComboBox* model = nullptr;
    QSpinBox* epochs = nullptr;
    QSpinBox* batch = nullptr;
    QDoubleSpinBox* lr = nullptr;
    QSpinBox* window = nullptr;
    QSpinBox* seed = nullptr;
    QSpinBox* threads = nullptr;
    QListWidget* classes = nullptr;
    QListWidget* subjects = nullptr;
    QPushButton* train = nullptr;
    QPushButton* cancel = nullptr;
    QPushButton* defaults = nullptr;
};

DialogParts partsOf(TrainDialog& dialog)
{
    DialogParts p;
    p.model = dialog.findChild<QComboBox*>(QStringLiteral("model"));
    for (QLabel* label : dialog.findChildren<QLabel*>()) {
        QWidget* buddy = label->buddy();
        const QString text = label->text();
        if (text == QStringLiteral("&Epochs:"))
            p.epochs = qobject_cast<QSpinBox*>(buddy);
        else if (text == QStringLiteral("&Batch size:"))
            p.batch = qobject_cast<QSpinBox*>(buddy);
        else if (text == QStringLiteral("&Learning rate:"))
            p.lr = qobject_cast<QDoubleSpinBox*>(buddy);
        else if (text == QStringLiteral("&Window length:"))
            p.window = qobject_cast<QSpinBox*>(buddy);
        else if (text == QStringLiteral("&Seed:"))
            p.seed = qobject_cast<QSpinBox*>(buddy);
        else if (text == QStringLiteral("T&hreads:"))
            p.threads = qobject_cast<QSpinBox*>(buddy);
    }
    const auto lists = dialog.findChildren<QListWidget*>();
    if (lists.size() == 2) {
        p.classes = lists[0];
        p.subjects = lists[1];
    }
    auto* buttons = dialog.findChild<QDialogButtonBox*>();
    if (buttons) {
        p.train = buttons->button(QDialogButtonBox::Ok);
        p.cancel = buttons->button(QDialogButtonBox::Cancel);
        p.defaults = buttons->button(QDialogButtonBox::RestoreDefaults);
    }
    return p;
}

bool complete(const DialogParts& p)
{
    return p.model && p.epochs && p.batch && p.lr && p.window && p.seed && p.threads && p.classes &&
           p.subjects && p.train && p.cancel && p.defaults;
}

void choose(const DialogParts& p, const QString& model)
{
    p.model->setCurrentIndex(p.model->findData(model));
}

QStringList checked(const QListWidget* list)
{
    QStringList out;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->checkState() == Qt::Checked)
            out << list->item(i)->data(Qt::UserRole).toString();
    return out;
}

// The suggestion for `model` with the dialog's defaults: every class, every
// fifth subject held out (none of three), the model's windows and batch.
int suggestedFor(const Project& project, const QString& model)
{
    const ModelInfo& info = *ModelRegistry::find(model);
    TrainingRequest r;
    r.model = model;
    r.classIds = TrainingSelection::classes(project, r);
    return SuggestedEpochs::of(info, TrainingSetSize::of(project, r).training,
                               info.defaults.value(QStringLiteral("batch")).toInt());
}
} // namespace

class TestGuiTrainDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void eachModelRemembersItsOwnValues();
    void defaultEpochsFollowTheRule();
    void estimateIsCalibratedAndScales();
    void jobsPanelCountsDownMeasuredEpochs();
    void usadsFirstEpochIsTimedWithoutItsPretraining();
    void startFromAStoredModelFineTunesIt();

private:
    Project m_project = test::demoProjectOfSubjects(3, 600, 31);
};

void TestGuiTrainDialog::initTestCase()
{
    // The dialog remembers its values: in a settings file of the tests' own.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("kinemark-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_gui_train_dialog"));
    QSettings().clear();
}

void TestGuiTrainDialog::eachModelRemembersItsOwnValues()
{
    QSettings().clear();
    {
        TrainDialog dialog(m_project);
        const DialogParts p = partsOf(dialog);
        QVERIFY(complete(p));
        choose(p, QStringLiteral("cnn-center"));
        p.epochs->setValue(17);
        p.batch->setValue(48);
        p.lr->setValue(0.0005);
        p.window->setValue(64);
        p.seed->setValue(7);
        p.classes->item(0)->setCheckState(Qt::Unchecked);
        for (int i = 0; i < p.subjects->count(); ++i)
            p.subjects->item(i)->setCheckState(i == 1 ? Qt::Checked : Qt::Unchecked);
        // Another model's values, set in the same dialog.
        choose(p, QStringLiteral("mstcn"));
        QCOMPARE(p.batch->value(), 32); // mstcn's own default, not cnn-center's 48
        p.epochs->setValue(9);
        // Back to cnn-center: what was set there is still there.
        choose(p, QStringLiteral("cnn-center"));
        QCOMPARE(p.epochs->value(), 17);
        choose(p, QStringLiteral("mstcn"));
        p.train->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    const QString unchecked = [&] {
        TrainDialog probe(m_project);
        return partsOf(probe).classes->item(0)->data(Qt::UserRole).toString();
    }();
    {
        TrainDialog dialog(m_project);
        const DialogParts p = partsOf(dialog);
        // The last model trained comes first, with its values.
        QCOMPARE(p.model->currentData().toString(), QStringLiteral("mstcn"));
        QCOMPARE(p.epochs->value(), 9);
        choose(p, QStringLiteral("cnn-center"));
        QCOMPARE(p.epochs->value(), 17);
        QCOMPARE(p.batch->value(), 48);
        QCOMPARE(p.lr->value(), 0.0005);
        QCOMPARE(p.window->value(), 64);
        QCOMPARE(p.seed->value(), 7);
        QVERIFY(!checked(p.classes).contains(unchecked));
        QCOMPARE(checked(p.classes).size(), p.classes->count() - 1);
        QCOMPARE(checked(p.subjects), QStringList{QStringLiteral("s1")});
        const TrainingRequest r = dialog.request();
        QCOMPARE(r.hyperparameters.value(QStringLiteral("window_length")).toInt(), 64);
        QCOMPARE(r.validationSubjects, QStringList{QStringLiteral("s1")});
        // A model never set keeps its defaults.
        choose(p, QStringLiteral("resnet-supcon"));
        QCOMPARE(p.batch->value(), 256);
        QCOMPARE(p.seed->value(), 1);
        QCOMPARE(checked(p.classes).size(), p.classes->count());
        QCOMPARE(p.epochs->value(), suggestedFor(m_project, QStringLiteral("resnet-supcon")));
        // Cancel remembers nothing.
        choose(p, QStringLiteral("cnn-center"));
        p.epochs->setValue(99);
        p.cancel->click();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }
    {
        TrainDialog dialog(m_project);
        const DialogParts p = partsOf(dialog);
        choose(p, QStringLiteral("cnn-center"));
        QCOMPARE(p.epochs->value(), 17);
        // Defaults: the model's own, every class, the default split.
        p.defaults->click();
        QCOMPARE(p.epochs->value(), suggestedFor(m_project, QStringLiteral("cnn-center")));
        QCOMPARE(p.batch->value(), 32);
        QCOMPARE(p.lr->value(), 0.001);
        QCOMPARE(p.window->value(), 128);
        QCOMPARE(p.seed->value(), 1);
        QCOMPARE(checked(p.classes).size(), p.classes->count());
        QVERIFY(checked(p.subjects).isEmpty()); // three subjects: none held out by default
        // mstcn still has its own.
        choose(p, QStringLiteral("mstcn"));
        QCOMPARE(p.epochs->value(), 9);
    }
}

void TestGuiTrainDialog::defaultEpochsFollowTheRule()
{
    QSettings().clear();
    TrainDialog dialog(m_project);
    const DialogParts p = partsOf(dialog);
    QVERIFY(complete(p));
    choose(p, QStringLiteral("cnn-center"));
    const int suggested = suggestedFor(m_project, QStringLiteral("cnn-center"));
    QCOMPARE(p.epochs->value(), suggested);
    QVERIFY(suggested < 300); // not the paper's maximum
    // The dialog's window count is close to the trainer's own (windows on the
    // stride's grid): within 5 %.
    TrainingRequest r = dialog.request();
    const WindowSet windows =
        WindowSet::build(TrainingSelection::labelledRecordings(m_project, m_project.subjectIds()),
                         WindowingOptions{128, 64}, r.classIds);
    const double counted = double(TrainingSetSize::of(m_project, r).training);
    QVERIFY2(std::abs(counted - double(windows.size())) <= 0.05 * double(windows.size()),
             qPrintable(QStringLiteral("%1 counted, %2 cut").arg(counted).arg(windows.size())));
    // selfpab's spectrogram windows, counted the same way: as SpectrogramDataset cuts them.
    choose(p, QStringLiteral("selfpab"));
    TrainingRequest s = dialog.request();
    s.validationSubjects = {m_project.subjectIds().front()};
    SpectrogramWindowing spectrogram;
    spectrogram.strideFrames = 300; // selfpab's default
    const SpectrogramDataset training = SpectrogramDataset::build(
        TrainingSelection::labelledRecordings(m_project, m_project.subjectIds().mid(1)),
        spectrogram, s.classIds);
    const SpectrogramDataset validation = SpectrogramDataset::build(
        TrainingSelection::labelledRecordings(m_project, s.validationSubjects), spectrogram);
    const TrainingSetSize spectrograms = TrainingSetSize::of(m_project, s);
    QVERIFY(training.size() > 0 && validation.size() > 0);
    QCOMPARE(spectrograms.training, int64_t(training.size()));
    QCOMPARE(spectrograms.validation, int64_t(validation.size()));
    // Its epochs stay the paper's: the rule was measured on windows.
    QCOMPARE(p.epochs->value(), ModelRegistry::find(QStringLiteral("selfpab"))
                                    ->defaults.value(QStringLiteral("epochs"))
                                    .toInt());
    choose(p, QStringLiteral("cnn-center"));

    // A larger project gets fewer epochs, never more.
    const Project larger = test::demoProjectOfSubjects(6, 600, 31);
    QVERIFY(suggestedFor(larger, QStringLiteral("cnn-center")) <= suggested);
    // The user may still set any value in range.
    p.epochs->setValue(5000);
    QCOMPARE(dialog.request().hyperparameters.value(QStringLiteral("epochs")).toInt(), 5000);
}

void TestGuiTrainDialog::estimateIsCalibratedAndScales()
{
    QSettings().clear();
    auto* dialog = new TrainDialog(m_project);
    dialog->resize(640, 560);
    dialog->show();
    const DialogParts p = partsOf(*dialog);
    QVERIFY(complete(p));
    choose(p, QStringLiteral("cnn-center"));
    p.threads->setValue(1);
    p.epochs->setValue(20);
    QTRY_VERIFY_WITH_TIMEOUT(std::isfinite(dialog->estimatedSeconds()), 60000);
    QVERIFY(dialog->estimateText().endsWith(QStringLiteral("on this machine")));
    QVERIFY(dialog->estimatedSeconds() > 0);
    const int calibrations = dialog->calibrationCount();
    QCOMPARE(calibrations, 1);
    if (qEnvironmentVariableIsSet("KINEMARK_TEST_SHOTS"))
        dialog->grab().save(qEnvironmentVariable("KINEMARK_TEST_SHOTS") +
                            QStringLiteral("/train-dialog.png"));

    // Twice the epochs, twice the time, measured once.
    const double twenty = dialog->estimatedSeconds();
    p.epochs->setValue(40);
    QCOMPARE(dialog->estimatedSeconds(), 2 * twenty);
    // The batch size and the split scale it too, without measuring again.
    p.batch->setValue(64);
    p.subjects->item(0)->setCheckState(Qt::Checked);
    QVERIFY(std::isfinite(dialog->estimatedSeconds()));
    QVERIFY(dialog->estimatedSeconds() < 2 * twenty); // fewer training windows
    QCOMPARE(dialog->calibrationCount(), calibrations);

    // Another window is another network: measured again.
    p.window->setValue(64);
    QVERIFY(std::isnan(dialog->estimatedSeconds()));
    QVERIFY(dialog->estimateText().contains(QStringLiteral("measuring")));
    QTRY_VERIFY_WITH_TIMEOUT(std::isfinite(dialog->estimatedSeconds()), 60000);
    QCOMPARE(dialog->calibrationCount(), calibrations + 1);

    // The sequence model's default network (32 chunks of 2048 samples a
    // batch) is measured on a few short chunks: seconds on an idle machine
    // (the bound allows for a busy one).
    choose(p, QStringLiteral("mstcn"));
    QElapsedTimer clock;
    clock.start();
    QTRY_VERIFY2_WITH_TIMEOUT(std::isfinite(dialog->estimatedSeconds()),
                              qPrintable(dialog->estimateText()), 120000);
    QVERIFY2(clock.elapsed() < 60000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(dialog->calibrationCount(), calibrations + 2);

    // selfpab is measured on its spectrogram windows, and scales with its
    // epochs alone (nothing runs before them).
    choose(p, QStringLiteral("selfpab"));
    p.threads->setValue(1);
    QVERIFY(dialog->estimateText().contains(QStringLiteral("measuring")));
    QTRY_VERIFY2_WITH_TIMEOUT(std::isfinite(dialog->estimatedSeconds()),
                              qPrintable(dialog->estimateText()), 120000);
    QVERIFY2(dialog->estimateText().endsWith(QStringLiteral("on this machine")),
             qPrintable(dialog->estimateText()));
    QCOMPARE(dialog->calibrationCount(), calibrations + 3);
    p.epochs->setValue(10);
    const double selfPabTen = dialog->estimatedSeconds();
    QVERIFY(selfPabTen > 0);
    p.epochs->setValue(20);
    QVERIFY(qFuzzyCompare(dialog->estimatedSeconds(), 2 * selfPabTen));
    if (qEnvironmentVariableIsSet("KINEMARK_TEST_SHOTS"))
        dialog->grab().save(qEnvironmentVariable("KINEMARK_TEST_SHOTS") +
                            QStringLiteral("/train-dialog-selfpab.png"));

    // usad's estimate counts its diffusion model, sampling and pre-training:
    // twice the epochs on the real windows is less than twice the run.
    choose(p, QStringLiteral("usad"));
    p.threads->setValue(1);
    QTRY_VERIFY2_WITH_TIMEOUT(std::isfinite(dialog->estimatedSeconds()),
                              qPrintable(dialog->estimateText()), 120000);
    QVERIFY2(dialog->estimateText().endsWith(QStringLiteral("on this machine")),
             qPrintable(dialog->estimateText()));
    QCOMPARE(dialog->calibrationCount(), calibrations + 4);
    p.epochs->setValue(10);
    const double usadTen = dialog->estimatedSeconds();
    p.epochs->setValue(20);
    const double usadTwenty = dialog->estimatedSeconds();
    QVERIFY2(usadTwenty > usadTen && usadTwenty < 2 * usadTen,
             qPrintable(QStringLiteral("%1 %2").arg(usadTen).arg(usadTwenty)));
    if (qEnvironmentVariableIsSet("KINEMARK_TEST_SHOTS"))
        dialog->grab().save(qEnvironmentVariable("KINEMARK_TEST_SHOTS") +
                            QStringLiteral("/train-dialog-usad.png"));
    QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("estimate"))
                ->toolTip()
                .contains(QStringLiteral("diffusion")));

    // Closing the dialog while a calibration waits drops it.
    choose(p, QStringLiteral("cnn-center"));
    p.window->setValue(96);
    QVERIFY(dialog->estimateText().contains(QStringLiteral("measuring")));
    p.cancel->click();
    QTest::qWait(1500);
    QCOMPARE(dialog->calibrationCount(), calibrations + 4);
    QVERIFY(std::isnan(dialog->estimatedSeconds()));
    delete dialog;
}

void TestGuiTrainDialog::jobsPanelCountsDownMeasuredEpochs()
{
    Project project = test::demoProjectOfSubjects(2, 900, 21);
    RecordingSession session;
    session.setRecording(project.recordings.front(), project.labelSets.front());
    JobsPanel jobs;
    jobs.resize(420, 560);
    jobs.show();
    QWidget parent;
    ModelController controller(&project, &session, &jobs, &parent);
    TrainingRequest r;
    r.model = QStringLiteral("cnn-center");
    r.validationSubjects = {QStringLiteral("s1")};
    r.threads = 1;
    r.hyperparameters[QStringLiteral("epochs")] = 6;
    r.hyperparameters[QStringLiteral("patience")] = 0;
    const int id = controller.startTraining(r);
    JobView* view = jobs.job(id);
    QVERIFY(view);
    auto* label = view->findChild<QLabel*>(QStringLiteral("remainingTime"));
    QVERIFY(label);
    // After two epochs, the time left is measured.
    QTRY_VERIFY_WITH_TIMEOUT(view->pointCount(QStringLiteral("total")) >= 2 || !view->isRunning(),
                             120000);
    if (view->isRunning()) {
        QVERIFY(std::isfinite(view->remainingSeconds()));
        QVERIFY(label->text().endsWith(QStringLiteral("left")));
        if (qEnvironmentVariableIsSet("KINEMARK_TEST_SHOTS"))
            jobs.grab().save(qEnvironmentVariable("KINEMARK_TEST_SHOTS") +
                             QStringLiteral("/jobs-panel.png"));
    }
    QTRY_COMPARE_WITH_TIMEOUT(project.models.size(), size_t(1), 120000);
    // Every epoch was measured: after the last, nothing is left.
    QCOMPARE(view->remainingSeconds(), 0.0);
    QVERIFY(label->text().isEmpty());
}

void TestGuiTrainDialog::usadsFirstEpochIsTimedWithoutItsPretraining()
{
    // usad's diffusion model and pre-training come before epoch 1 and report
    // as its batches; the time left after epoch 1 is that epoch's alone.
    Project project = test::demoProjectOfSubjects(2, 600, 21);
    RecordingSession session;
    session.setRecording(project.recordings.front(), project.labelSets.front());
    JobsPanel jobs;
    QWidget parent;
    ModelController controller(&project, &session, &jobs, &parent);
    TrainingRequest r;
    r.model = QStringLiteral("usad");
    r.validationSubjects = {QStringLiteral("s1")};
    r.threads = 1;
    r.hyperparameters = {{QStringLiteral("epochs"), 3},
                         {QStringLiteral("patience"), 0},
                         {QStringLiteral("width"), 8},
                         {QStringLiteral("blocks"), 1},
                         {QStringLiteral("cardinality"), 1},
                         {QStringLiteral("diffusion_width"), 16},
                         {QStringLiteral("diffusion_blocks"), 2},
                         {QStringLiteral("diffusion_epochs"), 40},
                         {QStringLiteral("diffusion_sampling_steps"), 5},
                         {QStringLiteral("synthetic_per_class"), 4},
                         {QStringLiteral("pretrain_epochs"), 1}};
    QElapsedTimer clock;
    clock.start();
    const int id = controller.startTraining(r);
    JobView* view = jobs.job(id);
    QVERIFY(view);
    QTRY_VERIFY_WITH_TIMEOUT(view->pointCount(QStringLiteral("total")) >= 1 || !view->isRunning(),
                             180000);
    const double untilFirstEnd = clock.elapsed() / 1000.0;
    if (view->pointCount(QStringLiteral("total")) == 1 && view->isRunning()) {
        // Two epochs left at epoch 1's pace: less than the run so far,
        // which was mostly the diffusion model's 40 epochs.
        QVERIFY2(view->remainingSeconds() < untilFirstEnd,
                 qPrintable(QStringLiteral("%1 s left after %2 s")
                                .arg(view->remainingSeconds())
                                .arg(untilFirstEnd)));
    } else {
        QSKIP("epoch 2 ended before the check: nothing to compare");
    }
    QTRY_COMPARE_WITH_TIMEOUT(project.models.size(), size_t(1), 180000);
}

void TestGuiTrainDialog::startFromAStoredModelFineTunesIt()
{
    QSettings().clear();
    Project project = test::demoProjectOfSubjects(2, 600, 21);
    TrainingRequest scratch;
    scratch.model = QStringLiteral("cnn-center");
    scratch.trainingSubjects = {QStringLiteral("s0")};
    scratch.threads = 1;
    scratch.hyperparameters[QStringLiteral("epochs")] = 1;
    scratch.hyperparameters[QStringLiteral("window_length")] = 64;
    const ModelFile parent = ModelTrainer::train(project, scratch);
    StoredModel stored;
    stored.kind = parent.kind;
    stored.id = QStringLiteral("first model");
    stored.summary = parent.summary();
    stored.data = parent.toBytes();
    project.models.push_back(stored);

    TrainDialog dialog(project);
    dialog.show();
    const DialogParts p = partsOf(dialog);
    QVERIFY(complete(p));
    StartModelChoice* start = dialog.startChoice();
    QVERIFY(start);
    QCOMPARE(start->storedCount(), 1);
    choose(p, QStringLiteral("mstcn")); // another model first: the parent's kind must win
    QVERIFY(start->chooseStored(QStringLiteral("first model")));
    QCOMPARE(p.model->currentData().toString(), QStringLiteral("cnn-center"));
    QVERIFY(!p.model->isEnabled());
    QCOMPARE(p.window->value(), 64); // the parent's window, not the default 128
    QVERIFY(!p.window->isEnabled());
    QCOMPARE(p.epochs->value(), 5);
    QCOMPARE(p.lr->value(), parent.hyperparameters.value(QStringLiteral("lr")).toDouble() * 0.1);
    auto* replay = dialog.findChild<QDoubleSpinBox*>();
    for (QDoubleSpinBox* box : dialog.findChildren<QDoubleSpinBox*>())
        if (box != p.lr)
            replay = box;
    QVERIFY(replay && replay->isVisible());
    // The summary says where the run starts and fits the dialog at its default size.
    QLabel* summary = nullptr;
    for (QLabel* label : dialog.findChildren<QLabel*>())
        if (label->text().startsWith(QStringLiteral("Fine-tunes first model")))
            summary = label;
    QVERIFY(summary);
    QCoreApplication::processEvents(); // the layout after the summary's new text
    if (qEnvironmentVariableIsSet("KINEMARK_TEST_SHOTS"))
        dialog.grab().save(qEnvironmentVariable("KINEMARK_TEST_SHOTS") +
                           QStringLiteral("/train-dialog-start-from.png"));
    QVERIFY2(summary->height() >= summary->heightForWidth(summary->width()),
             qPrintable(QStringLiteral("%1 px for %2")
                            .arg(summary->height())
                            .arg(summary->heightForWidth(summary->width()))));
    replay->setValue(50);
    p.epochs->setValue(1);
    const TrainingRequest r = dialog.request();
    QCOMPARE(r.initModel, QStringLiteral("first model"));
    QCOMPARE(r.replayFraction, 0.5);
    QCOMPARE(r.model, QStringLiteral("cnn-center"));

    // Back to scratch: the model can be chosen again and the rows go.
    start->setCurrentIndex(0);
    QVERIFY(p.model->isEnabled() && p.window->isEnabled() && !replay->isVisible());
    QVERIFY(dialog.request().initModel.isEmpty());

    // The request runs as a job and stores a model that names its parent.
    RecordingSession session;
    session.setRecording(project.recordings.front(), project.labelSets.front());
    JobsPanel jobs;
    QWidget owner;
    ModelController controller(&project, &session, &jobs, &owner);
    TrainingRequest run = r;
    run.threads = 1;
    run.trainingSubjects = {QStringLiteral("s1")};
    run.validationSubjects.clear();
    controller.startTraining(run);
    QTRY_COMPARE_WITH_TIMEOUT(project.models.size(), size_t(2), 120000);
    const QJsonObject parentOf =
        project.models.back().summary.value(QStringLiteral("parent")).toObject();
    QCOMPARE(parentOf.value(QStringLiteral("id")).toString(), QStringLiteral("first model"));
}

QTEST_MAIN(TestGuiTrainDialog)
#include "tst_gui_train_dialog.moc"
