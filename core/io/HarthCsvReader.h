#pragma once

#include "core/base/JobControl.h"
#include "core/base/ReadReport.h"
#include "core/model/Recording.h"

namespace kinemark {

// HARTH and HAR70+ CSV: `timestamp, back_x, back_y, back_z, thigh_x, thigh_y,
// thigh_z, label`, optionally with a leading unnamed index column. Values in g,
// 50 Hz. A preset of DelimitedTextReader; the label set is HARTH's unless
// `labelSetId` says otherwise (e.g. "har70plus").
class HarthCsvReader
{
public:
    static Recording read(const QString& path, const QString& labelSetId = QStringLiteral("harth"),
                          ReadReport* report = nullptr, const JobControl* job = nullptr);
};

} // namespace kinemark
