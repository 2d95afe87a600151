#pragma once

#include "core/base/JobControl.h"
#include "core/dsp/Stft.h"
#include "core/learning/ChannelNormalisation.h"
#include "core/model/Recording.h"

#include <QJsonObject>
#include <memory>
#include <vector>

namespace kinemark {

// How recordings are cut into spectrogram windows (SelfPAB, seed 003): the
// STFT of the spectrogram view (1 s periodic Hann frames, 0.5 s hop, 26 bins
// at 50 Hz) over windows of `windowFrames` frames (599 = 5 minutes), a new
// window every `strideFrames` frames.
struct SpectrogramWindowing
{
    int windowFrames = 599;
    int strideFrames = 599;
    StftParameters stft; // the view's parameters (SpectrogramStore's default)

    // Samples one full window spans: (windowFrames - 1) x hop + frame length (15000).
    int64_t windowSamples() const
    {
        return int64_t(windowFrames - 1) * stft.hop + stft.frameLength;
    }
    QJsonObject toJson() const;
    // Throws FormatError naming `source` for missing or impossible values.
    static SpectrogramWindowing fromJson(const QJsonObject& json, const QString& source);
};

// Stacked STFT magnitudes of recordings, window by window, for the SelfPAB
// transformer: one row per frame, feature index axis x bins + bin, so six axes
// give 599 x 156 per window. Works with any number of channels (every channel
// of the recordings is an axis, in the recordings' channel order).
//
// Nothing is precomputed: a window's spectrogram is computed when it is
// gathered (0.2 ms for 599 frames of six axes), so a week of recordings costs
// no memory beyond its samples. The transform is core's Stft with the
// parameters the spectrogram view uses: one implementation, one result.
//
// Windows start every strideFrames frames, plus one flush with the end of the
// recording; a recording shorter than one window gives one short window that
// gather() pads with zero rows (marked invalid). With classIds, every frame
// gets a label (the class index that most of its samples have, -1 when most
// are unlabelled or of other classes), and windows without a labelled frame
// are dropped.
class SpectrogramDataset
{
public:
    struct Window
    {
        uint32_t recording; // index into recordings()
        int64_t firstFrame;
        int64_t frames; // <= windowFrames; shorter only where the recording is
    };

    // All recordings must have the same channel count (std::invalid_argument
    // naming the first that differs). Empty classIds: no labels (pre-training).
    static SpectrogramDataset build(std::vector<std::shared_ptr<const Recording>> recordings,
                                    const SpectrogramWindowing& windowing,
                                    std::vector<int32_t> classIds = {},
                                    const JobControl* job = nullptr);

    const std::vector<std::shared_ptr<const Recording>>& recordings() const { return m_recordings; }
    const std::vector<Window>& windows() const { return m_windows; }
    const SpectrogramWindowing& windowing() const { return m_windowing; }
    const std::vector<int32_t>& classIds() const { return m_classIds; }
    size_t size() const { return m_windows.size(); }
    int axisCount() const { return m_axes; }
    int binCount() const { return m_stft->binCount(); }
    int featureCount() const { return m_axes * binCount(); }
    int windowFrames() const { return m_windowing.windowFrames; }
    const Stft& stft() const { return *m_stft; }
    // Class index of every frame of recording r (empty without classIds).
    const std::vector<int16_t>& frameLabelsOf(size_t r) const { return m_frameLabels[r]; }
    // Labelled frames per class index, over whole recordings.
    std::vector<int64_t> labelledFramesPerClass() const;

    // Per-feature mean and standard deviation over every frame of every
    // recording (not only the windows'), for the z-score of SelfPAB.
    ChannelNormalisation fitNormalisation(const JobControl* job = nullptr) const;

    // Windows `indices` as [batch][windowFrames][featureCount] floats into
    // `features` (z-scored by `normalisation` when given); when not null,
    // [batch][windowFrames] frame labels into `labels` and 1/0 for real/padded
    // frames into `valid`. Padded rows are zeros labelled -1.
    void gather(const std::vector<size_t>& indices, float* features, int64_t* labels = nullptr,
                uint8_t* valid = nullptr,
                const ChannelNormalisation* normalisation = nullptr) const;

    // Stacked magnitudes of frames [firstFrame, firstFrame + frames) of every
    // channel of `recording`: frames x (channels x bins), row-major.
    static void computeFeatures(const Recording& recording, const Stft& stft, int64_t firstFrame,
                                int64_t frames, float* out);
    // The paper's spread of frame probabilities (rows of classes) back to
    // samples, one row per hop of samples: row k holds the mean of the frames
    // that cover sample k x hop (with 50-sample frames and hop 25, frames k-1
    // and k, which cover every sample of the row). Samples after the last
    // frame's end take the last frame; no frame at all gives uniform rows.
    // Returns ceil(samples / hop) rows.
    static std::vector<float> sampleRowsFromFrames(const std::vector<float>& frameProbabilities,
                                                   int64_t samples, const StftParameters& stft,
                                                   int classes);
    // Majority class index per frame (see above) from per-sample class indices.
    static std::vector<int16_t> majorityFrameLabels(const std::vector<int16_t>& sampleLabels,
                                                    const Stft& stft, int classes);

private:
    std::vector<std::shared_ptr<const Recording>> m_recordings;
    SpectrogramWindowing m_windowing;
    std::shared_ptr<const Stft> m_stft;
    std::vector<int32_t> m_classIds;
    std::vector<std::vector<int16_t>> m_frameLabels;
    std::vector<Window> m_windows;
    int m_axes = 0;
};

} // namespace kinemark
