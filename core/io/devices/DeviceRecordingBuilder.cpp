#include "core/io/devices/DeviceRecordingBuilder.h"

#include "core/base/FormatError.h"
#include "core/io/RecordingSizeLimit.h"
#include "core/io/devices/DeviceFileSupport.h"
#include "core/io/devices/DeviceTimeline.h"
#include "core/io/devices/SensorAlignment.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <cmath>

namespace kinemark {

namespace {
// At most this many gap spans per sensor are written into the metadata text.
constexpr size_t kListedSpans = 200;

QString spanList(const std::vector<UniformResampler::Span>& spans)
{
    QStringList parts;
    for (size_t i = 0; i < std::min(spans.size(), kListedSpans); ++i)
        parts << QStringLiteral("%1+%2").arg(spans[i].start).arg(spans[i].count);
    if (spans.size() > kListedSpans)
        parts << QStringLiteral("... (%1 in all)").arg(spans.size());
    return parts.join(QLatin1Char(' '));
}

// The time offset of every sensor: the options' own, then, with autoAlign,
// each sensor aligned with the first by cross-correlation where one is found.
std::vector<double> sensorOffsets(const std::vector<DeviceSamples>& devices,
                                  const std::vector<DeviceTimeline>& timelines,
                                  const QStringList& sensorNames,
                                  const DeviceImportOptions& options, ReadReport* report)
{
    std::vector<double> offsets(devices.size(), 0.0);
    for (size_t i = 0; i < devices.size() && i < options.offsetsS.size(); ++i)
        offsets[i] = options.offsetsS[i];
    if (!options.autoAlign)
        return offsets;
    for (size_t i = 1; i < devices.size(); ++i) {
        const auto s = SensorAlignment::suggest(devices[0], timelines[0], devices[i], timelines[i],
                                                offsets[i] - offsets[0], options.maxAlignLagS);
        const QString who = sensorNames.value(int(i));
        if (s.found) {
            offsets[i] = offsets[0] + s.offsetS;
            if (report)
                report->repairs << QStringLiteral("%1: aligned with %2 by cross-correlation of "
                                                  "acceleration magnitude: offset %3 s (%4)")
                                       .arg(who, sensorNames.value(0))
                                       .arg(offsets[i], 0, 'f', 3)
                                       .arg(s.note);
        } else if (report) {
            report->warnings << QStringLiteral("%1: no alignment with %2 found (%3); offset "
                                               "left at %4 s")
                                    .arg(who, sensorNames.value(0), s.note)
                                    .arg(offsets[i], 0, 'f', 3);
        }
    }
    return offsets;
}

// The recording's identity, time and sources, before its sensors.
Recording emptyRecording(const std::vector<DeviceSamples>& devices,
                         const DeviceImportOptions& options, double start)
{
    Recording r;
    const QFileInfo first(devices[0].file);
    r.id = options.recordingId.isEmpty() ? first.completeBaseName() : options.recordingId;
    r.subjectId = !options.subjectId.isEmpty()        ? options.subjectId
                  : !devices[0].subjectCode.isEmpty() ? devices[0].subjectCode
                                                      : r.id;
    r.sampleRateHz = options.rateHz;
    r.startTimeUs = int64_t(std::llround(start * 1e6));
    QStringList sources;
    for (const DeviceSamples& d : devices)
        sources << d.file;
    r.source = sources.join(QStringLiteral("; "));
    r.metadata.insert(QStringLiteral("resampling"),
                      QStringLiteral("%1 to %2 Hz; device clock times (local time, no zone)")
                          .arg(UniformResampler::methodName(options.method))
                          .arg(options.rateHz));
    return r;
}

// A resampled device as a sensor of the recording, described in its metadata
// under "<name>.".
void addSensor(Recording& r, const DeviceSamples& d, const DeviceTimeline& timeline,
               const QString& name, double offset, std::vector<Channel> channels)
{
    Sensor sensor;
    sensor.name = name;
    sensor.device = d.serial.isEmpty() ? d.device : QStringLiteral("%1 %2").arg(d.device, d.serial);
    sensor.channels = std::move(channels);
    r.sensors.push_back(std::move(sensor));
    const QString prefix = name + QLatin1Char('.');
    r.metadata.insert(prefix + QStringLiteral("file"), QFileInfo(d.file).fileName());
    r.metadata.insert(prefix + QStringLiteral("device"), r.sensors.back().device);
    r.metadata.insert(prefix + QStringLiteral("native rate"),
                      QStringLiteral("%1 Hz").arg(d.nominalRateHz));
    r.metadata.insert(prefix + QStringLiteral("offset s"), QString::number(offset, 'f', 3));
    r.metadata.insert(prefix + QStringLiteral("first sample"),
                      DeviceFileSupport::formatSeconds(timeline.startTime()));
    for (auto it = d.metadata.begin(); it != d.metadata.end(); ++it)
        r.metadata.insert(prefix + it.key(), it.value());
    if (!d.bodyLocation.isEmpty())
        r.metadata.insert(prefix + QStringLiteral("body location"), d.bodyLocation);
    if (!d.subjectCode.isEmpty())
        r.metadata.insert(prefix + QStringLiteral("subject code"), d.subjectCode);
}

// A device's temperature readings on the recording's grid (the sample each
// was read at, by the device's time line and the sensor's offset); readings
// outside the recording are dropped.
TemperatureSeries temperatureOnGrid(const DeviceSamples& d, const DeviceTimeline& timeline,
                                    const QString& name, double offset, double start, int64_t count,
                                    double rateHz)
{
    TemperatureSeries series;
    series.sensor = name;
    for (const DeviceSamples::TemperatureReading& t : d.temperature) {
        const double at = std::round((timeline.timeAt(t.sample) + offset - start) * rateHz);
        if (at >= 0 && at < double(count))
            series.append(int64_t(at), double(t.celsius));
    }
    return series;
}

// A sensor's gaps and filled spans into the metadata and the report; returns
// its part of the recording's gap summary (empty without gaps).
QString describeGaps(Recording& r, const DeviceSamples& d, const QString& name,
                     const UniformResampler::Result& res, double rateHz, ReadReport* report)
{
    const QString prefix = name + QLatin1Char('.');
    int64_t gapSamples = 0, filledSamples = 0;
    for (const auto& g : res.gaps)
        gapSamples += g.count;
    for (const auto& f : res.filled)
        filledSamples += f.count;
    QString summary;
    if (!res.gaps.empty()) {
        r.metadata.insert(prefix + QStringLiteral("gaps"), spanList(res.gaps));
        summary = QStringLiteral("%1: %2 span(s), %3 s without data")
                      .arg(name)
                      .arg(res.gaps.size())
                      .arg(double(gapSamples) / rateHz, 0, 'f', 1);
    }
    if (!res.filled.empty())
        r.metadata.insert(prefix + QStringLiteral("filled"), spanList(res.filled));
    if (report) {
        if (!res.gaps.empty())
            report->warnings << QStringLiteral("%1 (%2): %3 gap(s) without data, %4 s in all; "
                                               "marked in the recording's metadata "
                                               "('%5gaps', first sample + count), values held")
                                    .arg(d.file, name)
                                    .arg(res.gaps.size())
                                    .arg(double(gapSamples) / rateHz, 0, 'f', 2)
                                    .arg(prefix);
        if (!res.filled.empty())
            report->repairs << QStringLiteral("%1 (%2): %3 s filled by the device's idle sleep "
                                              "rule, marked as '%4filled'")
                                   .arg(d.file, name)
                                   .arg(double(filledSamples) / rateHz, 0, 'f', 1)
                                   .arg(prefix);
    }
    return summary;
}
// The recording's samples (every sensor's channels on the grid) against the
// size limit, before any is allocated. A refusal names the file and the block,
// page or record whose time takes the recording past the limit (the first
// anchor beyond it; the last of the sensor ending last when the crossing lies
// after every anchor).
void checkRecordingSize(const std::vector<DeviceSamples>& devices,
                        const std::vector<double>& offsets, double start, int64_t count,
                        double rateHz)
{
    int channels = 0;
    for (const DeviceSamples& d : devices)
        channels += int(d.channels.size());
    if (RecordingSizeLimit::problem(double(count), channels, rateHz).isEmpty())
        return;
    const double fittingS =
        double(RecordingSizeLimit::bytes()) / (4.0 * double(std::max(channels, 1)) * rateHz);
    size_t who = 0;
    const DeviceSamples::TimeAnchor* at = nullptr;
    double latest = -INFINITY;
    for (size_t i = 0; i < devices.size(); ++i) {
        for (const auto& a : devices[i].anchors) {
            const double t = a.timeS + offsets[i];
            if (t - start > fittingS) {
                if (!at || t < at->timeS + offsets[who]) {
                    at = &a;
                    who = i;
                }
                break;
            }
        }
    }
    if (!at)
        for (size_t i = 0; i < devices.size(); ++i)
            if (!devices[i].anchors.empty() &&
                devices[i].anchors.back().timeS + offsets[i] > latest) {
                latest = devices[i].anchors.back().timeS + offsets[i];
                at = &devices[i].anchors.back();
                who = i;
            }
    const DeviceSamples& d = devices[who];
    const QString place = at && at->place >= 0 && !d.placeKind.isEmpty()
                              ? QStringLiteral("%1 %2 (%3)")
                                    .arg(d.placeKind)
                                    .arg(at->place)
                                    .arg(DeviceFileSupport::formatSeconds(at->timeS))
                              : QString();
    RecordingSizeLimit::check(d.file, place, double(count), channels, rateHz);
}
} // namespace

QString DeviceRecordingBuilder::sensorNameFor(const DeviceSamples& device, const QString& fallback)
{
    QString name = device.bodyLocation.trimmed().toLower();
    name.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("_"));
    name.remove(QRegularExpression(QStringLiteral("^_+|_+$")));
    return name.isEmpty() ? fallback : name;
}

