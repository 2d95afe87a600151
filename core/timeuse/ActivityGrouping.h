#pragma once

#include "core/model/LabelSet.h"

#include <QByteArray>
#include <QString>
#include <vector>

namespace kinemark {

// A named group of classes that summaries report together, e.g. HARTH's
// "sedentary" = sitting + lying. Groups are per label set and editable (JSON),
// because what counts as sedentary or active is a clinical choice, not a fact
// of the dataset.
struct ActivityGroup
{
    QString name;                  // "sedentary", "upright", "active"
    QString colour;                // "#rrggbb"
    std::vector<int32_t> classIds; // canonical class ids of the label set
    bool contains(int32_t classId) const;
};

class ActivityGrouping
{
public:
    std::vector<ActivityGroup> groups;

    // Index of the group holding `classId`, or -1.
    int groupOf(int32_t classId) const;
    const ActivityGroup* find(const QString& name) const;

    // Sedentary / upright / active by class name (sitting and lying are
    // sedentary; standing and shuffling upright; walking, running, stairs,
    // cycling and the like active), so that every built-in set gets the
    // usual grouping and a user's set gets a sensible start.
    static ActivityGrouping defaultsFor(const LabelSet& set);

    QByteArray toJson() const;
    // Throws FormatError naming `sourceName` on malformed JSON.
    static ActivityGrouping fromJson(const QByteArray& json, const QString& sourceName);
};

} // namespace kinemark
