#pragma once

#include <QString>
#include <cstdint>
#include <functional>
#include <vector>

namespace kinemark {

// How much time a device file may span, given the samples it holds: its time
// stamps are read from the file and must not make a 75 KB file a month-long
// recording (a month's grid would be allocated when it is resampled).
//
// The rule: from its first to its last time stamp, a file may span at most
// kSpanFactor times the time its samples take at its nominal rate, plus
// kAllowanceS. The factor leaves room for genuine gaps in long recordings
// (ActiGraph idle sleep over nights: a device worn for a week sleeps about a
// third of it; an Axivity or GENEActiv stopped and restarted), the allowance for
// short recordings with one long gap (a device left on a table over a night
// and a day). And a time stamp may not go back by more than kMaxBackS from the
// one before (a clock set back an hour, e.g. daylight saving, is kept; more is
// a damaged block). The first stamp that breaks either is an error naming it.
// (The recording size limit is checked where samples are allocated: the raw
// samples by the readers, the resampled grid by DeviceRecordingBuilder.)
class DeviceTimeBudget
{
public:
    static constexpr double kSpanFactor = 2.0;
    static constexpr double kAllowanceS = 86400.0;
    static constexpr double kMaxBackS = 3600.0;

    // A block's, page's or record's time, and where it is (its index, and a
    // byte offset or line number for the message).
    struct Stamp
    {
        double timeS = 0;
        int64_t index = 0;
        int64_t offset = 0;
    };
    // Throws the reader's error for `stamp`; `what` says what is wrong with it.
    using Refuse = std::function<void(const Stamp& stamp, const QString& what)>;

    // The most the file's time stamps may span with `samples` samples at `rateHz`.
    static double allowedSpanS(double samples, double rateHz);
    // Checks the stamps in file order against the rule; calls `refuse` (which
    // must throw) for the first that breaks it.
    static void check(const std::vector<Stamp>& stamps, double samples, double rateHz,
                      const QString& unit, const Refuse& refuse);
    // The same for one stamp at a time, as a streaming reader sees them.
    class Walker
    {
    public:
        Walker(double allowedSpanS, QString unit) : m_allowed(allowedSpanS), m_unit(std::move(unit))
        {}
        // The reason `stamp` breaks the rule, or "" (and it is taken in).
        QString take(const Stamp& stamp);
        // A streaming reader raises the bound as it learns how many samples
        // the file can hold.
        void setAllowedSpanS(double allowedSpanS) { m_allowed = allowedSpanS; }

    private:
        double m_allowed;

        QString m_unit;
        bool m_any = false;
        double m_min = 0, m_max = 0, m_previous = 0;
    };
};

} // namespace kinemark
