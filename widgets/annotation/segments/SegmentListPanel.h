#pragma once

#include "core/editing/TrackNavigation.h"

#include <QWidget>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QMenu;
class QTableView;

namespace kinemark {

class AnnotationEditor;
class RecordingSession;
class SegmentFilterModel;
class SegmentTableModel;

// The Segments dock (ELAN's annotation list, Label Studio's regions): every
// segment of the edited track (the active tier, AnnotationEditor::editedTrack)
// in a sortable table with a search box and
// filters (class, author, duration, disagreement with another track, notes,
// unsure). Clicking a row (or Enter) moves the views to that segment; the
// selected rows are relabelled with a class key, the context menu or the
// picker, or deleted, in one undo step through AnnotationEditor. The table
// follows every edit; while the dock is hidden it only notes that it is stale.
// The current row follows the cursor (ELAN's annotation list does), and while
// the list has the keyboard, the keys it navigates with are its own rather
// than the main window's pan and zoom.
class SegmentListPanel : public QWidget
{
    Q_OBJECT
public:
    SegmentListPanel(AnnotationEditor* editor, RecordingSession* session,
                     QWidget* parent = nullptr);
    ~SegmentListPanel() override;

    QTableView* table() const { return m_table; }
    SegmentTableModel* tableModel() const { return m_model; }
    SegmentFilterModel* filterModel() const { return m_filter; }
    QLineEdit* searchBox() const { return m_search; }
    QComboBox* classBox() const { return m_classBox; }
    QComboBox* authorBox() const { return m_authorBox; }
    QComboBox* durationBox() const { return m_durationBox; }
    QDoubleSpinBox* durationSeconds() const { return m_seconds; }
    QCheckBox* disagreementsBox() const { return m_disagreements; }
    QComboBox* comparedTrackBox() const { return m_compared; }
    QCheckBox* notesBox() const { return m_notes; }
    QCheckBox* unsureBox() const { return m_unsure; }
    QLabel* countLabel() const { return m_count; }

    // The spans of the selected rows, in table order.
    std::vector<SampleSpan> selectedSpans() const;
    // One undo step each (false when nothing was selected or changed).
    bool relabelSelected(int32_t classId);
    bool deleteSelected();
    bool pickClassForSelected();
    // Moves the views to the segment in (proxy) row `row`.
    void showRow(int row);
    // Rebuilds the rows now (normally deferred to the next event loop pass).
    void refresh();
    // Makes the row of the segment under the cursor current and scrolls to it, unless the
    // annotator is working on a multi-selection in the list (called when the cursor moves).
    void followCursor();

    QSize sizeHint() const override;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    bool event(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void buildFilters();
    void scheduleRefresh();
    void refreshChoices();
    void applyDuration();
    void updateCount();
    void showContextMenu(const QPoint& pos);
    void showHeaderMenu(const QPoint& pos);
    // The class whose shortcut is `key`, or kUnlabelled.
    int32_t classForKey(const QKeyEvent* key) const;

    AnnotationEditor* m_editor;
    SegmentTableModel* m_model;
    SegmentFilterModel* m_filter;
    QTableView* m_table = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_classBox = nullptr;
    QComboBox* m_authorBox = nullptr;
    QComboBox* m_durationBox = nullptr;
    QDoubleSpinBox* m_seconds = nullptr;
    QCheckBox* m_disagreements = nullptr;
    QComboBox* m_compared = nullptr;
    QCheckBox* m_notes = nullptr;
    QCheckBox* m_unsure = nullptr;
    QLabel* m_count = nullptr;
    bool m_refreshQueued = false;
    bool m_stale = true;
    bool m_refreshing = false;
    bool m_following = false;      // the row follows the views: it must not move them back
    bool m_followQueued = false;   // the cursor moved while a rebuild was pending
    bool m_headerRestored = false; // the user's column widths win over measured ones
};

} // namespace kinemark
