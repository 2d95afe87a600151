#include "models/training/FineTuning.h"

#include "core/base/SeededRandom.h"
#include "models/TrainingError.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/TrainingSelection.h"

#include <QFileInfo>
#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <stdexcept>

namespace kinemark {

namespace {

[[noreturn]] void refuse(const QString& what)
{
    throw std::invalid_argument(what.toStdString());
}

// The parent as a stored model of the project or a file; `source` and `id` name it.
ModelFile loadParent(const Project& project, const TrainingRequest& request, QString* source,
                     QString* id)
{
    if (!request.initModelPath.isEmpty()) {
        *source = request.initModelPath;
        *id = QFileInfo(request.initModelPath).fileName();
        return ModelFile::load(request.initModelPath);
    }
    QStringList classifiers;
    for (const StoredModel& m : project.models) {
        if (m.id == request.initModel) {
            *source = QStringLiteral("project model '%1'").arg(m.id);
            *id = m.id;
            return ModelFile::fromBytes(m.data, *source);
        }
        const ModelInfo* info = ModelRegistry::find(m.kind);
        if (info && info->classifier())
            classifiers << m.id;
    }
    refuse(QStringLiteral("the project has no stored model '%1' (its classifiers: %2)")
               .arg(request.initModel, classifiers.isEmpty()
                                           ? QStringLiteral("none")
                                           : classifiers.join(QStringLiteral(", "))));
}

// The parent's hyperparameters with the fine-tuning schedule and the
// request's schedule overrides; refuses any other hyperparameter that differs.
QVariantMap fineTuningHyperparameters(const ModelFile& parent, const QVariantMap& overrides,
                                      const QString& source)
{
    QVariantMap h = parent.hyperparameters;
    QStringList changed;
    for (auto it = overrides.begin(); it != overrides.end(); ++it) {
        if (FineTuning::scheduleKeys().contains(it.key()) ||
            it.key().startsWith(QLatin1String("debug_")))
            continue;
        // Typed as the registry types it (and refused when unknown or out of range).
        const QVariant value =
            ModelRegistry::resolve(parent.kind, {{it.key(), it.value()}}).value(it.key());
        if (value != h.value(it.key()))
            changed << QStringLiteral("%1=%2 (the parent's: %3)")
                           .arg(it.key(), value.toString(), h.value(it.key()).toString());
    }
    if (!changed.isEmpty())
        refuse(QStringLiteral("fine-tuning keeps the network and loss of %1, so only its "
                              "schedule can change (%2); these differ: %3")
                   .arg(source, FineTuning::scheduleKeys().join(QStringLiteral(", ")),
                        changed.join(QStringLiteral(", "))));
    h[QStringLiteral("epochs")] = FineTuning::kDefaultEpochs;
    h[QStringLiteral("lr")] =
        std::max(1e-9, h.value(QStringLiteral("lr")).toDouble() * FineTuning::kLearningRateFactor);
    // Synthetic pre-training would overwrite what the parent learnt; a parent's
    // encoder is trained already, so it is not frozen.
    if (h.contains(QStringLiteral("synthetic_per_class")))
        h[QStringLiteral("synthetic_per_class")] = 0;
    if (h.contains(QStringLiteral("frozen_fraction")))
        h[QStringLiteral("frozen_fraction")] = 0.0;
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        h[it.key()] = it.value();
    return ModelRegistry::resolve(parent.kind, h);
}

// "7 'cycling'" for each class id, from the recordings' label set.
QString classText(const Project& project, const QString& labelSetId,
                  const std::vector<int32_t>& ids)
{
    const LabelSet* set = project.labelSet(labelSetId);
    QStringList texts;
    for (int32_t id : ids) {
        const LabelClass* c = set ? set->find(id) : nullptr;
        texts << (c ? QStringLiteral("%1 '%2'").arg(id).arg(c->name) : QString::number(id));
    }
    return texts.join(QStringLiteral(", "));
}

QStringList idsOf(const std::vector<std::shared_ptr<const Recording>>& recordings)
{
    QStringList ids;
    for (const auto& r : recordings)
        ids << r->id;
    return ids;
}

} // namespace

const QStringList& FineTuning::scheduleKeys()
{
    static const QStringList keys = {
        QStringLiteral("epochs"),         QStringLiteral("lr"),
        QStringLiteral("final_lr"),       QStringLiteral("lr_decay"),
        QStringLiteral("warmup"),         QStringLiteral("weight_decay"),
        QStringLiteral("batch"),          QStringLiteral("patience"),
        QStringLiteral("stride"),         QStringLiteral("max_unlabelled"),
        QStringLiteral("clip"),           QStringLiteral("frozen_fraction"),
        QStringLiteral("chunk_length"),   QStringLiteral("synthetic_per_class"),
        QStringLiteral("pretrain_epochs")};
    return keys;
}

bool FineTuning::wanted(const TrainingRequest& request)
{
    return !request.initModelPath.isEmpty() || !request.initModel.isEmpty();
}

FineTuning FineTuning::prepare(const Project& project, const TrainingRequest& request)
{
    if (!request.initModelPath.isEmpty() && !request.initModel.isEmpty())
        refuse(QStringLiteral("start from one model: a file (%1) or a stored model (%2), not both")
                   .arg(request.initModelPath, request.initModel));
    if (!(request.replayFraction >= 0 && request.replayFraction <= 1))
        refuse(QStringLiteral("the replay fraction %1 is not between 0 and 1")
                   .arg(request.replayFraction));
    FineTuning f;
    f.m_parent = loadParent(project, request, &f.m_source, &f.m_parentId);
    const ModelFile& parent = f.m_parent;
    const ModelInfo* info = ModelRegistry::find(parent.kind);
    if (!info || !info->classifier())
        throw TrainingError(
            QStringLiteral("%1 is a %2 model, not a classifier: fine-tuning "
                           "starts from a classifier (%3)")
                .arg(f.m_source, parent.kind,
                     ModelRegistry::ids(ModelInfo::Purpose::Classifier).join(QStringLiteral(", ")))
                .toStdString());
    if (!request.model.isEmpty() && request.model != parent.kind)
        refuse(QStringLiteral("the model %1 differs from %2's kind %3: fine-tuning continues the "
                              "parent's network (leave the model out)")
                   .arg(request.model, f.m_source, parent.kind));

    TrainingRequest& r = f.m_request;
    r = request;
    r.model = parent.kind;
    r.encoderPath.clear();
    r.encoderModel.clear();
    r.hyperparameters = fineTuningHyperparameters(parent, request.hyperparameters, f.m_source);

    // The corrected recordings: the training subjects' labelled ones, which the parent must read.
    const QStringList subjects = TrainingSelection::trainingSubjects(project, request);
    const auto recordings = TrainingSelection::labelledRecordings(project, subjects);
    if (recordings.empty())
        throw TrainingError("no recording with ground truth among the training subjects");
    for (const auto& rec : recordings)
        if (const QStringList problems = parent.incompatibilities(*rec); !problems.isEmpty())
            throw TrainingError(QStringLiteral("%1 cannot read recording %2: %3")
                                    .arg(f.m_source, rec->id, problems.join(QStringLiteral("; ")))
                                    .toStdString());
    f.m_corrected = idsOf(recordings);

    // Classes: the parent's, then (extendClasses) those of the data it does not know.
    std::set<int32_t> present;
    for (const auto& rec : recordings)
        for (const Segment& s : rec->groundTruth()->segments())
            if (request.classIds.empty() ||
                std::find(request.classIds.begin(), request.classIds.end(), s.classId) !=
                    request.classIds.end())
                present.insert(s.classId);
    for (int32_t id : request.classIds) // asked for, even when absent from the data
        present.insert(id);
    for (int32_t id : present)
        if (std::find(parent.classIds.begin(), parent.classIds.end(), id) == parent.classIds.end())
            f.m_newClasses.push_back(id);
    const QString labelSetId = recordings.front()->labelSetId;
    if (!f.m_newClasses.empty() && !request.extendClasses)
        throw TrainingError(
            QStringLiteral("the training data has classes that %1 does not know: %2. Extend its "
                           "classifier by them (--new-classes), or leave them out (--classes %3)")
                .arg(f.m_source, classText(project, labelSetId, f.m_newClasses),
                     [&] {
                         QStringList ids;
                         for (int32_t id : parent.classIds)
                             ids << QString::number(id);
                         return ids.join(QLatin1Char(','));
                     }())
                .toStdString());
    r.classIds = parent.classIds;
    r.classIds.insert(r.classIds.end(), f.m_newClasses.begin(), f.m_newClasses.end());
    if (int(r.classIds.size()) > ModelFile::kMaxClasses)
        throw TrainingError("the extended classifier would have more classes than a model may");

    // Replay: a seeded sample of the parent's training recordings (its
    // subjects' in this project, else the project's other labelled ones).
    r.extraRecordings.clear();
    if (request.replayFraction > 0) {
        const QStringList parentSubjects =
            parent.trainingData.value(QStringLiteral("subjects")).toVariant().toStringList();
        const auto eligible = [&](const std::shared_ptr<Recording>& rec, bool ofParent) {
            return rec->groundTruth() && !f.m_corrected.contains(rec->id) &&
                   !request.validationSubjects.contains(rec->subjectId) &&
                   (!ofParent || parentSubjects.contains(rec->subjectId)) &&
                   parent.incompatibilities(*rec).isEmpty();
        };
        QStringList pool;
        for (bool ofParent : {true, false}) {
            for (const auto& rec : project.recordings)
                if (eligible(rec, ofParent))
                    pool << rec->id;
            if (!pool.isEmpty())
                break;
        }
        const int take = std::min<int>(
            int(pool.size()),
            std::max(1, int(std::ceil(request.replayFraction * double(pool.size()) - 1e-9))));
        QStringList shuffled = pool;
        std::mt19937_64 rng(request.seed ^ 0x7e91a7ULL);
        seededShuffle(shuffled, rng);
        const QStringList chosen = shuffled.mid(0, take);
        for (const QString& id : pool) // in the project's order
            if (chosen.contains(id))
                f.m_replay << id;
        r.extraRecordings = f.m_replay;
    }
    return f;
}

void FineTuning::describeIn(ModelFile& child) const
{
    child.parent.id = m_parentId;
    child.parent.created = m_parent.created;
    child.parent.weightsHash = m_parent.weightsHash();
    for (const QString& key : child.hyperparameters.keys())
        if (key.startsWith(QLatin1String("debug_")))
            child.hyperparameters.remove(key);
    QJsonObject o;
    o[QStringLiteral("parent")] = m_parentId;
    o[QStringLiteral("parent_created")] = m_parent.created;
    o[QStringLiteral("lr")] = child.hyperparameters.value(QStringLiteral("lr")).toDouble();
    o[QStringLiteral("epochs")] = child.hyperparameters.value(QStringLiteral("epochs")).toInt();
    o[QStringLiteral("corrected_recordings")] = QJsonArray::fromStringList(m_corrected);
    o[QStringLiteral("replay_recordings")] = QJsonArray::fromStringList(m_replay);
    o[QStringLiteral("replay_fraction")] = m_request.replayFraction;
    QJsonArray added;
    for (int32_t id : m_newClasses)
        added.append(id);
    o[QStringLiteral("new_classes")] = added;
    child.trainingData[QStringLiteral("fine_tuning")] = o;
}

} // namespace kinemark
