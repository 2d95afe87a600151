#include "tests/support/AnnotatedProject.h"

namespace kinemark::test {

std::vector<Triple> triples(const AnnotationTrack* track)
{
    std::vector<Triple> out;
    for (const Segment& s : track->segments())
        out.emplace_back(s.start, s.end, s.classId);
    return out;
}

Project annotatedProject(double rateHz, int64_t samples, std::vector<AnnotationTrack> tracks)
{
    Project p;
    p.labelSets.push_back(LabelSet::builtin("harth"));
    Recording r;
    r.id = QStringLiteral("rec");
    r.sampleRateHz = rateHz;
    r.labelSetId = QStringLiteral("harth");
    Sensor s;
    s.name = QStringLiteral("thigh");
    s.channels.push_back(Channel{QStringLiteral("x"), QStringLiteral("acc"), QStringLiteral("g"),
                                 std::vector<float>(size_t(samples), 0.f)});
    r.sensors.push_back(s);
    r.tracks = std::move(tracks);
    p.addRecording(std::move(r));
    return p;
}

} // namespace kinemark::test
