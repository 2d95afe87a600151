#pragma once

#include "core/model/Project.h"
#include "models/TrainingRequest.h"

#include <cstdint>

namespace kinemark {

// About how many examples a training request learns from and is judged on,
// read from the ground truth's segments without cutting anything: windows for
// a window model, chunks for a sequence model (mstcn), spectrogram windows
// for selfpab (window_frames 0.5 s frames every stride_frames: the training
// windows with a frame of the chosen classes, and every window of the
// validation recordings, which selfpab's validation predicts whole). The
// Train dialog sizes its suggested epochs and its run-time estimate with it
// while the user changes the split, so it must cost microseconds, not a pass
// over the samples; the trainer's own count differs by a window or two per
// segment run (windows start on the stride's grid, not at each run's start).
struct TrainingSetSize
{
    int64_t training = 0;
    int64_t validation = 0;

    static TrainingSetSize of(const Project& project, const TrainingRequest& request);
};

} // namespace kinemark
