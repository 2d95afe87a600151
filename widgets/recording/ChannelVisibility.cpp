#include "widgets/recording/ChannelVisibility.h"

#include "core/model/Recording.h"

#include <QMenu>
#include <QSettings>

namespace kinemark {

namespace {
const char* kChannelsKey = "signals/hiddenChannels";
const char* kQuantitiesKey = "signals/hiddenQuantities";

QSet<QString> toSet(const QStringList& list)
{
    return QSet<QString>(list.begin(), list.end());
}
} // namespace

ChannelVisibility::ChannelVisibility(QObject* parent) : QObject(parent)
{
    QSettings settings;
    m_hiddenChannels = toSet(settings.value(QLatin1String(kChannelsKey)).toStringList());
    m_hiddenQuantities = toSet(settings.value(QLatin1String(kQuantitiesKey)).toStringList());
}

bool ChannelVisibility::isChannelShown(const QString& qualifiedName) const
{
    return !m_hiddenChannels.contains(qualifiedName);
}

bool ChannelVisibility::isQuantityShown(const QString& quantity) const
{
    return !m_hiddenQuantities.contains(quantity);
}

bool ChannelVisibility::isShown(const QString& qualifiedName, const QString& quantity) const
{
    return isChannelShown(qualifiedName) && isQuantityShown(quantity);
}

void ChannelVisibility::setChannelShown(const QString& qualifiedName, bool shown)
{
    if (shown == isChannelShown(qualifiedName))
        return;
    if (shown)
        m_hiddenChannels.remove(qualifiedName);
    else
        m_hiddenChannels.insert(qualifiedName);
    save();
    Q_EMIT changed();
}

void ChannelVisibility::setQuantityShown(const QString& quantity, bool shown)
{
    if (shown == isQuantityShown(quantity))
        return;
    if (shown)
        m_hiddenQuantities.remove(quantity);
    else
        m_hiddenQuantities.insert(quantity);
    save();
    Q_EMIT changed();
}

void ChannelVisibility::showAll()
{
    if (m_hiddenChannels.isEmpty() && m_hiddenQuantities.isEmpty())
        return;
    m_hiddenChannels.clear();
    m_hiddenQuantities.clear();
    save();
    Q_EMIT changed();
}

void ChannelVisibility::save() const
{
    QSettings settings;
    QStringList channels(m_hiddenChannels.begin(), m_hiddenChannels.end());
    QStringList quantities(m_hiddenQuantities.begin(), m_hiddenQuantities.end());
    channels.sort();
    quantities.sort();
    settings.setValue(QLatin1String(kChannelsKey), channels);
    settings.setValue(QLatin1String(kQuantitiesKey), quantities);
}

QString ChannelVisibility::quantityTitle(const QString& quantity)
{
    if (quantity == QLatin1String("acc"))
        return tr("Acceleration");
    if (quantity == QLatin1String("gyro"))
        return tr("Angular Velocity");
    if (quantity == QLatin1String("mag"))
        return tr("Magnetic Field");
    return quantity.isEmpty() ? tr("Other") : quantity;
}

void ChannelVisibility::populateMenu(QMenu* menu, const Recording* recording)
{
    menu->clear();
    if (!recording || recording->sensors.empty()) {
        menu->addAction(tr("No recording is shown"))->setEnabled(false);
        return;
    }
    QStringList quantities;
    for (const Sensor& sensor : recording->sensors)
        for (const Channel& c : sensor.channels)
            if (!quantities.contains(c.quantity))
                quantities << c.quantity;
    for (const QString& q : quantities) {
        QAction* a = menu->addAction(quantityTitle(q));
        a->setCheckable(true);
        a->setChecked(isQuantityShown(q));
        connect(a, &QAction::toggled, this, [this, q](bool on) { setQuantityShown(q, on); });
    }
    menu->addSeparator();
    for (const Sensor& sensor : recording->sensors)
        for (size_t i = 0; i < sensor.channels.size(); ++i) {
            const QString name = sensor.qualifiedChannelName(i);
            QAction* a = menu->addAction(name);
            a->setCheckable(true);
            a->setChecked(isChannelShown(name));
            // A channel of a hidden quantity stays hidden whatever its own tick says.
            a->setEnabled(isQuantityShown(sensor.channels[i].quantity));
            connect(a, &QAction::toggled, this,
                    [this, name](bool on) { setChannelShown(name, on); });
        }
    menu->addSeparator();
    menu->addAction(tr("Show &All Channels"), this, &ChannelVisibility::showAll);
}

} // namespace kinemark
