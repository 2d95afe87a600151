#pragma once

#include "core/editing/ProjectEdit.h"
#include "core/editing/TrackEdits.h"
#include "core/model/LabelSet.h"

#include <QMap>
#include <QString>
#include <utility>
#include <vector>

namespace kinemark {

class Project;

// What changing a project's label set touches: the classes its tracks use
// (a new version of the set must keep them: the editor's Load..., the CLI's
// `labels set import`), and the edits of a change with merged classes, as
// one undoable step.
class LabelSetEdits
{
public:
    // Class id -> where the project's tracks use it first ("recording 'r',
    // track 't'"), over the tracks of set `setId` (a track's own set, else
    // its recording's).
    static QMap<int32_t, QString> classesInUse(const Project& project, const QString& setId);

    // The edits that turn `before` into `after` and relabel every segment of
    // every track of the set by `merges` (from -> to, in order, each seeing
    // the previous ones). The project is left as it was: the edits are to be
    // applied once, by whoever pushes them.
    static std::vector<ProjectEdit> change(Project& project, const LabelSet& before,
                                           const LabelSet& after,
                                           const std::vector<std::pair<int32_t, int32_t>>& merges,
                                           const EditStamp& stamp);
};

} // namespace kinemark
