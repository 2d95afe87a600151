#include "app/cli/labels/LabelSetOption.h"

#include "core/io/ColumnMapping.h"
#include "core/labels/LabelSetFile.h"
#include "core/model/Project.h"

#include <stdexcept>

namespace kinemark {

std::optional<LabelSet> LabelSetOption::apply(ColumnMapping& mapping, const Project* into)
{
    if (mapping.labelSetId.isEmpty() || !LabelSetFile::namesFile(mapping.labelSetId))
        return std::nullopt;
    const QString path = mapping.labelSetId;
    LabelSet set = LabelSetFile::read(path);
    // Two sets under one id would leave the project's tracks meaning one thing
    // and the new recording's another; the user decides which one holds.
    if (const LabelSet* own = into ? into->labelSet(set.id) : nullptr) {
        if (!(*own == set))
            throw std::invalid_argument(
                QStringLiteral("--label-set: %1 defines label set '%2', which the project "
                               "already has with other classes; bring the project's up to date "
                               "with 'kinemark-cli labels set import PROJECT %1' first")
                    .arg(path, set.id)
                    .toStdString());
    }
    mapping.labelSetId = set.id;
    mapping.projectClasses = set.classes;
    return set;
}

} // namespace kinemark
