#pragma once

#include "core/analysis/ClassificationMetrics.h"
#include "models/training/TrainingObserver.h"

#include <QByteArray>
#include <QJsonObject>
#include <functional>

namespace kinemark {

// Which epoch's weights a classifier keeps, and when its training stops: the
// epoch with the best validation macro F1 (the latest one without validation
// subjects), and an early stop after `patience` epochs without improvement
// (0: never). Every classifier's trainer ends its epochs through it, so that
// they all choose and stop alike.
class EpochSelection
{
public:
    EpochSelection(int epochs, int patience);

    // Runs epochs 1 to `epochs`, or until an early stop: `epoch(e)` trains
    // epoch e and returns its end report; `validate` (empty without
    // validation subjects) judges the network after it; `weights` gives the
    // weights to keep when the epoch is the best so far. Every epoch's end,
    // with its validation figures and the early stop's message, goes to the
    // observer.
    void run(const std::function<TrainingProgress(int)>& epoch,
             const std::function<ClassificationMetrics()>& validate,
             const std::function<QByteArray()>& weights, const TrainingObserver& observer);

    const QByteArray& bestWeights() const { return m_bestWeights; }

    // The model file's validation summary: the best epoch's metrics, the
    // validation subjects and the best epoch.
    QJsonObject validationSummary(const std::vector<int32_t>& classIds,
                                  const QStringList& subjects) const;

private:
    // Closes the epoch that `end` reports (`validation` null without
    // validation subjects); returns whether training stops here.
    bool closeEpoch(TrainingProgress& end, const ClassificationMetrics* validation,
                    const std::function<QByteArray()>& weights, const TrainingObserver& observer);

    int m_epochs;
    int m_patience;
    QByteArray m_bestWeights;
    double m_bestF1 = -1;
    ClassificationMetrics m_bestMetrics;
    int m_bestEpoch = 0;
    int m_sinceBest = 0;
};

} // namespace kinemark
