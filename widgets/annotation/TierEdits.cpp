#include "widgets/annotation/TierEdits.h"

namespace kinemark {

namespace {
TierEdits::Outcome problem(const QString& text)
{
    TierEdits::Outcome out;
    out.problem = text;
    return out;
}

TierEdits::Outcome edit(ProjectEdit e, const QString& description, const QString& tier)
{
    TierEdits::Outcome out;
    out.edit = std::move(e);
    out.description = description;
    out.tier = tier;
    return out;
}
} // namespace

QString TierEdits::nameProblem(const Recording* recording, const QString& name)
{
    if (name.trimmed().isEmpty())
        return tr("A tier needs a name");
    if (recording && recording->track(name.trimmed()))
        return tr("This recording already has a track \"%1\"").arg(name.trimmed());
    return QString();
}

TierEdits::Outcome TierEdits::add(const Recording& recording, const QString& name)
{
    const QString why = nameProblem(&recording, name);
    if (!why.isEmpty())
        return problem(why);
    const QString tier = name.trimmed();
    return edit(ProjectEdit::addTrack(
                    recording.id,
                    AnnotationTrack(tier, AnnotationTrack::Kind::Annotation, recording.labelSetId),
                    int(recording.tracks.size())),
                tr("Add tier %1").arg(tier), tier);
}

TierEdits::Outcome TierEdits::rename(const Recording& recording, const QString& from,
                                     const QString& to)
{
    const AnnotationTrack* t = recording.track(from);
    if (!t || t->kind() == AnnotationTrack::Kind::Prediction)
        return problem(tr("Only annotation tiers can be renamed"));
    if (to.trimmed() == from)
        return Outcome(); // nothing to do
    const QString why = nameProblem(&recording, to);
    if (!why.isEmpty())
        return problem(why);
    return edit(ProjectEdit::renameTrack(recording.id, from, to.trimmed()),
                tr("Rename tier %1").arg(from), to.trimmed());
}

TierEdits::Outcome TierEdits::remove(const Recording& recording, const QString& name)
{
    const AnnotationTrack* t = recording.track(name);
    if (!t || t->kind() == AnnotationTrack::Kind::Prediction)
        return problem(tr("Only annotation tiers can be deleted here"));
    const int index = int(t - recording.tracks.data());
    return edit(ProjectEdit::removeTrack(recording.id, *t, index), tr("Delete tier %1").arg(name),
                QString());
}

TierEdits::Outcome TierEdits::copyPrediction(const Recording& recording,
                                             const QString& predictionName, const QString& tierName,
                                             const EditStamp& stamp)
{
    const QString why = nameProblem(&recording, tierName);
    if (!why.isEmpty())
        return problem(why);
    const AnnotationTrack* p = recording.track(predictionName);
    if (!p || p->kind() != AnnotationTrack::Kind::Prediction)
        return problem(tr("There is no prediction \"%1\" to copy").arg(predictionName));
    // The model's segments become the annotator's to correct: an Annotation
    // track of the same label set, stamped as copied by the annotator now.
    AnnotationTrack copy(tierName.trimmed(), AnnotationTrack::Kind::Annotation,
                         p->labelSetId().isEmpty() ? recording.labelSetId : p->labelSetId());
    std::vector<Segment> segments = p->segments();
    for (Segment& seg : segments) {
        seg.author = stamp.author;
        seg.editedMs = stamp.ms;
    }
    copy.setSegments(std::move(segments));
    const QString tier = copy.name();
    return edit(ProjectEdit::addTrack(recording.id, std::move(copy), int(recording.tracks.size())),
                tr("Copy %1 to tier %2").arg(predictionName, tier), tier);
}

} // namespace kinemark
