#pragma once

#include "core/io/ColumnMapping.h"

#include <QString>
#include <vector>

namespace kinemark {

// The file of `--label-map`: which class each text of a label column stands
// for, when the texts are not the label set's class names (a dataset's codes
// "A".."S", or numbers of another numbering). Either CSV, one
// `text,class_id[,name]` line per text (a header naming class_id is allowed;
// ';' works as the delimiter too), or JSON: {"walking": 1, "A": {"id": 2,
// "name": "jogging"}}. A class id of -1 means "no label". Ids are parsed
// strictly; a text mapped twice to different ids is an error at its line.
class LabelMapFile
{
public:
    // Throws FormatError naming the file and the line (CSV) or text (JSON).
    static std::vector<ColumnMapping::LabelMapEntry> read(const QString& path);
};

} // namespace kinemark
