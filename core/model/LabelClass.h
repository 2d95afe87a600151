#pragma once

#include "core/model/Segment.h"

#include <QString>
#include <cstdint>

namespace kinemark {

// One activity class of a label set, with what the views and the editor need.
struct LabelClass
{
    int32_t id = kUnlabelled; // as the dataset defines it (HARTH: 1..8, 13, 14, 130, 140)
    QString name;             // "walking"
    QString colour;           // "#rrggbb"; core stays free of QtGui, widgets turn it into a QColor
    QString shortcut;         // key that assigns the class in the editor, e.g. "1"
    int32_t mergedInto = kUnlabelled; // when set, this class counts as that one (HARTH 130 -> 13)

    bool operator==(const LabelClass& o) const
    {
        return id == o.id && name == o.name && colour == o.colour && shortcut == o.shortcut &&
               mergedInto == o.mergedInto;
    }
};

} // namespace kinemark
