#pragma once

#include "core/model/Project.h"
#include "core/timeuse/TimeUseSummary.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace kinemark {

// What the report says about where its figures come from.
struct TimeUseReportInfo
{
    QString projectName;
    QString projectFile;
    QString subjectId;
    QString recordingSource;
    QString labelSetName;
    QString sensors; // "back, thigh at 50 Hz"
    bool trackIsPrediction = false;
    QString modelId; // when the track is a model's prediction and the model is stored
    QString modelKind;
    QString modelCreated;
    QJsonObject validation; // the model's validation metrics
    QDateTime generated;    // when the report is made (local time of the machine)
    QString version;        // Kinemark's version

    // Everything above from the project (the model: the stored one whose id,
    // or else whose kind, names the prediction track); generated = now.
    static TimeUseReportInfo describe(const Project& project, const QString& projectFile,
                                      const Recording& recording, const AnnotationTrack& track,
                                      const QString& version);
};

// The clinician's PDF (QPdfWriter, A4): identification, period, wear time,
// the day view, the hours-per-day chart, the daily table, the hourly profile,
// and the model with its validation metrics when a prediction was summarised.
class TimeUseReport
{
    Q_DECLARE_TR_FUNCTIONS(TimeUseReport)
public:
    // Returns an empty string on success, otherwise what went wrong (naming the file).
    static QString writePdf(const QString& path, const TimeUseSummary& summary,
                            const TimeUseReportInfo& info);
};

} // namespace kinemark
