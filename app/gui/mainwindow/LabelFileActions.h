#pragma once

#include "core/labels/LabelFiles.h"

#include <QObject>
#include <optional>

class QWidget;

namespace kinemark {

class AnnotationEditor;
class RecordingSession;

// File > Import/Export Labels for the shown recording: the file dialog with
// its format choice (segment CSV, per-sample column, ELAN), remembered folder,
// and the offer to clip overlapping segments. Imports go through the
// annotation editor, so they are undoable and journaled.
class LabelFileActions : public QObject
{
    Q_OBJECT
public:
    LabelFileActions(RecordingSession* session, AnnotationEditor* editor, QWidget* dialogParent);

    void exportLabels();
    void importLabels();

Q_SIGNALS:
    void message(const QString& text);

private:
    // Asks for a file; returns its format, or nothing when cancelled.
    std::optional<LabelFiles::Format> chooseFile(bool forSaving, const QString& title,
                                                 QString* path);

    RecordingSession* m_session;
    AnnotationEditor* m_editor;
    QWidget* m_dialogParent;
};

} // namespace kinemark
