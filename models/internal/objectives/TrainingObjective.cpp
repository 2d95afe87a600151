#include "models/internal/objectives/TrainingObjective.h"

#include "models/internal/objectives/CenterLossObjective.h"
#include "models/internal/objectives/CompositeLossObjective.h"
#include "models/internal/objectives/SupConObjective.h"

#include <stdexcept>

namespace kinemark {

std::unique_ptr<TrainingObjective> makeTrainingObjective(const QString& kind, const QVariantMap& h,
                                                         int classes)
{
    if (kind == QLatin1String("cnn-center"))
        return std::make_unique<CenterLossObjective>(
            classes, 64, h.value(QStringLiteral("center_lambda")).toDouble(),
            h.value(QStringLiteral("center_alpha")).toDouble());
    if (kind == QLatin1String("resnet-supcon"))
        return std::make_unique<SupConObjective>(h);
    if (kind == QLatin1String("usad"))
        return std::make_unique<CompositeLossObjective>(h);
    throw std::invalid_argument(("no training objective for model '" + kind + "'").toStdString());
}

} // namespace kinemark
