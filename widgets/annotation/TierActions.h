#pragma once

#include <QObject>

class QAction;
class QActionGroup;
class QMenu;
class QWidget;

namespace kinemark {

class AnnotationEditor;

// The Labels menu's tiers: Add Tier..., Rename Tier..., Delete Tier (asks
// first), Copy Prediction to Tier..., and Edit Tier, a checkable list of the
// shown recording's editable tracks choosing which one the keys edit (T and
// Shift+T cycle through it). The dialogs only ask; every change goes through
// the annotation editor, so it is one undo step and journaled.
class TierActions : public QObject
{
    Q_OBJECT
public:
    TierActions(AnnotationEditor* editor, QWidget* dialogParent, QObject* parent = nullptr);

    void addActionsTo(QMenu* menu);
    // The Edit Tier submenu (for tests and the keyboard reference).
    QMenu* editTierMenu() const { return m_editTierMenu; }

    void addTier();
    void renameTier();
    void deleteTier();
    void copyPrediction();

private:
    // Rebuilds the Edit Tier list and enables what the shown recording allows.
    void refresh();
    // Asks for a tier name, proposing `proposal`; empty when cancelled.
    QString askName(const QString& title, const QString& label, const QString& proposal);

    AnnotationEditor* m_editor;
    QWidget* m_dialogParent;
    QMenu* m_editTierMenu = nullptr;
    QActionGroup* m_tierGroup = nullptr;
    QAction* m_rename = nullptr;
    QAction* m_delete = nullptr;
    QAction* m_copy = nullptr;
};

} // namespace kinemark
