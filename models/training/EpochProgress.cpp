#include "models/training/EpochProgress.h"

#include "models/TrainingError.h"

#include <cmath>

namespace kinemark {

EpochProgress::EpochProgress(int epoch, int epochs, int batches)
    : m_epoch(epoch), m_epochs(epochs), m_batches(batches)
{}

TrainingProgress EpochProgress::report(int epoch, int epochs, int batch, int batches,
                                       const QMap<QString, double>& losses,
                                       const TrainingObserver& observer, const JobControl* job,
                                       const QString& what)
{
    TrainingProgress progress;
    progress.epoch = epoch;
    progress.epochs = epochs;
    progress.batch = batch;
    progress.batches = batches;
    progress.losses = losses;
    if (observer)
        observer(progress);
    reportProgress(job, progress.fraction(), what);
    return progress;
}

TrainingProgress EpochProgress::batch(int batch, const QMap<QString, double>& losses,
                                      const TrainingObserver& observer, const JobControl* job,
                                      const QString& what)
{
    for (auto it = losses.begin(); it != losses.end(); ++it)
        m_sums[it.key()] += it.value();
    return report(m_epoch, m_epochs, batch, m_batches, losses, observer, job, what);
}

TrainingProgress EpochProgress::batch(int batch, const Terms& terms, double total,
                                      const TrainingObserver& observer, const JobControl* job)
{
    QMap<QString, double> losses;
    for (const auto& [name, value] : terms)
        losses[name] = name == terms.front().first ? total : value;
    return this->batch(batch, losses, observer, job);
}

TrainingProgress EpochProgress::end() const
{
    TrainingProgress end;
    end.epoch = m_epoch;
    end.epochs = m_epochs;
    end.batch = end.batches = m_batches;
    end.epochEnd = true;
    for (auto it = m_sums.begin(); it != m_sums.end(); ++it)
        end.losses[it.key()] = it.value() / m_batches;
    return end;
}

void EpochProgress::requireFiniteLoss(double total, int batch, double lr, const Terms& terms) const
{
    if (std::isfinite(total))
        return;
    QString became = QStringLiteral("%1").arg(total);
    if (!terms.empty()) {
        QStringList parts;
        for (const auto& [name, value] : terms)
            parts << QStringLiteral("%1 %2").arg(name).arg(value);
        became = QStringLiteral("%1 (%2)").arg(std::isnan(total) ? QStringLiteral("NaN")
                                                                 : QStringLiteral("infinite"),
                                               parts.join(QStringLiteral(", ")));
    }
    throw TrainingError(QStringLiteral("training stopped at epoch %1, batch %2: the loss became "
                                       "%3. Try a lower learning rate (lr, now %4).")
                            .arg(m_epoch)
                            .arg(batch)
                            .arg(became)
                            .arg(lr)
                            .toStdString());
}

} // namespace kinemark
