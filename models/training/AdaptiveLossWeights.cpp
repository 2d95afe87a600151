#include "models/training/AdaptiveLossWeights.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kinemark {

AdaptiveLossWeights::AdaptiveLossWeights(int terms, double step, double minimum, double maximum)
    : m_weights(size_t(std::max(terms, 1)), 1.0 / std::max(terms, 1)), m_step(step),
      m_minimum(minimum), m_maximum(maximum), m_previousAccuracy(0)
{
    if (terms < 2 || step < 0 || minimum < 0 || maximum > 1 || minimum * terms > 1 ||
        maximum * terms < 1)
        throw std::invalid_argument(
            "adaptive loss weights need at least two terms, a step >= 0 and bounds "
            "that admit uniform weights");
    m_history.push_back(m_weights);
}

void AdaptiveLossWeights::update(double accuracy)
{
    if (std::isnan(accuracy))
        return;
    if (m_hasPrevious) {
        // Ties within rounding (weights that moved away and back) count as equal.
        const double tolerance = 1e-9;
        const double largest = *std::max_element(m_weights.begin(), m_weights.end());
        const double smallest = *std::min_element(m_weights.begin(), m_weights.end());
        auto largestAt = m_weights.begin();
        while (*largestAt < largest - tolerance)
            ++largestAt;
        auto smallestAt = m_weights.end() - 1;
        while (*smallestAt > smallest + tolerance)
            --smallestAt;
        const bool improved = accuracy > m_previousAccuracy;
        auto from = improved ? largestAt : smallestAt;
        auto to = improved ? smallestAt : largestAt;
        if (from != to) {
            const double amount =
                std::max(0.0, std::min({m_step, *from - m_minimum, m_maximum - *to}));
            *from -= amount;
            *to += amount;
        }
    }
    m_previousAccuracy = accuracy;
    m_hasPrevious = true;
    m_history.push_back(m_weights);
}

} // namespace kinemark
