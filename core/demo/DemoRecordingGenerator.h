#pragma once

#include "core/model/Project.h"
#include "core/model/Recording.h"

#include <cstdint>

namespace kinemark {

// Deterministic synthetic two-sensor (back + thigh) 50 Hz recording with HARTH
// ground truth, so the app, the README demo, tests and benchmarks have
// meaningful data without any file. Postures have the right gravity direction
// per sensor; gait has cadence harmonics (walking, running, stairs); cycling,
// shuffling, and transitions between activities are modelled.
struct DemoOptions
{
    double durationSeconds = 2 * 3600.0;
    double sampleRateHz = 50.0;
    uint64_t seed = 1;
    QString recordingId = QStringLiteral("demo");
    QString subjectId = QStringLiteral("demo-subject");
    int64_t startTimeUs = 1709539200000000LL; // 2024-03-04 08:00:00 UTC
    // A free-living monitoring period instead of a lab-like session: office
    // hours at a desk on weekdays, more outings at weekends, and the sensors
    // taken off (lying still on a table, unlabelled) for a shower after every
    // night, on some evenings for one to three hours, and from 09:00 on the
    // third day until the next morning (a day with too little wear). Off by
    // default, so the default demo stays as it is.
    bool dailyRoutine = false;

    // `days` of daily routine from Monday 2024-03-04 10:00 (a mid-morning
    // start) to 08:00 on the morning after the last day, at 25 Hz to keep a
    // week under 400 MB.
    static DemoOptions severalDays(int days);
};

class DemoRecordingGenerator
{
public:
    static Recording generate(const DemoOptions& options = DemoOptions());
    // A project with one demo recording and the HARTH label set.
    static Project demoProject(const DemoOptions& options = DemoOptions());
};

} // namespace kinemark
