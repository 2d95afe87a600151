#include "widgets/annotation/EditMenuActions.h"

#include "widgets/annotation/AgreementDialog.h"
#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/recording/RecordingSession.h"

#include <QAction>
#include <QInputDialog>
#include <QMenu>

namespace kinemark {

EditMenuActions::EditMenuActions(AnnotationEditor* editor, RecordingSession* session,
                                 QObject* parent)
    : QObject(parent), m_editor(editor), m_session(session)
{
    connect(m_session, &RecordingSession::recordingChanged, this,
            &EditMenuActions::rebuildClassActions);
    connect(m_session, &RecordingSession::labelSetChanged, this,
            &EditMenuActions::rebuildClassActions);
}

void EditMenuActions::addActionsTo(QMenu* menu)
{
    QAction* undo = m_editor->undoStack()->createUndoAction(menu, tr("&Undo"));
    undo->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Z)});
    QAction* redo = m_editor->undoStack()->createRedoAction(menu, tr("&Redo"));
    redo->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    menu->addAction(undo);
    menu->addAction(redo);
    menu->addSeparator();
    auto add = [this, menu](const QString& text, const QList<QKeySequence>& keys, auto slot) {
        QAction* a = menu->addAction(text);
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, m_editor, slot);
        return a;
    };
    m_classMenu = menu->addMenu(tr("Assign &Class"));
    rebuildClassActions();
    add(tr("&Pick Class..."), {QKeySequence(Qt::Key_L)}, [this] { m_editor->pickClass(); });
    add(tr("&Split at Cursor"), {QKeySequence(Qt::Key_S)}, [this] { m_editor->splitAtCursor(); });
    add(tr("&Merge with Next"), {QKeySequence(Qt::Key_M)},
        [this] { m_editor->mergeWith(TrackEdits::Direction::Next); });
    add(tr("Merge with &Previous"), {QKeySequence(Qt::SHIFT | Qt::Key_M)},
        [this] { m_editor->mergeWith(TrackEdits::Direction::Previous); });
    add(tr("&Delete Segment or Range"),
        {QKeySequence(Qt::Key_Delete), QKeySequence(Qt::Key_Backspace)},
        [this] { m_editor->deleteSelection(); });
    add(tr("&Accept Prediction"), {QKeySequence(Qt::Key_A)},
        [this] { m_editor->acceptPrediction(); });
    add(tr("Segment &Note..."), {QKeySequence(Qt::Key_E)}, [this] { m_editor->editNote(); });
    add(tr("Mark &Unsure / Sure"), {QKeySequence(Qt::Key_U)}, [this] { m_editor->toggleUnsure(); });
    add(tr("Move End Boundary Left"), {QKeySequence(Qt::CTRL | Qt::Key_Left)},
        [this] { m_editor->nudgeBoundary(true, -1); });
    add(tr("Move End Boundary Right"), {QKeySequence(Qt::CTRL | Qt::Key_Right)},
        [this] { m_editor->nudgeBoundary(true, +1); });
    add(tr("Move Start Boundary Left"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Left)},
        [this] { m_editor->nudgeBoundary(false, -1); });
    add(tr("Move Start Boundary Right"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Right)},
        [this] { m_editor->nudgeBoundary(false, +1); });

    QMenu* go = menu->addMenu(tr("&Go To"));
    auto addJump = [this, go](const QString& text, const QKeySequence& key,
                              AnnotationEditor::Jump kind, bool forward) {
        QAction* a = go->addAction(text);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this,
                [this, kind, forward] { m_editor->jump(kind, forward); });
    };
    addJump(tr("Next Segment"), QKeySequence(Qt::Key_N), AnnotationEditor::Jump::Segment, true);
    addJump(tr("Previous Segment"), QKeySequence(Qt::SHIFT | Qt::Key_N),
            AnnotationEditor::Jump::Segment, false);
    addJump(tr("Next Unlabelled Gap"), QKeySequence(Qt::Key_G), AnnotationEditor::Jump::Gap, true);
    addJump(tr("Previous Unlabelled Gap"), QKeySequence(Qt::SHIFT | Qt::Key_G),
            AnnotationEditor::Jump::Gap, false);
    addJump(tr("Next Disagreement"), QKeySequence(Qt::Key_D), AnnotationEditor::Jump::Disagreement,
            true);
    addJump(tr("Previous Disagreement"), QKeySequence(Qt::SHIFT | Qt::Key_D),
            AnnotationEditor::Jump::Disagreement, false);
    addJump(tr("Next Low-Confidence Region"), QKeySequence(Qt::Key_C),
            AnnotationEditor::Jump::LowConfidence, true);
    addJump(tr("Previous Low-Confidence Region"), QKeySequence(Qt::SHIFT | Qt::Key_C),
            AnnotationEditor::Jump::LowConfidence, false);

    menu->addSeparator();
    menu->addAction(tr("&Label Set..."), m_editor, &AnnotationEditor::editLabelSet);
    menu->addAction(tr("A&greement..."), this, &EditMenuActions::showAgreement);
    menu->addAction(tr("Annotator &Name..."), this, &EditMenuActions::editAuthor);
}

void EditMenuActions::showAgreement()
{
    const Recording* r = m_editor->recording();
    if (!r) {
        Q_EMIT m_editor->message(tr("No recording is shown"));
        return;
    }
    AgreementDialog dialog(*r, m_editor->labelSet(), m_editor->dialogParent());
    dialog.exec();
}

void EditMenuActions::editAuthor()
{
    bool ok = false;
    const QString name = QInputDialog::getText(m_editor->dialogParent(), tr("Annotator"),
                                               tr("Name recorded with every edit:"),
                                               QLineEdit::Normal, m_editor->author(), &ok);
    if (ok && !name.trimmed().isEmpty())
        m_editor->setAuthor(name);
}

void EditMenuActions::rebuildClassActions()
{
    if (!m_classMenu)
        return;
    m_classMenu->clear();
    for (const LabelClass& c : m_editor->labelSet().classes) {
        if (c.mergedInto != kUnlabelled)
            continue; // merged classes are assigned as their target
        QAction* a = m_classMenu->addAction(QStringLiteral("%1  %2").arg(c.id).arg(c.name));
        if (!c.shortcut.isEmpty())
            a->setShortcut(QKeySequence(c.shortcut));
        a->setShortcutContext(Qt::WindowShortcut);
        const int32_t id = c.id;
        connect(a, &QAction::triggered, this, [this, id] { m_editor->assignClass(id); });
    }
    m_classMenu->setEnabled(!m_classMenu->isEmpty());
}

} // namespace kinemark
