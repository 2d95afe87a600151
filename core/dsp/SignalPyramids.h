#pragma once

#include "core/base/JobControl.h"
#include "core/dsp/MinMaxPyramid.h"

#include <memory>
#include <vector>

namespace kinemark {

class Recording;

// The min/max pyramids of every channel of one recording, in the recording's
// flat channel order. Built once on a worker thread, then shared read-only by
// the views.
class SignalPyramids
{
public:
    static std::shared_ptr<const SignalPyramids> build(const Recording& recording,
                                                       const JobControl* job = nullptr);

    size_t channelCount() const { return m_pyramids.size(); }
    const MinMaxPyramid& channel(size_t flatIndex) const { return m_pyramids.at(flatIndex); }
    size_t memoryBytes() const;

private:
    std::vector<MinMaxPyramid> m_pyramids;
};

} // namespace kinemark
