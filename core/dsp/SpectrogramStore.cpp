#include "core/dsp/SpectrogramStore.h"

#include "core/model/Recording.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace kinemark {

SpectrogramStore::SpectrogramStore(std::shared_ptr<const Recording> recording,
                                   const StftParameters& parameters, size_t tileCacheBytes)
    : m_recording(std::move(recording)), m_stft(std::make_unique<Stft>(parameters)),
      m_tileBudget(tileCacheBytes)
{
    m_frameCount = m_stft->frameCount(int64_t(m_recording->sampleCount()));
    m_channelCount = m_recording->channelCount();
    m_rate = m_recording->sampleRateHz;
    m_levels.resize(m_channelCount);
}

SpectrogramStore::~SpectrogramStore() = default;

double SpectrogramStore::frameCentreSeconds(double frame) const
{
    const StftParameters& p = m_stft->parameters();
    return (frame * p.hop + p.frameLength / 2.0) / m_rate;
}

double SpectrogramStore::frameAtSeconds(double t) const
{
    const StftParameters& p = m_stft->parameters();
    return (t * m_rate - p.frameLength / 2.0) / p.hop;
}

void SpectrogramStore::computeTile(size_t channel, int64_t tile, std::vector<float>& out) const
{
    const int64_t first = tile * kTileFrames;
    const int64_t count = std::min<int64_t>(kTileFrames, m_frameCount - first);
    out.resize(size_t(std::max<int64_t>(0, count)) * size_t(binCount()));
    if (count <= 0)
        return;
    const std::vector<float>& x = m_recording->channel(channel).samples;
    m_stft->compute(x.data(), int64_t(x.size()), first, count, out.data());
}

void SpectrogramStore::buildOverview(const JobControl* job, int threads)
{
    // Called once per store, from one worker; the GUI reads the levels only after the flag is set.
    if (m_overviewReady.load() || m_frameCount == 0)
        return;
    const int bins = binCount();
    const int64_t tiles = (m_frameCount + kTileFrames - 1) / kTileFrames;
    const int64_t firstBucket = int64_t(1) << kFirstPooledLevel;
    if (threads <= 0)
        threads = int(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::vector<Level>> levels(m_channelCount);
    std::atomic<int64_t> done{0};
    std::atomic<bool> cancelled{false};
    const int64_t totalTiles = tiles * int64_t(m_channelCount);

    // Work item = one channel; channels are independent.
    auto buildChannel = [&](size_t c) {
        Level base;
        base.framesPerBucket = firstBucket;
        base.buckets = (m_frameCount + firstBucket - 1) / firstBucket;
        base.values.assign(size_t(base.buckets) * size_t(bins), 0.f);
        std::vector<float> tileValues;
        for (int64_t t = 0; t < tiles; ++t) {
            if (cancelled.load() || (job && job->isCancelled())) {
                cancelled.store(true);
                return;
            }
            computeTile(c, t, tileValues);
            const int64_t frames = int64_t(tileValues.size()) / bins;
            const int64_t frame0 = t * kTileFrames;
            for (int64_t f = 0; f < frames; ++f) {
                const int64_t b = (frame0 + f) / firstBucket;
                float* dst = &base.values[size_t(b) * size_t(bins)];
                const float* src = &tileValues[size_t(f) * size_t(bins)];
                for (int k = 0; k < bins; ++k)
                    dst[k] += src[k];
            }
            const int64_t finished = ++done;
            if (job && (finished % 64 == 0))
                job->report(double(finished) / double(totalTiles));
        }
        // Sums to means; the last bucket may hold fewer frames.
        for (int64_t b = 0; b < base.buckets; ++b) {
            const int64_t n = std::min(firstBucket, m_frameCount - b * firstBucket);
            float* dst = &base.values[size_t(b) * size_t(bins)];
            for (int k = 0; k < bins; ++k)
                dst[k] /= float(n);
        }
        levels[c].push_back(std::move(base));
        // Coarser levels: means of pairs (an odd last bucket stands alone).
        while (levels[c].back().buckets > 1) {
            const Level& prev = levels[c].back();
            Level next;
            next.framesPerBucket = prev.framesPerBucket * 2;
            next.buckets = (prev.buckets + 1) / 2;
            next.values.resize(size_t(next.buckets) * size_t(bins));
            for (int64_t b = 0; b < next.buckets; ++b) {
                const float* a = &prev.values[size_t(2 * b) * size_t(bins)];
                const bool pair = 2 * b + 1 < prev.buckets;
                float* dst = &next.values[size_t(b) * size_t(bins)];
                for (int k = 0; k < bins; ++k)
                    dst[k] = pair ? 0.5f * (a[k] + a[bins + k]) : a[k];
            }
            levels[c].push_back(std::move(next));
        }
    };

    std::atomic<size_t> nextChannel{0};
    auto worker = [&] {
        for (size_t c = nextChannel++; c < m_channelCount; c = nextChannel++)
            buildChannel(c);
    };
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i)
        pool.emplace_back(worker);
    worker();
    for (std::thread& t : pool)
        t.join();
    if (cancelled.load())
        throw Cancelled();
    m_levels = std::move(levels);
    m_overviewReady.store(true, std::memory_order_release);
    reportProgress(job, 1.0);
}

