#include "widgets/annotation/AnnotationCommand.h"

#include <QCoreApplication>

namespace kinemark {

AnnotationCommand::AnnotationCommand(const QString& text, std::vector<ProjectEdit> edits,
                                     Performer perform)
    : m_edits(std::move(edits)), m_perform(std::move(perform))
{
    setText(text);
}

void AnnotationCommand::setBoundaryMove(int64_t from, int64_t to, qint64 whenMs, TrackLookup lookup)
{
    m_boundaryFrom = from;
    m_boundaryTo = to;
    m_whenMs = whenMs;
    m_lookup = std::move(lookup);
}

void AnnotationCommand::redo()
{
    m_perform(m_edits, text());
}

void AnnotationCommand::undo()
{
    std::vector<ProjectEdit> inverse;
    for (auto it = m_edits.rbegin(); it != m_edits.rend(); ++it)
        inverse.push_back(it->inverted());
    m_perform(inverse, QCoreApplication::translate("AnnotationCommand", "Undo %1").arg(text()));
}

bool AnnotationCommand::mergeWith(const QUndoCommand* other)
{
    // Only a move that continues this one: same track, starting where this one left the boundary.
    const auto* next = dynamic_cast<const AnnotationCommand*>(other);
    if (!next || next->id() != id() || m_edits.size() != 1 || next->m_edits.size() != 1)
        return false;
    const ProjectEdit& mine = m_edits.front();
    const ProjectEdit& theirs = next->m_edits.front();
    if (mine.recordingId() != theirs.recordingId() || mine.trackName() != theirs.trackName() ||
        next->m_boundaryFrom != m_boundaryTo || next->m_whenMs - m_whenMs > kMergeWindowMs)
        return false;
    const AnnotationTrack* track =
        m_lookup ? m_lookup(mine.recordingId(), mine.trackName()) : nullptr;
    if (!track)
        return false;
    // The stack calls this after `next` was applied, so `track` is the state after both.
    m_edits.front() =
        ProjectEdit::patchTrack(mine.recordingId(), mine.trackName(),
                                TrackPatch::compose(mine.patch(), theirs.patch(), *track));
    m_boundaryTo = next->m_boundaryTo;
    m_whenMs = next->m_whenMs;
    return true;
}

} // namespace kinemark
