#pragma once

#include <QString>
#include <QStringList>
#include <vector>

class QByteArray;

namespace kinemark {

class Recording;
class TimeUseSummary;

// One participant's row of the cohort summary, as `cohort run` stores it in
// DIR/<participant>/participant.json and `cohort collate` reads it back: the
// figures an epidemiologist analyses (wear, time per class and per activity
// group, sedentary bouts, quality flags) and what produced them (the track,
// the model file with the hash of its weights and its creation time). Stored
// per participant rather than collated from the projects so that collation
// reads a few hundred bytes per participant, not gigabytes of samples, and
// holds nothing of the process that wrote it (host, time, shard), so that any
// sharding of a run collates to the same bytes.
struct CohortParticipantSummary
{
    struct ClassTime
    {
        int id = 0;
        QString name;
        double minutes = 0; // over the whole recording
    };
    struct GroupTime
    {
        QString name;
        double minutes = 0;            // over the whole recording
        double minutesPerValidDay = 0; // mean over the days with enough wear (0 without any)
    };

    QString participant;
    QString recording;
    QString subject;
    QString startUtc;  // ISO 8601
    QString track;     // the summarised track: the model's prediction or the ground truth
    QString modelFile; // file name, empty without a model
    QString modelKind;
    QString modelId;      // SHA-256 of the weights, first 16 hex digits
    QString modelCreated; // the model file's creation time: its version
    int days = 0;
    int validDays = 0;
    double recordedHours = 0, wearHours = 0, nonWearHours = 0, unlabelledHours = 0;
    std::vector<ClassTime> classes;
    std::vector<GroupTime> groups;
    double sedentaryBouts = 0, sedentaryBoutMinutes = 0, longestSedentaryBoutMinutes = 0;
    double transitions = 0;
    // Why a row may need a second look: days with too little wear, no valid
    // day, a sensor calibration refused, much of the wear unlabelled.
    QStringList flags;

    // Totals of the summary's days; the model fields are left to the caller.
    static CohortParticipantSummary from(const QString& participant, const Recording& recording,
                                         const TimeUseSummary& summary);

    QByteArray toJson() const;
    // Throws FormatError naming `source`.
    static CohortParticipantSummary fromJson(const QByteArray& json, const QString& source);
};

} // namespace kinemark
