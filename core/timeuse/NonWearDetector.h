#pragma once

#include "core/model/Recording.h"

#include <utility>
#include <vector>

namespace kinemark {

// The non-wear rule, on the raw signal only (ground truth is not consulted,
// so that predictions get the same treatment):
//
//   1. The recording is cut into epochs of `epochSeconds` (default 60 s).
//   2. An epoch is *still* when the standard deviation of every acceleration
//      axis of every sensor stays below `stillSdG` (default 8 mg). A worn
//      sensor never gets there, even in deep sleep: breathing and postural
//      sway move it by several mg; a sensor lying on a table shows only its
//      noise floor (about 6 mg for an AX3 at 50 Hz).
//   3. Stretches of at most `toleratedSeconds` (default 120 s) of non-still
//      epochs between still ones are bridged: a glitch or someone bumping the
//      table does not end a non-wear period.
//   4. A run of still epochs (after bridging) at least `minimumSeconds` long
//      (default 60 min) is non-wear. Shorter runs are worn-but-still.
//
// GGIR's classic rule is similar (SD < 13 mg and range < 50 mg in two of three
// axes over 60-minute windows); 8 mg here because all axes of all sensors must
// agree, which already makes a false positive unlikely, and because 13 mg
// would take a motionless night in bed for non-wear on the simulated AX3.
struct NonWearOptions
{
    double epochSeconds = 60;
    double stillSdG = 0.008;
    double minimumSeconds = 60 * 60;
    double toleratedSeconds = 120;
};

class NonWearDetector
{
public:
    // Non-wear spans [start, end) in samples, sorted, not overlapping, at epoch
    // boundaries (the last epoch may be shorter). Channels whose quantity is
    // not "acc" are ignored; a recording without acceleration has no non-wear.
    static std::vector<std::pair<int64_t, int64_t>> detect(const Recording& recording,
                                                           const NonWearOptions& options);
    // Per epoch: is it still? (exposed for tests and the report's notes)
    static std::vector<bool> stillEpochs(const Recording& recording, const NonWearOptions& options);
};

} // namespace kinemark
