#include "core/io/devices/SensorAlignment.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace kinemark {

namespace {

// Mean acceleration magnitude per bin of 1/binRate s over [from, from + bins/binRate)
// (device time + offset); bins without samples are NaN.
std::vector<double> magnitudeBins(const DeviceSamples& s, const DeviceTimeline& tl, double offset,
                                  double from, int64_t bins, double binRate)
{
    std::vector<double> sum(size_t(bins), 0.0);
    std::vector<int> count(size_t(bins), 0);
    if (s.channels.size() < 3)
        return sum;
    const auto& x = s.channels[0].samples;
    const auto& y = s.channels[1].samples;
    const auto& z = s.channels[2].samples;
    const int64_t n = int64_t(x.size());
    for (const auto& p : tl.pieces()) {
        const double pieceStart = p.t0 + offset;
        if (pieceStart >= from + double(bins) / binRate || p.endTime() + offset <= from)
            continue;
        for (int64_t i = p.first; i < p.end && i < n; ++i) {
            const double t = pieceStart + double(i - p.first) * p.period;
            const int64_t b = int64_t(std::floor((t - from) * binRate));
            if (b < 0)
                continue;
            if (b >= bins)
                break;
            sum[size_t(b)] += std::sqrt(double(x[size_t(i)]) * x[size_t(i)] +
                                        double(y[size_t(i)]) * y[size_t(i)] +
                                        double(z[size_t(i)]) * z[size_t(i)]);
            ++count[size_t(b)];
        }
    }
    for (size_t b = 0; b < sum.size(); ++b)
        sum[b] = count[b] ? sum[b] / count[b] : std::nan("");
    return sum;
}

// Subtracts a centred moving mean of `width` bins (gravity, posture); empty bins become 0.
void highPass(std::vector<double>* v, int width)
{
    const size_t n = v->size();
    std::vector<double> prefix(n + 1, 0.0);
    std::vector<int> counts(n + 1, 0);
    for (size_t i = 0; i < n; ++i) {
        const bool ok = !std::isnan((*v)[i]);
        prefix[i + 1] = prefix[i] + (ok ? (*v)[i] : 0.0);
        counts[i + 1] = counts[i] + (ok ? 1 : 0);
    }
    for (size_t i = 0; i < n; ++i) {
        if (std::isnan((*v)[i])) {
            (*v)[i] = 0;
            continue;
        }
        const size_t lo = i >= size_t(width / 2) ? i - size_t(width / 2) : 0;
        const size_t hi = std::min(n, i + size_t(width / 2) + 1);
        const int c = counts[hi] - counts[lo];
        (*v)[i] -= c ? (prefix[hi] - prefix[lo]) / c : 0.0;
    }
}

// Movement onsets: the moving mean over `width` bins of the magnitude's absolute
// change from one bin to the next, with the slow baseline (`baseline` bins)
// removed. Two sensors on one body share when movement starts and stops even
// where their waveforms differ (a thigh and a lower back walk with different
// shapes and phases). (|magnitude - its moving mean| was tried too: on the
// demo pair both leave the same 0.3 s bias.)
void toIntensity(std::vector<double>* v, int width, int baseline)
{
    // |first difference|: onsets and impacts, which reach every sensor at once.
    double previous = v->empty() ? 0.0 : (*v)[0];
    for (double& x : *v) {
        const double current = x;
        x = (std::isnan(current) || std::isnan(previous)) ? std::nan("")
                                                          : std::abs(current - previous);
        previous = current;
    }
    // Moving mean = the signal minus its high-passed version.
    std::vector<double> smooth = *v;
    highPass(&smooth, width);
    for (size_t i = 0; i < v->size(); ++i)
        (*v)[i] -= smooth[i];
    highPass(v, baseline);
}

// Normalised correlation of a[i] with b[i + lag] for lag in [minLag, maxLag]; best lag.
void bestLag(const std::vector<double>& a, const std::vector<double>& b, int64_t minLag,
             int64_t maxLag, int64_t* lag, double* corr)
{
    const int64_t n = int64_t(a.size());
    *corr = -2;
    *lag = 0;
    for (int64_t L = minLag; L <= maxLag; ++L) {
        double ab = 0, aa = 0, bb = 0;
        const int64_t from = std::max<int64_t>(0, -L);
        const int64_t to = std::min<int64_t>(n, int64_t(b.size()) - L);
        for (int64_t i = from; i < to; ++i) {
            const double u = a[size_t(i)], w = b[size_t(i + L)];
            ab += u * w;
            aa += u * u;
            bb += w * w;
        }
        const double c = (aa > 0 && bb > 0) ? ab / std::sqrt(aa * bb) : 0;
        if (c > *corr) {
            *corr = c;
            *lag = L;
        }
    }
}

// The `windowS` seconds of [from, to) in which the reference moves most (the
// sum of its 1 s magnitude changes), in whole minutes: a week-long recording
// often starts at rest (a night, a device on a table), which aligns nothing.
std::pair<double, double> busiestWindow(const DeviceSamples& reference, const DeviceTimeline& tl,
                                        double from, double to, double windowS)
{
    if (to - from <= windowS)
        return {from, to};
    const int64_t seconds = int64_t(to - from);
    std::vector<double> change = magnitudeBins(reference, tl, 0, from, seconds, 1.0);
    double previous = std::nan("");
    for (double& c : change) {
        const double current = c;
        c = (std::isnan(current) || std::isnan(previous)) ? 0.0 : std::abs(current - previous);
        previous = current;
    }
    const int64_t width = int64_t(windowS);
    double sum = 0;
    for (int64_t i = 0; i < width; ++i)
        sum += change[size_t(i)];
    double best = sum;
    int64_t bestStart = 0;
    for (int64_t start = 1; start + width <= seconds; ++start) {
        sum += change[size_t(start + width - 1)] - change[size_t(start - 1)];
        if (start % 60 == 0 && sum > best) {
            best = sum;
            bestStart = start;
        }
    }
    return {from + double(bestStart), from + double(bestStart) + windowS};
}

} // namespace

