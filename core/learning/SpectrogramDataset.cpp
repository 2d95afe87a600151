#include "core/learning/SpectrogramDataset.h"

#include "core/base/FormatError.h"

#include <QJsonValue>
#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace kinemark {

QJsonObject SpectrogramWindowing::toJson() const
{
    QJsonObject o;
    o[QStringLiteral("window_frames")] = windowFrames;
    o[QStringLiteral("stride_frames")] = strideFrames;
    o[QStringLiteral("frame_length")] = stft.frameLength;
    o[QStringLiteral("hop")] = stft.hop;
    return o;
}

SpectrogramWindowing SpectrogramWindowing::fromJson(const QJsonObject& json, const QString& source)
{
    const auto positiveInteger = [&](const char* key) {
        const QJsonValue v = json.value(QLatin1String(key));
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 1 || d > 1e9 || std::floor(d) != d)
            throw FormatError(source, QStringLiteral("spectrogram windowing: \"%1\" must be a "
                                                     "positive integer")
                                          .arg(QLatin1String(key)));
        return int(d);
    };
    SpectrogramWindowing w;
    w.windowFrames = positiveInteger("window_frames");
    w.strideFrames = positiveInteger("stride_frames");
    w.stft.frameLength = positiveInteger("frame_length");
    w.stft.hop = positiveInteger("hop");
    if (w.stft.frameLength < 4 || w.stft.frameLength % 2 != 0)
        throw FormatError(source, QStringLiteral("spectrogram windowing: frame length %1 is not "
                                                 "even and at least 4")
                                      .arg(w.stft.frameLength));
    return w;
}

void SpectrogramDataset::computeFeatures(const Recording& recording, const Stft& stft,
                                         int64_t firstFrame, int64_t frames, float* out)
{
    const int bins = stft.binCount();
    const size_t axes = recording.channelCount();
    const size_t features = axes * size_t(bins);
    std::vector<float> magnitudes(size_t(frames) * size_t(bins));
    for (size_t a = 0; a < axes; ++a) {
        const std::vector<float>& x = recording.channel(a).samples;
        stft.compute(x.data(), int64_t(x.size()), firstFrame, frames, magnitudes.data());
        // Interleave into rows: feature axis x bins + bin.
        for (int64_t f = 0; f < frames; ++f)
            std::copy_n(magnitudes.data() + size_t(f) * size_t(bins), bins,
                        out + size_t(f) * features + a * size_t(bins));
    }
}

std::vector<int16_t>
SpectrogramDataset::majorityFrameLabels(const std::vector<int16_t>& sampleLabels, const Stft& stft,
                                        int classes)
{
    const int64_t frames = stft.frameCount(int64_t(sampleLabels.size()));
    const int length = stft.parameters().frameLength;
    std::vector<int16_t> out(size_t(std::max<int64_t>(0, frames)), int16_t(-1));
    if (classes <= 0)
        return out;
    // counts[0] is "no class"; counts[c + 1] class c.
    std::vector<int> counts(size_t(classes) + 1);
    for (int64_t f = 0; f < frames; ++f) {
        std::fill(counts.begin(), counts.end(), 0);
        const int16_t* l = sampleLabels.data() + stft.frameStart(f);
        for (int i = 0; i < length; ++i)
            ++counts[size_t(l[i] + 1)];
        // The most frequent class (the lower index on a tie), unless more of the
        // frame's samples have no class than that class has.
        int best = 1;
        for (int c = 2; c <= classes; ++c)
            if (counts[size_t(c)] > counts[size_t(best)])
                best = c;
        if (counts[size_t(best)] == 0 || counts[0] > counts[size_t(best)])
            best = 0;
        out[size_t(f)] = int16_t(best - 1);
    }
    return out;
}

