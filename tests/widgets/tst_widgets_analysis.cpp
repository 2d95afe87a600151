// Analysis views (offscreen): a click on a confusion-matrix cell or on a t-SNE
// dot leads to the moment in the recording it came from, on the shared time
// axis the timeline draws from.
#include "widgets/analysis/AnalysisNavigator.h"
#include "widgets/analysis/AnalysisPanel.h"
#include "widgets/analysis/ConfusionMatrixView.h"
#include "widgets/analysis/RocCurveView.h"
#include "widgets/analysis/TsneScatterView.h"
#include "widgets/plot/PlotExport.h"
#include "widgets/plot/TimeAxisState.h"

#include <QComboBox>
#include <QJsonArray>
#include <QListWidget>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>
#include <cmath>
#include <qcustomplot.h>
#include <random>

using namespace kinemark;

namespace {
// With KINEMARK_SCREENSHOT_DIR set, the views are saved there to be looked at.
void saveScreenshot(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("KINEMARK_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    // Hidden plots draw when first shown.
    widget->show();
    if (!QTest::qWaitForWindowExposed(widget))
        return;
    QCoreApplication::processEvents();
    widget->grab().save(dir + '/' + name);
}

ItemOrigin window(const QString& recording, const QString& subject, int64_t start)
{
    ItemOrigin o;
    o.recordingId = recording;
    o.subject = subject;
    o.startSample = start;
    o.endSample = start + 128; // 2.56 s windows at 50 Hz
    o.sampleRateHz = 50;
    return o;
}
} // namespace

class TestWidgetsAnalysis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void confusionCellClickJumpsTheTimeline();
    void confusionMatrixCountsAndRowShares();
    void tsneDotClickJumpsTheTimeline();
    void tsneColouringBySubjectMakesOneGroupPerSubject();
    void navigatorAsksForTheRecordingFirst();
    void largerViewsForALook();
    void rocViewNamesEachCurveWithItsAuc();
    void plotsAndTablesAreExported();
    void panelListsTheSpansOfACellAndShowsEach();
    void panelReportsPerSubjectAndComparesStoredResults();
};

void TestWidgetsAnalysis::confusionCellClickJumpsTheTimeline()
{
    // Items: walking (0) right twice, walking taken for sitting (1) in two
    // overlapping windows of rec-b, sitting right once.
    const QStringList classes{QStringLiteral("walking"), QStringLiteral("sitting")};
    const std::vector<int32_t> truth{0, 0, 0, 0, 1};
    const std::vector<int32_t> predicted{0, 0, 1, 1, 1};
    const QVector<ItemOrigin> origins{window("rec-a", "1", 0), window("rec-a", "1", 128),
                                      window("rec-b", "2", 5000), window("rec-b", "2", 5064),
                                      window("rec-a", "1", 9000)};
    ConfusionMatrixView view;
    view.resize(500, 400);
    view.show();
    view.setItems(classes, truth, predicted, origins);
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.plot()->replot();

    TimeAxisState axis;
    axis.reset(3600, 0, 50);
    AnalysisNavigator navigator(&axis);
    QString selected;
    navigator.setRecordingSelector([&](const QString& id) {
        selected = id;
        return true;
    });
    QVector<ItemOrigin> spans;
    connect(&view, &ConfusionMatrixView::cellClicked, &navigator,
            [&](int, int, const QVector<ItemOrigin>& s) {
                spans = s;
                if (!s.isEmpty())
                    navigator.show(s.front());
            });
    QSignalSpy clicked(&view, &ConfusionMatrixView::cellClicked);

    QTest::mouseClick(view.plot(), Qt::LeftButton, {},
                      view.plot()->mapFrom(&view, view.cellCentre(0, 1)));
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toInt(), 0); // true walking
    QCOMPARE(clicked.at(0).at(1).toInt(), 1); // predicted sitting
    // The two overlapping windows read as one span: samples 5000..5192 of rec-b.
    QCOMPARE(spans.size(), 1);
    QCOMPARE(spans[0].recordingId, QStringLiteral("rec-b"));
    QCOMPARE(spans[0].startSample, int64_t(5000));
    QCOMPARE(spans[0].endSample, int64_t(5192));
    QCOMPARE(selected, QStringLiteral("rec-b"));
    // 100 s to 103.84 s, with two seconds either side; cursor at the start.
    QCOMPARE(axis.cursor(), 100.0);
    QVERIFY(qFuzzyCompare(axis.visibleStart(), 98.0));
    QVERIFY(qFuzzyCompare(axis.visibleEnd(), 105.84));

    // The diagonal cell of walking: two adjacent windows, one span 0..256.
    QTest::mouseClick(view.plot(), Qt::LeftButton, {},
                      view.plot()->mapFrom(&view, view.cellCentre(0, 0)));
    QCOMPARE(clicked.count(), 2);
    QCOMPARE(spans.size(), 1);
    QCOMPARE(spans[0].endSample, int64_t(256));
    QCOMPARE(axis.cursor(), 0.0);
    // An empty cell (sitting taken for walking) lists nothing and moves nothing.
    QTest::mouseClick(view.plot(), Qt::LeftButton, {},
                      view.plot()->mapFrom(&view, view.cellCentre(1, 0)));
    QCOMPARE(clicked.count(), 3);
    QVERIFY(spans.isEmpty());
    QCOMPARE(axis.cursor(), 0.0);
    saveScreenshot(&view, QStringLiteral("analysis-confusion-small.png"));
}

