#pragma once

#include "core/model/LabelSet.h"

#include <optional>

namespace kinemark {

struct ColumnMapping;
class Project;

// `--label-set FILE.json` on the commands that read a label column (import,
// info): the set named by a file rather than a built-in id. The file's set
// becomes the one the label column is read against and goes into the
// project with the recordings.
class LabelSetOption
{
public:
    // When mapping.labelSetId names a file (LabelSetFile::namesFile): reads
    // it, points the mapping at its id and classes, and returns it. Refuses
    // (std::invalid_argument) a file whose id names a different set already in
    // `into`, the project the recordings join. Otherwise returns nothing.
    static std::optional<LabelSet> apply(ColumnMapping& mapping, const Project* into);
};

} // namespace kinemark
