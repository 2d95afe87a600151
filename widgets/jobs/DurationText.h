#pragma once

#include <QString>

namespace kinemark {

// A duration as people say it ahead of time: "under a minute", "about 4 min",
// "about 1 h 20 min". Estimates are rough (early stopping, other programs on
// the machine), so they are rounded to what can be promised; the Train dialog
// and the Jobs panel word them alike.
class DurationText
{
public:
    // Empty for a negative or non-finite number of seconds.
    static QString approximate(double seconds);
};

} // namespace kinemark
