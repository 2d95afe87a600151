#pragma once

#include "core/model/StoredResult.h"

#include <QJsonObject>
#include <QStringList>
#include <vector>

namespace kinemark {

// The researcher's comparison tables from stored results, in one place for the
// Analysis panel, the CLI and CSV export: the same few headline metrics
// (accuracy, macro F1, weighted F1, Jaccard, G-mean, segmentation Fm) for
// every evaluation and cross-validation of a project, and for every fold of
// one cross-validation.
class ResultComparison
{
public:
    struct Row
    {
        QString name;               // the result's id, "fold 2", "mean ± std", "pooled"
        QString detail;             // kind and level, or the held-out subjects
        std::vector<double> values; // per column; NaN where the result has no such figure
        std::vector<double>
            spreads; // standard deviation over folds per column; NaN when not a mean
    };

    // The metric keys of the columns, as fold metrics name them
    // (CrossValidation: the classification level's names plus segmentation_fm).
    static QStringList columnKeys();
    // Column headings for tables ("accuracy", "macro F1", ...), translatable.
    static QStringList columnTitles();

    // One row per evaluation and cross-validation (t-SNE maps have no metrics);
    // an evaluation shows its window level (sample level for sequence models),
    // a cross-validation the mean and std over its folds.
    static std::vector<Row> compare(const std::vector<StoredResult>& results);
    // One row per fold of a CrossValidation::run result, then "mean ± std" and "pooled".
    static std::vector<Row> folds(const QJsonObject& crossValidation);

    // Comma-separated, a header row first; "name,detail" then each column,
    // with a "<column> std" column after each where any row has a spread.
    static QString toCsv(const std::vector<Row>& rows);
    // "0.812" or "0.812 ± 0.061"; "–" for a missing value.
    static QString cellText(const Row& row, int column, int decimals = 3);
};

} // namespace kinemark
