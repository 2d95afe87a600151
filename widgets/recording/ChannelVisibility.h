#pragma once

#include <QObject>
#include <QSet>
#include <QString>

class QMenu;

namespace kinemark {

class Recording;

// Which signal channels the signal view draws: each channel by its qualified
// name ("thigh_x", "waist_gyro_z") and each quantity as a whole ("acc",
// "gyro"), hidden or shown. Remembered in QSettings, so the choice carries over
// to every recording with the same channel names (a study's recordings share
// them). Offers the choice as checkable actions (View › Channels and the
// signal view's context menu).
class ChannelVisibility : public QObject
{
    Q_OBJECT
public:
    explicit ChannelVisibility(QObject* parent = nullptr);

    bool isChannelShown(const QString& qualifiedName) const;
    bool isQuantityShown(const QString& quantity) const;
    // Shown when both the channel and its quantity are.
    bool isShown(const QString& qualifiedName, const QString& quantity) const;

    void setChannelShown(const QString& qualifiedName, bool shown);
    void setQuantityShown(const QString& quantity, bool shown);
    // Everything shown again.
    void showAll();

    // Fills `menu` with a checkable action per quantity and per channel of `recording`.
    void populateMenu(QMenu* menu, const Recording* recording);

    // "acceleration", "angular velocity", or the quantity's own name.
    static QString quantityTitle(const QString& quantity);

Q_SIGNALS:
    void changed();

private:
    void save() const;

    QSet<QString> m_hiddenChannels;
    QSet<QString> m_hiddenQuantities;
};

} // namespace kinemark
