#include "widgets/analysis/AnalysisPanel.h"

#include "core/analysis/ClassificationMetrics.h"
#include "core/analysis/ResultComparison.h"
#include "core/analysis/RocCurve.h"
#include "widgets/analysis/ConfusionMatrixView.h"
#include "widgets/analysis/RocCurveView.h"
#include "widgets/analysis/TsneScatterView.h"
#include "widgets/plot/PlotExport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kinemark {

namespace {
QString timeText(double seconds)
{
    const int64_t whole = int64_t(seconds);
    return QStringLiteral("%1:%2:%3")
        .arg(whole / 3600)
        .arg((whole / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(whole % 60, 2, 10, QLatin1Char('0'));
}
// Rows of ResultComparison in a table: name, detail, then the metric columns.
void fillMetricTable(QTableWidget* table, const std::vector<ResultComparison::Row>& rows,
                     const QString& nameHeading, const QString& detailHeading)
{
    QStringList headers{nameHeading, detailHeading};
    headers += ResultComparison::columnTitles();
    table->clear();
    table->setColumnCount(int(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r) {
        table->setItem(r, 0, new QTableWidgetItem(rows[size_t(r)].name));
        table->setItem(r, 1, new QTableWidgetItem(rows[size_t(r)].detail));
        for (int c = 0; c < int(headers.size()) - 2; ++c) {
            auto* item = new QTableWidgetItem(ResultComparison::cellText(rows[size_t(r)], c));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table->setItem(r, c + 2, item);
        }
    }
    table->resizeColumnsToContents();
}

QTableWidget* readOnlyTable(QWidget* parent)
{
    auto* table = new QTableWidget(parent);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->setVisible(false);
    return table;
}
} // namespace

AnalysisPanel::AnalysisPanel(QWidget* parent)
    : QWidget(parent), m_tabs(new QTabWidget(this)), m_matrix(new ConfusionMatrixView(this)),
      m_rowShares(new QCheckBox(tr("Row shares"), this)), m_spans(new QListWidget(this)),
      m_reportScope(new QComboBox(this)), m_report(new QTableWidget(this)),
      m_folds(readOnlyTable(this)), m_comparison(readOnlyTable(this)),
      m_roc(new RocCurveView(this)), m_tsne(new TsneScatterView(this)),
      m_colouring(new QComboBox(this)), m_pages(new QStackedWidget(this)),
      m_placeholder(new QLabel(this))
{
    // Confusion matrix with the spans behind the clicked cell beside it.
    auto* matrixPage = new QWidget(this);
    auto* spansBox = new QWidget(matrixPage);
    auto* spansLayout = new QVBoxLayout(spansBox);
    spansLayout->setContentsMargins(0, 0, 0, 0);
    spansLayout->addWidget(m_rowShares);
    auto* spansTitle = new QLabel(tr("Spans behind the cell (click one to show it):"), spansBox);
    spansTitle->setWordWrap(true); // the list is narrow beside the matrix
    spansLayout->addWidget(spansTitle);
    spansLayout->addWidget(m_spans);
    m_rowShares->setToolTip(tr("Show each row divided by its total instead of counts"));
    auto* splitter = new QSplitter(matrixPage);
    splitter->addWidget(m_matrix);
    splitter->addWidget(spansBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    // Neither side may be dragged away: a collapsed matrix was a 70 px sliver.
    splitter->setChildrenCollapsible(false);
    spansBox->setMinimumWidth(160);
    auto* matrixLayout = new QHBoxLayout(matrixPage);
    matrixLayout->setContentsMargins(0, 0, 0, 0);
    matrixLayout->addWidget(splitter);
    m_tabs->addTab(matrixPage, tr("Confusion matrix"));

    m_report->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_report->verticalHeader()->setVisible(false);
    auto* reportPage = new QWidget(this);
    auto* reportLayout = new QVBoxLayout(reportPage);
    reportLayout->setContentsMargins(0, 0, 0, 0);
    m_reportScope->setToolTip(tr("The report of all items together, or of one subject's items"));
    reportLayout->addWidget(m_reportScope, 0, Qt::AlignLeft);
    reportLayout->addWidget(m_report);
    m_tabs->addTab(reportPage, tr("Per class"));
    m_tabs->addTab(m_roc, tr("ROC"));

    auto* tsnePage = new QWidget(this);
    auto* tsneLayout = new QVBoxLayout(tsnePage);
    tsneLayout->setContentsMargins(0, 0, 0, 0);
    m_colouring->addItem(tr("Colour by class"));
    m_colouring->addItem(tr("Colour by subject"));
    tsneLayout->addWidget(m_colouring, 0, Qt::AlignLeft);
    tsneLayout->addWidget(m_tsne);
    m_tabs->addTab(tsnePage, tr("t-SNE"));
    m_tabs->addTab(m_folds, tr("Cross-validation"));
    m_tabs->addTab(m_comparison, tr("Comparison"));
    m_tabs->setTabEnabled(RocTab, false); // until an evaluation has probabilities
    m_tabs->setTabEnabled(CrossValidationTab, false);
    m_tabs->setTabEnabled(ComparisonTab, false);

    auto* exportButton = new QPushButton(tr("Export…"), this);
    exportButton->setToolTip(tr("Save this tab's plot as PNG, SVG or PDF, or its table as CSV"));
    auto* results = new QWidget(this);
    auto* resultsLayout = new QVBoxLayout(results);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    resultsLayout->addWidget(m_tabs);
    resultsLayout->addWidget(exportButton, 0, Qt::AlignRight);
    // Until there is something to show, how to get it (an empty matrix says nothing).
    m_placeholder->setWordWrap(true);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setMargin(24);
    m_placeholder->setTextFormat(Qt::RichText);
    m_placeholder->setText(
        tr("<p><b>No analysis yet.</b></p>"
           "<p>Predict a recording with <i>Models › Predict Shown Recording</i> (or a model "
           "you train with <i>Models › Train Model</i>), then choose <i>Analysis › Compare "
           "Prediction with Ground Truth</i> for the confusion matrix, per-class report, ROC "
           "curves and t-SNE map.</p>"
           "<p><i>Analysis › Cross-validate</i> evaluates a model subject by subject; "
           "<i>Analysis › Stored Results</i> compares the evaluations kept in the "
           "project.</p>"));
    m_pages->addWidget(m_placeholder);
    m_pages->addWidget(results);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_pages);
    // Room for a readable matrix with its class names and colour bar beside the span list.
    setMinimumSize(560, 420);

    connect(m_rowShares, &QCheckBox::toggled, m_matrix, &ConfusionMatrixView::setRowNormalised);
    connect(m_matrix, &ConfusionMatrixView::cellClicked, this, &AnalysisPanel::showSpans);
    connect(m_spans, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < m_shownSpans.size())
            Q_EMIT itemActivated(m_shownSpans[row]);
    });
    connect(m_tsne, &TsneScatterView::itemClicked, this,
            [this](int, const ItemOrigin& origin) { Q_EMIT itemActivated(origin); });
    connect(m_colouring, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_tsne->setColouring(index == 1 ? TsneScatterView::Colouring::BySubject
                                        : TsneScatterView::Colouring::ByClass);
    });
    connect(exportButton, &QPushButton::clicked, this, &AnalysisPanel::exportWithDialog);
    connect(m_reportScope, &QComboBox::currentIndexChanged, this, [this](int index) {
        setReportSubject(index > 0 ? m_reportScope->itemData(index).toString() : QString());
    });
}

