#include "core/io/RecordingSizeLimit.h"

#include "core/base/FormatError.h"

#include <QFile>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <unistd.h>

namespace kinemark {

namespace {
std::atomic<int64_t> g_limitBytes{0}; // 0: the default
constexpr double kGb = 1024.0 * 1024.0 * 1024.0;
constexpr int64_t kFallbackBytes = int64_t(4) << 30;
} // namespace

int64_t RecordingSizeLimit::availableMemoryBytes()
{
    // MemAvailable counts the page cache the kernel would give up, which
    // sysconf's free pages do not: on a machine that has been reading files,
    // free memory is small while most of it is available.
    QFile meminfo(QStringLiteral("/proc/meminfo"));
    if (meminfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : meminfo.readAll().split('\n')) {
            if (!line.startsWith("MemAvailable:"))
                continue;
            bool ok = false;
            const qint64 kb = line.mid(13).trimmed().split(' ').value(0).toLongLong(&ok);
            if (ok && kb > 0)
                return int64_t(kb) * 1024;
        }
    }
#if defined(_SC_AVPHYS_PAGES) && defined(_SC_PAGESIZE)
    const long pages = sysconf(_SC_AVPHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGESIZE);
    if (pages > 0 && pageSize > 0)
        return int64_t(pages) * int64_t(pageSize);
#endif
    return 0;
}

int64_t RecordingSizeLimit::defaultBytes()
{
    // Read once: the available memory changes while the program runs, and a
    // limit that moves between two imports of the same file would be a surprise.
    static const int64_t bytes = [] {
        const int64_t available = availableMemoryBytes();
        return available > 0 ? available / 2 : kFallbackBytes;
    }();
    return bytes;
}

int64_t RecordingSizeLimit::bytes()
{
    const int64_t set = g_limitBytes.load();
    return set > 0 ? set : defaultBytes();
}

void RecordingSizeLimit::setBytes(int64_t bytes)
{
    g_limitBytes.store(bytes > 0 ? bytes : 0);
}

bool RecordingSizeLimit::setGigabytes(double gb)
{
    if (!std::isfinite(gb) || !(gb > 0) || gb > 1e9)
        return false;
    setBytes(std::max<int64_t>(1, int64_t(gb * kGb)));
    return true;
}

QString RecordingSizeLimit::describe()
{
    const bool set = g_limitBytes.load() > 0;
    return QStringLiteral("%1 (%2)").arg(formatBytes(double(bytes())),
                                         set ? QStringLiteral("as set")
                                             : QStringLiteral("available memory / 2"));
}

QString RecordingSizeLimit::problem(double samples, int channels, double rateHz)
{
    const double size = samples * double(std::max(channels, 1)) * 4.0;
    if (fits(size))
        return QString();
    return QStringLiteral("would make the recording %1 at %2 Hz, %3; the limit is %4; raise it "
                          "with --max-recording-gb (kinemark-cli) or the setting "
                          "import/maxRecordingGb (GUI)")
        .arg(formatDuration(rateHz > 0 ? samples / rateHz : 0))
        .arg(rateHz)
        .arg(formatBytes(size), describe());
}

void RecordingSizeLimit::check(const QString& file, const QString& place, double samples,
                               int channels, double rateHz, qint64 line)
{
    const QString why = problem(samples, channels, rateHz);
    if (!why.isEmpty())
        throw FormatError(
            file, (place.isEmpty() ? QStringLiteral("the file") : place) + QLatin1Char(' ') + why,
            line);
}

QString RecordingSizeLimit::formatBytes(double bytes)
{
    if (bytes >= kGb)
        return QStringLiteral("%1 GB").arg(bytes / kGb, 0, 'f', 1);
    if (bytes >= 1024.0 * 1024.0)
        return QStringLiteral("%1 MB").arg(bytes / (1024.0 * 1024.0), 0, 'f', 1);
    return QStringLiteral("%1 KB").arg(std::ceil(bytes / 1024.0), 0, 'f', 0);
}

QString RecordingSizeLimit::formatDuration(double seconds)
{
    if (seconds >= 2 * 86400.0)
        return QStringLiteral("%1 days").arg(seconds / 86400.0, 0, 'f', 1);
    if (seconds >= 3600.0)
        return QStringLiteral("%1 h").arg(seconds / 3600.0, 0, 'f', 1);
    if (seconds >= 120.0)
        return QStringLiteral("%1 min").arg(seconds / 60.0, 0, 'f', 1);
    return QStringLiteral("%1 s").arg(seconds, 0, 'f', 1);
}

} // namespace kinemark
