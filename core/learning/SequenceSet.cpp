#include "core/learning/SequenceSet.h"

#include "core/learning/ChannelNormalisation.h"

#include <map>
#include <stdexcept>

namespace kinemark {

SequenceSet SequenceSet::build(std::vector<std::shared_ptr<const Recording>> recordings,
                               int64_t chunkLength, int64_t stride, std::vector<int32_t> classIds,
                               int64_t offset, const JobControl* job)
{
    if (chunkLength < 1 || stride < 1)
        throw std::invalid_argument("chunk length and stride must be positive");
    SequenceSet set;
    set.m_recordings = std::move(recordings);
    set.m_classIds = std::move(classIds);
    set.m_chunkLength = chunkLength;
    std::map<int32_t, int16_t> indexOf;
    for (size_t i = 0; i < set.m_classIds.size(); ++i)
        indexOf[set.m_classIds[i]] = int16_t(i);
    for (size_t r = 0; r < set.m_recordings.size(); ++r) {
        throwIfCancelled(job);
        const Recording& rec = *set.m_recordings[r];
        if (r == 0)
            set.m_channels = int(rec.channelCount());
        else if (int(rec.channelCount()) != set.m_channels)
            throw std::invalid_argument(
                QStringLiteral("recording '%1' has %2 channels, the others %3")
                    .arg(rec.id)
                    .arg(rec.channelCount())
                    .arg(set.m_channels)
                    .toStdString());
        const int64_t n = int64_t(rec.sampleCount());
        std::vector<int16_t> labels(size_t(n), int16_t(-1));
        if (const AnnotationTrack* truth = rec.groundTruth())
            for (const Segment& s : truth->segments()) {
                const auto it = indexOf.find(s.classId);
                if (it == indexOf.end())
                    continue;
                for (int64_t t = std::max<int64_t>(0, s.start); t < std::min(n, s.end); ++t)
                    labels[size_t(t)] = it->second;
            }
        // Prefix counts of labelled samples, to drop chunks without any.
        std::vector<int64_t> labelled(size_t(n) + 1, 0);
        for (int64_t t = 0; t < n; ++t)
            labelled[size_t(t) + 1] = labelled[size_t(t)] + (labels[size_t(t)] >= 0 ? 1 : 0);
        const auto keep = [&](int64_t start, int64_t length) {
            if (labelled[size_t(start + length)] > labelled[size_t(start)])
                set.m_chunks.push_back(Chunk{uint32_t(r), start, length});
        };
        if (n <= chunkLength) {
            if (n > 0)
                keep(0, n);
        } else {
            int64_t start = offset % stride;
            if (start > 0) // the head before the offset still belongs to a chunk
                keep(0, chunkLength);
            for (; start + chunkLength <= n; start += stride)
                keep(start, chunkLength);
            if (start - stride + chunkLength < n)
                keep(n - chunkLength, chunkLength);
        }
        set.m_labels.push_back(std::move(labels));
    }
    return set;
}

std::vector<int64_t> SequenceSet::labelledSamplesPerClass() const
{
    std::vector<int64_t> counts(m_classIds.size(), 0);
    for (const auto& labels : m_labels)
        for (int16_t l : labels)
            if (l >= 0)
                ++counts[size_t(l)];
    return counts;
}

void SequenceSet::gather(const std::vector<size_t>& indices, float* samples, int64_t* labels,
                         const ChannelNormalisation* normalisation) const
{
    const int64_t t = m_chunkLength;
    for (size_t b = 0; b < indices.size(); ++b) {
        const Chunk& chunk = m_chunks[indices[b]];
        const Recording& rec = *m_recordings[chunk.recording];
        for (int c = 0; c < m_channels; ++c) {
            const float* x = rec.channel(size_t(c)).samples.data() + chunk.start;
            float* out = samples + (b * size_t(m_channels) + size_t(c)) * size_t(t);
            for (int64_t i = 0; i < chunk.length; ++i)
                out[i] = normalisation ? normalisation->apply(size_t(c), x[i]) : x[i];
            for (int64_t i = chunk.length; i < t; ++i)
                out[i] = 0.0f;
        }
        const int16_t* l = m_labels[chunk.recording].data() + chunk.start;
        int64_t* out = labels + b * size_t(t);
        for (int64_t i = 0; i < chunk.length; ++i)
            out[i] = l[i];
        for (int64_t i = chunk.length; i < t; ++i)
            out[i] = -1;
    }
}

} // namespace kinemark
