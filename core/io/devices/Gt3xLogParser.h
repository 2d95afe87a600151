#pragma once

#include "core/base/ReadReport.h"
#include "core/io/devices/DeviceSamples.h"
#include "core/io/devices/DeviceTimeBudget.h"

#include <QByteArray>
#include <QString>

namespace kinemark {

// Parses log.bin, the record stream of an ActiGraph .gt3x file, as it streams
// out of the archive: finds the records (0x1E, type, u32 time in seconds, u16
// payload size, payload, checksum byte), appends the samples of every activity
// record with a time anchor, fills idle-sleep seconds between records with the
// last sample as ActiLife does (and marks them), and skips, with a warning,
// bytes that are no record and activity records with a bad checksum.
// Gt3xReader reads info.txt and hands the samples over to the parser.
//
// Record times are checked as they come (DeviceTimeBudget): log.bin's size
// (or, when unknown, the bytes seen so far) bounds the samples the file can
// hold, and with them the time its records may span; a record beyond that (one
// record moved 30 days was filled as a month of idle sleep) is an error naming
// it, before any sample is filled for it. At the end the same rule is checked
// against the samples actually read. Bytes that are no record are scanned once
// (a run of them split over many chunks is not rescanned).
class Gt3xLogParser
{
public:
    // `out` has its three acceleration channels and its nominal rate set.
    // `logBytes`: log.bin's uncompressed size, -1 when unknown.
    Gt3xLogParser(const QString& path, double countsPerG, DeviceSamples& out, ReadReport* report,
                  qint64 logBytes = -1);

    // The next bytes of log.bin; parses every record that is complete.
    void append(const char* data, qint64 size);
    // The end of log.bin: reports a truncated last record and the idle sleep
    // filled, and records the record count in the metadata.
    void finish();

    // Appends samples of 12-bit packed Y, X, Z values, big-endian bit order
    // (two samples in every nine bytes): ACTIVITY records and activity.bin.
    static void appendPacked12(const uchar* p, int64_t bytes, double countsPerG,
                               DeviceSamples* out);
    // Appends int16 X, Y, Z samples: ACTIVITY2 records.
    static void appendInt16(const uchar* p, int64_t bytes, double countsPerG, DeviceSamples* out);

private:
    void parse(bool atEnd);
    void skipToSeparator(const uchar* p, qint64 n, qint64& i);
    void readActivity(uint8_t type, uint32_t second, const uchar* payload, qint64 size);
    void fillIdleSleep(uint32_t second);
    void endSkippedRun(qint64 end, bool reachesEnd);
    void checkTime(uint32_t second, qint64 byte);
    double maxDataSamples(qint64 bytesSeen) const;
    [[noreturn]] void refuse(int64_t record, qint64 byte, const QString& why) const;

    QString m_path;
    double m_countsPerG;
    DeviceSamples& m_out;
    ReadReport* m_report;
    int m_rate;
    QByteArray m_pending;
    qint64 m_consumed = 0; // bytes of log.bin before m_pending
    int64_t m_record = 0;
    int64_t m_badChecksums = 0;
    int64_t m_lastSecond = -1;
    int64_t m_idleSeconds = 0;
    int64_t m_skippedRuns = 0;
    qint64 m_logBytes = -1;
    qint64 m_skipFrom = -1; // start of the run of bytes that are no record, -1 outside one
    bool m_skipZeros = true;
    int64_t m_dataSamples = 0; // samples read from records (not filled)
    qint64 m_recordByte = 0;   // where the record being read starts
    DeviceTimeBudget::Walker m_walker;
    // Each activity record's time, number and byte, for the final span check.
    std::vector<DeviceTimeBudget::Stamp> m_stamps;
};

} // namespace kinemark
