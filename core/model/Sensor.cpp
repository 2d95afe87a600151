#include "core/model/Sensor.h"

namespace kinemark {

QString Sensor::qualifiedChannelName(size_t channelIndex) const
{
    const Channel& c = channels.at(channelIndex);
    if (c.quantity.isEmpty() || c.quantity == QLatin1String("acc"))
        return name + QLatin1Char('_') + c.name;
    return name + QLatin1Char('_') + c.quantity + QLatin1Char('_') + c.name;
}

} // namespace kinemark
