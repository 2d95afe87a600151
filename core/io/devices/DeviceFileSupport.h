#pragma once

#include <QString>
#include <cstdint>
#include <cstring>
#include <functional>

namespace kinemark {

// Small helpers the device readers share: little-endian fields, civil dates,
// and running a range of independent jobs on a few threads.
namespace DeviceFileSupport {

inline uint16_t le16(const unsigned char* p)
{
    return uint16_t(p[0] | (uint16_t(p[1]) << 8));
}
inline uint32_t le32(const unsigned char* p)
{
    return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

// Days from 1970-01-01 to the given date of the proleptic Gregorian calendar.
int64_t daysFromCivil(int year, int month, int day);
// Whether the fields make a real date and time: month 1-12, a day the month
// has (leap years included), hour 0-23, minute 0-59, second in [0, 60).
bool isValidDateTime(int year, int month, int day, int hour, int minute, double second);
// Seconds since 1970-01-01 00:00 of a wall-clock date and time (no zone).
double secondsFromCivil(int year, int month, int day, int hour, int minute, double second);
// "2019-05-21 16:16:43.500" style text of a time in seconds (for metadata).
QString formatSeconds(double seconds);

// Runs job(i) for i in [0, count) on `threads` threads (0: one per core, at
// most 8), handing out indices in order; the first exception is rethrown.
void parallelFor(int64_t count, int threads, const std::function<void(int64_t)>& job);

} // namespace DeviceFileSupport
} // namespace kinemark