void TestWidgetsAnalysis::confusionMatrixCountsAndRowShares()
{
    ConfusionMatrixView view;
    view.setItems({"a", "b", "c"}, {0, 0, 0, 1, 2, 2}, {0, 1, 1, 1, 2, 0}, {});
    QCOMPARE(view.count(0, 1), int64_t(2));
    QCOMPARE(view.count(2, 0), int64_t(1));
    QCOMPARE(view.toCsv(), QStringLiteral("\"true \\ predicted\",\"a\",\"b\",\"c\"\n"
                                          "\"a\",1,2,0\n\"b\",0,1,0\n\"c\",1,0,1\n"));
    auto* map = qobject_cast<QCPColorMap*>(view.plot()->plottable(0));
    QVERIFY(map);
    QCOMPARE(map->data()->cell(1, 0), 2.0); // column = predicted, row = true
    view.setRowNormalised(true);
    QVERIFY(qFuzzyCompare(map->data()->cell(1, 0), 2.0 / 3));
    QCOMPARE(map->dataRange().upper, 1.0);
}

void TestWidgetsAnalysis::tsneDotClickJumpsTheTimeline()
{
    // Three dots far apart; the middle one is a sitting window of subject 7 at
    // 60 s of rec-c.
    const std::vector<float> positions{-10.f, -10.f, 0.f, 0.f, 10.f, 10.f};
    const QVector<ItemOrigin> origins{window("rec-a", "1", 0), window("rec-c", "7", 3000),
                                      window("rec-a", "1", 400)};
    TsneScatterView view;
    view.resize(500, 400);
    view.show();
    view.setItems(positions, {0, 1, 0}, {"walking", "sitting"}, {}, origins);
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.plot()->replot();

    TimeAxisState axis;
    axis.reset(3600, 0, 50);
    AnalysisNavigator navigator(&axis);
    connect(&view, &TsneScatterView::itemClicked, &navigator,
            [&](int, const ItemOrigin& o) { navigator.show(o); });
    QSignalSpy clicked(&view, &TsneScatterView::itemClicked);

    const QPoint dot = view.itemPosition(1);
    QCOMPARE(view.itemAt(dot + QPoint(3, -2)), 1);
    QTest::mouseClick(view.plot(), Qt::LeftButton, {},
                      view.plot()->mapFrom(&view, dot + QPoint(3, -2)));
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toInt(), 1);
    QCOMPARE(axis.cursor(), 60.0);
    QVERIFY(qFuzzyCompare(axis.visibleStart(), 58.0));
    QVERIFY(view.describe(1).contains(QStringLiteral("sitting")));
    QVERIFY(view.describe(1).contains(QStringLiteral("subject 7")));
    QVERIFY(view.describe(1).contains(QStringLiteral("0:01:00.0")));

    // Empty space: no item, no jump.
    const QPoint between = (view.itemPosition(1) + view.itemPosition(2)) / 2;
    QCOMPARE(view.itemAt(between), -1);
    QTest::mouseClick(view.plot(), Qt::LeftButton, {}, view.plot()->mapFrom(&view, between));
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(view.toCsv().count('\n'), 4);
}

