#include "core/io/devices/UniformResampler.h"

#include <algorithm>
#include <cmath>

namespace kinemark {

namespace {

// Finds the fractional raw sample position of increasing times, walking the
// timeline's pieces forward once.
class RawLocator
{
public:
    struct Hit
    {
        bool inData = false;
        double pos = 0;
        int64_t runStart = 0; // the run of joined pieces holding pos: [runStart, runEnd)
        int64_t runEnd = 0;
    };

    explicit RawLocator(const DeviceTimeline& timeline) : m_pieces(timeline.pieces())
    {
        m_runStart.resize(m_pieces.size());
        m_runEnd.resize(m_pieces.size());
        for (size_t i = 0; i < m_pieces.size(); ++i)
            m_runStart[i] =
                (i > 0 && m_pieces[i].joinsPrevious) ? m_runStart[i - 1] : m_pieces[i].first;
        for (size_t i = m_pieces.size(); i-- > 0;)
            m_runEnd[i] = (i + 1 < m_pieces.size() && m_pieces[i + 1].joinsPrevious)
                              ? m_runEnd[i + 1]
                              : m_pieces[i].end;
    }

    Hit locate(double t)
    {
        Hit hit;
        if (m_pieces.empty())
            return hit;
        while (m_index + 1 < m_pieces.size() && t >= m_pieces[m_index + 1].t0)
            ++m_index;
        const auto& p = m_pieces[m_index];
        hit.runStart = m_runStart[m_index];
        hit.runEnd = m_runEnd[m_index];
        double pos = double(p.first) + (t - p.t0) / p.period;
        if (t < p.t0) {
            // Before a run's first sample: within half a period it is that sample.
            if (p.joinsPrevious || pos < double(p.first) - 0.5)
                return hit;
            pos = double(p.first);
        }
        const bool nextJoins = m_index + 1 < m_pieces.size() && m_pieces[m_index + 1].joinsPrevious;
        if (pos > double(p.end - 1)) {
            if (nextJoins)
                pos = std::min(pos, double(p.end) - 1e-9);
            else if (pos <= double(p.end) - 0.5)
                pos = double(p.end - 1);
            else
                return hit;
        }
        hit.inData = true;
        hit.pos = pos;
        return hit;
    }

private:
    const std::vector<DeviceTimeline::Piece>& m_pieces;
    std::vector<int64_t> m_runStart, m_runEnd;
    size_t m_index = 0;
};

// Grid samples without data: listed, and holding the neighbouring value (the
// one before, else the one after).
std::vector<UniformResampler::Span> holdGaps(const std::vector<uint8_t>& valid,
                                             const std::vector<float*>& out)
{
    std::vector<UniformResampler::Span> gaps;
    const int64_t gridCount = int64_t(valid.size());
    int64_t k = 0;
    while (k < gridCount) {
        if (valid[size_t(k)]) {
            ++k;
            continue;
        }
        int64_t end = k;
        while (end < gridCount && !valid[size_t(end)])
            ++end;
        gaps.push_back({k, end - k});
        const int64_t source = k > 0 ? k - 1 : (end < gridCount ? end : -1);
        if (source >= 0)
            for (size_t c = 0; c < out.size(); ++c)
                std::fill(out[c] + k, out[c] + end, out[c][source]);
        k = end;
    }
    return gaps;
}

// Samples the reader made up (DeviceSamples::filled), by grid index.
std::vector<UniformResampler::Span> filledOnGrid(const DeviceSamples& samples,
                                                 const DeviceTimeline& timeline, double gridStartS,
                                                 int64_t gridCount, double rateHz, double offsetS)
{
    std::vector<UniformResampler::Span> filled;
    for (const auto& f : samples.filled) {
        if (f.count <= 0)
            continue;
        const double ts = timeline.timeAt(f.start) + offsetS;
        const double te = timeline.timeAt(f.start + f.count - 1) + offsetS;
        const int64_t from =
            std::max<int64_t>(0, int64_t(std::ceil((ts - gridStartS) * rateHz - 1e-6)));
        const int64_t to = std::min<int64_t>(
            gridCount, int64_t(std::floor((te - gridStartS) * rateHz + 1e-6)) + 1);
        if (to > from)
            filled.push_back({from, to - from});
    }
    return filled;
}

} // namespace

UniformResampler::Result UniformResampler::resample(const DeviceSamples& samples,
                                                    const DeviceTimeline& timeline,
                                                    double gridStartS, int64_t gridCount,
                                                    double rateHz, Method method, double offsetS,
                                                    const JobControl* job)
{
    Result result;
    const size_t channels = samples.channels.size();
    result.channels.resize(channels);
    for (size_t c = 0; c < channels; ++c) {
        result.channels[c].name = samples.channels[c].name;
        result.channels[c].quantity = samples.channels[c].quantity;
        result.channels[c].unit = samples.channels[c].unit;
        result.channels[c].samples.assign(size_t(std::max<int64_t>(gridCount, 0)), 0.0f);
    }
    if (gridCount <= 0)
        return result;
    std::vector<const float*> in(channels);
    std::vector<float*> out(channels);
    for (size_t c = 0; c < channels; ++c) {
        in[c] = samples.channels[c].samples.data();
        out[c] = result.channels[c].samples.data();
    }
    const double period = 1.0 / rateHz;
    RawLocator centre(timeline), lower(timeline), upper(timeline);
    std::vector<uint8_t> valid(size_t(gridCount), 0);
    for (int64_t k = 0; k < gridCount; ++k) {
        if ((k & 0xfffff) == 0) {
            throwIfCancelled(job);
            reportProgress(job, double(k) / double(gridCount), QStringLiteral("resampling"));
        }
        // Device time of grid sample k; computed from k, not accumulated, so no drift.
        const double t = gridStartS + double(k) * period - offsetS;
        const RawLocator::Hit hit = centre.locate(t);
        if (!hit.inData)
            continue;
        valid[size_t(k)] = 1;
        const int64_t i0 = int64_t(std::floor(hit.pos));
        const double frac = hit.pos - double(i0);
        if (method == Method::Nearest) {
            const int64_t i =
                std::clamp<int64_t>(int64_t(std::llround(hit.pos)), hit.runStart, hit.runEnd - 1);
            for (size_t c = 0; c < channels; ++c)
                out[c][k] = in[c][i];
            continue;
        }
        if (method == Method::Mean) {
            const RawLocator::Hit a = lower.locate(t - 0.5 * period);
            const RawLocator::Hit b = upper.locate(t + 0.5 * period);
            if (a.inData && b.inData && a.runStart == hit.runStart && b.runStart == hit.runStart) {
                const int64_t from = int64_t(std::ceil(a.pos));
                const int64_t to = std::min<int64_t>(int64_t(std::ceil(b.pos)), hit.runEnd);
                if (to > from) {
                    for (size_t c = 0; c < channels; ++c) {
                        double sum = 0;
                        for (int64_t i = from; i < to; ++i)
                            sum += in[c][i];
                        out[c][k] = float(sum / double(to - from));
                    }
                    continue;
                }
            }
        }
        if (i0 + 1 < hit.runEnd && frac > 0) {
            for (size_t c = 0; c < channels; ++c)
                out[c][k] = float(in[c][i0] + frac * (double(in[c][i0 + 1]) - in[c][i0]));
        } else {
            for (size_t c = 0; c < channels; ++c)
                out[c][k] = in[c][i0];
        }
    }
    result.gaps = holdGaps(valid, out);
    result.filled = filledOnGrid(samples, timeline, gridStartS, gridCount, rateHz, offsetS);
    return result;
}

bool UniformResampler::methodFromName(const QString& name, Method* method)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("linear"))
        *method = Method::Linear;
    else if (n == QLatin1String("nearest"))
        *method = Method::Nearest;
    else if (n == QLatin1String("mean"))
        *method = Method::Mean;
    else
        return false;
    return true;
}

QString UniformResampler::methodName(Method method)
{
    switch (method) {
    case Method::Linear:
        return QStringLiteral("linear");
    case Method::Nearest:
        return QStringLiteral("nearest");
    case Method::Mean:
        return QStringLiteral("mean");
    }
    return QString();
}

QStringList UniformResampler::methodNames()
{
    return {QStringLiteral("linear"), QStringLiteral("nearest"), QStringLiteral("mean")};
}

} // namespace kinemark
