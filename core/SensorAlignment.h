#pragma once

#include "DeviceSamples.h"
#include "DeviceTimeline.h"

#include <QString>

namespace kinemark {

// Suggests the clock offset between two sensors worn by one person: the shift
// of `other`'s times that best lines up its acceleration magnitude with the
// reference's. Both magnitudes are averaged into bins (10 Hz for the coarse
// search over +-maxLagS around `initialOffsetS`, then 50 Hz within +-0.3 s of the
// coarse peak), gravity and posture are removed by subtracting a 2 s moving
// mean, and the normalised cross-correlation is maximised over the first
// `windowS` seconds that both sensors cover. Movement (walking, standing up)
// moves both sensors at once; rest gives nothing to align, which shows as a low
// correlation.
class SensorAlignment
{
public:
    struct Suggestion
    {
        bool found = false;
        double offsetS = 0;      // add to `other`'s clock
        double correlation = 0;  // normalised peak, 0..1
        QString note;            // why nothing was found, or how sure
    };

    static Suggestion suggest(const DeviceSamples& reference, const DeviceTimeline& referenceTimeline,
                              const DeviceSamples& other, const DeviceTimeline& otherTimeline,
                              double initialOffsetS = 0, double maxLagS = 60,
                              double windowS = 2 * 3600.0);
};

} // namespace kinemark
