#pragma once

#include <QString>
#include <QVector>
#include <cstdint>

namespace kinemark {

// Where one classified item (a window, a segment, a run of samples) was cut
// from: what makes every confusion-matrix cell and every t-SNE point lead back
// to the moment in the recording. Samples are [startSample, endSample).
struct ItemOrigin
{
    QString recordingId;
    QString subject;
    int64_t startSample = 0;
    int64_t endSample = 0;
    double sampleRateHz = 50;

    double startSeconds() const { return double(startSample) / sampleRateHz; }
    double endSeconds() const { return double(endSample) / sampleRateHz; }

    // Items of one recording that touch or overlap become one span, so that
    // overlapping windows behind a cell read as the segments they cover. Sorted
    // by recording, then start.
    static QVector<ItemOrigin> mergedSpans(QVector<ItemOrigin> items);
};

} // namespace kinemark
