#include "core/project/ProjectSummary.h"

#include "core/base/ElapsedTime.h"
#include "core/calibration/AutoCalibrator.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>
#include <QTextStream>
#include <map>
#include <set>

namespace kinemark {

namespace {

struct ClassTotal
{
    int64_t samples = 0;
    int64_t segments = 0;
};

QString isoTime(int64_t us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
}

// Ground-truth totals per (label set, class id) over all recordings.
std::map<std::pair<QString, int32_t>, ClassTotal> groundTruthTotals(const Project& project)
{
    std::map<std::pair<QString, int32_t>, ClassTotal> totals;
    for (const auto& r : project.recordings) {
        const AnnotationTrack* gt = r->groundTruth();
        if (!gt)
            continue;
        const QString setId = gt->labelSetId().isEmpty() ? r->labelSetId : gt->labelSetId();
        for (const Segment& s : gt->segments()) {
            ClassTotal& t = totals[{setId, s.classId}];
            t.samples += s.length();
            t.segments += 1;
        }
    }
    return totals;
}

} // namespace

QJsonObject ProjectSummary::toJson(const Project& project)
{
    QJsonArray recordings;
    std::set<double> rates;
    std::set<int> channelCounts;
    double totalSeconds = 0;
    int64_t totalSamples = 0;
    for (const auto& r : project.recordings) {
        QJsonArray sensors;
        for (const Sensor& s : r->sensors) {
            QJsonArray channels;
            for (size_t c = 0; c < s.channels.size(); ++c)
                channels.append(QJsonObject{{"name", s.qualifiedChannelName(c)},
                                            {"quantity", s.channels[c].quantity},
                                            {"unit", s.channels[c].unit}});
            QJsonObject so{{"name", s.name}, {"channels", channels}};
            if (!s.device.isEmpty())
                so.insert("device", s.device);
            // Automatic calibration on import: what it did, and the coefficients applied.
            const QString calibration = r->metadata.value(AutoCalibrator::summaryKey(s.name));
            if (!calibration.isEmpty()) {
                so.insert("calibration", calibration);
                so.insert("calibration_coefficients",
                          r->metadata.value(AutoCalibrator::coefficientsKey(s.name)));
            }
            sensors.append(so);
        }
        QJsonArray tracks;
        for (const AnnotationTrack& t : r->tracks)
            tracks.append(QJsonObject{{"name", t.name()},
                                      {"kind", AnnotationTrack::kindName(t.kind())},
                                      {"segments", qint64(t.size())},
                                      {"labelled_samples", qint64(t.labelledSampleCount())}});
        QJsonObject recording{{"id", r->id},
                              {"subject", r->subjectId},
                              {"sample_rate_hz", r->sampleRateHz},
                              {"samples", qint64(r->sampleCount())},
                              {"duration_s", r->durationSeconds()},
                              {"start", isoTime(r->startTimeUs)},
                              {"channels", int(r->channelCount())},
                              {"sensors", sensors},
                              {"tracks", tracks},
                              {"label_set", r->labelSetId},
                              {"source", r->source}};
        // Only when there are any, so that the summary of a project without
        // videos reads as before they existed.
        if (!r->videos.empty()) {
            QJsonArray videos;
            for (const VideoAttachment& v : r->videos)
                videos.append(QJsonObject{
                    {"path", v.path}, {"offset_s", v.offsetS}, {"drift_ppm", v.driftPpm}});
            recording.insert("videos", videos);
        }
        recordings.append(recording);
        rates.insert(r->sampleRateHz);
        channelCounts.insert(int(r->channelCount()));
        totalSeconds += r->durationSeconds();
        totalSamples += int64_t(r->sampleCount());
    }

    QJsonArray labelSummary;
    for (const auto& [key, total] : groundTruthTotals(project)) {
        const LabelSet* set = project.labelSet(key.first);
        QJsonObject o{
            {"label_set", key.first},
            {"class_id", key.second},
            {"name", set ? set->className(key.second) : QStringLiteral("class %1").arg(key.second)},
            {"labelled_samples", qint64(total.samples)},
            {"segments", qint64(total.segments)}};
        labelSummary.append(o);
    }
    QJsonArray labelSets;
    for (const LabelSet& s : project.labelSets)
        labelSets.append(
            QJsonObject{{"id", s.id}, {"name", s.name}, {"classes", int(s.classes.size())}});

    QJsonArray rateArray, channelArray, subjects;
    for (double r : rates)
        rateArray.append(r);
    for (int c : channelCounts)
        channelArray.append(c);
    for (const QString& s : project.subjectIds())
        subjects.append(s);

    return QJsonObject{{"recording_count", recordings.size()},
                       {"subject_count", subjects.size()},
                       {"subjects", subjects},
                       {"sample_rates_hz", rateArray},
                       {"channel_counts", channelArray},
                       {"total_duration_s", totalSeconds},
                       {"total_samples", qint64(totalSamples)},
                       {"class_count", labelSummary.size()},
                       {"label_summary", labelSummary},
                       {"label_sets", labelSets},
                       {"recordings", recordings}};
}

QString ProjectSummary::toText(const Project& project)
{
    const QJsonObject j = toJson(project);
    QString out;
    QTextStream ts(&out);
    auto joinNumbers = [](const QJsonArray& a) {
        QStringList parts;
        for (const QJsonValue& v : a)
            parts << QString::number(v.toDouble());
        return parts.join(QStringLiteral(", "));
    };
    ts << "Recordings:  " << j["recording_count"].toInt() << "\n";
    ts << "Subjects:    " << j["subject_count"].toInt() << "\n";
    ts << "Rates (Hz):  " << joinNumbers(j["sample_rates_hz"].toArray()) << "\n";
    ts << "Channels:    " << joinNumbers(j["channel_counts"].toArray()) << "\n";
    ts << "Duration:    " << ElapsedTime::clock(j["total_duration_s"].toDouble()) << " ("
       << j["total_samples"].toInteger() << " samples)\n";
    if (!project.recordings.empty()) {
        ts << "Sensors:     ";
        const Recording& first = *project.recordings.front();
        QStringList sensors;
        for (const Sensor& s : first.sensors)
            sensors << QStringLiteral("%1 (%2)").arg(s.name).arg(s.channels.size());
        ts << sensors.join(QStringLiteral(", "))
           << "  channels: " << first.channelNames().join(QStringLiteral(", ")) << "\n";
    }
    QStringList calibrations;
    for (const QJsonValue& rv : j["recordings"].toArray())
        for (const QJsonValue& sv : rv.toObject()["sensors"].toArray()) {
            const QJsonObject so = sv.toObject();
            if (so.contains("calibration"))
                calibrations << QStringLiteral("  %1 / %2: %3\n      %4\n")
                                    .arg(rv.toObject()["id"].toString(), so["name"].toString(),
                                         so["calibration"].toString(),
                                         so["calibration_coefficients"].toString());
        }
    if (!calibrations.isEmpty())
        ts << "\nCalibration (automatic, on import):\n" << calibrations.join(QString());
    QStringList videos;
    for (const auto& r : project.recordings)
        for (const VideoAttachment& v : r->videos)
            videos << QStringLiteral("  %1: %2 (offset %3 s, drift %4 ppm)\n")
                          .arg(r->id, v.path)
                          .arg(v.offsetS, 0, 'f', 3)
                          .arg(v.driftPpm, 0, 'f', 1);
    if (!videos.isEmpty())
        ts << "\nVideos (kinemark-cli video list for their status):\n" << videos.join(QString());
    const QJsonArray labels = j["label_summary"].toArray();
    if (!labels.isEmpty()) {
        ts << "\nGround truth (labelled samples per class):\n";
        for (const QJsonValue& v : labels) {
            const QJsonObject o = v.toObject();
            ts << QStringLiteral("  %1 %2 %3 samples in %4 segments\n")
                      .arg(o["class_id"].toInt(), 4)
                      .arg(o["name"].toString(), -26)
                      .arg(o["labelled_samples"].toInteger(), 10)
                      .arg(o["segments"].toInteger());
        }
    }
    if (project.recordings.size() > 1) {
        ts << "\nRecordings:\n";
        for (const auto& r : project.recordings)
            ts << QStringLiteral("  %1  subject %2  %3 Hz  %4\n")
                      .arg(r->id, -20)
                      .arg(r->subjectId, -6)
                      .arg(r->sampleRateHz)
                      .arg(ElapsedTime::clock(r->durationSeconds()));
    }
    return out;
}

} // namespace kinemark
