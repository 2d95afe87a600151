#pragma once

#include "core/base/JobControl.h"
#include "core/learning/WindowingOptions.h"
#include "core/model/Recording.h"

#include <memory>
#include <vector>

namespace kinemark {

class ChannelNormalisation;

// Labelled windows over a set of recordings, as references (recording, start
// sample, class), not copies: a batch is gathered from the recordings' columns
// when it is needed, so a week of data is never duplicated for training.
class WindowSet
{
public:
    struct Window
    {
        uint32_t recording; // index into recordings()
        int64_t start;      // first sample
        int32_t classIndex; // index into classIds() (the model's output), never unlabelled
    };

    // Cuts every recording with `options` and labels the windows from its ground
    // truth; windows whose label is not in `classIds` are dropped. All recordings
    // must have the same channel count. Throws std::invalid_argument otherwise.
    static WindowSet build(std::vector<std::shared_ptr<const Recording>> recordings,
                           const WindowingOptions& options, std::vector<int32_t> classIds,
                           const JobControl* job = nullptr);

    const std::vector<std::shared_ptr<const Recording>>& recordings() const { return m_recordings; }
    const std::vector<Window>& windows() const { return m_windows; }
    const std::vector<int32_t>& classIds() const { return m_classIds; }
    const WindowingOptions& options() const { return m_options; }
    size_t size() const { return m_windows.size(); }
    int channelCount() const { return m_channels; }
    int length() const { return m_options.length; }
    // Windows per class index.
    std::vector<int64_t> classCounts() const;
    // Subject of window i.
    const QString& subjectOf(size_t i) const;

    // Writes windows `indices` as [batch][channel][sample] floats into `out`
    // (indices.size() * channelCount() * length() values), normalised when
    // `normalisation` is given.
    void gather(const std::vector<size_t>& indices, float* out,
                const ChannelNormalisation* normalisation = nullptr) const;

private:
    std::vector<std::shared_ptr<const Recording>> m_recordings;
    std::vector<Window> m_windows;
    std::vector<int32_t> m_classIds;
    WindowingOptions m_options;
    int m_channels = 0;
};

} // namespace kinemark
