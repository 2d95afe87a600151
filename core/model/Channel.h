#pragma once

#include <QString>
#include <vector>

namespace kinemark {

// One measured quantity of one sensor as a contiguous float column
// (e.g. the thigh accelerometer's x axis in g). Columns are the unit of storage
// everywhere: readers parse straight into them, views and models read them
// without copying.
struct Channel
{
    QString name;     // "x", "y", "z" (axis within the sensor's quantity), or any name
    QString quantity; // "acc" (g), "gyro" (rad/s), ...
    QString unit;     // "g", "rad/s", ...
    std::vector<float> samples;
};

} // namespace kinemark
