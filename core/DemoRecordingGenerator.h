#pragma once

#include "Project.h"
#include "Recording.h"

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
};

class DemoRecordingGenerator
{
public:
    static Recording generate(const DemoOptions& options = DemoOptions());
    // A project with one demo recording and the HARTH label set.
    static Project demoProject(const DemoOptions& options = DemoOptions());
};

} // namespace kinemark
