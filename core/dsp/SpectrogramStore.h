#pragma once

#include "core/base/JobControl.h"
#include "core/dsp/Stft.h"

#include <atomic>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace kinemark {

class Recording;

// STFT magnitudes of every channel of one recording, for display at any zoom.
//
// A recording of a week has 1.2 M frames x 26 bins x 6 channels: kept whole at
// full resolution that is as large as the signal itself. So the store keeps:
// - pooled levels (mean of 16, 32, 64, ... frames), filled by one background
//   pass over the whole recording (buildOverview), for zoomed-out views;
// - full-resolution tiles of kTileFrames frames, computed on demand for the
//   visible range (ensureTiles, on a worker thread) and kept in an LRU cache
//   with a byte budget.
// columns() never computes: it answers from what is there, or says it cannot,
// so the GUI thread never waits for a transform.
class SpectrogramStore
{
public:
    static constexpr int kTileFrames = 1024;
    static constexpr int kFirstPooledLevel = 4; // 16 frames per bucket

    SpectrogramStore(std::shared_ptr<const Recording> recording,
                     const StftParameters& parameters = StftParameters(),
                     size_t tileCacheBytes = size_t(64) << 20);
    ~SpectrogramStore();

    const Stft& stft() const { return *m_stft; }
    int binCount() const { return m_stft->binCount(); }
    int64_t frameCount() const { return m_frameCount; }
    size_t channelCount() const { return m_channelCount; }
    double sampleRateHz() const { return m_rate; }
    // Time of frame f's centre, in seconds from the first sample.
    double frameCentreSeconds(double frame) const;
    // Fractional frame index whose centre is at time t.
    double frameAtSeconds(double t) const;

    // Computes every frame once and fills the pooled levels (worker thread;
    // uses `threads` threads). Cancellable; on cancel the overview stays unready.
    void buildOverview(const JobControl* job = nullptr, int threads = 0);
    bool overviewReady() const { return m_overviewReady.load(std::memory_order_acquire); }

    // Computes and caches the full-resolution tiles covering frames [first, last)
    // for every channel (worker thread).
    void ensureTiles(int64_t first, int64_t last, const JobControl* job = nullptr);
    // True when columns() can answer for this range without new tiles.
    bool canAnswer(double firstFrame, double lastFrame, int columns) const;

    // Mean magnitude per column: frames [firstFrame, lastFrame) of `channel`
    // split into `columns` columns, written as columns x binCount() into `out`.
    // Returns false (and writes nothing) when the needed data is not there yet.
    bool columns(size_t channel, double firstFrame, double lastFrame, int columns,
                 float* out) const;

    size_t memoryBytes() const;

private:
    struct Level
    {
        int64_t framesPerBucket = 0;
        int64_t buckets = 0;
        std::vector<float> values; // buckets x bins
    };
    using TileKey = std::pair<size_t, int64_t>; // channel, tile index
    struct Tile
    {
        std::vector<float> values; // kTileFrames x bins (the last tile may be shorter)
        std::list<TileKey>::iterator lru;
    };

    bool useLevels(double framesPerColumn) const;
    const Level& levelFor(double framesPerColumn, size_t channel) const;
    void computeTile(size_t channel, int64_t tile, std::vector<float>& out) const;
    void insertTile(const TileKey& key, std::vector<float>&& values);

    std::shared_ptr<const Recording> m_recording;
    std::unique_ptr<Stft> m_stft;
    int64_t m_frameCount = 0;
    size_t m_channelCount = 0;
    double m_rate = 50;
    size_t m_tileBudget;

    std::vector<std::vector<Level>> m_levels; // per channel, finest first
    std::atomic<bool> m_overviewReady{false};

    mutable std::mutex m_tileMutex;
    mutable std::map<TileKey, Tile> m_tiles;
    mutable std::list<TileKey> m_lru; // front = most recently used
};

} // namespace kinemark
