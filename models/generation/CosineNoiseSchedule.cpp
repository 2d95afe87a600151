#include "models/generation/CosineNoiseSchedule.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kinemark {

CosineNoiseSchedule::CosineNoiseSchedule(int steps, double offset, double maxBeta)
    : m_steps(steps), m_offset(offset), m_alphaBar(size_t(std::max(steps, 0) + 1), 1.0),
      m_beta(size_t(std::max(steps, 0) + 1), 0.0)
{
    if (steps < 1)
        throw std::invalid_argument("a noise schedule needs at least one step");
    for (int t = 1; t <= steps; ++t) {
        m_beta[size_t(t)] = std::min(maxBeta, 1 - formula(t) / formula(t - 1));
        m_alphaBar[size_t(t)] = m_alphaBar[size_t(t - 1)] * (1 - m_beta[size_t(t)]);
    }
}

double CosineNoiseSchedule::formula(double t) const
{
    const auto f = [&](double u) {
        const double c = std::cos((u / m_steps + m_offset) / (1 + m_offset) * M_PI / 2);
        return c * c;
    };
    return f(t) / f(0);
}

std::vector<int> CosineNoiseSchedule::samplingTimesteps(int count) const
{
    count = std::clamp(count, 1, m_steps);
    std::vector<int> out;
    for (int i = 1; i <= count; ++i) {
        const int t = int(std::lround(double(i) * m_steps / count));
        if (out.empty() || t > out.back())
            out.push_back(t);
    }
    return out;
}

} // namespace kinemark
