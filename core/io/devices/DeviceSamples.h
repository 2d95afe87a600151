#pragma once

#include "core/model/Channel.h"

#include <QMap>
#include <QString>
#include <cstdint>
#include <vector>

namespace kinemark {

// The samples of one device file exactly as the device stored them, before
// resampling: float columns at the device's own, slightly irregular rate, and
// sparse time anchors from which every sample's time is interpolated. Keeping
// anchors (one per block or record) instead of a time per sample keeps a week
// at 100 Hz to its columns alone.
struct DeviceSamples
{
    // Sample `sample` was taken at `timeS` (seconds since 1970-01-01 on the
    // device's clock; devices keep local time and store no zone, so neither do we).
    struct TimeAnchor
    {
        int64_t sample = 0;
        double timeS = 0;
        int64_t place = -1; // the block, page or record it came from (-1: none), for messages
    };
    // Samples [start, start + count) that the reader made up rather than read,
    // e.g. ActiGraph's idle-sleep seconds, which repeat the last sample.
    struct FilledSpan
    {
        int64_t start = 0;
        int64_t count = 0;
        QString reason;
    };
    // A block or page that was skipped, by its index among the data blocks
    // (0 = the first block after the file header) and its byte offset.
    struct SkippedBlock
    {
        int64_t index = 0;
        int64_t offset = 0;
        QString reason;
    };

    // The device's temperature where its file stores one (.cwa blocks,
    // GENEActiv pages): one reading per block or page, at its first sample.
    // What automatic calibration fits the offsets' temperature drift with.
    struct TemperatureReading
    {
        int64_t sample = 0;
        float celsius = 0;
    };

    QString file;
    QString format;       // "cwa", "gt3x", "geneactiv"
    QString device;       // "Axivity AX3", "ActiGraph GT3X+", "GENEActiv 1.1"
    QString serial;       // device id / serial number, "" when unknown
    QString bodyLocation; // as configured on the device, "" when unknown
    QString subjectCode;  // as configured on the device, "" when unknown
    QString placeKind;    // what anchors' places count: "block", "page", "record"
    double nominalRateHz = 0;
    QMap<QString, QString> metadata; // everything else the header says, by readable key

    std::vector<Channel> channels;   // acc x, y, z in g; then gyro x, y, z in rad/s when present
    std::vector<TimeAnchor> anchors; // sorted by sample, at least one when there are samples
    std::vector<FilledSpan> filled;
    std::vector<SkippedBlock> skipped;
    std::vector<TemperatureReading> temperature; // by sample, increasing; empty when none

    size_t sampleCount() const { return channels.empty() ? 0 : channels.front().samples.size(); }
};

} // namespace kinemark