bool SpectrogramStore::useLevels(double framesPerColumn) const
{
    return overviewReady() && framesPerColumn >= double(int64_t(1) << kFirstPooledLevel);
}

const SpectrogramStore::Level& SpectrogramStore::levelFor(double framesPerColumn,
                                                          size_t channel) const
{
    const std::vector<Level>& levels = m_levels[channel];
    size_t i = 0;
    while (i + 1 < levels.size() && double(levels[i + 1].framesPerBucket) <= framesPerColumn)
        ++i;
    return levels[i];
}

void SpectrogramStore::insertTile(const TileKey& key, std::vector<float>&& values)
{
    // Caller holds m_tileMutex.
    auto it = m_tiles.find(key);
    if (it != m_tiles.end())
        return;
    m_lru.push_front(key);
    m_tiles.emplace(key, Tile{std::move(values), m_lru.begin()});
    const size_t tileBytes = size_t(kTileFrames) * size_t(binCount()) * sizeof(float);
    while (m_tiles.size() > 1 && m_tiles.size() * tileBytes > m_tileBudget) {
        m_tiles.erase(m_lru.back());
        m_lru.pop_back();
    }
}

void SpectrogramStore::ensureTiles(int64_t first, int64_t last, const JobControl* job)
{
    first = std::clamp<int64_t>(first, 0, m_frameCount);
    last = std::clamp<int64_t>(last, 0, m_frameCount);
    if (first >= last)
        return;
    const int64_t t0 = first / kTileFrames, t1 = (last - 1) / kTileFrames;
    // Tile-major, so that a budget too small for the whole range keeps whole
    // time spans of every channel rather than every tile of a few channels.
    for (int64_t t = t0; t <= t1; ++t) {
        for (size_t c = 0; c < m_channelCount; ++c) {
            throwIfCancelled(job);
            {
                std::lock_guard<std::mutex> lock(m_tileMutex);
                if (m_tiles.count({c, t}))
                    continue;
            }
            std::vector<float> values;
            computeTile(c, t, values); // outside the lock: the GUI may read meanwhile
            std::lock_guard<std::mutex> lock(m_tileMutex);
            insertTile({c, t}, std::move(values));
        }
    }
}

