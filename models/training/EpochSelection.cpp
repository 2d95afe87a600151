#include "models/training/EpochSelection.h"

#include <QJsonArray>

namespace kinemark {

EpochSelection::EpochSelection(int epochs, int patience) : m_epochs(epochs), m_patience(patience) {}

void EpochSelection::run(const std::function<TrainingProgress(int)>& epoch,
                         const std::function<ClassificationMetrics()>& validate,
                         const std::function<QByteArray()>& weights,
                         const TrainingObserver& observer)
{
    for (int e = 1; e <= m_epochs; ++e) {
        TrainingProgress end = epoch(e);
        const ClassificationMetrics m = validate ? validate() : ClassificationMetrics();
        if (closeEpoch(end, validate ? &m : nullptr, weights, observer))
            break;
    }
}

bool EpochSelection::closeEpoch(TrainingProgress& end, const ClassificationMetrics* validation,
                                const std::function<QByteArray()>& weights,
                                const TrainingObserver& observer)
{
    bool improved = true; // without validation the latest weights are the best we know
    if (validation) {
        end.validationMacroF1 = validation->macroF1;
        improved = validation->macroF1 > m_bestF1;
        if (improved) {
            m_bestF1 = validation->macroF1;
            m_bestMetrics = *validation;
        }
    }
    if (improved) {
        m_bestWeights = weights();
        m_bestEpoch = end.epoch;
        m_sinceBest = 0;
    } else {
        ++m_sinceBest;
    }
    end.bestValidationMacroF1 = m_bestF1 >= 0 ? m_bestF1 : std::numeric_limits<double>::quiet_NaN();
    const bool stop = m_patience > 0 && m_sinceBest >= m_patience && end.epoch < m_epochs;
    if (stop)
        end.message =
            QStringLiteral("early stop after epoch %1: no better validation macro F1 for %2 epochs")
                .arg(end.epoch)
                .arg(m_patience);
    if (observer)
        observer(end);
    return stop;
}

QJsonObject EpochSelection::validationSummary(const std::vector<int32_t>& classIds,
                                              const QStringList& subjects) const
{
    QJsonObject v = m_bestMetrics.toJson(classIds);
    v[QStringLiteral("subjects")] = QJsonArray::fromStringList(subjects);
    v[QStringLiteral("best_epoch")] = m_bestEpoch;
    return v;
}

} // namespace kinemark