void AnalysisPanel::setEvaluation(const QStringList& classNames,
                                  const QVector<QColor>& classColours,
                                  const std::vector<int32_t>& truth,
                                  const std::vector<int32_t>& predicted,
                                  const QVector<ItemOrigin>& origins,
                                  const std::vector<float>& probabilities)
{
    m_classNames = classNames;
    m_classColours = classColours;
    m_matrix->setItems(classNames, truth, predicted, origins);
    m_hasEvaluation = true;
    showResults(ConfusionTab);
    m_spans->clear();
    m_shownSpans.clear();
    m_truth = truth;
    m_predicted = predicted;
    m_origins = origins;
    QStringList subjects;
    for (const ItemOrigin& o : origins)
        if (!subjects.contains(o.subject))
            subjects << o.subject;
    m_reportScope->blockSignals(true);
    m_reportScope->clear();
    m_reportScope->addItem(tr("All subjects (pooled)"));
    for (const QString& subject : subjects)
        m_reportScope->addItem(tr("Subject %1").arg(subject), subject);
    m_reportScope->blockSignals(false);
    fillReport(truth, predicted);

    const int k = int(classNames.size());
    if (probabilities.size() == truth.size() * size_t(k) && k > 0) {
        m_roc->setCurves(RocCurve::oneVsRest(probabilities, truth, k), classNames, classColours);
        m_tabs->setTabEnabled(RocTab, true);
    } else {
        m_roc->setCurves({}, classNames);
        m_tabs->setTabEnabled(RocTab, false);
    }
}

