#include "widgets/annotation/TierActions.h"

#include "widgets/annotation/AnnotationEditor.h"

#include <QActionGroup>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>

namespace kinemark {

TierActions::TierActions(AnnotationEditor* editor, QWidget* dialogParent, QObject* parent)
    : QObject(parent), m_editor(editor), m_dialogParent(dialogParent)
{
    connect(m_editor, &AnnotationEditor::tracksChanged, this, &TierActions::refresh);
    connect(m_editor, &AnnotationEditor::activeTrackChanged, this, &TierActions::refresh);
}

void TierActions::addActionsTo(QMenu* menu)
{
    menu->addAction(tr("&Add Tier..."), this, &TierActions::addTier);
    m_rename = menu->addAction(tr("&Rename Tier..."), this, &TierActions::renameTier);
    m_delete = menu->addAction(tr("&Delete Tier..."), this, &TierActions::deleteTier);
    m_copy = menu->addAction(tr("&Copy Prediction to Tier..."), this, &TierActions::copyPrediction);
    menu->addSeparator();
    m_editTierMenu = menu->addMenu(tr("&Edit Tier"));
    m_tierGroup = new QActionGroup(this);
    QAction* next = menu->addAction(tr("&Next Tier"));
    next->setShortcut(QKeySequence(Qt::Key_T));
    next->setShortcutContext(Qt::WindowShortcut);
    connect(next, &QAction::triggered, this, [this] { m_editor->cycleActiveTrack(+1); });
    QAction* previous = menu->addAction(tr("&Previous Tier"));
    previous->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_T));
    previous->setShortcutContext(Qt::WindowShortcut);
    connect(previous, &QAction::triggered, this, [this] { m_editor->cycleActiveTrack(-1); });
    // The list follows the shown recording as soon as the menu opens.
    connect(menu, &QMenu::aboutToShow, this, &TierActions::refresh);
    refresh();
}

void TierActions::refresh()
{
    if (!m_editTierMenu)
        return;
    m_editTierMenu->clear();
    for (QAction* a : m_tierGroup->actions())
        m_tierGroup->removeAction(a);
    const QString active = m_editor->activeTrack();
    const QStringList names = m_editor->editableTracks();
    for (const QString& name : names) {
        QAction* a = m_editTierMenu->addAction(name);
        a->setCheckable(true);
        a->setChecked(name == active);
        m_tierGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, name] { m_editor->setActiveTrack(name); });
    }
    m_editTierMenu->setEnabled(!names.isEmpty());
    const bool editable = !names.isEmpty();
    m_rename->setEnabled(editable);
    m_delete->setEnabled(editable);
    m_copy->setEnabled(!m_editor->predictionTracks().isEmpty());
}

QString TierActions::askName(const QString& title, const QString& label, const QString& proposal)
{
    QString name = proposal;
    while (true) {
        bool ok = false;
        name = QInputDialog::getText(m_dialogParent, title, label, QLineEdit::Normal, name, &ok)
                   .trimmed();
        if (!ok)
            return QString();
        const QString problem = m_editor->tierNameProblem(name);
        if (problem.isEmpty())
            return name;
        QMessageBox::warning(m_dialogParent, title, problem);
    }
}

void TierActions::addTier()
{
    if (!m_editor->recording())
        return;
    const QString name =
        askName(tr("Add Tier"), tr("Name of the new annotation tier:"), m_editor->author());
    if (!name.isEmpty())
        m_editor->addTier(name);
}

void TierActions::renameTier()
{
    const QString from = m_editor->activeTrack();
    if (from.isEmpty())
        return;
    const QString to =
        askName(tr("Rename Tier"), tr("New name of the tier \"%1\":").arg(from), from);
    if (!to.isEmpty())
        m_editor->renameTier(from, to);
}

void TierActions::deleteTier()
{
    const QString name = m_editor->activeTrack();
    const AnnotationTrack* t = m_editor->editedTrack();
    if (!t)
        return;
    const auto answer = QMessageBox::question(
        m_dialogParent, tr("Delete Tier"),
        tr("Delete the tier \"%1\" and its %n segment(s)? Edit › Undo brings it back.", nullptr,
           int(t->size()))
            .arg(name),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer == QMessageBox::Yes)
        m_editor->deleteTier(name);
}

void TierActions::copyPrediction()
{
    const QStringList predictions = m_editor->predictionTracks();
    if (predictions.isEmpty())
        return;
    QString prediction = predictions.front();
    if (predictions.size() > 1) {
        bool ok = false;
        prediction = QInputDialog::getItem(m_dialogParent, tr("Copy Prediction to Tier"),
                                           tr("Prediction:"), predictions, 0, false, &ok);
        if (!ok)
            return;
    }
    const QString name =
        askName(tr("Copy Prediction to Tier"),
                tr("Name of the new tier with the segments of \"%1\":").arg(prediction),
                tr("%1 (corrected)").arg(prediction));
    if (!name.isEmpty())
        m_editor->copyPredictionToTier(prediction, name);
}

} // namespace kinemark