void TestWidgetsAnalysis::tsneColouringBySubjectMakesOneGroupPerSubject()
{
    TsneScatterView view;
    const QVector<ItemOrigin> origins{window("a", "1", 0), window("b", "2", 0), window("c", "3", 0),
                                      window("a", "1", 128)};
    view.setItems({0, 0, 1, 1, 2, 2, 3, 3}, {0, 0, 1, 1}, {"x", "y"}, {Qt::red, Qt::blue}, origins);
    QCOMPARE(view.plot()->graphCount(), 2);
    QCOMPARE(view.plot()->graph(0)->scatterStyle().pen().color().red(), 255);
    view.setColouring(TsneScatterView::Colouring::BySubject);
    QCOMPARE(view.plot()->graphCount(), 3);
    QCOMPARE(view.plot()->graph(0)->dataCount(), 2);
}

void TestWidgetsAnalysis::largerViewsForALook()
{
    // Six classes, 600 items in Gaussian blobs: the views as a researcher sees
    // them (only saved when KINEMARK_SCREENSHOT_DIR is set).
    const QStringList classes{"walking", "upstairs", "downstairs", "sitting", "standing", "lying"};
    std::mt19937 random(4);
    std::normal_distribution<float> noise(0.f, 1.f);
    std::vector<int32_t> truth, predicted;
    std::vector<float> positions;
    QVector<ItemOrigin> origins;
    for (int i = 0; i < 600; ++i) {
        const int t = i % 6;
        truth.push_back(t);
        const bool confused = (i * 7919) % 100 < (t >= 3 ? 25 : 8);
        predicted.push_back(confused ? (t == 3 ? 4 : t == 4 ? 3 : (t + 1) % 3) : t);
        const double angle = t * 1.047;
        positions.push_back(float(25 * std::cos(angle) + 4 * noise(random)));
        positions.push_back(float(25 * std::sin(angle) + 4 * noise(random)));
        origins.push_back(window(QString("rec-%1").arg(i % 5), QString::number(1 + i % 5), i * 64));
    }
    ConfusionMatrixView matrix;
    matrix.resize(620, 500);
    matrix.setItems(classes, truth, predicted, origins);
    matrix.setRowNormalised(true);
    QCOMPARE(matrix.count(0, 0) + matrix.count(0, 1), int64_t(100));
    TsneScatterView scatter;
    scatter.resize(620, 500);
    scatter.setItems(positions, truth, classes, {}, origins);
    QCOMPARE(scatter.itemCount(), 600);
    saveScreenshot(&matrix, QStringLiteral("analysis-confusion.png"));
    saveScreenshot(&scatter, QStringLiteral("analysis-tsne.png"));
    AnalysisPanel panel;
    panel.resize(900, 560);
    panel.setEvaluation(classes, {}, truth, predicted, origins);
    panel.setCurrentTab(AnalysisPanel::ReportTab);
    saveScreenshot(&panel, QStringLiteral("analysis-report.png"));
}

