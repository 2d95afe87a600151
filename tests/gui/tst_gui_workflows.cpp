// One whole job per user of issue #17, each in a 1400x850 main window
// (offscreen): the annotator opens a project, navigates and makes every kind
// of edit, undoes and redoes one, saves and finds exactly the edits after
// reopening; the researcher trains a tiny model, predicts, compares in the
// Analyse workspace, follows a confusion-matrix cell to its spans and waits
// for the t-SNE map; the clinician opens a week in the Patient workspace and
// exports the report as a PDF. In every workspace the main plot gets at least
// 600x300 px and no table header of a visible dock is cut.
// KINEMARK_SCREENSHOT_DIR=docs writes docs/workflow-{annotator,researcher,clinician}.png.
#include "app/gui/analysis/AnalysisController.h"
#include "app/gui/mainwindow/MainWindow.h"
#include "app/gui/mainwindow/WorkspaceLayouts.h"
#include "app/gui/training/ModelController.h"
#include "core/demo/DemoRecordingGenerator.h"
#include "core/project/ProjectFile.h"
#include "tests/support/TestSupport.h"
#include "widgets/analysis/AnalysisPanel.h"
#include "widgets/analysis/ConfusionMatrixView.h"
#include "widgets/analysis/TsneScatterView.h"
#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/annotation/segments/SegmentListPanel.h"
#include "widgets/patient/PatientPanel.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/GoToTimeDialog.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/SignalView.h"
#include "widgets/recording/SpectrogramView.h"
#include "widgets/recording/TimelineView.h"

#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStyle>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <qcustomplot.h>

using namespace kinemark;

namespace {
QRect inWindow(const QWidget* widget, const QWidget* window)
{
    return QRect(widget->mapTo(window, QPoint(0, 0)), widget->size());
}

QString sizeText(const QSize& s)
{
    return QStringLiteral("%1x%2").arg(s.width()).arg(s.height());
}

// Runs `answer` on the next modal dialog of type T once it is shown (polled:
// a file dialog is built and shown a moment after the call that opens it).
template <typename T> void answerNextDialog(std::function<void(T*)> answer, bool* answered)
{
    auto* poll = new QTimer;
    auto tries = std::make_shared<int>(0);
    QObject::connect(poll, &QTimer::timeout, [poll, tries, answer, answered] {
        if (auto* dialog = qobject_cast<T*>(QApplication::activeModalWidget())) {
            poll->stop();
            poll->deleteLater();
            *answered = true;
            answer(dialog);
        } else if (++*tries > 200) {
            poll->stop();
            poll->deleteLater();
        }
    });
    poll->start(20);
}

// No header of a visible dock cuts its text. QHeaderView draws a section's
// label through the style, which elides it to the section minus the style's
// header margins on both sides and, when the sort indicator is shown, the
// indicator's mark and one more margin. So a section whose widest text line
// (headers may wrap with '\n') needs more than that is drawn elided. Hidden
// and zero-size sections draw nothing and are skipped.
QStringList elidedHeaders(const QMainWindow& window, int* checked = nullptr)
{
    QStringList cut;
    int sections = 0;
    for (QDockWidget* dock : window.findChildren<QDockWidget*>()) {
        if (!dock->isVisible())
            continue;
        for (QHeaderView* header : dock->findChildren<QHeaderView*>()) {
            if (!header->isVisible() || !header->model())
                continue;
            const int margin =
                header->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
            const int mark =
                header->isSortIndicatorShown()
                    ? header->style()->pixelMetric(QStyle::PM_HeaderMarkSize, nullptr, header) +
                          margin
                    : 0;
            const QFontMetrics metrics(header->font());
            for (int section = 0; section < header->count(); ++section) {
                if (header->isSectionHidden(section) || header->sectionSize(section) == 0)
                    continue;
                const QString text =
                    header->model()->headerData(section, header->orientation()).toString();
                int widest = 0;
                for (const QString& line : text.split(QLatin1Char('\n')))
                    widest = std::max(widest, metrics.horizontalAdvance(line));
                const int room =
                    (header->orientation() == Qt::Horizontal ? header->sectionSize(section)
                                                             : header->width()) -
                    2 * margin - mark;
                ++sections;
                if (widest > room)
                    cut << QStringLiteral("%1: '%2' needs %3 px, has %4")
                               .arg(dock->objectName(), text)
                               .arg(widest)
                               .arg(room);
            }
        }
    }
    if (checked)
        *checked = sections;
    return cut;
}

void saveScreenshot(QMainWindow& window, const QString& name)
{
    const QString dir = qEnvironmentVariable("KINEMARK_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    window.grab(); // lays out and renders once so queued replots settle
    QCoreApplication::processEvents();
    QVERIFY(window.grab().save(QDir(dir).filePath(name), "PNG"));
}

// Pages of a PDF file, counted by its page objects ("/Type /Page", not "/Pages").
int pdfPages(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray bytes = file.readAll();
    if (!bytes.startsWith("%PDF-"))
        return -1;
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?!s)"));
    int pages = 0;
    for (auto it = page.globalMatch(QString::fromLatin1(bytes)); it.hasNext(); it.next())
        ++pages;
    return pages;
}

void showWindow(MainWindow& window)
{
    window.resize(1400, 850);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QCOMPARE(window.size(), QSize(1400, 850));
}
} // namespace

