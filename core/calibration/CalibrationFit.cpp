#include "core/calibration/CalibrationFit.h"

#include <QStringList>
#include <algorithm>
#include <cmath>

namespace kinemark {

namespace {
double norm(const CalibrationFit::Vector& v)
{
    return std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}
} // namespace

double CalibrationFit::errorMg(const std::vector<Vector>& means, const Vector& offset,
                               const Vector& scale)
{
    Result r;
    r.offset = offset;
    r.scale = scale;
    return errorMg(means, r, nullptr);
}

double CalibrationFit::errorMg(const std::vector<Vector>& means, const Result& r,
                               const std::vector<double>* temperatures)
{
    if (means.empty())
        return 0;
    const bool warm = r.temperatureUsed && temperatures && temperatures->size() == means.size();
    double sum = 0;
    for (size_t i = 0; i < means.size(); ++i) {
        const double dT = warm ? (*temperatures)[i] - r.referenceTemperature : 0.0;
        Vector c;
        for (size_t a = 0; a < 3; ++a)
            c[a] = r.offset[a] + r.scale[a] * means[i][a] + r.temperature[a] * dT;
        sum += std::abs(norm(c) - 1.0);
    }
    return 1000.0 * sum / double(means.size());
}

QString CalibrationFit::missingOrientations(const std::vector<Vector>& means, double minSideG)
{
    QStringList missing;
    const char* names[3] = {"x", "y", "z"};
    for (int a = 0; a < 3; ++a) {
        bool above = false, below = false;
        for (const Vector& m : means) {
            above = above || m[size_t(a)] > minSideG;
            below = below || m[size_t(a)] < -minSideG;
        }
        if (!above)
            missing << QStringLiteral("%1 above +%2 g").arg(QLatin1String(names[a])).arg(minSideG);
        if (!below)
            missing << QStringLiteral("%1 below -%2 g").arg(QLatin1String(names[a])).arg(minSideG);
    }
    return missing.join(QStringLiteral(", "));
}

CalibrationFit::Result CalibrationFit::fit(const std::vector<Vector>& means,
                                           const CalibrationOptions& options,
                                           const std::vector<double>* temperatures)
{
    Result r;
    r.errorBeforeMg = errorMg(means, r.offset, r.scale);
    r.errorAfterMg = r.errorBeforeMg;
    const QString missing = missingOrientations(means, options.minSideG);
    if (!missing.isEmpty()) {
        r.refusal = QStringLiteral("the still periods do not span enough orientations: %1 still "
                                   "window(s) found, none with %2")
                        .arg(means.size())
                        .arg(missing);
        return r;
    }
    // Six unknowns: fewer windows than that (both sides of three axes need six)
    // cannot have passed the check above, but say so rather than rely on it.
    if (means.size() < 6) {
        r.refusal = QStringLiteral("only %1 still window(s) found; at least 6 are needed")
                        .arg(means.size());
        return r;
    }
    const size_t n = means.size();
    // The temperature term, where the windows' temperatures say anything.
    std::vector<double> dT(n, 0.0);
    bool warm = false;
    if (temperatures && temperatures->size() == n) {
        double mean = 0;
        for (double t : *temperatures)
            mean += t;
        mean /= double(n);
        double var = 0;
        for (double t : *temperatures)
            var += (t - mean) * (t - mean);
        const double sd = std::sqrt(var / double(n));
        // A temperature that rises and falls with the posture (a device that
        // warms whenever it lies one way up) cannot be told from a gain: the
        // fit would trade one for the other. Left out then, and said so.
        double worst = 0;
        for (size_t a = 0; a < 3 && sd > 0; ++a) {
            double mx = 0;
            for (const Vector& m : means)
                mx += m[a];
            mx /= double(n);
            double sxx = 0, sxt = 0;
            for (size_t i = 0; i < n; ++i) {
                sxx += (means[i][a] - mx) * (means[i][a] - mx);
                sxt += (means[i][a] - mx) * ((*temperatures)[i] - mean);
            }
            if (sxx > 0)
                worst = std::max(worst, std::abs(sxt) / std::sqrt(sxx * var));
        }
        if (std::isfinite(sd) && sd >= options.minTemperatureSdC && worst > 0.98) {
            r.temperatureNote = QStringLiteral("the still periods' temperature follows the "
                                               "posture (correlation %1), so it cannot be told "
                                               "from a gain")
                                    .arg(worst, 0, 'f', 3);
        } else if (std::isfinite(sd) && sd >= options.minTemperatureSdC) {
            warm = true;
            r.referenceTemperature = mean;
            for (size_t i = 0; i < n; ++i)
                dT[i] = (*temperatures)[i] - mean;
        } else {
            r.temperatureNote =
                QStringLiteral("the still periods' temperature varies too little (SD %1 C, "
                               "needs %2 C)")
                    .arg(sd, 0, 'f', 2)
                    .arg(options.minTemperatureSdC);
        }
    }
    std::vector<double> weight(n, 1.0);
    std::vector<Vector> target(n);
    Vector offset{0.0, 0.0, 0.0}, scale{1.0, 1.0, 1.0}, tempCoef{0.0, 0.0, 0.0};
    const int maxIterations = std::max(1, options.maxIterations);
    for (int it = 0; it < maxIterations; ++it) {
        // Closest points on the unit sphere and the weights from the residuals.
        for (size_t i = 0; i < n; ++i) {
            Vector c;
            for (size_t a = 0; a < 3; ++a)
                c[a] = offset[a] + scale[a] * means[i][a] + tempCoef[a] * dT[i];
            const double len = norm(c);
            Vector t = c;
            if (len > 1e-12)
                for (size_t a = 0; a < 3; ++a)
                    t[a] = c[a] / len;
            target[i] = t;
            const double residual = std::abs(len - 1.0);
            weight[i] = 1.0 / std::max(residual, 0.01);
        }
        // Weighted least squares per axis: target = offset + scale * mean
        // (+ coefficient * dT), about the weighted means so that a counts
        // offset of thousands does not swamp the normal equations.
        Vector newOffset = offset, newScale = scale, newTemp = tempCoef;
        bool solved = true;
        for (size_t a = 0; a < 3 && solved; ++a) {
            double sw = 0, sx = 0, st = 0, sd = 0;
            for (size_t i = 0; i < n; ++i) {
                sw += weight[i];
                sx += weight[i] * means[i][a];
                st += weight[i] * target[i][a];
                sd += weight[i] * dT[i];
            }
            const double mx = sx / sw, mt = st / sw, md = sd / sw;
            double sxx = 0, sxt = 0, sdd = 0, sxd = 0, sdt = 0;
            for (size_t i = 0; i < n; ++i) {
                const double dx = means[i][a] - mx, dd = dT[i] - md, dt = target[i][a] - mt;
                sxx += weight[i] * dx * dx;
                sxt += weight[i] * dx * dt;
                sdd += weight[i] * dd * dd;
                sxd += weight[i] * dx * dd;
                sdt += weight[i] * dd * dt;
            }
            if (!warm) {
                if (!(sxx > 0)) {
                    solved = false;
                    break;
                }
                newScale[a] = sxt / sxx;
                newOffset[a] = mt - newScale[a] * mx;
                continue;
            }
            // Two regressors (value, temperature): Cramer's rule on the 2x2
            // system; a temperature that moves with the posture leaves it singular.
            const double det = sxx * sdd - sxd * sxd;
            if (!(det > 1e-12 * sxx * sdd)) {
                solved = false;
                break;
            }
            newScale[a] = (sxt * sdd - sdt * sxd) / det;
            newTemp[a] = (sdt * sxx - sxt * sxd) / det;
            newOffset[a] = mt - newScale[a] * mx - newTemp[a] * md;
        }
        if (!solved)
            break;
        double change = 0;
        for (size_t a = 0; a < 3; ++a)
            change =
                std::max({change, std::abs(newOffset[a] - offset[a]),
                          std::abs(newScale[a] - scale[a]), std::abs(newTemp[a] - tempCoef[a])});
        offset = newOffset;
        scale = newScale;
        tempCoef = newTemp;
        r.iterations = it + 1;
        // NaN compares false: a diverging fit stops here, and is refused below.
        if (!(change >= options.tolerance)) {
            r.converged = std::isfinite(change);
            break;
        }
    }
    for (size_t a = 0; a < 3; ++a) {
        if (!std::isfinite(offset[a]) || !std::isfinite(scale[a]) || !(scale[a] > 0) ||
            !std::isfinite(tempCoef[a])) {
            r.refusal = QStringLiteral("the fit did not converge to a usable calibration (axis "
                                       "%1: offset %2, scale %3)")
                            .arg(QLatin1Char("xyz"[a]))
                            .arg(offset[a])
                            .arg(scale[a]);
            return r;
        }
    }
    r.ok = true;
    r.offset = offset;
    r.scale = scale;
    r.temperature = tempCoef;
    r.temperatureUsed = warm;
    r.errorAfterMg = errorMg(means, r, temperatures);
    return r;
}

} // namespace kinemark
