#pragma once

#include "core/base/JobControl.h"
#include "models/training/TrainingObserver.h"

#include <limits>
#include <utility>
#include <vector>

namespace kinemark {

// One training epoch as the observer and the job see it: every batch's loss
// terms as they come, their means at the epoch's end, and the error that
// stops a run whose loss is no longer a number. Every trainer reports through
// it, so that progress bars, curves and messages look the same for all models.
class EpochProgress
{
public:
    // A loss term's name and value, in the objective's order (the total first).
    using Terms = std::vector<std::pair<QString, double>>;

    EpochProgress(int epoch, int epochs, int batches);

    // Reports batch `batch` (1-based) with `losses` to the observer and the
    // job (with `what`), without counting them into the epoch's means.
    static TrainingProgress report(int epoch, int epochs, int batch, int batches,
                                   const QMap<QString, double>& losses,
                                   const TrainingObserver& observer, const JobControl* job,
                                   const QString& what = QString());

    // Reports batch `batch` and counts its losses into the epoch's means.
    TrainingProgress batch(int batch, const QMap<QString, double>& losses,
                           const TrainingObserver& observer, const JobControl* job,
                           const QString& what = QString());
    // The same for an objective's terms; the first is reported as `total`
    // (the value the step really took, which a test hook may have changed).
    TrainingProgress batch(int batch, const Terms& terms, double total,
                           const TrainingObserver& observer, const JobControl* job);

    // The epoch's end: the mean of every loss over the epoch's batches.
    TrainingProgress end() const;

    // Throws TrainingError when `total` is NaN or infinite, saying where and
    // what to try; with `terms`, names the value of each term.
    void requireFiniteLoss(double total, int batch, double lr, const Terms& terms = {}) const;

    // The loss an objective's step takes, from its terms (pairs of a name and
    // a scalar tensor, the total first): the total's value, or NaN when
    // `hookNan` (the debug_nan_at_step test hook: what a diverging run looks
    // like). Throws as requireFiniteLoss when it is not finite; `values`
    // receives every term's value.
    template <typename TensorTerms>
    double stepLoss(const TensorTerms& terms, int batch, double lr, bool hookNan,
                    Terms& values) const
    {
        const double total = hookNan ? std::numeric_limits<double>::quiet_NaN()
                                     : terms.front().second.template item<double>();
        values.clear();
        for (const auto& [name, value] : terms)
            values.emplace_back(name, value.template item<double>());
        requireFiniteLoss(total, batch, lr, values);
        return total;
    }

private:
    int m_epoch;
    int m_epochs;
    int m_batches;
    QMap<QString, double> m_sums;
};

} // namespace kinemark
