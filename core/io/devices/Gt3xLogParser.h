#pragma once

#include "core/base/ReadReport.h"
#include "core/io/devices/DeviceSamples.h"

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
class Gt3xLogParser
{
public:
    // `out` has its three acceleration channels and its nominal rate set.
    Gt3xLogParser(const QString& path, double countsPerG, DeviceSamples& out, ReadReport* report);

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
    bool skipToSeparator(const uchar* p, qint64 n, qint64& i, bool atEnd);
    void readActivity(uint8_t type, uint32_t second, const uchar* payload, qint64 size);
    void fillIdleSleep(uint32_t second);

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
};

} // namespace kinemark
