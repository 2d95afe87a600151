#include "core/calibration/StillPeriodFinder.h"

#include <cmath>

namespace kinemark {

std::vector<StillPeriodFinder::Window> StillPeriodFinder::windows(const float* x, const float* y,
                                                                  const float* z, size_t count,
                                                                  size_t windowSamples,
                                                                  const JobControl* job)
{
    std::vector<Window> out;
    if (windowSamples < 2 || count < windowSamples)
        return out;
    const size_t n = count / windowSamples;
    out.reserve(n);
    const float* axes[3] = {x, y, z};
    for (size_t w = 0; w < n; ++w) {
        if ((w & 1023) == 0) {
            throwIfCancelled(job);
            reportProgress(job, double(w) / double(n));
        }
        Window win;
        win.start = w * windowSamples;
        bool allConstant = true;
        for (int a = 0; a < 3; ++a) {
            const float* p = axes[a] + win.start;
            // Sums about the window's first value: a counts offset of thousands
            // would otherwise cancel the variance of a few counts away.
            const double ref = double(p[0]);
            double sum = 0, sumSq = 0;
            bool constant = true;
            for (size_t i = 0; i < windowSamples; ++i) {
                const double d = double(p[i]) - ref;
                sum += d;
                sumSq += d * d;
                constant = constant && p[i] == p[0];
            }
            allConstant = allConstant && constant;
            const double m = sum / double(windowSamples);
            const double var = std::max(0.0, (sumSq - sum * m) / double(windowSamples - 1));
            win.mean[size_t(a)] = ref + m;
            win.sd[size_t(a)] = std::sqrt(var);
            // NaN and infinity propagate into the sums; absurd finite values
            // (1e38) stay finite in double and fail the SD test instead.
            if (!std::isfinite(win.mean[size_t(a)]) || !std::isfinite(win.sd[size_t(a)]))
                win.finite = false;
        }
        win.constant = allConstant;
        out.push_back(win);
    }
    reportProgress(job, 1.0);
    return out;
}

std::vector<StillPeriodFinder::Window> StillPeriodFinder::still(const std::vector<Window>& all,
                                                                double maxSd)
{
    std::vector<Window> out;
    for (const Window& w : all) {
        if (!w.finite || w.constant)
            continue;
        if (w.sd[0] < maxSd && w.sd[1] < maxSd && w.sd[2] < maxSd)
            out.push_back(w);
    }
    return out;
}

} // namespace kinemark