void TestWidgetsAnalysis::navigatorAsksForTheRecordingFirst()
{
    TimeAxisState axis;
    axis.reset(100, 0, 50);
    AnalysisNavigator navigator(&axis);
    navigator.setRecordingSelector([](const QString& id) { return id == "known"; });
    QSignalSpy shown(&navigator, &AnalysisNavigator::shown);
    navigator.show(window("unknown", "1", 500));
    QCOMPARE(shown.count(), 0);
    QCOMPARE(axis.cursor(), 0.0);
    navigator.show(window("known", "1", 500));
    QCOMPARE(shown.count(), 1);
    QCOMPARE(axis.cursor(), 10.0);
}

void TestWidgetsAnalysis::rocViewNamesEachCurveWithItsAuc()
{
    // Class 2 never occurs: no curve for it, an empty AUC in the table.
    const std::vector<float> p{0.8f, 0.1f, 0.1f, 0.3f, 0.6f, 0.1f,
                               0.6f, 0.3f, 0.1f, 0.5f, 0.4f, 0.1f};
    const auto curves = RocCurve::oneVsRest(p, {0, 1, 1, 0}, 3);
    RocCurveView view;
    view.resize(500, 400);
    view.setCurves(curves, {"walking", "sitting", "lying"});
    QCOMPARE(view.curveCount(), 2);
    QStringList names;
    for (int i = 0; i < view.plot()->plottableCount(); ++i)
        names << view.plot()->plottable(i)->name();
    // walking: positives 0.8, 0.5 over negatives 0.3, 0.6: 3 of 4 pairs.
    QVERIFY2(names.contains(QStringLiteral("walking (AUC 0.750)")), qPrintable(names.join('|')));
    QVERIFY(view.toCsv().endsWith(QStringLiteral("\"lying\",,0,4\n")));
    saveScreenshot(&view, QStringLiteral("analysis-roc-small.png"));
}

