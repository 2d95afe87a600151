#pragma once

#include <QStringList>

namespace kinemark {

// What a reader noticed but did not treat as an error (a repair the user asked
// for, a skipped block, an estimated sampling rate). Shown to the user after import.
struct ReadReport
{
    QStringList warnings;
    QStringList repairs;
};

} // namespace kinemark
