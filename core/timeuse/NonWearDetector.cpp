#include "core/timeuse/NonWearDetector.h"

#include <algorithm>
#include <cmath>

namespace kinemark {

std::vector<bool> NonWearDetector::stillEpochs(const Recording& recording,
                                               const NonWearOptions& options)
{
    const int64_t n = int64_t(recording.sampleCount());
    const int64_t epoch =
        std::max<int64_t>(1, int64_t(std::llround(options.epochSeconds * recording.sampleRateHz)));
    const int64_t epochs = (n + epoch - 1) / epoch;
    std::vector<bool> still(size_t(epochs), false);
    std::vector<const Channel*> channels;
    for (const Sensor& s : recording.sensors)
        for (const Channel& c : s.channels)
            if (c.quantity == QLatin1String("acc"))
                channels.push_back(&c);
    if (channels.empty())
        return still;
    const double limit = options.stillSdG * options.stillSdG;
    for (int64_t e = 0; e < epochs; ++e) {
        const int64_t from = e * epoch;
        const int64_t to = std::min(n, from + epoch);
        bool quiet = to - from >= 2;
        for (const Channel* c : channels) {
            if (!quiet)
                break;
            // Variance about the first sample (shifted sums) keeps float columns
            // around ±1 g from cancelling catastrophically.
            const double shift = c->samples[size_t(from)];
            double sum = 0, sum2 = 0;
            for (int64_t i = from; i < to; ++i) {
                const double d = double(c->samples[size_t(i)]) - shift;
                sum += d;
                sum2 += d * d;
            }
            const double count = double(to - from);
            const double variance = (sum2 - sum * sum / count) / (count - 1);
            quiet = variance < limit;
        }
        still[size_t(e)] = quiet;
    }
    return still;
}

std::vector<std::pair<int64_t, int64_t>> NonWearDetector::detect(const Recording& recording,
                                                                 const NonWearOptions& options)
{
    std::vector<bool> still = stillEpochs(recording, options);
    const int64_t n = int64_t(recording.sampleCount());
    const int64_t epoch =
        std::max<int64_t>(1, int64_t(std::llround(options.epochSeconds * recording.sampleRateHz)));
    const int64_t tolerated = int64_t(std::floor(options.toleratedSeconds / options.epochSeconds));
    const int64_t count = int64_t(still.size());
    // Bridge short non-still stretches that have still epochs on both sides.
    for (int64_t e = 0; e < count;) {
        if (still[size_t(e)]) {
            ++e;
            continue;
        }
        int64_t end = e;
        while (end < count && !still[size_t(end)])
            ++end;
        if (e > 0 && end < count && end - e <= tolerated)
            std::fill(still.begin() + e, still.begin() + end, true);
        e = end;
    }
    std::vector<std::pair<int64_t, int64_t>> spans;
    for (int64_t e = 0; e < count;) {
        if (!still[size_t(e)]) {
            ++e;
            continue;
        }
        int64_t end = e;
        while (end < count && still[size_t(end)])
            ++end;
        const int64_t from = e * epoch;
        const int64_t to = std::min(n, end * epoch);
        if (double(to - from) / recording.sampleRateHz >= options.minimumSeconds)
            spans.emplace_back(from, to);
        e = end;
    }
    return spans;
}

} // namespace kinemark
