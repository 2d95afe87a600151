#pragma once

#include "core/timeuse/TimeUseSummary.h"

#include <QCoreApplication>
#include <QString>

namespace kinemark {

// What a day of a time-use summary is called wherever it is shown (day
// strips, the daily table, the bar chart, the report): its date when the
// recording has an absolute start, else "Day 1", "Day 2", … counted from the
// recording's first day. A recording without an absolute start
// (startTimeUs == 0, see Recording) starts at the epoch, and its days were
// labelled "Thu 1 Jan", 1970 dates that never happened.
class DayLabel
{
    Q_DECLARE_TR_FUNCTIONS(DayLabel)
public:
    enum class Length
    {
        Long,  // "Mon 4 Mar" / "Day 1"
        Short, // "Mon 4" / "1"
        Number // "4" / "1"
    };
    // Day `day` (0 = the summary's first calendar day) of `summary`.
    static QString of(const TimeUseSummary& summary, int day, Length length = Length::Long);
    // Whether the summary's days are real calendar dates.
    static bool hasDates(const TimeUseSummary& summary) { return summary.startTimeUs != 0; }
};

} // namespace kinemark
