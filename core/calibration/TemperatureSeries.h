#pragma once

#include <QString>
#include <cstdint>
#include <vector>

namespace kinemark {

// A device's temperature readings on a recording's time base: sparse (one per
// .cwa block or GENEActiv page, every second or two), by the index of the
// recording sample they belong to. Accelerometer offsets drift with
// temperature (van Hees et al. 2014), so the calibration fit takes each still
// window's temperature; the readings themselves are not kept as a channel,
// which would change what models and views see of a recording.
struct TemperatureSeries
{
    QString sensor;              // the recording's sensor the readings belong to
    std::vector<int64_t> sample; // recording sample of each reading, increasing
    std::vector<float> celsius;  // the readings, finite

    bool isEmpty() const { return sample.empty(); }
    // Appends a reading; ignored when not after the last one or not finite,
    // so that the series stays increasing whatever a file's blocks say.
    void append(int64_t at, double value);
    // The temperature at `at` (a recording sample, fractional): linear between
    // the readings around it, held before the first and after the last. NaN
    // when the series is empty.
    double at(double at) const;
    // The mean of the readings in samples [start, start + count); the value at
    // the middle when none falls inside (readings sparser than the window).
    double meanOver(int64_t start, int64_t count) const;
    // Lowest and highest reading (NaN, NaN when empty).
    std::pair<double, double> range() const;
};

} // namespace kinemark
