#pragma once

#include "core/io/devices/DeviceSamples.h"
#include "core/io/devices/DeviceTimeline.h"

#include <QString>

namespace kinemark {

// Suggests the clock offset between two sensors worn by one person: the shift
// of `other`'s times that best lines up its acceleration magnitude with the
// reference's. Both magnitudes are averaged into bins. The coarse search, over
// +-maxLagS around `initialOffsetS` in 10 Hz bins, correlates movement onsets
// (the 0.5 s mean of the magnitude's absolute change from bin to bin, 30 s
// baseline removed), which a thigh and a lower back share even though their
// waveforms differ. The fine search, in 50 Hz bins within +-0.3 s of the coarse peak,
// correlates the magnitude itself with a 2 s moving mean removed, and is kept
// only where it correlates clearly (>= 0.5): two places on the body rarely
// move with the same waveform. Both maximise the normalised cross-correlation
// over the `windowS` seconds of the two sensors' overlap in which the
// reference moves most (a week often starts with a night). Rest gives nothing
// to align, which shows as a low correlation.
class SensorAlignment
{
public:
    struct Suggestion
    {
        bool found = false;
        double offsetS = 0;     // add to `other`'s clock
        double correlation = 0; // normalised peak, 0..1
        QString note;           // why nothing was found, or how sure
    };

    static Suggestion suggest(const DeviceSamples& reference,
                              const DeviceTimeline& referenceTimeline, const DeviceSamples& other,
                              const DeviceTimeline& otherTimeline, double initialOffsetS = 0,
                              double maxLagS = 60, double windowS = 2 * 3600.0);
};

} // namespace kinemark
