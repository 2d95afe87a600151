#include "core/cohort/CohortParticipantSummary.h"

#include "core/base/FormatError.h"
#include "core/base/JsonText.h"
#include "core/calibration/AutoCalibrator.h"
#include "core/model/Recording.h"
#include "core/timeuse/TimeUseSummary.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>
#include <algorithm>
#include <cmath>

namespace kinemark {

namespace {

// Days with less than this share of the worn time labelled are flagged: the
// model (or the annotator) left much of the day unclassified.
constexpr double kUnlabelledShareFlag = 0.10;

} // namespace

CohortParticipantSummary CohortParticipantSummary::from(const QString& participant,
                                                        const Recording& recording,
                                                        const TimeUseSummary& summary)
{
    CohortParticipantSummary s;
    s.participant = participant;
    s.recording = recording.id;
    s.subject = recording.subjectId;
    s.startUtc = QDateTime::fromMSecsSinceEpoch(recording.startTimeUs / 1000, Qt::UTC)
                     .toString(Qt::ISODateWithMs);
    s.track = summary.trackName;
    s.days = int(summary.days.size());
    s.validDays = summary.validDays;
    for (size_t c = 0; c < summary.classIds.size(); ++c)
        s.classes.push_back({summary.classIds[c], summary.classNames.value(qsizetype(c)), 0});
    for (const ActivityGroup& g : summary.grouping.groups)
        s.groups.push_back({g.name, 0, 0});
    double recorded = 0, wear = 0, nonWear = 0, unlabelled = 0;
    for (const DaySummary& d : summary.days) {
        recorded += d.recordedSeconds;
        wear += d.wearSeconds;
        nonWear += d.nonWearSeconds;
        unlabelled += d.unlabelledSeconds;
        for (size_t c = 0; c < s.classes.size() && c < d.classSeconds.size(); ++c)
            s.classes[c].minutes += d.classSeconds[c] / 60;
        for (size_t g = 0; g < s.groups.size() && g < d.groupSeconds.size(); ++g)
            s.groups[g].minutes += d.groupSeconds[g] / 60;
        s.sedentaryBouts += d.sedentaryBouts;
        s.sedentaryBoutMinutes += d.sedentaryBoutSeconds / 60;
        s.longestSedentaryBoutMinutes =
            std::max(s.longestSedentaryBoutMinutes, d.longestSedentaryBoutSeconds / 60);
        s.transitions += d.transitions;
    }
    if (summary.validDays > 0)
        for (size_t g = 0; g < s.groups.size() && g < summary.allDays.groupSeconds.size(); ++g)
            s.groups[g].minutesPerValidDay = summary.allDays.groupSeconds[g] / 60;
    s.recordedHours = recorded / 3600;
    s.wearHours = wear / 3600;
    s.nonWearHours = nonWear / 3600;
    s.unlabelledHours = unlabelled / 3600;

    const int shortDays = s.days - s.validDays;
    if (s.validDays == 0)
        s.flags << QStringLiteral("no valid day");
    else if (shortDays > 0)
        s.flags << QStringLiteral("%1 day(s) below %2 h wear")
                       .arg(shortDays)
                       .arg(summary.minimumWearSeconds / 3600, 0, 'g', 3);
    if (wear > 0 && unlabelled / wear > kUnlabelledShareFlag)
        s.flags << QStringLiteral("%1% of the wear unlabelled")
                       .arg(int(std::lround(100 * unlabelled / wear)));
    for (const Sensor& sensor : recording.sensors) {
        const QString calibration =
            recording.metadata.value(AutoCalibrator::summaryKey(sensor.name));
        if (calibration.contains(QLatin1String("not calibrated")))
            s.flags << QStringLiteral("%1 not calibrated").arg(sensor.name);
    }
    return s;
}

QByteArray CohortParticipantSummary::toJson() const
{
    QJsonObject o;
    o[QStringLiteral("participant")] = participant;
    o[QStringLiteral("recording")] = recording;
    o[QStringLiteral("subject")] = subject;
    o[QStringLiteral("start_utc")] = startUtc;
    o[QStringLiteral("track")] = track;
    o[QStringLiteral("model_file")] = modelFile;
    o[QStringLiteral("model_kind")] = modelKind;
    o[QStringLiteral("model_id")] = modelId;
    o[QStringLiteral("model_created")] = modelCreated;
    o[QStringLiteral("days")] = days;
    o[QStringLiteral("valid_days")] = validDays;
    o[QStringLiteral("recorded_h")] = recordedHours;
    o[QStringLiteral("wear_h")] = wearHours;
    o[QStringLiteral("non_wear_h")] = nonWearHours;
    o[QStringLiteral("unlabelled_h")] = unlabelledHours;
    QJsonArray classArray;
    for (const ClassTime& c : classes)
        classArray.append(QJsonObject{{QStringLiteral("id"), c.id},
                                      {QStringLiteral("name"), c.name},
                                      {QStringLiteral("min"), c.minutes}});
    o[QStringLiteral("classes")] = classArray;
    QJsonArray groupArray;
    for (const GroupTime& g : groups)
        groupArray.append(QJsonObject{{QStringLiteral("name"), g.name},
                                      {QStringLiteral("min"), g.minutes},
                                      {QStringLiteral("min_per_valid_day"), g.minutesPerValidDay}});
    o[QStringLiteral("groups")] = groupArray;
    o[QStringLiteral("sedentary_bouts")] = sedentaryBouts;
    o[QStringLiteral("sedentary_bout_min")] = sedentaryBoutMinutes;
    o[QStringLiteral("longest_sedentary_bout_min")] = longestSedentaryBoutMinutes;
    o[QStringLiteral("transitions")] = transitions;
    o[QStringLiteral("flags")] = QJsonArray::fromStringList(flags);
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

CohortParticipantSummary CohortParticipantSummary::fromJson(const QByteArray& json,
                                                            const QString& source)
{
    const QJsonDocument doc = JsonText::parse(json, source);
    if (!doc.isObject())
        throw FormatError(source, QStringLiteral("not a participant summary (a JSON object)"));
    const QJsonObject o = doc.object();
    CohortParticipantSummary s;
    s.participant = o.value(QStringLiteral("participant")).toString();
    if (s.participant.isEmpty())
        throw FormatError(source, QStringLiteral("no participant id"));
    s.recording = o.value(QStringLiteral("recording")).toString();
    s.subject = o.value(QStringLiteral("subject")).toString();
    s.startUtc = o.value(QStringLiteral("start_utc")).toString();
    s.track = o.value(QStringLiteral("track")).toString();
    s.modelFile = o.value(QStringLiteral("model_file")).toString();
    s.modelKind = o.value(QStringLiteral("model_kind")).toString();
    s.modelId = o.value(QStringLiteral("model_id")).toString();
    s.modelCreated = o.value(QStringLiteral("model_created")).toString();
    s.days = o.value(QStringLiteral("days")).toInt();
    s.validDays = o.value(QStringLiteral("valid_days")).toInt();
    s.recordedHours = o.value(QStringLiteral("recorded_h")).toDouble();
    s.wearHours = o.value(QStringLiteral("wear_h")).toDouble();
    s.nonWearHours = o.value(QStringLiteral("non_wear_h")).toDouble();
    s.unlabelledHours = o.value(QStringLiteral("unlabelled_h")).toDouble();
    for (const QJsonValue& v : o.value(QStringLiteral("classes")).toArray()) {
        const QJsonObject c = v.toObject();
        s.classes.push_back({c.value(QStringLiteral("id")).toInt(),
                             c.value(QStringLiteral("name")).toString(),
                             c.value(QStringLiteral("min")).toDouble()});
    }
    for (const QJsonValue& v : o.value(QStringLiteral("groups")).toArray()) {
        const QJsonObject g = v.toObject();
        s.groups.push_back({g.value(QStringLiteral("name")).toString(),
                            g.value(QStringLiteral("min")).toDouble(),
                            g.value(QStringLiteral("min_per_valid_day")).toDouble()});
    }
    s.sedentaryBouts = o.value(QStringLiteral("sedentary_bouts")).toDouble();
    s.sedentaryBoutMinutes = o.value(QStringLiteral("sedentary_bout_min")).toDouble();
    s.longestSedentaryBoutMinutes =
        o.value(QStringLiteral("longest_sedentary_bout_min")).toDouble();
    s.transitions = o.value(QStringLiteral("transitions")).toDouble();
    for (const QJsonValue& v : o.value(QStringLiteral("flags")).toArray())
        s.flags << v.toString();
    return s;
}

} // namespace kinemark
