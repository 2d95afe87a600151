#pragma once

#include "core/base/JobControl.h"
#include "core/base/ReadReport.h"
#include "core/model/Recording.h"

#include <vector>

namespace kinemark {

// The raw folder of the HAPT dataset (Reyes-Ortiz et al. 2016): for every
// experiment `acc_expXX_userYY.txt` and `gyro_expXX_userYY.txt` (three
// space-separated values per row, g and rad/s, 50 Hz) and the segments of
// `labels.txt` (experiment user activity start end). One Recording per
// experiment, one sensor "waist" with acc and gyro channels, the user as
// subject, labels.txt as the ground-truth track with the "hapt" label set.
// Accepts the folder that holds RawData/ or RawData/ itself.
class HaptReader
{
public:
    static std::vector<Recording> readFolder(const QString& folder, ReadReport* report = nullptr,
                                             const JobControl* job = nullptr);
    // True when `folder` looks like a HAPT raw folder (for format detection).
    static bool looksLikeHaptFolder(const QString& folder);
};

} // namespace kinemark