SensorAlignment::Suggestion
SensorAlignment::suggest(const DeviceSamples& reference, const DeviceTimeline& refTl,
                         const DeviceSamples& other, const DeviceTimeline& otherTl,
                         double initialOffsetS, double maxLagS, double windowS)
{
    Suggestion s;
    if (refTl.isEmpty() || otherTl.isEmpty()) {
        s.note = QStringLiteral("a sensor has no samples");
        return s;
    }
    const double overlapFrom = std::max(refTl.startTime(), otherTl.startTime() + initialOffsetS);
    const double overlapTo = std::min(refTl.endTime(), otherTl.endTime() + initialOffsetS);
    if (overlapTo - overlapFrom < 4 * 60) {
        s.note = QStringLiteral("the sensors overlap by less than four minutes");
        return s;
    }
    // Not a structured binding: C++17 lambdas cannot capture those (clang refuses).
    const std::pair<double, double> window =
        busiestWindow(reference, refTl, overlapFrom, overlapTo, windowS);
    const double from = window.first;
    const double to = window.second;
    // Coarse: 10 Hz bins, the other sensor's bins extended by the lag range.
    auto search = [&](double binRate, double centre, double halfRange, bool intensity,
                      int64_t* lagBins, double* corr) {
        const int64_t bins = int64_t((to - from) * binRate);
        const int64_t pad = int64_t(std::ceil(halfRange * binRate));
        std::vector<double> a = magnitudeBins(reference, refTl, 0, from, bins, binRate);
        // b[j] covers reference time from + (j - pad) / binRate, other clock shifted by centre.
        std::vector<double> b = magnitudeBins(other, otherTl, centre, from - double(pad) / binRate,
                                              bins + 2 * pad, binRate);
        if (intensity) {
            toIntensity(&a, int(0.5 * binRate), int(30 * binRate));
            toIntensity(&b, int(0.5 * binRate), int(30 * binRate));
        } else {
            highPass(&a, int(2 * binRate));
            highPass(&b, int(2 * binRate));
        }
        // a[i] pairs with b[i + pad + L]; L > 0 means the other sensor is L bins late.
        std::vector<double> bShift(b.begin() + pad, b.end());
        int64_t lag = 0;
        bestLag(a, bShift, -pad, pad, &lag, corr);
        *lagBins = lag;
    };
    int64_t lag = 0;
    double corr = 0;
    // Coarse: the movement intensity, which both places share.
    search(10.0, initialOffsetS, maxLagS, true, &lag, &corr);
    // The other sensor's event at reference time t shows at bin lag later: shift it back.
    double offset = initialOffsetS - double(lag) / 10.0;
    // Fine: the waveform itself, kept only where the two sensors' waveforms agree.
    int64_t fineLag = 0;
    double fineCorr = 0;
    search(50.0, offset, 0.3, false, &fineLag, &fineCorr);
    if (fineCorr >= 0.5)
        offset -= double(fineLag) / 50.0;
    s.offsetS = offset;
    s.correlation = corr;
    s.found = corr >= 0.3;
    s.note = s.found
                 ? QStringLiteral("correlation %1 over %2 min%3")
                       .arg(corr, 0, 'f', 2)
                       .arg((to - from) / 60.0, 0, 'f', 0)
                       .arg(fineCorr >= 0.5 ? QStringLiteral(", refined to 20 ms")
                                            : QStringLiteral(", to 100 ms"))
                 : QStringLiteral("no clear peak (correlation %1): too little movement to align")
                       .arg(corr, 0, 'f', 2);
    return s;
}

} // namespace kinemark
