#pragma once

#include "core/model/Project.h"
#include "models/TrainingRequest.h"

#include <cstdint>

namespace kinemark {

// About how many examples a training request learns from and is judged on,
// read from the ground truth's segments without cutting anything: windows for
// a window model, chunks for a sequence model (mstcn). The Train dialog sizes
// its suggested epochs and its run-time estimate with it while the user
// changes the split, so it must cost microseconds, not a pass over the
// samples; the trainer's own count differs by a window or two per segment
// run (windows start on the stride's grid, not at each run's start).
struct TrainingSetSize
{
    int64_t training = 0;
    int64_t validation = 0;

    // Zero for models that learn from spectrograms (selfpab): their frames
    // are not counted here.
    static TrainingSetSize of(const Project& project, const TrainingRequest& request);
};

} // namespace kinemark
