#include "core/editing/LabelSetEdits.h"

#include "core/model/Project.h"

namespace kinemark {

QMap<int32_t, QString> LabelSetEdits::classesInUse(const Project& project, const QString& setId)
{
    QMap<int32_t, QString> used;
    for (const auto& r : project.recordings)
        for (const AnnotationTrack& t : r->tracks) {
            const QString trackSet = t.labelSetId().isEmpty() ? r->labelSetId : t.labelSetId();
            if (trackSet != setId)
                continue;
            for (const Segment& s : t.segments())
                if (s.classId != kUnlabelled && !used.contains(s.classId))
                    used.insert(s.classId,
                                QStringLiteral("recording '%1', track '%2'").arg(r->id, t.name()));
        }
    return used;
}

std::vector<ProjectEdit>
LabelSetEdits::change(Project& project, const LabelSet& before, const LabelSet& after,
                      const std::vector<std::pair<int32_t, int32_t>>& merges,
                      const EditStamp& stamp)
{
    std::vector<ProjectEdit> edits;
    if (!(after == before))
        edits.push_back(ProjectEdit::changeLabelSet(before, after));
    // Merging relabels every segment of every track that uses the set. Each
    // merge sees the previous ones: patches are computed on the track as the
    // earlier ones leave it, so they are applied while collecting them...
    for (const auto& [from, to] : merges)
        for (const auto& rec : project.recordings) {
            if (rec->labelSetId != before.id)
                continue;
            for (AnnotationTrack& t : rec->tracks) {
                auto patch = TrackEdits::replaceClass(t, from, to, stamp);
                if (!patch)
                    continue;
                edits.push_back(ProjectEdit::patchTrack(rec->id, t.name(), *patch));
                patch->apply(t);
            }
        }
    // ... and taken back, so that the command applies them once.
    for (auto it = edits.rbegin(); it != edits.rend(); ++it)
        if (it->kind() == ProjectEdit::Kind::PatchTrack)
            it->inverted().apply(project);
    return edits;
}

} // namespace kinemark
