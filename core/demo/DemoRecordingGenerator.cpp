#include "core/demo/DemoRecordingGenerator.h"

#include "core/demo/DemoPiece.h"
#include "core/demo/DemoSchedule.h"
#include "core/demo/DemoSignalRenderer.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

// The demo is made of its schedule (DemoSchedule: which activity when, with
// the episodes of DemoEpisodes and the bouts of DemoBoutModel), its signal
// renderer (DemoSignalRenderer: motion to samples for each sensor) and its
// deterministic maths (DeterministicMath, SineTable, DemoRandom), which make
// the same options give the same bits on every machine.

namespace kinemark {

namespace {

Sensor makeSensor(const QString& name, size_t n)
{
    Sensor sensor;
    sensor.name = name;
    sensor.device = QStringLiteral("Axivity AX3 (simulated)");
    for (const char* axis : {"x", "y", "z"})
        sensor.channels.push_back(Channel{QString::fromLatin1(axis), QStringLiteral("acc"),
                                          QStringLiteral("g"), std::vector<float>(n)});
    return sensor;
}

// The labels of the pieces: ramps of large posture changes and the sensors
// off are left out, adjacent segments of one class merged, so the track is
// sorted, non-overlapping and free of empty segments.
std::vector<Segment> groundTruth(const std::vector<demo::DemoPiece>& pieces)
{
    std::vector<Segment> segments;
    for (const demo::DemoPiece& p : pieces) {
        const int64_t start = p.rampLabelled ? p.start : p.start + p.ramp;
        if (start >= p.end || p.label == demo::kOff)
            continue;
        if (!segments.empty() && segments.back().end == start && segments.back().classId == p.label)
            segments.back().end = p.end;
        else
            segments.push_back(Segment{start, p.end, p.label, QString(), 0});
    }
    return segments;
}

} // namespace

Recording DemoRecordingGenerator::generate(const DemoOptions& options)
{
    if (!(options.sampleRateHz > 0) || options.sampleRateHz > 1e6)
        throw std::invalid_argument("DemoRecordingGenerator: the sampling rate must be positive");
    const double samples = options.durationSeconds > 0
                               ? std::floor(options.durationSeconds * options.sampleRateHz + 0.5)
                               : 0.0;
    const int64_t n = int64_t(samples);

    Recording r;
    r.id = options.recordingId;
    r.subjectId = options.subjectId;
    r.sampleRateHz = options.sampleRateHz;
    r.startTimeUs = options.startTimeUs;
    r.labelSetId = QStringLiteral("harth");
    r.source = QStringLiteral("built-in demo (seed %1)").arg(options.seed);
    r.metadata.insert(QStringLiteral("generator"), QStringLiteral("Kinemark demo generator"));
    r.metadata.insert(QStringLiteral("seed"), QString::number(options.seed));
    r.metadata.insert(QStringLiteral("axes"),
                      QStringLiteral("x down along the segment, z out of the skin (thigh front, "
                                     "lower back); upright reads (-1, 0, 0) g"));
    r.sensors.push_back(makeSensor(QStringLiteral("back"), size_t(n)));
    r.sensors.push_back(makeSensor(QStringLiteral("thigh"), size_t(n)));

    AnnotationTrack truth(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth,
                          QStringLiteral("harth"));
    if (n > 0) {
        // Separate streams for the schedule and the signal, so that refining
        // the signal model does not reshuffle the timeline.
        const std::vector<demo::DemoPiece> pieces =
            demo::DemoSchedule(options.seed ^ 0x5C4ED01EULL, options.sampleRateHz, n,
                               options.startTimeUs, options.dailyRoutine)
                .build();
        float* out[6];
        for (size_t c = 0; c < 6; ++c)
            out[c] = r.channel(c).samples.data();
        demo::DemoSignalRenderer(options.seed ^ 0x516A1ULL, options.sampleRateHz)
            .render(pieces, out);

        truth.setSegments(groundTruth(pieces));
    }
    r.tracks.push_back(std::move(truth));
    return r;
}

DemoOptions DemoOptions::severalDays(int days)
{
    DemoOptions o;
    o.dailyRoutine = true;
    o.sampleRateHz = 25;
    o.startTimeUs = 1709546400000000LL; // Monday 2024-03-04 10:00:00 UTC
    o.durationSeconds = std::max(1, days) * 86400.0 - 2 * 3600.0;
    o.recordingId = QStringLiteral("demo-%1-days").arg(std::max(1, days));
    o.subjectId = QStringLiteral("demo-patient");
    return o;
}

Project DemoRecordingGenerator::demoProject(const DemoOptions& options)
{
    Project project;
    project.name = QStringLiteral("Demo");
    project.metadata.insert(QStringLiteral("description"),
                            QStringLiteral("Synthetic two-sensor recording (lower back and thigh, "
                                           "50 Hz) with HARTH ground truth"));
    project.ensureBuiltinLabelSet(QStringLiteral("harth"));
    project.addRecording(generate(options));
    return project;
}

} // namespace kinemark
