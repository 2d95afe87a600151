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
    if (means.empty())
        return 0;
    double sum = 0;
    for (const Vector& m : means) {
        const Vector c{offset[0] + scale[0] * m[0], offset[1] + scale[1] * m[1],
                       offset[2] + scale[2] * m[2]};
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
                                           const CalibrationOptions& options)
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
    std::vector<double> weight(n, 1.0);
    std::vector<Vector> target(n);
    Vector offset{0.0, 0.0, 0.0}, scale{1.0, 1.0, 1.0};
    const int maxIterations = std::max(1, options.maxIterations);
    for (int it = 0; it < maxIterations; ++it) {
        // Closest points on the unit sphere and the weights from the residuals.
        for (size_t i = 0; i < n; ++i) {
            Vector c;
            for (size_t a = 0; a < 3; ++a)
                c[a] = offset[a] + scale[a] * means[i][a];
            const double len = norm(c);
            Vector t = c;
            if (len > 1e-12)
                for (size_t a = 0; a < 3; ++a)
                    t[a] = c[a] / len;
            target[i] = t;
            const double residual = std::abs(len - 1.0);
            weight[i] = 1.0 / std::max(residual, 0.01);
        }
        // Weighted least squares per axis: target = offset + scale * mean.
        Vector newOffset = offset, newScale = scale;
        for (size_t a = 0; a < 3; ++a) {
            double sw = 0, sx = 0, st = 0;
            for (size_t i = 0; i < n; ++i) {
                sw += weight[i];
                sx += weight[i] * means[i][a];
                st += weight[i] * target[i][a];
            }
            const double mx = sx / sw, mt = st / sw;
            double sxx = 0, sxt = 0;
            for (size_t i = 0; i < n; ++i) {
                const double dx = means[i][a] - mx;
                sxx += weight[i] * dx * dx;
                sxt += weight[i] * dx * (target[i][a] - mt);
            }
            if (!(sxx > 0))
                break;
            newScale[a] = sxt / sxx;
            newOffset[a] = mt - newScale[a] * mx;
        }
        double change = 0;
        for (size_t a = 0; a < 3; ++a)
            change = std::max(
                {change, std::abs(newOffset[a] - offset[a]), std::abs(newScale[a] - scale[a])});
        offset = newOffset;
        scale = newScale;
        r.iterations = it + 1;
        // NaN compares false: a diverging fit stops here, and is refused below.
        if (!(change >= options.tolerance)) {
            r.converged = std::isfinite(change);
            break;
        }
    }
    for (size_t a = 0; a < 3; ++a) {
        if (!std::isfinite(offset[a]) || !std::isfinite(scale[a]) || !(scale[a] > 0)) {
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
    r.errorAfterMg = errorMg(means, offset, scale);
    return r;
}

} // namespace kinemark
