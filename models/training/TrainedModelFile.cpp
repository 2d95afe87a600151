#include "models/training/TrainedModelFile.h"

#include <QDateTime>

namespace kinemark {

ModelFile TrainedModelFile::start(const Project& project, const QString& kind,
                                  const QVariantMap& hyperparameters,
                                  const std::vector<int32_t>& classIds, const Recording& first,
                                  uint64_t seed)
{
    ModelFile model;
    model.kind = kind;
    model.hyperparameters = hyperparameters;
    model.classIds = classIds;
    const LabelSet* labelSet = project.labelSet(first.labelSetId);
    for (int32_t id : classIds) {
        const LabelClass* lc = labelSet ? labelSet->find(id) : nullptr;
        model.classNames << (lc ? lc->name : QString::number(id));
    }
    model.labelSetId = first.labelSetId;
    model.channelNames = first.channelNames();
    model.sampleRateHz = first.sampleRateHz;
    model.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    model.seed = seed;
    return model;
}

QJsonObject TrainedModelFile::perClass(const std::vector<int32_t>& classIds,
                                       const std::vector<int64_t>& counts)
{
    QJsonObject perClass;
    for (size_t i = 0; i < counts.size(); ++i)
        perClass[QString::number(classIds[i])] = qint64(counts[i]);
    return perClass;
}

} // namespace kinemark
