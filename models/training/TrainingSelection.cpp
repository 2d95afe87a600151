#include "models/training/TrainingSelection.h"

#include "models/TrainingError.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace kinemark {

TrainingSelection TrainingSelection::resolve(const Project& project, const TrainingRequest& request)
{
    TrainingSelection selection;
    selection.subjects = trainingSubjects(project, request);
    selection.classIds = classes(project, request);
    if (selection.classIds.size() < 2)
        throw TrainingError("training needs at least two classes with labelled samples");
    selection.recordings = labelledRecordings(project, selection.subjects);
    // Recordings asked for beyond the subjects' (fine-tuning's replay sample).
    for (const QString& id : request.extraRecordings) {
        const std::shared_ptr<Recording> r = project.recording(id);
        if (!r || !r->groundTruth())
            throw std::invalid_argument(
                QStringLiteral("no recording '%1' with ground truth in the project")
                    .arg(id)
                    .toStdString());
        if (std::find(selection.recordings.begin(), selection.recordings.end(), r) !=
            selection.recordings.end())
            continue;
        selection.recordings.push_back(r);
        if (!selection.subjects.contains(r->subjectId))
            selection.subjects << r->subjectId;
    }
    if (selection.recordings.empty())
        throw TrainingError("no recording with ground truth among the training subjects");
    return selection;
}

std::vector<int32_t> TrainingSelection::classes(const Project& project,
                                                const TrainingRequest& request)
{
    if (!request.classIds.empty())
        return request.classIds;
    std::set<int32_t> present;
    QString labelSetId;
    for (const auto& r : project.recordings) {
        const AnnotationTrack* truth = r->groundTruth();
        if (!truth)
            continue;
        labelSetId = r->labelSetId;
        for (const Segment& s : truth->segments())
            present.insert(s.classId);
    }
    std::vector<int32_t> ids;
    if (const LabelSet* set = project.labelSet(labelSetId)) {
        for (const LabelClass& c : set->classes) // in the label set's order
            if (present.count(c.id))
                ids.push_back(c.id);
    } else {
        ids.assign(present.begin(), present.end());
    }
    return ids;
}

QStringList TrainingSelection::trainingSubjects(const Project& project,
                                                const TrainingRequest& request)
{
    // Validation as asked, training = the rest unless given.
    const QStringList allSubjects = project.subjectIds();
    for (const QString& s : request.validationSubjects + request.trainingSubjects)
        if (!allSubjects.contains(s))
            throw std::invalid_argument(QStringLiteral("no subject '%1' in the project (it has %2)")
                                            .arg(s, allSubjects.join(QStringLiteral(", ")))
                                            .toStdString());
    QStringList subjects = request.trainingSubjects;
    if (subjects.isEmpty())
        for (const QString& s : allSubjects)
            if (!request.validationSubjects.contains(s))
                subjects << s;
    for (const QString& s : request.validationSubjects)
        if (subjects.contains(s))
            throw std::invalid_argument(
                QStringLiteral("subject '%1' is in both training and validation")
                    .arg(s)
                    .toStdString());
    return subjects;
}

std::vector<std::shared_ptr<const Recording>>
TrainingSelection::labelledRecordings(const Project& project, const QStringList& subjects)
{
    std::vector<std::shared_ptr<const Recording>> out;
    for (const auto& r : project.recordings)
        if (subjects.contains(r->subjectId) && r->groundTruth())
            out.push_back(r);
    return out;
}

} // namespace kinemark
