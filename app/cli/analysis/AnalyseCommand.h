#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli analyse <project> --track NAME [--plots DIR] [--format png|svg|pdf]
//     [--tsne] [--perplexity P] [--iterations N] [--threads T] [--subject S]
//
// The Analysis panel without a window: a prediction track against the ground
// truth in 2 s windows (the same items, views and exports as the GUI's),
// written as plots (confusion matrix, ROC, t-SNE) in the chosen format and as
// CSV tables (confusion matrix, per-class report, ROC, t-SNE, the project's
// stored results compared), and the headline figures printed.
class AnalyseCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
