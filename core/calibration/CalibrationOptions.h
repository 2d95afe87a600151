#pragma once

namespace kinemark {

// What automatic calibration of raw accelerometers does (van Hees et al. 2014,
// J Appl Physiol: "Autocalibration of accelerometer data for free-living
// physical activity assessment using local gravity and temperature"). The
// defaults are the method's: 10 s windows, still when every axis' SD is below
// 13 mg, each axis seen above +0.3 g and below -0.3 g.
struct CalibrationOptions
{
    // Off by default: data already in g are left as read unless the user asks.
    bool enabled = false;
    // The values' scale is unknown (raw counts without a counts-per-g): the
    // first estimate of 1 g is the still windows' median magnitude.
    bool unknownScale = false;
    double windowSeconds = 10.0;
    double stillSdG = 0.013;
    // Both sides of every axis must be seen beyond this in still windows, or
    // the offsets and gains are not determined and the fit is refused.
    double minSideG = 0.3;
    // Still windows whose mean magnitude is this far from 1 g (after the
    // initial scale) are no gravity reading: clipped, or a shock.
    double maxMagnitudeErrorG = 0.5;
    // The temperature term is fitted only when the still windows' temperatures
    // spread at least this much (standard deviation): over a narrower range
    // the coefficients are mostly noise, and would be extrapolated to the
    // warmer or colder moving periods.
    double minTemperatureSdC = 0.5;
    int maxIterations = 1000;
    // The fit stops when no offset (g) or gain moves more than this.
    double tolerance = 1e-10;
};

} // namespace kinemark
