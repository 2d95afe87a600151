#pragma once

#include "core/base/JobControl.h"
#include "core/model/Recording.h"

#include <memory>
#include <vector>

namespace kinemark {

class ChannelNormalisation;

// Long labelled chunks of recordings for sequence models (MS-TCN), as
// references, not copies. Every sample keeps its own label: the index of its
// class in classIds(), or -1 where it is unlabelled or of a class the model
// does not learn (the loss ignores those samples). Chunks without a single
// labelled sample are not kept.
class SequenceSet
{
public:
    struct Chunk
    {
        uint32_t recording; // index into recordings()
        int64_t start;      // first sample
        int64_t length;     // <= chunkLength(); shorter only where the recording is
    };

    // Chunks of `chunkLength` samples every `stride` samples from `offset` (plus
    // one flush with the end of each recording, and the whole recording when it
    // is shorter than a chunk). All recordings must have the same channel count.
    static SequenceSet build(std::vector<std::shared_ptr<const Recording>> recordings,
                             int64_t chunkLength, int64_t stride, std::vector<int32_t> classIds,
                             int64_t offset = 0, const JobControl* job = nullptr);

    const std::vector<std::shared_ptr<const Recording>>& recordings() const { return m_recordings; }
    const std::vector<Chunk>& chunks() const { return m_chunks; }
    const std::vector<int32_t>& classIds() const { return m_classIds; }
    size_t size() const { return m_chunks.size(); }
    int channelCount() const { return m_channels; }
    int64_t chunkLength() const { return m_chunkLength; }
    // Labelled samples (of the chosen classes) per class index, over all chunks' recordings.
    std::vector<int64_t> labelledSamplesPerClass() const;
    // Class index of every sample of recording `r` (-1: ignored).
    const std::vector<int16_t>& labelsOf(size_t r) const { return m_labels[r]; }

    // Writes chunks `indices` as [batch][channel][chunkLength()] floats into
    // `samples` and [batch][chunkLength()] class indices into `labels`; a chunk
    // shorter than chunkLength() is padded with zeros labelled -1.
    void gather(const std::vector<size_t>& indices, float* samples, int64_t* labels,
                const ChannelNormalisation* normalisation = nullptr) const;

private:
    std::vector<std::shared_ptr<const Recording>> m_recordings;
    std::vector<std::vector<int16_t>> m_labels;
    std::vector<Chunk> m_chunks;
    std::vector<int32_t> m_classIds;
    int64_t m_chunkLength = 0;
    int m_channels = 0;
};

} // namespace kinemark