void AnalysisPanel::setReportSubject(const QString& subject)
{
    const int index = subject.isEmpty() ? 0 : m_reportScope->findData(subject);
    if (index < 0)
        return;
    if (m_reportScope->currentIndex() != index) {
        m_reportScope->setCurrentIndex(index); // comes back here through the signal
        return;
    }
    if (subject.isEmpty()) {
        fillReport(m_truth, m_predicted);
        return;
    }
    std::vector<int32_t> truth, predicted;
    for (int i = 0; i < m_origins.size() && size_t(i) < m_truth.size(); ++i)
        if (m_origins[i].subject == subject) {
            truth.push_back(m_truth[size_t(i)]);
            predicted.push_back(m_predicted[size_t(i)]);
        }
    fillReport(truth, predicted);
}

void AnalysisPanel::fillReport(const std::vector<int32_t>& truth,
                               const std::vector<int32_t>& predicted)
{
    const QStringList& classNames = m_classNames;
    const ClassificationMetrics m =
        ClassificationMetrics::compute(truth, predicted, int(classNames.size()));
    const QStringList headers{tr("class"), tr("precision"), tr("recall"),
                              tr("F1"),    tr("Jaccard"),   tr("support")};
    m_report->clear();
    m_report->setColumnCount(int(headers.size()));
    m_report->setHorizontalHeaderLabels(headers);
    m_report->setRowCount(int(classNames.size()) + 4);
    auto setRow = [this](int row, const QString& name, double p, double r, double f1, double j,
                         const QString& support) {
        m_report->setItem(row, 0, new QTableWidgetItem(name));
        const double values[] = {p, r, f1, j};
        for (int c = 0; c < 4; ++c) {
            auto* item = new QTableWidgetItem(QString::number(values[c], 'f', 3));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_report->setItem(row, c + 1, item);
        }
        auto* supportItem = new QTableWidgetItem(support);
        supportItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_report->setItem(row, 5, supportItem);
    };
    for (int c = 0; c < classNames.size(); ++c)
        setRow(c, classNames[c], m.precision[size_t(c)], m.recall[size_t(c)], m.f1[size_t(c)],
               m.jaccard[size_t(c)], QString::number(m.support[size_t(c)]));
    const int k = int(classNames.size());
    const QString total = QString::number(m.total);
    setRow(k, tr("macro average"), m.macroPrecision, m.macroRecall, m.macroF1, m.macroJaccard,
           total);
    setRow(k + 1, tr("weighted average"), m.weightedPrecision, m.weightedRecall, m.weightedF1,
           m.weightedJaccard, total);
    m_report->setItem(k + 2, 0, new QTableWidgetItem(tr("accuracy")));
    m_report->setItem(k + 2, 3, new QTableWidgetItem(QString::number(m.accuracy, 'f', 3)));
    m_report->setItem(k + 3, 0, new QTableWidgetItem(tr("G-mean")));
    m_report->setItem(k + 3, 3, new QTableWidgetItem(QString::number(m.gMean, 'f', 3)));
    m_report->resizeColumnsToContents();
}

void AnalysisPanel::setCrossValidation(const QJsonObject& result)
{
    m_crossValidation = result;
    fillMetricTable(m_folds, ResultComparison::folds(result), tr("fold"), tr("held-out subjects"));
    m_tabs->setTabEnabled(CrossValidationTab, !result.isEmpty());
    if (!result.isEmpty())
        showResults(CrossValidationTab);
}

void AnalysisPanel::setResults(const std::vector<StoredResult>& results)
{
    m_results = results;
    const auto rows = ResultComparison::compare(results);
    fillMetricTable(m_comparison, rows, tr("result"), tr("what"));
    m_tabs->setTabEnabled(ComparisonTab, !rows.empty());
    if (!rows.empty())
        showResults(ComparisonTab);
}

QString AnalysisPanel::foldsCsv() const
{
    return ResultComparison::toCsv(ResultComparison::folds(m_crossValidation));
}

QString AnalysisPanel::comparisonCsv() const
{
    return ResultComparison::toCsv(ResultComparison::compare(m_results));
}

void AnalysisPanel::setEmbedding(const std::vector<float>& positions,
                                 const std::vector<int32_t>& classIndex,
                                 const QVector<ItemOrigin>& origins)
{
    m_tsne->setItems(positions, classIndex, m_classNames, m_classColours, origins);
    showResults(TsneTab);
}

