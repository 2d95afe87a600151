#pragma once

#include "core/model/Recording.h"
#include "core/timeuse/ActivityGrouping.h"
#include "core/timeuse/ActivityTimeline.h"
#include "core/timeuse/NonWearDetector.h"

#include <QDate>
#include <array>
#include <vector>

namespace kinemark {

struct TimeUseOptions
{
    bool detectNonWear = true;
    NonWearOptions nonWear;
    // Empty: ActivityGrouping::defaultsFor(the label set).
    ActivityGrouping grouping;
    QString sedentaryGroup = QStringLiteral("sedentary");
    QString uprightGroup = QStringLiteral("upright");
    QString activeGroup = QStringLiteral("active");
    // Sedentary bouts counted from this length on (the longest bout is reported regardless).
    double minimumBoutSeconds = 30 * 60;
    // Unlabelled gaps up to this long do not break a bout and join a sedentary
    // run to the upright or active class after it (an annotator leaves the
    // second of standing up to neither class).
    double bridgeSeconds = 5;
    // Days with less wear than this are flagged and left out of the averages.
    double minimumWearSeconds = 10 * 3600;
    // Recording times are UTC; days run midnight to midnight at this offset.
    // Device files store the device's local clock as if it were UTC, so 0 is
    // right for them.
    int utcOffsetSeconds = 0;
};

// One calendar day (local midnight to midnight), or a mean over days.
struct DaySummary
{
    QDate date; // invalid for means
    bool weekend = false;
    bool valid = false;         // enough wear (a mean: always false)
    double recordedSeconds = 0; // covered by the recording
    double wearSeconds = 0;
    double nonWearSeconds = 0;
    double unlabelledSeconds = 0;     // worn but without a label
    std::vector<double> classSeconds; // per TimeUseSummary::classIds
    std::vector<double> groupSeconds; // per grouping group
    double sedentaryBouts = 0;        // bouts >= minimumBoutSeconds starting this day
    double sedentaryBoutSeconds = 0;  // their total length
    double longestSedentaryBoutSeconds = 0;
    double activeSeconds = 0;
    double transitions = 0; // sedentary -> upright or active
    // Seconds per hour of day (0..23) and class; recorded and worn seconds per hour.
    std::array<std::vector<double>, 24> hourlyClassSeconds;
    std::array<double, 24> hourlyRecordedSeconds{};
    std::array<double, 24> hourlyWearSeconds{};
};

// Time use of one recording from one track: per day, averages over the days
// with enough wear (all, weekdays, weekends) and the hourly profile. Shared
// by the patient view, the report and `kinemark-cli report`.
class TimeUseSummary
{
public:
    QString recordingId;
    QString trackName;
    double sampleRateHz = 50;
    int64_t startTimeUs = 0;
    int utcOffsetSeconds = 0;
    double minimumBoutSeconds = 0; // the options in force, for captions
    double minimumWearSeconds = 0;
    std::vector<int32_t> classIds; // canonical ids of the label set (or those seen)
    QStringList classNames;
    QStringList classColours;
    ActivityGrouping grouping;
    std::vector<std::pair<int64_t, int64_t>> nonWear;
    std::vector<ActivitySpan> timeline;
    std::vector<DaySummary> days;
    DaySummary allDays, weekdays, weekends; // means over valid days
    int validDays = 0, validWeekdays = 0, validWeekends = 0;
    // Minutes per class in each hour of day per *worn* hour, over the valid
    // days: the class's minutes at that hour of day divided by the hours worn
    // at that hour of day. Non-wear is left out rather than averaged in as
    // zero, so a night in bed reads 60 min/h even when one night the sensor
    // lay on the table.
    std::array<std::vector<double>, 24> hourlyMinutes;
    // Hours worn at each hour of day, summed over the valid days (the divisor above).
    std::array<double, 24> hourlyWornHours{};

    static TimeUseSummary compute(const Recording& recording, const AnnotationTrack* track,
                                  const LabelSet* labelSet, const TimeUseOptions& options);

    // Local time (seconds since the epoch, as if UTC) of a sample.
    double localSeconds(int64_t sample) const;
    // Sample of a local time (may lie outside the recording).
    double sampleAt(double localSecondsSinceEpoch) const;
    int classIndex(int32_t classId) const; // -1 when not listed

    // One row per day (plus the means), minutes; and the hourly profile
    // (minutes per worn hour, with the worn hours behind each row).
    QString dailyCsv() const;
    QString hourlyCsv() const;
};

} // namespace kinemark
