#include "core/demo/DemoRandom.h"

#include "core/base/SeededRandom.h"
#include "core/demo/DeterministicMath.h"
#include "core/demo/SineTable.h"

#include <algorithm>
#include <cmath>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace kinemark::demo {

DemoRandom::DemoRandom(uint64_t seed) : m_irwinHallScale(1.0 / std::sqrt(4294967295.0 / 3.0))
{
    uint64_t s = seed;
    for (uint64_t& w : m_s)
        w = splitmix64(s);
}

int DemoRandom::index(int n)
{
    return std::min(n - 1, int(uniform() * n));
}

double DemoRandom::normal()
{
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spare;
    }
    const double u1 = 1.0 - uniform(); // (0, 1]
    const double u2 = uniform();
    const double r = std::sqrt(-2 * detLog(u1));
    m_spare = r * SineTable::instance().sinCycles(u2);
    m_hasSpare = true;
    return r * SineTable::instance().cosCycles(u2);
}

double DemoRandom::duration(double median, double sigma, double lo, double hi)
{
    return std::clamp(median * detExp(sigma * normal()), lo, hi);
}

double DemoRandom::exponential(double mean)
{
    return -mean * detLog(1.0 - uniform());
}

} // namespace kinemark::demo
