#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace kinemark {

// SelfPAB's pre-training learning rate: a linear warm-up from peak / warmupSteps
// to `peak` over the first warmupFraction of the steps (7 %), then a linear
// decay to `final` (1e-6) at the last step. FusedAdam takes it step by step.
class WarmupLinearDecay
{
public:
    WarmupLinearDecay(double peak, double final, double warmupFraction, int64_t totalSteps)
        : m_peak(peak), m_final(final), m_total(std::max<int64_t>(1, totalSteps)),
          m_warmup(std::max<int64_t>(1, int64_t(std::ceil(warmupFraction * double(m_total)))))
    {}

    int64_t warmupSteps() const { return m_warmup; }
    // The rate of step `step` (0-based).
    double at(int64_t step) const
    {
        if (step < m_warmup)
            return m_peak * double(step + 1) / double(m_warmup);
        const int64_t decaySteps = m_total - m_warmup;
        if (decaySteps <= 1)
            return m_peak;
        const double t = std::min(1.0, double(step - m_warmup) / double(decaySteps - 1));
        return m_peak + (m_final - m_peak) * t;
    }

private:
    double m_peak, m_final;
    int64_t m_total, m_warmup;
};

} // namespace kinemark
