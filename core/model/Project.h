#pragma once

#include "core/model/LabelSet.h"
#include "core/model/Recording.h"
#include "core/model/StoredModel.h"
#include "core/model/StoredResult.h"

#include <QMap>
#include <QString>
#include <memory>
#include <vector>

namespace kinemark {

// Everything a study keeps together: recordings with their tracks, the label
// sets they use, and metadata. Recordings are held by shared_ptr so that views
// and background jobs can keep one alive while the project changes.
class Project
{
public:
    QString name;
    QMap<QString, QString> metadata;
    std::vector<LabelSet> labelSets;
    std::vector<std::shared_ptr<Recording>> recordings;
    std::vector<StoredModel> models; // trained models, in order of creation
    std::vector<StoredResult>
        results; // evaluations, cross-validations, t-SNE maps, in order of creation

    const LabelSet* labelSet(const QString& id) const;
    // Adds the built-in set `id` unless the project already has a set of that id.
    void ensureBuiltinLabelSet(const QString& id);
    // Takes the recording; renames it ("id (2)") if its id is taken. Returns it.
    std::shared_ptr<Recording> addRecording(Recording&& recording);
    // Takes the recordings of `imported` (renamed where their ids are taken)
    // and the label sets it has that this project lacks. Returns the id of the
    // first recording taken, empty when there was none. Throws FormatError
    // (see checkImportedClassIds) before taking anything.
    QString mergeImported(Project&& imported);
    // The class ids of the tracks of `imported` checked against this project's
    // copy of their label set, which the user may have edited (the readers
    // check against the built-in one): an id it lacks is a FormatError naming
    // the recording's source, the track, the sample, its time and the known ids.
    void checkImportedClassIds(const Project& imported) const;
    std::shared_ptr<Recording> recording(const QString& id) const;
    QStringList subjectIds() const; // distinct, in order of first appearance
    QStringList resultIds() const;

    // The videos attached to a recording (empty for an unknown id).
    const std::vector<VideoAttachment>& videos(const QString& recordingId) const;
    // Replaces them; throws std::runtime_error naming an unknown recording.
    // Attach, detach, sync and relocation are all this one change (as
    // ProjectEdit::setVideos, so that undo and the journal cover them).
    void setVideos(const QString& recordingId, std::vector<VideoAttachment> videos);

    // Empty when consistent, otherwise the first problem found.
    QString checkConsistency() const;
};

} // namespace kinemark
