#include "core/calibration/TemperatureSeries.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kinemark {

void TemperatureSeries::append(int64_t at, double value)
{
    if (!std::isfinite(value) || (!sample.empty() && at <= sample.back()))
        return;
    sample.push_back(at);
    celsius.push_back(float(value));
}

double TemperatureSeries::at(double s) const
{
    if (sample.empty())
        return std::numeric_limits<double>::quiet_NaN();
    if (s <= double(sample.front()))
        return celsius.front();
    if (s >= double(sample.back()))
        return celsius.back();
    // The first reading after s; s lies between it and the one before.
    const auto next = std::upper_bound(sample.begin(), sample.end(), int64_t(std::floor(s)));
    const size_t i = size_t(next - sample.begin());
    const double s0 = double(sample[i - 1]), s1 = double(sample[i]);
    const double f = (s - s0) / (s1 - s0);
    return double(celsius[i - 1]) + f * (double(celsius[i]) - double(celsius[i - 1]));
}

double TemperatureSeries::meanOver(int64_t start, int64_t count) const
{
    const auto first = std::lower_bound(sample.begin(), sample.end(), start);
    const auto end = std::lower_bound(first, sample.end(), start + count);
    if (first == end)
        return at(double(start) + 0.5 * double(count));
    double sum = 0;
    for (auto it = first; it != end; ++it)
        sum += double(celsius[size_t(it - sample.begin())]);
    return sum / double(end - first);
}

std::pair<double, double> TemperatureSeries::range() const
{
    if (celsius.empty())
        return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    const auto mm = std::minmax_element(celsius.begin(), celsius.end());
    return {double(*mm.first), double(*mm.second)};
}

} // namespace kinemark
