#pragma once

#include "core/calibration/CalibrationOptions.h"

#include <QString>
#include <array>
#include <vector>

namespace kinemark {

// The fit of van Hees et al. (2014) on the means of still windows: per-axis
// offset and scale such that every corrected mean lies on the unit sphere
// (|a| = 1 g). Each iteration moves every corrected mean to its closest point
// on the sphere and refits each axis by weighted least squares against it;
// weights of 1 / max(residual, 10 mg) keep a few bumped windows from pulling
// the sphere. The fit works in the van Hees form, corrected = offset +
// scale * value (+ temperature * (T - referenceTemperature) where each
// window's temperature is given); AutoCalibrator turns that into the sensor's
// error model.
class CalibrationFit
{
public:
    using Vector = std::array<double, 3>;

    struct Result
    {
        bool ok = false;
        QString refusal; // why not, when !ok: for people, naming the axes and counts
        Vector offset{0.0, 0.0, 0.0};
        Vector scale{1.0, 1.0, 1.0};
        // The temperature term: per axis, g per degree C away from the
        // reference (the still windows' mean temperature); zero when unused.
        Vector temperature{0.0, 0.0, 0.0};
        double referenceTemperature = 0;
        bool temperatureUsed = false;
        // Why the temperature term was left out although temperatures were
        // given (too narrow a range); empty otherwise.
        QString temperatureNote;
        int iterations = 0;
        bool converged = false;
        double errorBeforeMg = 0; // mean | |a| - 1 g | of the means as given
        double errorAfterMg = 0;  // the same after the fit
    };

    // `means` in g (or scaled to about 1 g). Refuses when the means do not span
    // enough orientations (options.minSideG on both sides of every axis), when
    // there are fewer than 4 of them, or when the fit does not give finite,
    // positive scales. `temperatures` (one per mean, degrees C, or nullptr)
    // adds the temperature term when they spread by options.minTemperatureSdC
    // or more.
    static Result fit(const std::vector<Vector>& means, const CalibrationOptions& options,
                      const std::vector<double>* temperatures = nullptr);
    // Mean | |offset + scale * m| - 1 | over `means`, in mg (with `r`'s
    // temperature term when it has one and `temperatures` are given).
    static double errorMg(const std::vector<Vector>& means, const Vector& offset,
                          const Vector& scale);
    static double errorMg(const std::vector<Vector>& means, const Result& r,
                          const std::vector<double>* temperatures);
    // Empty when every axis has a mean above +minSideG and one below -minSideG;
    // otherwise which sides are missing ("x below -0.3 g, z above +0.3 g").
    static QString missingOrientations(const std::vector<Vector>& means, double minSideG);
};

} // namespace kinemark
