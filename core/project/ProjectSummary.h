#pragma once

#include "core/model/Project.h"

#include <QJsonObject>
#include <QString>

namespace kinemark {

// What `kinemark-cli info` prints: recordings, subjects, sensors, channels,
// rates, durations and a label summary (labelled samples per class of the
// ground truth), as JSON or as text for people.
class ProjectSummary
{
public:
    static QJsonObject toJson(const Project& project);
    static QString toText(const Project& project);
};

} // namespace kinemark