Recording DeviceRecordingBuilder::build(std::vector<DeviceSamples>& devices,
                                        const QStringList& sensorNames,
                                        const DeviceImportOptions& options, ReadReport* report,
                                        const JobControl* job,
                                        std::vector<TemperatureSeries>* temperatures)
{
    if (devices.empty())
        throw std::invalid_argument("no device files to build a recording from");
    if (!(options.rateHz > 0) || options.rateHz > 10000)
        throw std::invalid_argument(
            QStringLiteral("resampling rate %1 Hz is not valid").arg(options.rateHz).toStdString());
    std::vector<DeviceTimeline> timelines;
    for (const DeviceSamples& d : devices)
        timelines.emplace_back(d);
    const std::vector<double> offsets =
        sensorOffsets(devices, timelines, sensorNames, options, report);
    double start = INFINITY, end = -INFINITY;
    for (size_t i = 0; i < devices.size(); ++i) {
        if (timelines[i].isEmpty())
            throw FormatError(devices[i].file, QStringLiteral("holds no samples"));
        start = std::min(start, timelines[i].startTime() + offsets[i]);
        end = std::max(end, timelines[i].endTime() + offsets[i]);
    }
    // Whole microseconds, as the recording stores its start.
    start = std::round(start * 1e6) / 1e6;
    // Rounded: time stamps carry 1/32768 s steps, which must not cost the last sample.
    const int64_t count = int64_t(std::llround((end - start) * options.rateHz));
    checkRecordingSize(devices, offsets, start, count, options.rateHz);

    Recording r = emptyRecording(devices, options, start);
    QStringList gapSummary;
    for (size_t i = 0; i < devices.size(); ++i) {
        const QString name = sensorNames.value(int(i));
        auto res = UniformResampler::resample(devices[i], timelines[i], start, count,
                                              options.rateHz, options.method, offsets[i], job);
        // The raw columns are no longer needed: free them before the next sensor
        // is resampled, so that two week-long sensors never hold both raw copies
        // and both resampled ones at once.
        std::vector<Channel>().swap(devices[i].channels);
        addSensor(r, devices[i], timelines[i], name, offsets[i], std::move(res.channels));
        const QString gaps = describeGaps(r, devices[i], name, res, options.rateHz, report);
        TemperatureSeries warm = temperatureOnGrid(devices[i], timelines[i], name, offsets[i],
                                                   start, count, options.rateHz);
        if (!warm.isEmpty()) {
            const auto range = warm.range();
            r.metadata.insert(name + QStringLiteral(".temperature"),
                              QStringLiteral("%1 to %2 C (%3 readings)")
                                  .arg(range.first, 0, 'f', 1)
                                  .arg(range.second, 0, 'f', 1)
                                  .arg(warm.sample.size()));
            if (temperatures)
                temperatures->push_back(std::move(warm));
        }
        if (!gaps.isEmpty())
            gapSummary << gaps;
    }
    if (!gapSummary.isEmpty())
        r.metadata.insert(QStringLiteral("gaps"), gapSummary.join(QStringLiteral("; ")));
    return r;
}

} // namespace kinemark