bool SpectrogramStore::canAnswer(double firstFrame, double lastFrame, int columns) const
{
    if (columns <= 0 || m_frameCount == 0)
        return false;
    const double fpc = (lastFrame - firstFrame) / columns;
    if (useLevels(fpc))
        return true;
    const int64_t a = std::clamp<int64_t>(int64_t(std::floor(firstFrame)), 0, m_frameCount - 1);
    const int64_t b = std::clamp<int64_t>(int64_t(std::ceil(lastFrame)), a + 1, m_frameCount);
    std::lock_guard<std::mutex> lock(m_tileMutex);
    for (size_t c = 0; c < m_channelCount; ++c)
        for (int64_t t = a / kTileFrames; t <= (b - 1) / kTileFrames; ++t)
            if (!m_tiles.count({c, t}))
                return false;
    return true;
}

bool SpectrogramStore::columns(size_t channel, double firstFrame, double lastFrame, int columns,
                               float* out) const
{
    if (columns <= 0 || m_frameCount == 0 || channel >= m_channelCount)
        return false;
    const int bins = binCount();
    const double fpc = (lastFrame - firstFrame) / columns;

    if (useLevels(fpc)) {
        const Level& level = levelFor(fpc, channel);
        const double per = double(level.framesPerBucket);
        for (int col = 0; col < columns; ++col) {
            const double a = firstFrame + col * fpc, b = a + fpc;
            int64_t ba = std::clamp<int64_t>(int64_t(std::floor(a / per)), 0, level.buckets - 1);
            int64_t bb = std::clamp<int64_t>(int64_t(std::ceil(b / per)), ba + 1, level.buckets);
            float* dst = out + size_t(col) * size_t(bins);
            std::fill(dst, dst + bins, 0.f);
            for (int64_t k = ba; k < bb; ++k) {
                const float* src = &level.values[size_t(k) * size_t(bins)];
                for (int i = 0; i < bins; ++i)
                    dst[i] += src[i];
            }
            const float inv = 1.f / float(bb - ba);
            for (int i = 0; i < bins; ++i)
                dst[i] *= inv;
        }
        return true;
    }

    const int64_t a = std::clamp<int64_t>(int64_t(std::floor(firstFrame)), 0, m_frameCount - 1);
    const int64_t b = std::clamp<int64_t>(int64_t(std::ceil(lastFrame)), a + 1, m_frameCount);
    std::lock_guard<std::mutex> lock(m_tileMutex);
    std::vector<const Tile*> tiles;
    for (int64_t t = a / kTileFrames; t <= (b - 1) / kTileFrames; ++t) {
        auto it = m_tiles.find({channel, t});
        if (it == m_tiles.end())
            return false;
        tiles.push_back(&it->second);
        m_lru.splice(m_lru.begin(), m_lru, it->second.lru); // mark as recently used
    }
    const int64_t tileBase = (a / kTileFrames) * kTileFrames;
    auto frame = [&](int64_t f) {
        const int64_t rel = f - tileBase;
        return &tiles[size_t(rel / kTileFrames)]->values[size_t(rel % kTileFrames) * size_t(bins)];
    };
    for (int col = 0; col < columns; ++col) {
        const double ca = firstFrame + col * fpc;
        int64_t fa = std::clamp<int64_t>(int64_t(std::floor(ca)), a, b - 1);
        int64_t fb = std::clamp<int64_t>(int64_t(std::floor(ca + fpc)), fa + 1, b);
        float* dst = out + size_t(col) * size_t(bins);
        std::fill(dst, dst + bins, 0.f);
        for (int64_t f = fa; f < fb; ++f) {
            const float* src = frame(f);
            for (int i = 0; i < bins; ++i)
                dst[i] += src[i];
        }
        const float inv = 1.f / float(fb - fa);
        for (int i = 0; i < bins; ++i)
            dst[i] *= inv;
    }
    return true;
}

size_t SpectrogramStore::memoryBytes() const
{
    size_t bytes = 0;
    for (const auto& levels : m_levels)
        for (const Level& l : levels)
            bytes += l.values.capacity() * sizeof(float);
    std::lock_guard<std::mutex> lock(m_tileMutex);
    for (const auto& [key, tile] : m_tiles)
        bytes += tile.values.capacity() * sizeof(float);
    return bytes;
}

} // namespace kinemark
