#pragma once

#include "core/analysis/CorrectionEffort.h"
#include "core/editing/TrackPatch.h"

#include <optional>

namespace kinemark {

// Which of the editor's operations (CorrectionEffort::Operation) a track patch is,
// read from the patch itself (its segments before and after), so that the opt-in
// effort log counts what the annotator did from the edits that undo and the journal
// already carry, whatever key, menu or mouse gesture made them and in any language.
class PatchOperation
{
public:
    // The operation, or nullopt for an edit that is none of them (a note, the unsure
    // flag, accepting a prediction, an import, painting over labels, a class merge).
    static std::optional<CorrectionEffort::Operation> of(const TrackPatch& patch);
};

} // namespace kinemark
