#pragma once

#include "core/base/JobControl.h"
#include "core/io/TextChunkParser.h"
#include "core/io/devices/UniformResampler.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace kinemark {

// Puts the rows of a delimited text file whose time stamps are monotonic but
// not evenly spaced (phones and watches log each sensor event with its own
// time) onto a uniform grid at the requested rate, with the rules device
// files follow (UniformResampler over a DeviceTimeline of one anchor per row):
// linear, nearest or mean values; a step longer than DeviceTimeline's break
// is a gap, never interpolated across, listed in the repairs. Labels take the
// row nearest in time; grid samples in gaps are unlabelled.
class IrregularTimeResampler
{
public:
    // The grid may be at most this many times the rows read, plus an hour at
    // the rate: beyond that the time stamps are in another unit or damaged.
    static constexpr double kMaxGridPerRow = 10.0;

    // `times` are the rows' time stamps in microseconds (strictly increasing,
    // checked by the caller), `rows` of them. Replaces the columns' values
    // and labels by the grid's; returns the grid's first time (us). Throws
    // FormatError naming `path` when the grid would be implausibly long.
    static int64_t resample(TextChunkParser::Columns* columns, int64_t rows, double rateHz,
                            UniformResampler::Method method, const QString& path,
                            QStringList* repairs, const JobControl* job = nullptr);
};

} // namespace kinemark
