#pragma once

#include "core/learning/ItemOrigin.h"
#include "core/model/StoredResult.h"

#include <QColor>
#include <QJsonObject>
#include <QStringList>
#include <QWidget>
#include <cstdint>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QStackedWidget;
class QTabWidget;
class QTableWidget;

namespace kinemark {

class ConfusionMatrixView;
class RocCurveView;
class TsneScatterView;

// The researcher's view of one evaluation, in tabs: confusion matrix (with the
// spans behind the clicked cell listed beside it), per-class report (pooled
// or of one subject), ROC curves and the t-SNE map; then the folds of the last
// cross-validation and a comparison of every evaluation stored in the project.
// Every cell, span and dot leads back to the recording through itemActivated;
// every tab exports (plots as PNG/PDF, tables as CSV). Until the first result
// arrives the panel says how to get one instead of showing empty plots.
class AnalysisPanel : public QWidget
{
    Q_OBJECT
public:
    enum Tab
    {
        ConfusionTab,
        ReportTab,
        RocTab,
        TsneTab,
        CrossValidationTab,
        ComparisonTab,
    };

    explicit AnalysisPanel(QWidget* parent = nullptr);

    // Items with their true and predicted class indices and origins;
    // probabilities (items x classes, or empty) feed the ROC curves.
    void setEvaluation(const QStringList& classNames, const QVector<QColor>& classColours,
                       const std::vector<int32_t>& truth, const std::vector<int32_t>& predicted,
                       const QVector<ItemOrigin>& origins,
                       const std::vector<float>& probabilities = {});
    // A t-SNE map of items (x, y each) with their classes and origins.
    void setEmbedding(const std::vector<float>& positions, const std::vector<int32_t>& classIndex,
                      const QVector<ItemOrigin>& origins);
    // A map stored earlier, drawn with the class names and colours it was made
    // with (the comparison it came from need not be shown).
    void setStoredEmbedding(const QStringList& classNames, const QVector<QColor>& classColours,
                            const std::vector<float>& positions,
                            const std::vector<int32_t>& classIndex,
                            const QVector<ItemOrigin>& origins);
    // The folds of a CrossValidation::run result, with mean ± std and pooled rows.
    void setCrossValidation(const QJsonObject& result);
    // The comparison table: one row per stored evaluation and cross-validation.
    void setResults(const std::vector<StoredResult>& results);
    // The report of every item (empty subject) or of one subject's items only.
    void setReportSubject(const QString& subject);

    // Forgets every result (another project was opened): the panel tells how
    // to get one again instead of showing the empty axes of a matrix.
    void clear();

    void setCurrentTab(Tab tab);
    // True until a result was given: the panel then tells how to get one.
    bool showsPlaceholder() const;
    // Saves what the current tab shows: its plot (.png, .pdf) or, on the
    // report tab or with .csv, its table.
    bool exportCurrent(const QString& path, QString* error = nullptr) const;

    ConfusionMatrixView* confusionMatrix() const { return m_matrix; }
    QListWidget* spanList() const { return m_spans; }
    QTableWidget* report() const { return m_report; }
    RocCurveView* roc() const { return m_roc; }
    TsneScatterView* tsne() const { return m_tsne; }
    QComboBox* reportScope() const { return m_reportScope; }
    QTableWidget* foldTable() const { return m_folds; }
    QTableWidget* comparisonTable() const { return m_comparison; }
    QString reportCsv() const;
    QString foldsCsv() const;
    QString comparisonCsv() const;

Q_SIGNALS:
    void itemActivated(const kinemark::ItemOrigin& origin);

private:
    void showSpans(int truthClass, int predictedClass, const QVector<ItemOrigin>& spans);
    void fillReport(const std::vector<int32_t>& truth, const std::vector<int32_t>& predicted);
    void exportWithDialog();
    // Replaces the placeholder by the tabs, on `tab` (the first result's).
    void showResults(Tab tab);

    QTabWidget* m_tabs;
    ConfusionMatrixView* m_matrix;
    QCheckBox* m_rowShares;
    QListWidget* m_spans;
    QComboBox* m_reportScope;
    QTableWidget* m_report;
    QTableWidget* m_folds;
    QTableWidget* m_comparison;
    QJsonObject m_crossValidation;
    std::vector<StoredResult> m_results;
    std::vector<int32_t> m_truth, m_predicted;
    QVector<ItemOrigin> m_origins;
    RocCurveView* m_roc;
    TsneScatterView* m_tsne;
    QComboBox* m_colouring;
    QStringList m_classNames;
    QVector<QColor> m_classColours;
    QVector<ItemOrigin> m_shownSpans;
    QStackedWidget* m_pages;
    QLabel* m_placeholder;
    bool m_hasEvaluation = false;
};

} // namespace kinemark
