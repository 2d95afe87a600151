#pragma once

#include <QMap>
#include <QString>
#include <limits>

namespace kinemark {

// What a training run reports, from its worker thread, after every batch and
// at the end of every epoch.
struct TrainingProgress
{
    int epoch = 0; // 1-based
    int epochs = 0;
    int batch = 0; // 1-based within the epoch
    int batches = 0;
    bool epochEnd = false;
    // Loss terms of the batch, or their epoch means when epochEnd ("cross-entropy", "center", ...);
    // at epoch ends also "training accuracy" and what the objective reports (adaptive loss
    // weights).
    QMap<QString, double> losses;
    double validationMacroF1 =
        std::numeric_limits<double>::quiet_NaN(); // at epoch ends with validation
    double bestValidationMacroF1 = std::numeric_limits<double>::quiet_NaN();
    QString message; // e.g. "early stop: no better validation F1 for 20 epochs"

    double fraction() const
    {
        return epochs > 0 && batches > 0 ? ((epoch - 1) + double(batch) / batches) / epochs : 0.0;
    }
};

} // namespace kinemark
