#pragma once

#include "core/timeuse/ActivityGrouping.h"
#include "core/timeuse/TimeUseSummary.h"

#include <QByteArray>
#include <QMap>
#include <QString>

namespace kinemark {

class Project;

// The clinician's choices behind a time-use summary — non-wear rule, bout
// length, minimum wear, UTC offset and the activity groups of each label
// set — kept with the project (in its metadata under kMetadataKey, as JSON),
// so that the Patient view, File > Export Report and `kinemark-cli report`
// give the same figures for the same project on any machine.
class TimeUseSettings
{
public:
    static const QString kMetadataKey; // "time_use_settings"

    TimeUseOptions options;                    // options.grouping unused here: see groupings
    QMap<QString, ActivityGrouping> groupings; // by label set id; absent: defaults by class name

    // The options for one label set: `options` with that set's grouping.
    TimeUseOptions optionsFor(const QString& labelSetId) const;

    QByteArray toJson() const;
    // Throws FormatError naming `sourceName` and the offending key.
    static TimeUseSettings fromJson(const QByteArray& json, const QString& sourceName);

    // The project's settings, or the defaults when it has none.
    static TimeUseSettings of(const Project& project);
    void storeIn(Project& project) const;

    bool operator==(const TimeUseSettings& other) const { return toJson() == other.toJson(); }
    bool operator!=(const TimeUseSettings& other) const { return !(*this == other); }
};

} // namespace kinemark
