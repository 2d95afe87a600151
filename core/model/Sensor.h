#pragma once

#include "core/model/Channel.h"

#include <QString>
#include <vector>

namespace kinemark {

// One device worn at one body location (e.g. "back", "thigh", "waist"). All
// channels of all sensors of a recording share the recording's time base.
struct Sensor
{
    QString name;   // location, unique within a recording
    QString device; // model / serial when known ("Axivity AX3", "Samsung Galaxy S II")
    std::vector<Channel> channels;

    // Qualified channel name as shown to users and written to CSV: "thigh_acc_x"
    // ("thigh_x" when the quantity is acc, following HARTH's column names).
    QString qualifiedChannelName(size_t channelIndex) const;
};

} // namespace kinemark
