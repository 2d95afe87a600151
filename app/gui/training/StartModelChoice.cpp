#include "app/gui/training/StartModelChoice.h"

#include "models/registry/ModelRegistry.h"

#include <QJsonObject>

namespace kinemark {

StartModelChoice::StartModelChoice(const Project& project, QWidget* parent)
    : QComboBox(parent), m_project(project)
{
    setObjectName(QStringLiteral("startModel"));
    addItem(tr("Nothing — train from scratch"), QString());
    // Classifiers only: an encoder or a window generator has no head to fine-tune.
    for (const StoredModel& m : project.models) {
        const ModelInfo* info = ModelRegistry::find(m.kind);
        if (!info || !info->classifier())
            continue;
        addItem(m.id, m.id);
        const QJsonObject parentOf = m.summary.value(QStringLiteral("parent")).toObject();
        QString tip =
            tr("%1, made %2").arg(m.kind, m.summary.value(QStringLiteral("created")).toString());
        if (!parentOf.isEmpty())
            tip += QLatin1Char('\n') +
                   tr("fine-tuned from %1").arg(parentOf.value(QStringLiteral("id")).toString());
        setItemData(count() - 1, tip, Qt::ToolTipRole);
    }
    setToolTip(tr("Fine-tune a model of the project: continue from its weights, normalisation "
                  "and classes, with a tenth of its learning rate and a few epochs, instead of "
                  "training a new one"));
}

bool StartModelChoice::chooseStored(const QString& id)
{
    const int index = findData(id);
    if (id.isEmpty() || index < 0)
        return false;
    setCurrentIndex(index);
    return true;
}

const StoredModel* StartModelChoice::chosen() const
{
    const QString id = storedId();
    if (id.isEmpty())
        return nullptr;
    for (const StoredModel& m : m_project.models)
        if (m.id == id)
            return &m;
    return nullptr;
}

QString StartModelChoice::kind() const
{
    const StoredModel* m = chosen();
    return m ? m->kind : QString();
}

QVariantMap StartModelChoice::hyperparameters() const
{
    const StoredModel* m = chosen();
    return m ? m->summary.value(QStringLiteral("hyperparameters")).toObject().toVariantMap()
             : QVariantMap();
}

} // namespace kinemark
