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
// the offer to clip overlapping segments or to skip unknown class names, and
// the question before a file without segments empties a track. Imports go
// through the annotation editor, so they are undoable and journaled.
class LabelFileActions : public QObject
{
    Q_OBJECT
public:
    LabelFileActions(RecordingSession* session, AnnotationEditor* editor, QWidget* dialogParent);

    void exportLabels();
    void importLabels();
    // The import once the file is chosen (File > Import Labels..., tests).
    void importLabelsFrom(const QString& path, LabelFiles::Format format);

Q_SIGNALS:
    void message(const QString& text);

private:
    // True when importing `tracks` empties no track that has segments, or the
    // user agrees to that (asked, default No).
    bool confirmEmptying(const QString& path, const std::vector<AnnotationTrack>& tracks);
    // Asks for a file; returns its format, or nothing when cancelled.
    std::optional<LabelFiles::Format> chooseFile(bool forSaving, const QString& title,
                                                 QString* path);

    RecordingSession* m_session;
    AnnotationEditor* m_editor;
    QWidget* m_dialogParent;
};

} // namespace kinemark
