#include "core/io/devices/DeviceFileSupport.h"

#include "core/base/ChunkPipeline.h"

#include <QDateTime>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace kinemark {
namespace DeviceFileSupport {

int64_t daysFromCivil(int year, int month, int day)
{
    // Howard Hinnant's days_from_civil: shift the year to start in March so
    // that the leap day is the last day of the year.
    year -= month <= 2 ? 1 : 0;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const int64_t yearOfEra = year - era * 400;
    const int64_t dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

bool isValidDateTime(int year, int month, int day, int hour, int minute, double second)
{
    if (month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
        !(second >= 0 && second < 60))
        return false;
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

double secondsFromCivil(int year, int month, int day, int hour, int minute, double second)
{
    return double(daysFromCivil(year, month, day)) * 86400.0 + hour * 3600.0 + minute * 60.0 +
           second;
}

QString formatSeconds(double seconds)
{
    const qint64 ms = qint64(std::llround(seconds * 1000.0));
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

void parallelFor(int64_t count, int threads, const std::function<void(int64_t)>& job)
{
    if (threads <= 0)
        threads = ChunkPipeline::defaultThreadCount();
    threads = int(std::min<int64_t>(threads, count));
    if (threads <= 1) {
        for (int64_t i = 0; i < count; ++i)
            job(i);
        return;
    }
    std::atomic<int64_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto worker = [&] {
        for (;;) {
            const int64_t i = next.fetch_add(1);
            if (i >= count || failed.load())
                return;
            try {
                job(i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (!error)
                    error = std::current_exception();
                failed = true;
                return;
            }
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (std::thread& t : pool)
        t.join();
    if (error)
        std::rethrow_exception(error);
}

} // namespace DeviceFileSupport
} // namespace kinemark
