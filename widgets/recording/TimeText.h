#pragma once

#include <QCoreApplication>
#include <QString>
#include <cstdint>
#include <optional>

namespace kinemark {

// Times as the annotator reads and types them: seconds from the recording's
// start as "m:ss.ss" or "h:mm:ss.ss", and wall-clock time (UTC, as the time
// axis shows it) for recordings that have an absolute start. A recording
// without one (startTimeUs == 0) never gets a date, so no 1970 appears.
class TimeText
{
    Q_DECLARE_TR_FUNCTIONS(TimeText)

public:
    // "1:02:03.45" (hours only when there are any), to hundredths.
    static QString relative(double seconds);
    // "2026-03-02 14:12:03.250" UTC, or "" when `startTimeUs` is 0.
    static QString wallClock(int64_t startTimeUs, double seconds);

    // What Go to Time accepts: seconds ("75.5"), "m:ss(.s)" or "h:mm:ss(.s)" from
    // the start, or, when the recording has an absolute start, a date and time
    // "yyyy-MM-dd hh:mm:ss(.zzz)" (UTC). The result is seconds from the start,
    // within [0, duration]; otherwise nothing and `error` says why.
    static std::optional<double> parse(const QString& text, double durationSeconds,
                                       int64_t startTimeUs, QString* error = nullptr);
};

} // namespace kinemark