void TestWidgetsAnalysis::plotsAndTablesAreExported()
{
    QTemporaryDir dir;
    ConfusionMatrixView view;
    view.resize(400, 300);
    view.setItems({"a", "b"}, {0, 1, 1}, {0, 1, 0}, {});
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QString error;
    QVERIFY2(PlotExport::savePlot(view.plot(), dir.filePath("m.png"), &error), qPrintable(error));
    QVERIFY(PlotExport::savePlot(view.plot(), dir.filePath("m.pdf"), &error));
    QVERIFY(QImage(dir.filePath("m.png")).width() >= 800); // twice the widget
    QFile pdf(dir.filePath("m.pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    QVERIFY2(PlotExport::savePlot(view.plot(), dir.filePath("m.svg"), &error), qPrintable(error));
    QFile svg(dir.filePath("m.svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray svgText = svg.readAll();
    QVERIFY(svgText.contains("<svg"));
    QVERIFY(svgText.contains("viewBox=\"0 0 400 300\""));
    QVERIFY(!PlotExport::savePlot(view.plot(), dir.filePath("m.bmp"), &error));
    QVERIFY(error.contains(".svg"));
    QVERIFY(!PlotExport::savePlot(view.plot(), dir.filePath("no/such/folder/m.svg"), &error));
    QVERIFY2(error.contains(QStringLiteral("m.svg")), qPrintable(error));
    QVERIFY(PlotExport::saveText(view.toCsv(), dir.filePath("m.csv"), &error));
    QFile csv(dir.filePath("m.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll(), view.toCsv().toUtf8());
}

void TestWidgetsAnalysis::panelListsTheSpansOfACellAndShowsEach()
{
    // Walking mistaken for sitting in two separate places of rec-b.
    const QStringList classes{QStringLiteral("walking"), QStringLiteral("sitting")};
    const std::vector<int32_t> truth{0, 0, 0, 1};
    const std::vector<int32_t> predicted{0, 1, 1, 1};
    const QVector<ItemOrigin> origins{window("rec-a", "1", 0), window("rec-b", "2", 500),
                                      window("rec-b", "2", 3000), window("rec-a", "1", 900)};
    const std::vector<float> probabilities{0.9f, 0.1f, 0.4f, 0.6f, 0.3f, 0.7f, 0.2f, 0.8f};
    AnalysisPanel panel;
    panel.resize(900, 600);
    panel.show();
    panel.setEvaluation(classes, {}, truth, predicted, origins, probabilities);
    panel.setEmbedding({0, 0, 1, 1, 2, 2, 3, 3}, truth, origins);
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.confusionMatrix()->plot()->replot();

    TimeAxisState axis;
    axis.reset(3600, 0, 50);
    AnalysisNavigator navigator(&axis);
    connect(&panel, &AnalysisPanel::itemActivated, &navigator, &AnalysisNavigator::show);
    QSignalSpy activated(&panel, &AnalysisPanel::itemActivated);
    ConfusionMatrixView* matrix = panel.confusionMatrix();
    QTest::mouseClick(matrix->plot(), Qt::LeftButton, {},
                      matrix->plot()->mapFrom(matrix, matrix->cellCentre(0, 1)));
    // The click lists both spans and shows the first; picking the second shows it.
    QCOMPARE(panel.spanList()->count(), 2);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(axis.cursor(), 10.0);
    panel.spanList()->setCurrentRow(1);
    QCOMPARE(activated.count(), 2);
    QCOMPARE(axis.cursor(), 60.0);
    QVERIFY(panel.spanList()->item(1)->text().contains(QStringLiteral("0:01:00")));

    // Report: walking P 1, R 1/3; sitting P 1/3, R 1; accuracy 0.5.
    QTableWidget* report = panel.report();
    QCOMPARE(report->item(0, 1)->text(), QStringLiteral("1.000"));
    QCOMPARE(report->item(0, 2)->text(), QStringLiteral("0.333"));
    QCOMPARE(report->item(4, 3)->text(), QStringLiteral("0.500"));
    QTemporaryDir dir;
    panel.setCurrentTab(AnalysisPanel::ReportTab);
    QVERIFY(panel.exportCurrent(dir.filePath("report.csv")));
    QFile csv(dir.filePath("report.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray text = csv.readAll();
    QVERIFY(text.startsWith("\"class\",\"precision\",\"recall\",\"F1\""));
    QVERIFY(text.contains("\"walking\",1.000,0.333,0.500,0.333,3"));
    panel.setCurrentTab(AnalysisPanel::RocTab);
    QCOMPARE(panel.roc()->curveCount(), 2);
    QVERIFY(panel.exportCurrent(dir.filePath("roc.pdf")));
    panel.setCurrentTab(AnalysisPanel::TsneTab);
    QVERIFY(panel.exportCurrent(dir.filePath("tsne.csv")));
    QVERIFY(QFileInfo(dir.filePath("tsne.csv")).size() > 0);
}

void TestWidgetsAnalysis::panelReportsPerSubjectAndComparesStoredResults()
{
    // Subject 1 right twice; subject 2 walking taken for sitting once, sitting right once.
    const QStringList classes{QStringLiteral("walking"), QStringLiteral("sitting")};
    const QVector<ItemOrigin> origins{window("rec-a", "1", 0), window("rec-b", "2", 500),
                                      window("rec-b", "2", 3000), window("rec-a", "1", 900)};
    AnalysisPanel panel;
    panel.setEvaluation(classes, {}, {0, 0, 1, 1}, {0, 1, 1, 1}, origins);
    QCOMPARE(panel.reportScope()->count(), 3); // pooled, subject 1, subject 2
    const int accuracyRow = 4;
    QCOMPARE(panel.report()->item(accuracyRow, 3)->text(), QStringLiteral("0.750"));
    panel.setReportSubject(QStringLiteral("2"));
    QCOMPARE(panel.reportScope()->currentIndex(), 2);
    QCOMPARE(panel.report()->item(accuracyRow, 3)->text(), QStringLiteral("0.500"));
    QCOMPARE(panel.report()->item(0, 5)->text(),
             QStringLiteral("1")); // walking support of subject 2
    panel.reportScope()->setCurrentIndex(1);
    QCOMPARE(panel.report()->item(accuracyRow, 3)->text(), QStringLiteral("1.000"));
    panel.reportScope()->setCurrentIndex(0);
    QCOMPARE(panel.report()->item(accuracyRow, 3)->text(), QStringLiteral("0.750"));

    // A cross-validation of two folds and an evaluation, stored in a project.
    const auto metrics = [](double f1) {
        return QJsonObject{{QStringLiteral("accuracy"), f1}, {QStringLiteral("macro_f1"), f1}};
    };
    QJsonObject crossval{
        {QStringLiteral("scheme"), QStringLiteral("loso")},
        {QStringLiteral("fold_count"), 2},
        {QStringLiteral("folds"),
         QJsonArray{
             QJsonObject{{QStringLiteral("fold"), 1},
                         {QStringLiteral("validation_subjects"), QJsonArray{QStringLiteral("1")}},
                         {QStringLiteral("metrics"), metrics(0.5)}},
             QJsonObject{{QStringLiteral("fold"), 2},
                         {QStringLiteral("validation_subjects"), QJsonArray{QStringLiteral("2")}},
                         {QStringLiteral("metrics"), metrics(0.75)}}}},
        {QStringLiteral("summary"),
         QJsonObject{{QStringLiteral("macro_f1"), QJsonObject{{QStringLiteral("mean"), 0.625},
                                                              {QStringLiteral("std"), 0.125}}}}},
        {QStringLiteral("pooled"), metrics(0.6)}};
    panel.setCrossValidation(crossval);
    QTableWidget* folds = panel.foldTable();
    QCOMPARE(folds->rowCount(), 4); // two folds, mean ± std, pooled
    QCOMPARE(folds->item(1, 1)->text(), QStringLiteral("2"));
    QCOMPARE(folds->item(2, 3)->text(), QStringLiteral("0.625 \u00b1 0.125"));
    QCOMPARE(folds->item(3, 3)->text(), QStringLiteral("0.600"));

    StoredResult cv{QStringLiteral("crossval cnn-center"),
                    QString::fromLatin1(StoredResult::kCrossValidation),
                    QStringLiteral("cnn-center"), QString(), crossval};
    StoredResult evaluation{
        QStringLiteral("evaluation cnn-center"), QString::fromLatin1(StoredResult::kEvaluation),
        QStringLiteral("cnn-center"), QString(),
        QJsonObject{{QStringLiteral("window_level"),
                     QJsonObject{{QStringLiteral("overall"), metrics(0.875)}}}}};
    panel.setResults({cv, evaluation});
    QTableWidget* comparison = panel.comparisonTable();
    QCOMPARE(comparison->rowCount(), 2);
    QCOMPARE(comparison->item(0, 0)->text(), QStringLiteral("crossval cnn-center"));
    QCOMPARE(comparison->item(1, 3)->text(), QStringLiteral("0.875"));
    QTemporaryDir dir;
    panel.setCurrentTab(AnalysisPanel::ComparisonTab);
    QVERIFY(panel.exportCurrent(dir.filePath("comparison.csv")));
    QFile csv(dir.filePath("comparison.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray text = csv.readAll();
    QVERIFY(text.startsWith("name,detail,accuracy,macro_f1,macro_f1_std,"));
    QVERIFY2(text.contains("\"evaluation cnn-center\""), text.constData());
    panel.setCurrentTab(AnalysisPanel::CrossValidationTab);
    QVERIFY(panel.exportCurrent(dir.filePath("folds.csv")));
    QVERIFY(QFileInfo(dir.filePath("folds.csv")).size() > 0);
}

QTEST_MAIN(TestWidgetsAnalysis)
#include "tst_widgets_analysis.moc"
