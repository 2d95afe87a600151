#include "core/model/Project.h"

#include "core/base/FormatError.h"

#include <QSet>
#include <QStringList>
#include <stdexcept>

namespace kinemark {

const LabelSet* Project::labelSet(const QString& id) const
{
    for (const LabelSet& s : labelSets)
        if (s.id == id)
            return &s;
    return nullptr;
}

void Project::ensureBuiltinLabelSet(const QString& id)
{
    if (!labelSet(id))
        labelSets.push_back(LabelSet::builtin(id));
}

std::shared_ptr<Recording> Project::addRecording(Recording&& recording)
{
    const QString base = recording.id.isEmpty() ? QStringLiteral("recording") : recording.id;
    QString id = base;
    for (int n = 2; this->recording(id); ++n)
        id = QStringLiteral("%1 (%2)").arg(base).arg(n);
    recording.id = id;
    recordings.push_back(std::make_shared<Recording>(std::move(recording)));
    return recordings.back();
}

void Project::checkImportedClassIds(const Project& imported) const
{
    for (const auto& r : imported.recordings) {
        const LabelSet* own = labelSet(r->labelSetId);
        if (!own || own->classes.empty())
            continue;
        for (const AnnotationTrack& t : r->tracks) {
            for (const Segment& s : t.segments()) {
                if (s.classId == kUnlabelled || own->find(s.classId))
                    continue;
                QStringList known;
                for (const LabelClass& c : own->classes)
                    known << QString::number(c.id);
                throw FormatError(
                    r->source.isEmpty() ? r->id : r->source,
                    QStringLiteral("track '%1': class id %2 at sample %3 (%4 s) is not in the "
                                   "project's label set '%5' (known ids: %6)")
                        .arg(t.name())
                        .arg(s.classId)
                        .arg(s.start)
                        .arg(r->sampleRateHz > 0 ? double(s.start) / r->sampleRateHz : 0.0, 0, 'f',
                             3)
                        .arg(own->id, known.join(QStringLiteral(", "))));
            }
        }
    }
}

QString Project::mergeImported(Project&& imported)
{
    checkImportedClassIds(imported);
    for (const LabelSet& set : imported.labelSets)
        if (!labelSet(set.id))
            labelSets.push_back(set);
    QString first;
    for (auto& r : imported.recordings) {
        auto added = addRecording(std::move(*r));
        if (first.isEmpty())
            first = added->id;
    }
    return first;
}

std::shared_ptr<Recording> Project::recording(const QString& id) const
{
    for (const auto& r : recordings)
        if (r->id == id)
            return r;
    return nullptr;
}

QStringList Project::subjectIds() const
{
    QStringList ids;
    QSet<QString> seen;
    for (const auto& r : recordings) {
        if (!seen.contains(r->subjectId)) {
            seen.insert(r->subjectId);
            ids << r->subjectId;
        }
    }
    return ids;
}

QStringList Project::resultIds() const
{
    QStringList ids;
    for (const StoredResult& r : results)
        ids << r.id;
    return ids;
}

const std::vector<VideoAttachment>& Project::videos(const QString& recordingId) const
{
    static const std::vector<VideoAttachment> none;
    const auto r = recording(recordingId);
    return r ? r->videos : none;
}

void Project::setVideos(const QString& recordingId, std::vector<VideoAttachment> videos)
{
    const auto r = recording(recordingId);
    if (!r)
        throw std::runtime_error(
            QStringLiteral("the project has no recording '%1'").arg(recordingId).toStdString());
    r->videos = std::move(videos);
}

QString Project::checkConsistency() const
{
    QSet<QString> setIds;
    for (const LabelSet& s : labelSets) {
        if (setIds.contains(s.id))
            return QStringLiteral("label set '%1' is defined twice").arg(s.id);
        setIds.insert(s.id);
    }
    QSet<QString> ids;
    for (const auto& r : recordings) {
        if (ids.contains(r->id))
            return QStringLiteral("recording id '%1' is used twice").arg(r->id);
        ids.insert(r->id);
        const QString problem = r->checkConsistency();
        if (!problem.isEmpty())
            return problem;
        if (!r->labelSetId.isEmpty() && !setIds.contains(r->labelSetId))
            return QStringLiteral("recording '%1' uses label set '%2', which the project lacks")
                .arg(r->id, r->labelSetId);
        QSet<QString> videoPaths;
        for (const VideoAttachment& v : r->videos) {
            const QString videoProblem = v.checkConsistency();
            if (!videoProblem.isEmpty())
                return QStringLiteral("recording '%1', video '%2': %3")
                    .arg(r->id, v.path.left(200), videoProblem);
            if (videoPaths.contains(v.path))
                return QStringLiteral("recording '%1' has video '%2' attached twice")
                    .arg(r->id, v.path);
            videoPaths.insert(v.path);
        }
    }
    QSet<QString> modelIds;
    for (const StoredModel& m : models) {
        if (m.id.isEmpty() || m.kind.isEmpty())
            return QStringLiteral("a stored model has no id or no kind ('%1', '%2')")
                .arg(m.id, m.kind);
        if (modelIds.contains(m.id))
            return QStringLiteral("model id '%1' is used twice").arg(m.id);
        modelIds.insert(m.id);
        if (m.data.isEmpty())
            return QStringLiteral("model '%1' has no data").arg(m.id);
    }
    QSet<QString> resultIds;
    for (const StoredResult& r : results) {
        if (r.id.isEmpty() || r.kind.isEmpty())
            return QStringLiteral("a stored result has no id or no kind ('%1', '%2')")
                .arg(r.id, r.kind);
        if (resultIds.contains(r.id))
            return QStringLiteral("result id '%1' is used twice").arg(r.id);
        resultIds.insert(r.id);
    }
    return QString();
}

} // namespace kinemark
