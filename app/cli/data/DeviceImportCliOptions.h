#pragma once

#include "core/io/devices/DeviceImportOptions.h"

#include <QCommandLineParser>

namespace kinemark {

// Options for native device files (.cwa, .gt3x, GENEActiv .bin), shared by
// `info` and `import`: sensor names that combine files into one recording,
// clock offsets, automatic alignment and the resampling method (the rate is
// the shared --rate option).
class DeviceImportCliOptions
{
public:
    static void addTo(QCommandLineParser& parser);
    // Throws std::invalid_argument naming the option on bad values. `rateHz` is
    // the value of --rate (0 when not given: 50 Hz).
    static DeviceImportOptions fromParser(const QCommandLineParser& parser, double rateHz);
    // --max-recording-gb (every format, not only device files) into
    // RecordingSizeLimit; throws std::invalid_argument on a bad value.
    static void applySizeLimit(const QCommandLineParser& parser);
};

} // namespace kinemark
