#pragma once

#include <QString>
#include <cstdint>

namespace kinemark {

// The largest recording a reader may build, in bytes of samples (4-byte floats
// per channel and sample). Every reader checks it before it allocates a
// recording's samples, so that a file whose sizes or time stamps claim days of
// data is refused with a message instead of exhausting memory. The default is
// half the memory available when first asked (/proc/meminfo MemAvailable on
// Linux, else sysconf's physical pages); `kinemark-cli --max-recording-gb` and
// the GUI's setting (QSettings "import/maxRecordingGb") replace it for the
// whole process.
class RecordingSizeLimit
{
public:
    // The memory the system has available now, in bytes (0 when unknown).
    static int64_t availableMemoryBytes();
    // Half the available memory; 4 GB when it cannot be found out.
    static int64_t defaultBytes();
    // The limit in force: the one set, else the default.
    static int64_t bytes();
    // Sets the limit for this process; 0 (or less) returns to the default.
    static void setBytes(int64_t bytes);
    // Sets it from a number of GB (as the option and the setting give it);
    // false (and nothing set) when `gb` is not a positive finite number.
    static bool setGigabytes(double gb);
    // "11.5 GB (available memory / 2)" or "2.0 GB (as set)".
    static QString describe();

    // Throws FormatError(file, "<place> would make the recording <duration> at
    // <rate> Hz, <size>; the limit is ...") when `samples` samples of `channels`
    // channels exceed the limit. `place` says where (e.g. "block 1234"; empty:
    // "the file").
    static void check(const QString& file, const QString& place, double samples, int channels,
                      double rateHz, qint64 line = 0);
    // "would make the recording <duration> at <rate> Hz, <size>; the limit is
    // ...", or "" when it fits.
    static QString problem(double samples, int channels, double rateHz);
    // Whether that many bytes fit.
    static bool fits(double bytes) { return bytes <= double(RecordingSizeLimit::bytes()); }

    // "1.7 GB", "350.0 MB", "12 KB".
    static QString formatBytes(double bytes);
    // "28.0 days" (from 2 days), "3.5 h" (from 1 h), "12.0 min" (from 2 min), "40.0 s".
    static QString formatDuration(double seconds);
};

} // namespace kinemark