class TestGuiWorkflows : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void annotator();
    void researcher();
    void clinician();

private:
    void key(MainWindow& window, int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    QTemporaryDir m_settingsDir;
};

void TestGuiWorkflows::initTestCase()
{
    test::useSettingsIn(m_settingsDir.path());
    QCoreApplication::setApplicationName(QStringLiteral("tst_gui_workflows"));
}

void TestGuiWorkflows::init()
{
    QSettings().clear(); // each user starts from the built-in layouts
    QSettings().setValue("annotation/author", "tester");
}

void TestGuiWorkflows::key(MainWindow& window, int key, Qt::KeyboardModifiers modifiers)
{
    QApplication::setActiveWindow(&window);
    QTest::keyClick(&window, Qt::Key(key), modifiers);
    QCoreApplication::processEvents();
}

void TestGuiWorkflows::annotator()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("annotate.kmk");
    DemoOptions options;
    options.durationSeconds = 600;
    options.sampleRateHz = 10;
    ProjectFile::save(DemoRecordingGenerator::demoProject(options), path);

    MainWindow window;
    showWindow(window);
    QSignalSpy loaded(&window, &MainWindow::projectLoaded);
    window.openProjectAsync(path); // as File › Open does
    QVERIFY(loaded.wait(30000));
    QCOMPARE(loaded.front().front().toBool(), true);
    window.waitForViews();
    key(window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(window.workspaces()->current(), WorkspaceLayouts::Annotate);
    AnnotationEditor* editor = window.annotationEditor();
    TimeAxisState* axis = window.session()->timeAxis();
    const auto truth = [&] { return editor->groundTruth(); };
    const auto cursorAt = [&](double seconds) { axis->setCursor(seconds + 0.05); };
    const auto segmentAt = [&](double seconds) {
        return truth()->segments()[size_t(truth()->indexAt(int64_t(seconds * 10)))];
    };
    QVERIFY(truth() && truth()->size() > 6);

    // Navigation: next segment, zoom in, Go to Time.
    cursorAt(1);
    key(window, Qt::Key_N);
    QCOMPARE(editor->cursorSample(), truth()->segments()[1].start);
    const double span = axis->visibleEnd() - axis->visibleStart();
    key(window, Qt::Key_Plus);
    QVERIFY2(axis->visibleEnd() - axis->visibleStart() < span,
             qPrintable(QString::number(axis->visibleEnd() - axis->visibleStart())));
    bool answered = false;
    answerNextDialog<GoToTimeDialog>(
        [](GoToTimeDialog* d) {
            d->input()->setText(QStringLiteral("0:02:00"));
            d->accept();
        },
        &answered);
    key(window, Qt::Key_G, Qt::ControlModifier);
    QVERIFY(answered);
    QCOMPARE(axis->cursor(), 120.0);
    // The keys go to the views again, not to a dock the dialog left focused.
    QTRY_VERIFY(QApplication::focusWidget() &&
                (QApplication::focusWidget() == window.centralWidget() ||
                 window.centralWidget()->isAncestorOf(QApplication::focusWidget())));

    // Assign a class with its key.
    cursorAt(30);
    const int32_t assigned = segmentAt(30).classId == 3 ? 4 : 3;
    key(window, assigned == 3 ? Qt::Key_3 : Qt::Key_4);
    QCOMPARE(segmentAt(30).classId, assigned);
    // Split at the cursor.
    size_t count = truth()->size();
    cursorAt(150);
    key(window, Qt::Key_S);
    QCOMPARE(truth()->size(), count + 1);
    QCOMPARE(segmentAt(150).start, int64_t(1500));
    // Merge with the next segment.
    count = truth()->size();
    cursorAt(250);
    const int64_t mergedEnd =
        truth()->segments()[size_t(truth()->indexAt(2500)) + 1].end; // the next one's end
    key(window, Qt::Key_M);
    QCOMPARE(truth()->size(), count - 1);
    QCOMPARE(segmentAt(250).end, mergedEnd);
    // Delete a segment: its time becomes unlabelled.
    cursorAt(330);
    const Segment deleted = segmentAt(330);
    key(window, Qt::Key_Delete);
    QVERIFY(truth()->indexAt(3300) < 0 || segmentAt(330).start != deleted.start);
    // Nudge a boundary: the end of the segment under the cursor moves right.
    cursorAt(400);
    const int64_t endBefore = segmentAt(400).end;
    key(window, Qt::Key_Right, Qt::ControlModifier);
    QVERIFY2(segmentAt(400).end > endBefore, qPrintable(QString::number(segmentAt(400).end)));
    // Paint a selection with a class key.
    axis->setSelection(450, 470);
    const int32_t painted = segmentAt(460).classId == 5 ? 6 : 5;
    key(window, painted == 5 ? Qt::Key_5 : Qt::Key_6);
    QCOMPARE(segmentAt(460).classId, painted);
    QCOMPARE(segmentAt(460).start, int64_t(4500));
    QCOMPARE(segmentAt(460).end, int64_t(4700));
    axis->clearSelection();
    // A note and the unsure flag.
    cursorAt(520);
    QVERIFY(editor->setNote(QStringLiteral("check the video here")));
    key(window, Qt::Key_U);
    QCOMPARE(segmentAt(520).note, QStringLiteral("check the video here"));
    QVERIFY(segmentAt(520).unsure);

    // Relabel two rows in the Segments dock.
    auto* segmentsDock = window.findChild<QDockWidget*>(QStringLiteral("segmentsDock"));
    QVERIFY(segmentsDock);
    segmentsDock->show();
    SegmentListPanel* panel = window.segmentsPanel();
    panel->refresh();
    QTableView* table = panel->table();
    QCOMPARE(table->model()->rowCount(), int(truth()->size()));
    table->selectionModel()->clearSelection();
    for (int row : {5, 6})
        table->selectionModel()->select(table->model()->index(row, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const std::vector<SampleSpan> spans = panel->selectedSpans();
    QCOMPARE(int(spans.size()), 2);
    const std::vector<Segment> beforeRelabel = truth()->segments();
    QVERIFY(panel->relabelSelected(7));
    for (const SampleSpan& s : spans)
        QCOMPARE(truth()->classAt(s.start), 7);

    // Undo the relabel, then redo it.
    const std::vector<Segment> edited = truth()->segments();
    key(window, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(truth()->segments(), beforeRelabel);
    key(window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(truth()->segments(), edited);

    // The main plot and the docks at the default size.
    const QRect views = inWindow(window.signalView(), &window)
                            .united(inWindow(window.spectrogramView(), &window))
                            .united(inWindow(window.timelineView(), &window));
    QVERIFY2(views.width() >= 600 && views.height() >= 300, qPrintable(sizeText(views.size())));
    int sections = 0;
    QVERIFY2(elidedHeaders(window, &sections).isEmpty(),
             qPrintable(elidedHeaders(window).join('\n')));
    QVERIFY(sections >= 4); // the Recordings and Segments columns were looked at
    // and a column too narrow for its title would be seen.
    const int classWidth = table->columnWidth(2);
    table->setColumnWidth(2, 12);
    QVERIFY(!elidedHeaders(window).isEmpty());
    table->setColumnWidth(2, classWidth);
    saveScreenshot(window, "workflow-annotator.png");

    // Save (Ctrl+S), reopen: exactly the edits.
    QVERIFY(window.isModified());
    key(window, Qt::Key_S, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(!window.isModified(), 30000);
    QVERIFY(window.close());
    MainWindow reopened;
    showWindow(reopened);
    QSignalSpy reloaded(&reopened, &MainWindow::projectLoaded);
    reopened.openProjectAsync(path);
    QVERIFY(reloaded.wait(30000));
    QCOMPARE(reloaded.front().front().toBool(), true);
    QVERIFY(reopened.annotationEditor()->groundTruth());
    QCOMPARE(reopened.annotationEditor()->groundTruth()->segments(), edited);
    QVERIFY(!reopened.isModified());
}

void TestGuiWorkflows::researcher()
{
    MainWindow window;
    window.setProject(test::demoProjectOfSubjects(2, 900, 21), QString());
    showWindow(window);
    window.waitForViews();

    // Train the smallest model of the GUI tests: one epoch, one thread.
    ModelController* models = window.modelController();
    QSignalSpy stored(models, &ModelController::projectChanged);
    TrainingRequest request;
    request.model = QStringLiteral("cnn-center");
    request.validationSubjects = {QStringLiteral("s1")};
    request.threads = 1;
    request.hyperparameters[QStringLiteral("epochs")] = 1;
    request.hyperparameters[QStringLiteral("patience")] = 0;
    QVERIFY(models->startTraining(request) >= 0);
    QTRY_VERIFY_WITH_TIMEOUT(stored.count() >= 1 && models->runningJobs() == 0, 120000);

    // Predict the shown recording with it.
    const QString kind = QStringLiteral("cnn-center");
    models->predict(false);
    QTRY_VERIFY_WITH_TIMEOUT(window.session()->recording()->track(kind), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(models->runningJobs() == 0, 60000);

    // Compare it, in the Analyse workspace.
    AnalysisController* analysis = window.analysisController();
    QSignalSpy mapReady(analysis, &AnalysisController::embeddingReady);
    TsneOptions tsne;
    tsne.iterations = 250;
    QVERIFY(analysis->analyse(kind, tsne) >= 0);
    // The comparison brings up Analyse; back to the recording and with Ctrl+2 again.
    key(window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(window.workspaces()->current(), WorkspaceLayouts::Annotate);
    QVERIFY(!analysis->panel()->isVisible());
    key(window, Qt::Key_2, Qt::ControlModifier);
    window.waitForViews();
    QCOMPARE(window.workspaces()->current(), WorkspaceLayouts::Analyse);
    AnalysisPanel* panel = analysis->panel();
    QVERIFY(!panel->showsPlaceholder());
    ConfusionMatrixView* matrix = panel->confusionMatrix();
    QVERIFY(matrix->isVisible());
    QVERIFY2(matrix->width() >= 600 && matrix->height() >= 300,
             qPrintable(sizeText(matrix->size())));
    QVERIFY(matrix->classCount() >= 2);

    // Click the fullest cell off the diagonal (a mistake), else the fullest one:
    // the list beside the matrix holds its spans and the views go to the first.
    int truthClass = -1, predictedClass = -1;
    int64_t most = 0;
    for (bool offDiagonal : {true, false}) {
        for (int t = 0; t < matrix->classCount(); ++t)
            for (int p = 0; p < matrix->classCount(); ++p)
                if ((t != p || !offDiagonal) && matrix->count(t, p) > most) {
                    most = matrix->count(t, p);
                    truthClass = t;
                    predictedClass = p;
                }
        if (most > 0)
            break;
    }
    QVERIFY(most > 0);
    matrix->plot()->replot();
    const auto spans = matrix->spansInCell(truthClass, predictedClass);
    QVERIFY(!spans.isEmpty());
    QTest::mouseClick(
        matrix->plot(), Qt::LeftButton, {},
        matrix->plot()->mapFrom(matrix, matrix->cellCentre(truthClass, predictedClass)));
    QCOMPARE(panel->spanList()->count(), int(spans.size()));
    QCOMPARE(window.session()->recording()->id, spans.front().recordingId);
    QCOMPARE(window.session()->timeAxis()->cursor(), spans.front().startSeconds());
    QVERIFY2(elidedHeaders(window).isEmpty(), qPrintable(elidedHeaders(window).join('\n')));

    // The t-SNE tab: the map of the model's windows.
    panel->setCurrentTab(AnalysisPanel::TsneTab);
    QVERIFY(mapReady.count() > 0 || mapReady.wait(120000));
    TsneScatterView* map = panel->tsne();
    QTRY_VERIFY(map->itemCount() > 10);
    QVERIFY(map->statusText().isEmpty());
    QVERIFY(map->isVisible());
    QVERIFY2(map->width() >= 600 && map->height() >= 300, qPrintable(sizeText(map->size())));
    QVERIFY2(elidedHeaders(window).isEmpty(), qPrintable(elidedHeaders(window).join('\n')));
    saveScreenshot(window, "workflow-researcher.png");
}

void TestGuiWorkflows::clinician()
{
    // The week demo the README shows (`kinemark week.kmk`): eight calendar days.
    DemoOptions options = DemoOptions::severalDays(7);
    options.sampleRateHz = 5;
    MainWindow window;
    window.setProject(DemoRecordingGenerator::demoProject(options), QString());
    showWindow(window);
    key(window, Qt::Key_3, Qt::ControlModifier);
    window.waitForViews();
    QCOMPARE(window.workspaces()->current(), WorkspaceLayouts::Patient);
    PatientPanel* patient = window.patientPanel();
    patient->waitForSummary();
    QCoreApplication::processEvents();
    QVERIFY(patient->summary());
    QCOMPARE(int(patient->summary()->days.size()), 8);
    const QWidget* days = patient->dayScrollArea()->viewport();
    QVERIFY2(days->width() >= 600 && days->height() >= 300, qPrintable(sizeText(days->size())));
    QVERIFY2(elidedHeaders(window).isEmpty(), qPrintable(elidedHeaders(window).join('\n')));
    saveScreenshot(window, "workflow-clinician.png");

    // File › Export Report…, answered in the file dialog.
    QTemporaryDir dir;
    const QString pdf = dir.filePath("week-report.pdf");
    QAction* exportReport = nullptr;
    for (QAction* menu : window.menuBar()->actions())
        if (menu->menu() && menu->text().remove(QLatin1Char('&')) == QLatin1String("File"))
            for (QAction* a : menu->menu()->actions())
                if (a->text().remove(QLatin1Char('&')).startsWith(QLatin1String("Export Report")))
                    exportReport = a;
    QVERIFY(exportReport);
    bool answered = false;
    answerNextDialog<QFileDialog>(
        [pdf](QFileDialog* d) {
            // The dialog fills in the suggested name once its directory has
            // loaded, which can come after selectFile(): choose until it stays.
            // The user types the name in the directory they went to.
            auto* name = d->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
            QVERIFY(name);
            for (int tries = 0; tries < 50; ++tries) {
                d->setDirectory(QFileInfo(pdf).path());
                name->setText(QFileInfo(pdf).fileName());
                QTest::qWait(20);
                if (d->selectedFiles() == QStringList{pdf})
                    break;
            }
            static_cast<QDialog*>(d)->accept(); // QFileDialog's own accept()
        },
        &answered);
    exportReport->trigger();
    QVERIFY(answered);
    QVERIFY(QFile::exists(pdf));
    const int pages = pdfPages(pdf);
    QVERIFY2(pages >= 2, qPrintable(QString::number(pages)));
}

QTEST_MAIN(TestGuiWorkflows)
#include "tst_gui_workflows.moc"