void AnalysisPanel::setStoredEmbedding(const QStringList& classNames,
                                       const QVector<QColor>& classColours,
                                       const std::vector<float>& positions,
                                       const std::vector<int32_t>& classIndex,
                                       const QVector<ItemOrigin>& origins)
{
    m_tsne->setItems(positions, classIndex, classNames, classColours, origins);
    showResults(TsneTab);
}

bool AnalysisPanel::showsPlaceholder() const
{
    return m_pages->currentWidget() == m_placeholder;
}

void AnalysisPanel::showResults(Tab tab)
{
    // The first result replaces the placeholder on its own tab; later ones
    // leave the user's tab alone. Without an evaluation the matrix, report
    // and ROC tabs would be empty: they wait for one.
    m_tabs->setTabEnabled(ConfusionTab, m_hasEvaluation);
    m_tabs->setTabEnabled(ReportTab, m_hasEvaluation);
    if (!showsPlaceholder())
        return;
    m_pages->setCurrentIndex(1);
    m_tabs->setCurrentIndex(int(tab));
}

void AnalysisPanel::clear()
{
    setEvaluation({}, {}, {}, {}, {});
    m_tsne->setItems({}, {}, {}, {}, {});
    setCrossValidation({});
    setResults({});
    m_hasEvaluation = false;
    for (Tab tab : {ConfusionTab, ReportTab, RocTab, CrossValidationTab, ComparisonTab})
        m_tabs->setTabEnabled(tab, false);
    m_pages->setCurrentWidget(m_placeholder);
}

void AnalysisPanel::setCurrentTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

void AnalysisPanel::showSpans(int truthClass, int predictedClass, const QVector<ItemOrigin>& spans)
{
    m_shownSpans = spans;
    m_spans->blockSignals(true);
    m_spans->clear();
    for (const ItemOrigin& span : spans)
        m_spans->addItem(tr("%1 (subject %2): %3 to %4")
                             .arg(span.recordingId, span.subject, timeText(span.startSeconds()),
                                  timeText(span.endSeconds())));
    if (!spans.isEmpty())
        m_spans->setCurrentRow(0);
    m_spans->blockSignals(false);
    m_spans->setToolTip(
        tr("True %1, predicted %2: %n span(s)", nullptr, int(spans.size()))
            .arg(m_classNames.value(truthClass), m_classNames.value(predictedClass)));
    // The click itself goes to the first span; the list offers the others.
    if (!spans.isEmpty())
        Q_EMIT itemActivated(spans.front());
}

QString AnalysisPanel::reportCsv() const
{
    QString csv;
    for (int c = 0; c < m_report->columnCount(); ++c)
        csv += (c ? QStringLiteral(",") : QString()) +
               PlotExport::csvField(m_report->horizontalHeaderItem(c)->text());
    csv += '\n';
    for (int r = 0; r < m_report->rowCount(); ++r) {
        for (int c = 0; c < m_report->columnCount(); ++c) {
            const QTableWidgetItem* item = m_report->item(r, c);
            const QString text = item ? item->text() : QString();
            csv += (c ? QStringLiteral(",") : QString()) +
                   (c == 0 ? PlotExport::csvField(text) : text);
        }
        csv += '\n';
    }
    return csv;
}

bool AnalysisPanel::exportCurrent(const QString& path, QString* error) const
{
    const bool csv =
        QFileInfo(path).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0;
    switch (Tab(m_tabs->currentIndex())) {
    case ConfusionTab:
        return csv ? PlotExport::saveText(m_matrix->toCsv(), path, error)
                   : PlotExport::savePlot(m_matrix->plot(), path, error);
    case ReportTab:
        return PlotExport::saveText(reportCsv(), path, error);
    case RocTab:
        return csv ? PlotExport::saveText(m_roc->toCsv(), path, error)
                   : PlotExport::savePlot(m_roc->plot(), path, error);
    case TsneTab:
        return csv ? PlotExport::saveText(m_tsne->toCsv(), path, error)
                   : PlotExport::savePlot(m_tsne->plot(), path, error);
    case CrossValidationTab:
        return PlotExport::saveText(foldsCsv(), path, error);
    case ComparisonTab:
        return PlotExport::saveText(comparisonCsv(), path, error);
    }
    return false;
}

void AnalysisPanel::exportWithDialog()
{
    const int tab = m_tabs->currentIndex();
    const bool table = tab == ReportTab || tab == CrossValidationTab || tab == ComparisonTab;
    const QString filter =
        table ? tr("CSV table (*.csv)")
              : tr("PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf);;CSV table (*.csv)");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export"), QString(), filter);
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCurrent(path, &error))
        QMessageBox::warning(this, tr("Export"), error);
}

} // namespace kinemark
