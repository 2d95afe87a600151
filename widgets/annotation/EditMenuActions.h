#pragma once

#include <QObject>

class QMenu;

namespace kinemark {

class AnnotationEditor;
class RecordingSession;

// The Edit menu of an AnnotationEditor: Undo/Redo, the edits with their keys,
// Assign Class (one entry and key per class of the shown label set, rebuilt
// when the recording or its label set changes), the jumps of Go To, and the
// label set, agreement and annotator name dialogs. The keys are window
// shortcuts, so they act wherever the keyboard is in the main window (the
// Segments dock takes the ones it uses itself).
class EditMenuActions : public QObject
{
    Q_OBJECT
public:
    EditMenuActions(AnnotationEditor* editor, RecordingSession* session, QObject* parent = nullptr);

    // Adds the actions to `menu` (once).
    void addActionsTo(QMenu* menu);

private:
    void rebuildClassActions();
    void showAgreement();
    void editAuthor();

    AnnotationEditor* m_editor;
    RecordingSession* m_session;
    QMenu* m_classMenu = nullptr;
};

} // namespace kinemark