SpectrogramDataset
SpectrogramDataset::build(std::vector<std::shared_ptr<const Recording>> recordings,
                          const SpectrogramWindowing& windowing, std::vector<int32_t> classIds,
                          const JobControl* job)
{
    if (windowing.windowFrames < 1 || windowing.strideFrames < 1)
        throw std::invalid_argument("spectrogram windows and their stride must be positive");
    SpectrogramDataset set;
    set.m_recordings = std::move(recordings);
    set.m_windowing = windowing;
    set.m_stft = std::make_shared<Stft>(windowing.stft);
    set.m_classIds = std::move(classIds);
    std::map<int32_t, int16_t> indexOf;
    for (size_t i = 0; i < set.m_classIds.size(); ++i)
        indexOf[set.m_classIds[i]] = int16_t(i);
    const bool labelled = !set.m_classIds.empty();
    const int64_t length = windowing.windowFrames, stride = windowing.strideFrames;
    for (size_t r = 0; r < set.m_recordings.size(); ++r) {
        throwIfCancelled(job);
        const Recording& rec = *set.m_recordings[r];
        if (r == 0)
            set.m_axes = int(rec.channelCount());
        else if (int(rec.channelCount()) != set.m_axes)
            throw std::invalid_argument(
                QStringLiteral("recording '%1' has %2 channels, the others %3")
                    .arg(rec.id)
                    .arg(rec.channelCount())
                    .arg(set.m_axes)
                    .toStdString());
        const int64_t frames = set.m_stft->frameCount(int64_t(rec.sampleCount()));
        std::vector<int16_t> frameLabels;
        std::vector<int64_t> labelledPrefix(size_t(frames) + 1, 0);
        if (labelled) {
            std::vector<int16_t> sampleLabels(rec.sampleCount(), int16_t(-1));
            if (const AnnotationTrack* truth = rec.groundTruth())
                for (const Segment& s : truth->segments()) {
                    const auto it = indexOf.find(s.classId);
                    if (it == indexOf.end())
                        continue;
                    const int64_t end = std::min<int64_t>(int64_t(sampleLabels.size()), s.end);
                    for (int64_t t = std::max<int64_t>(0, s.start); t < end; ++t)
                        sampleLabels[size_t(t)] = it->second;
                }
            frameLabels =
                majorityFrameLabels(sampleLabels, *set.m_stft, int(set.m_classIds.size()));
            for (int64_t f = 0; f < frames; ++f)
                labelledPrefix[size_t(f) + 1] =
                    labelledPrefix[size_t(f)] + (frameLabels[size_t(f)] >= 0 ? 1 : 0);
        }
        const auto keep = [&](int64_t first, int64_t count) {
            if (!labelled || labelledPrefix[size_t(first + count)] > labelledPrefix[size_t(first)])
                set.m_windows.push_back(Window{uint32_t(r), first, count});
        };
        if (frames <= length) {
            if (frames > 0)
                keep(0, frames);
        } else {
            int64_t first = 0;
            for (; first + length <= frames; first += stride)
                keep(first, length);
            if (first - stride + length < frames) // the tail: one window flush with the end
                keep(frames - length, length);
        }
        set.m_frameLabels.push_back(std::move(frameLabels));
    }
    return set;
}

std::vector<int64_t> SpectrogramDataset::labelledFramesPerClass() const
{
    std::vector<int64_t> counts(m_classIds.size(), 0);
    for (const auto& labels : m_frameLabels)
        for (int16_t l : labels)
            if (l >= 0)
                ++counts[size_t(l)];
    return counts;
}

ChannelNormalisation SpectrogramDataset::fitNormalisation(const JobControl* job) const
{
    const size_t features = size_t(featureCount());
    if (m_recordings.empty() || features == 0)
        throw std::invalid_argument("spectrogram normalisation: no recordings");
    // Shifted sums (by the first frame's values) keep the variance accurate in floats' range.
    std::vector<double> shift(features, 0.0), sum(features, 0.0), sumOfSquares(features, 0.0);
    bool shiftSet = false;
    int64_t count = 0;
    constexpr int64_t kTile = 4096;
    std::vector<float> tile;
    for (size_t r = 0; r < m_recordings.size(); ++r) {
        throwIfCancelled(job);
        reportProgress(job, double(r) / double(m_recordings.size()),
                       QStringLiteral("spectrogram statistics"));
        const Recording& rec = *m_recordings[r];
        const int64_t frames = m_stft->frameCount(int64_t(rec.sampleCount()));
        for (int64_t first = 0; first < frames; first += kTile) {
            const int64_t n = std::min(kTile, frames - first);
            tile.resize(size_t(n) * features);
            computeFeatures(rec, *m_stft, first, n, tile.data());
            if (!shiftSet) {
                std::copy(tile.begin(), tile.begin() + long(features), shift.begin());
                shiftSet = true;
            }
            for (int64_t f = 0; f < n; ++f) {
                const float* row = tile.data() + size_t(f) * features;
                for (size_t k = 0; k < features; ++k) {
                    const double d = double(row[k]) - shift[k];
                    sum[k] += d;
                    sumOfSquares[k] += d * d;
                }
            }
            count += n;
        }
    }
    if (count == 0)
        throw std::invalid_argument(
            "spectrogram normalisation: the recordings are shorter than one frame");
    std::vector<float> mean(features), deviation(features);
    for (size_t k = 0; k < features; ++k) {
        const double m = sum[k] / double(count);
        const double variance = std::max(0.0, sumOfSquares[k] / double(count) - m * m);
        mean[k] = float(shift[k] + m);
        const double s = std::sqrt(variance);
        deviation[k] = s < 1e-8 ? 1.0f : float(s); // a constant feature stays unscaled
    }
    return ChannelNormalisation(std::move(mean), std::move(deviation));
}

