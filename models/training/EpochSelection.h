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

    // Closes the epoch that `end` reports: `validation` is its validation
    // metrics, or null without validation subjects. When the epoch is the best
    // so far, keeps `weights()`. Fills the validation figures and the early
    // stop's message into `end`, reports it to the observer, and returns
    // whether training stops here.
    bool closeEpoch(TrainingProgress& end, const ClassificationMetrics* validation,
                    const std::function<QByteArray()>& weights, const TrainingObserver& observer);

    const QByteArray& bestWeights() const { return m_bestWeights; }

    // The model file's validation summary: the best epoch's metrics, the
    // validation subjects and the best epoch.
    QJsonObject validationSummary(const std::vector<int32_t>& classIds,
                                  const QStringList& subjects) const;

private:
    int m_epochs;
    int m_patience;
    QByteArray m_bestWeights;
    double m_bestF1 = -1;
    ClassificationMetrics m_bestMetrics;
    int m_bestEpoch = 0;
    int m_sinceBest = 0;
};

} // namespace kinemark
