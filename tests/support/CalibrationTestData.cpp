#include "tests/support/CalibrationTestData.h"

#include "core/calibration/AutoCalibrator.h"
#include "core/demo/DemoRecordingGenerator.h"

#include <QFile>
#include <cmath>
#include <stdexcept>

namespace kinemark::test {

namespace {
Recording demoBack(double seconds)
{
    DemoOptions o;
    o.durationSeconds = seconds;
    Recording demo = DemoRecordingGenerator::generate(o);
    Recording r;
    r.id = QStringLiteral("postures");
    r.subjectId = QStringLiteral("s1");
    r.sampleRateHz = demo.sampleRateHz;
    r.startTimeUs = demo.startTimeUs;
    Sensor s;
    s.name = QStringLiteral("wrist");
    for (size_t c = 0; c < 3; ++c)
        s.channels.push_back(std::move(demo.sensors[0].channels[c]));
    r.sensors.push_back(std::move(s));
    return r;
}
} // namespace

Recording oneMounting(double seconds)
{
    return demoBack(seconds);
}

Recording variedPostures(double secondsPerMounting)
{
    Recording r = demoBack(secondsPerMounting);
    std::vector<float>* cols[3];
    for (size_t a = 0; a < 3; ++a)
        cols[a] = &r.sensors[0].channels[a].samples;
    const size_t n = cols[0]->size();
    // Turned 180 degrees about z (x, y negated), then about x (y, z negated).
    const float signs[2][3] = {{-1, -1, 1}, {1, -1, -1}};
    for (const auto& sign : signs)
        for (size_t a = 0; a < 3; ++a)
            for (size_t i = 0; i < n; ++i)
                cols[a]->push_back(sign[a] * (*cols[a])[i]);
    CalibrationOptions options;
    options.enabled = true;
    AutoCalibrator::calibrate(r, options, QStringLiteral("demo"));
    r.metadata.clear();
    return r;
}

void writeCountsCsv(const QString& path, const Recording& r, const CalibrationDistortion& d)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        throw std::runtime_error("cannot write " + path.toStdString());
    QByteArray text = "x,y,z\n";
    const auto& ch = r.sensors[0].channels;
    const size_t n = ch[0].samples.size();
    text.reserve(int(n * 16));
    for (size_t i = 0; i < n; ++i) {
        for (size_t a = 0; a < 3; ++a) {
            const double raw = d.offsetG[a] + d.gain[a] * double(ch[a].samples[i]);
            text += QByteArray::number(qint64(std::lround(d.countsOffset + d.countsPerG * raw)));
            text += a < 2 ? ',' : '\n';
        }
    }
    f.write(text);
}

} // namespace kinemark::test
