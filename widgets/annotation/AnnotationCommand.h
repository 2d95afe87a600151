#pragma once

#include "core/editing/ProjectEdit.h"

#include <QUndoCommand>
#include <functional>

namespace kinemark {

// One undo step of annotation editing: project edits that redo() applies and
// undo() reverts (in reverse order), each time through `perform`, which applies
// them and writes them to the journal. A boundary drag or quick successive
// nudges of the same boundary merge into one step (mergeWith).
class AnnotationCommand : public QUndoCommand
{
public:
    // Applies edits to the project and journals them; `undoing` tells the journal.
    using Performer =
        std::function<void(const std::vector<ProjectEdit>& edits, const QString& description)>;
    // Finds the current track a patch applies to, for merging.
    using TrackLookup =
        std::function<const AnnotationTrack*(const QString& recording, const QString& track)>;

    static constexpr int kBoundaryMoveId = 4401;
    // Nudges this far apart (ms) still merge into one step.
    static constexpr qint64 kMergeWindowMs = 1500;

    AnnotationCommand(const QString& text, std::vector<ProjectEdit> edits, Performer perform);
    // A boundary move (from a drag or a nudge) that later moves of the same boundary may join.
    void setBoundaryMove(int64_t from, int64_t to, qint64 whenMs, TrackLookup lookup);

    void redo() override;
    void undo() override;
    int id() const override { return m_boundaryTo >= 0 ? kBoundaryMoveId : -1; }
    bool mergeWith(const QUndoCommand* other) override;

    const std::vector<ProjectEdit>& edits() const { return m_edits; }

private:
    std::vector<ProjectEdit> m_edits;
    Performer m_perform;
    TrackLookup m_lookup;
    int64_t m_boundaryFrom = -1;
    int64_t m_boundaryTo = -1;
    qint64 m_whenMs = 0;
};

} // namespace kinemark
