#include "core/dsp/SignalPyramids.h"

#include "core/model/Recording.h"

namespace kinemark {

std::shared_ptr<const SignalPyramids> SignalPyramids::build(const Recording& recording,
                                                            const JobControl* job)
{
    auto result = std::make_shared<SignalPyramids>();
    const size_t channels = recording.channelCount();
    result->m_pyramids.resize(channels);
    for (size_t c = 0; c < channels; ++c) {
        throwIfCancelled(job);
        const std::vector<float>& x = recording.channel(c).samples;
        result->m_pyramids[c].build(x.data(), int64_t(x.size()));
        reportProgress(job, double(c + 1) / double(channels));
    }
    return result;
}

size_t SignalPyramids::memoryBytes() const
{
    size_t bytes = 0;
    for (const MinMaxPyramid& p : m_pyramids)
        bytes += p.memoryBytes();
    return bytes;
}

} // namespace kinemark
