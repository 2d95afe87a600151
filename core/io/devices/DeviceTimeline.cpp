#include "core/io/devices/DeviceTimeline.h"

#include <algorithm>
#include <cmath>

namespace kinemark {

DeviceTimeline::DeviceTimeline(const std::vector<DeviceSamples::TimeAnchor>& input,
                               int64_t sampleCount, double nominalRateHz)
    : m_sampleCount(sampleCount)
{
    if (sampleCount <= 0 || input.empty() || !(nominalRateHz > 0))
        return;
    const double nominal = 1.0 / nominalRateHz;
    // Anchors must move forward in samples; a repeated sample index keeps its first time.
    std::vector<DeviceSamples::TimeAnchor> anchors;
    anchors.reserve(input.size());
    for (const auto& a : input)
        if (anchors.empty() || a.sample > anchors.back().sample)
            anchors.push_back(a);

    double lastPeriod = nominal;
    bool nextJoins = false;
    // The pair (i, i + 1) defines the piece starting at anchor i.
    std::vector<Piece> pieces;
    pieces.reserve(anchors.size() + 1);
    for (size_t i = 0; i < anchors.size(); ++i) {
        Piece p;
        p.first = anchors[i].sample;
        p.t0 = anchors[i].timeS;
        p.joinsPrevious = nextJoins;
        if (i + 1 < anchors.size()) {
            const int64_t ds = anchors[i + 1].sample - p.first;
            const double dt = anchors[i + 1].timeS - p.t0;
            const double expected = double(ds) * nominal;
            const bool continuous =
                dt > 0 && std::abs(dt - expected) <=
                              std::max(kBreakPeriods * nominal, kBreakFraction * expected);
            if (continuous)
                lastPeriod = dt / double(ds);
            p.end = anchors[i + 1].sample;
            p.period = lastPeriod;
            nextJoins = continuous;
        } else {
            p.end = sampleCount;
            p.period = lastPeriod;
        }
        pieces.push_back(p);
    }
    // Samples before the first anchor run back from it at the first piece's rate.
    if (pieces.front().first > 0) {
        Piece p;
        p.first = 0;
        p.end = pieces.front().first;
        p.period = pieces.front().period;
        p.t0 = pieces.front().t0 - double(p.end) * p.period;
        pieces.front().joinsPrevious = true;
        pieces.insert(pieces.begin(), p);
    }
    // Clip to [0, sampleCount).
    for (Piece& p : pieces) {
        if (p.first < 0) {
            p.t0 += double(-p.first) * p.period;
            p.first = 0;
        }
        p.end = std::min(p.end, sampleCount);
        if (p.first >= p.end)
            continue;
        if (m_pieces.empty())
            p.joinsPrevious = false;
        m_pieces.push_back(p);
    }
}

size_t DeviceTimeline::pieceOf(int64_t sample) const
{
    auto it = std::upper_bound(m_pieces.begin(), m_pieces.end(), sample,
                               [](int64_t s, const Piece& p) { return s < p.first; });
    return it == m_pieces.begin() ? 0 : size_t(it - m_pieces.begin()) - 1;
}

double DeviceTimeline::timeAt(int64_t sample) const
{
    if (m_pieces.empty())
        return 0;
    const Piece& p = m_pieces[pieceOf(sample)];
    return p.t0 + double(sample - p.first) * p.period;
}

int64_t DeviceTimeline::sampleAtOrAfter(double timeS) const
{
    for (const Piece& p : m_pieces) {
        if (timeS >= p.endTime())
            continue;
        if (timeS <= p.t0)
            return p.first;
        return std::min(p.end, p.first + int64_t(std::ceil((timeS - p.t0) / p.period - 1e-9)));
    }
    return m_sampleCount;
}

int DeviceTimeline::breakCount() const
{
    int n = 0;
    for (size_t i = 1; i < m_pieces.size(); ++i)
        n += m_pieces[i].joinsPrevious ? 0 : 1;
    return n;
}

} // namespace kinemark