void SpectrogramDataset::gather(const std::vector<size_t>& indices, float* features,
                                int64_t* labels, uint8_t* valid,
                                const ChannelNormalisation* normalisation) const
{
    const size_t frames = size_t(windowFrames());
    const size_t width = size_t(featureCount());
    if (normalisation && normalisation->channelCount() != width)
        throw std::invalid_argument(QStringLiteral("the spectrogram normalisation has %1 features, "
                                                   "the data %2")
                                        .arg(normalisation->channelCount())
                                        .arg(width)
                                        .toStdString());
    for (size_t b = 0; b < indices.size(); ++b) {
        const Window& w = m_windows[indices[b]];
        float* out = features + b * frames * width;
        computeFeatures(*m_recordings[w.recording], *m_stft, w.firstFrame, w.frames, out);
        if (normalisation) {
            const std::vector<float>& mean = normalisation->mean();
            const std::vector<float>& inverse = normalisation->inverseStd();
            for (int64_t f = 0; f < w.frames; ++f) {
                float* row = out + size_t(f) * width;
                for (size_t k = 0; k < width; ++k)
                    row[k] = (row[k] - mean[k]) * inverse[k];
            }
        }
        std::fill(out + size_t(w.frames) * width, out + frames * width, 0.0f);
        if (labels) {
            int64_t* l = labels + b * frames;
            const std::vector<int16_t>& source = m_frameLabels[w.recording];
            for (size_t f = 0; f < frames; ++f)
                l[f] = int64_t(f) < w.frames && !source.empty() ? source[size_t(w.firstFrame) + f]
                                                                : -1;
        }
        if (valid)
            for (size_t f = 0; f < frames; ++f)
                valid[b * frames + f] = int64_t(f) < w.frames ? 1 : 0;
    }
}

std::vector<float>
SpectrogramDataset::sampleRowsFromFrames(const std::vector<float>& frameProbabilities,
                                         int64_t samples, const StftParameters& stft, int classes)
{
    const int64_t hop = stft.hop, length = stft.frameLength;
    const int64_t frames = int64_t(frameProbabilities.size()) / classes;
    const int64_t rows = (samples + hop - 1) / hop;
    std::vector<float> out(size_t(rows) * size_t(classes), 0.0f);
    if (frames == 0) { // shorter than one frame: no evidence, uniform
        std::fill(out.begin(), out.end(), 1.0f / float(classes));
        return out;
    }
    for (int64_t k = 0; k < rows; ++k) {
        const int64_t t = k * hop;
        // Frames f with f x hop <= t < f x hop + length.
        int64_t first = std::max<int64_t>(0, (t - length + hop) / hop);
        int64_t last = std::min(frames - 1, t / hop);
        if (first > last) // past the last frame's end
            first = last = frames - 1;
        float* row = out.data() + k * classes;
        for (int64_t f = first; f <= last; ++f)
            for (int c = 0; c < classes; ++c)
                row[c] += frameProbabilities[size_t(f * classes + c)];
        for (int c = 0; c < classes; ++c)
            row[c] /= float(last - first + 1);
    }
    return out;
}

} // namespace kinemark
