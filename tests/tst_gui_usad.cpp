// The synthetic-vs-real gallery of seed 002's diffusion augmentation: real
// windows of a class beside windows sampled from a usad-diffusion model, as
// signals and spectrograms on shared scales. A tiny model trained on the demo
// here; with KINEMARK_USAD_GALLERY_MODEL (a .kmodel of usad-diffusion),
// KINEMARK_USAD_GALLERY_PROJECT (its project) and KINEMARK_USAD_GALLERY_CLASS
// (a class id) the same for a real model, for the screenshot under docs/.
#include "ChannelNormalisation.h"
#include "DiffusionTrainer.h"
#include "ModelFile.h"
#include "ModelTrainer.h"
#include "ProjectFile.h"
#include "SyntheticGalleryView.h"
#include "TestSupport.h"
#include "WindowSet.h"

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
} // namespace

class TestGuiUsad : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void galleryShowsRealBesideSynthetic();
    void galleryOfAStoredModel();
};

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

QTEST_MAIN(TestGuiUsad)
#include "tst_gui_usad.moc"
